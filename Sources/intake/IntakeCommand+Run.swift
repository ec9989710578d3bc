import ArgumentParser
import Foundation
import IntakeCore
import IntakePipeline
import IntakePosix
import IntakeText
import Logging
import SystemPackage

extension IntakeCommand {
    /// `intake run PATH...`: a batch of files and folders into JSONL.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Extract a batch of documents (files and folders, recursively) into JSONL.",
            discussion: """
                Writes one JSON line per document: "kind": "document" with the text of every page, \
                or "kind": "error" with the stage and reason when the document cannot be read.

                Exit status: 0 when every document succeeded; 1 when at least one gave an error \
                record; 64 for a usage error; 74 when the output cannot be written.
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var extraction: ExtractionArguments
        @OptionGroup var posting: PostingArguments
        @OptionGroup(title: "Chunks") var chunking: ChunkArguments

        @Argument(help: "Files and folders to extract (folders are walked recursively).")
        var paths: [String]

        @Option(name: [.short, .long], help: "Write JSONL here ('-' for standard output).")
        var output: String = "-"

        @Flag(help: "Append to --output instead of replacing it.")
        var append = false

        @Option(name: [.short, .long], help: "Workers, each with its own OCR engine (default: the number of cores).")
        var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

        @Flag(inversion: .prefixedNo, help: "Show a progress bar on stderr (default: only when stderr is a terminal).")
        var progress: Bool = isatty(STDERR_FILENO) == 1

        @Flag(
            help: """
                Read documents in this process instead of in worker processes (for debugging: a \
                crash in a library then ends the run).
                """
        )
        var inProcess = false

        @Option(help: "A worker process over this many MiB resident is stopped; its document fails (memory_limit).")
        var workerMemory: Int = 1024

        func validate() throws {
            guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
            guard workerMemory >= 128 else { throw ValidationError("--worker-memory must be at least 128 (MiB)") }
            do {
                try extraction.options.validate()
            } catch {
                throw ValidationError(error.message)
            }
        }

        func run() async throws {
            LibraryDiagnostics.preloadTesseract()
            let logger = global.bootstrapLogging()
            let options = extraction.options
            LibraryDiagnostics.route(to: logger)
            do {
                try LibraryDiagnostics.checkLanguages(options)
            } catch {
                throw ValidationError(error.message)
            }

            let writer: JSONLWriter
            if output == "-" {
                writer = JSONLWriter()
            } else {
                do {
                    writer = try JSONLWriter(path: FilePath(output), truncate: !append)
                } catch {
                    printError("cannot open output \(output): \(error)")
                    throw ExitCode(74)
                }
            }

            var chunkWriter: JSONLWriter?
            if let path = chunking.chunks {
                guard path != output || path == "-" else {
                    throw ValidationError("--chunks needs a file of its own, not the --output file")
                }
                do {
                    chunkWriter = path == "-" ? JSONLWriter() : try JSONLWriter(path: FilePath(path), truncate: !append)
                } catch {
                    printError("cannot open chunk output \(path): \(error)")
                    throw ExitCode(74)
                }
            }
            let chunkBuilder = ChunkBuilder(options: chunking.options)

            let inputs = InputCollector().collect(paths)
            let bar = progress ? ProgressBar(total: inputs.items.count) : nil
            let isolation: WorkerIsolation =
                inProcess ? .inProcess : .processes(.current(), residentMiB: workerMemory)
            let runner = BatchRunner(
                options: options,
                parserOptions: try posting.options(),
                jobs: jobs,
                logger: logger,
                isolation: isolation
            )
            let summary: BatchSummary
            do {
                summary = try await runner.run(
                    inputs,
                    write: { document in
                        // A document's chunks go first: a reader that sees its record can find them.
                        if let chunkWriter, case .document(let record) = document.line {
                            for line in RecordEncoder.encode(chunks: chunkBuilder.chunks(of: record)) {
                                try chunkWriter.write(line: line)
                            }
                        }
                        try writer.write(line: document.json)
                        if case .error(let record) = document.line {
                            bar?.clear()
                            printError("\(record.error.reason) [\(record.error.code)]")
                        }
                    },
                    progress: { bar?.update($0) }
                )
                try writer.sync()
                try chunkWriter?.sync()
            } catch {
                bar?.clear()
                printError("cannot write output \(writer.displayPath): \(error)")
                throw ExitCode(74)
            }
            bar?.finish()
            FileHandle.standardError.write(Data("intake: \(summary.line)\n".utf8))
            if summary.documentsFailed > 0 {
                throw ExitCode(1)
            }
        }
    }
}

/// Writes `intake: error: MESSAGE` on stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("intake: error: \(message)\n".utf8))
}
