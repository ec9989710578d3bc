import Foundation
public import IntakeCore
import IntakeOCR
import IntakePosix
public import IntakeText
public import Logging

/// Counts for a finished (or running) batch.
public struct BatchSummary: Sendable, Hashable {
    /// Documents that gave a document record.
    public var documentsOK = 0
    /// Documents (or paths) that gave an error record.
    public var documentsFailed = 0
    /// Pages whose text came from the text layer.
    public var nativePages = 0
    /// Pages that were OCRed.
    public var ocrPages = 0
    /// Names skipped by the ignore rules while walking folders.
    public var ignored = 0
    /// Wall-clock seconds from start to the last record.
    public var seconds = 0.0

    /// Documents done so far, ok or failed.
    public var documentsDone: Int { documentsOK + documentsFailed }
    /// Pages done so far.
    public var pagesDone: Int { nativePages + ocrPages }

    /// Creates empty counts.
    public init() {}

    mutating func count(_ line: RecordLine) {
        switch line {
        case .document(let record):
            documentsOK += 1
            for page in record.pages {
                if page.textSource == .ocr { ocrPages += 1 } else { nativePages += 1 }
            }
        case .error:
            documentsFailed += 1
        }
    }

    /// The one-line summary `intake run` ends with.
    public var line: String {
        var text =
            "\(documentsOK) documents ok, \(documentsFailed) failed; pages: \(nativePages) native, \(ocrPages) OCR"
        if ignored > 0 { text += "; \(ignored) ignored" }
        return text + "; \(String(format: "%.1f", seconds)) s"
    }
}

/// Runs a batch of inputs through N workers and hands each finished record to a writer.
///
/// Each worker takes the next input as soon as it is free, so a long document on one worker
/// never holds up the others; at most N documents are in memory at once.
public struct BatchRunner: Sendable {
    /// Extraction options for every document.
    public var options: ExtractionOptions
    /// Posting parser options for every document.
    public var parserOptions: PostingParserOptions
    /// The number of workers, and of Tesseract engines in the pool they share.
    public var jobs: Int
    /// Where workers log.
    public var logger: Logger
    /// Where documents are read (default: in this process).
    public var isolation: WorkerIsolation

    /// Creates a runner.
    public init(
        options: ExtractionOptions,
        parserOptions: PostingParserOptions = PostingParserOptions(),
        jobs: Int,
        logger: Logger,
        isolation: WorkerIsolation = .inProcess
    ) {
        self.options = options
        self.parserOptions = parserOptions
        self.jobs = max(1, jobs)
        self.logger = logger
        self.isolation = isolation
    }

    /// Processes `inputs` and calls `write` for each record as it is finished (in completion order).
    ///
    /// - Parameters:
    ///   - inputs: What ``InputCollector`` found.
    ///   - write: Called on the caller's task for each finished document; an error it throws
    ///     (the output cannot be written) stops the batch and is rethrown.
    ///   - progress: Called after each document with the counts so far.
    /// - Returns: The final counts.
    public func run(
        _ inputs: InputCollector.Collection,
        write: (ProcessedDocument) throws -> Void,
        progress: (BatchSummary) -> Void = { _ in }
    ) async throws -> BatchSummary {
        let start = ContinuousClock.now
        var summary = BatchSummary()
        summary.ignored = inputs.ignored
        // In this process, as many engines as jobs even for one document: its pages are read in
        // parallel. In worker processes, one process (and engine) per document at a time.
        let workers = WorkerFleet.make(
            count: min(jobs, max(1, inputs.items.count)),
            engines: jobs,
            isolation: isolation,
            options: options,
            parserOptions: parserOptions,
            logger: logger
        )
        defer { WorkerFleet.stop(workers) }

        try await withThrowingTaskGroup(of: (Int, ProcessedDocument).self) { group in
            var pending = inputs.items.makeIterator()
            func submit(to index: Int) {
                guard let item = pending.next() else { return }
                let worker = workers[index]
                group.addTask {
                    switch item {
                    case .file(let path):
                        return (index, await worker.process(path: path))
                    case .failure(let path, let code, let message):
                        let error = IntakeError(code, stage: .read, message)
                        return (
                            index,
                            ProcessedDocument.failure(source: DocumentFile.source(path: path), id: nil, error: error)
                        )
                    }
                }
            }
            for index in workers.indices { submit(to: index) }
            while let (index, document) = try await group.next() {
                try write(document)
                summary.count(document.line)
                summary.seconds = seconds(since: start)
                progress(summary)
                submit(to: index)
            }
        }
        summary.seconds = seconds(since: start)
        return summary
    }

    private func seconds(since start: ContinuousClock.Instant) -> Double {
        milliseconds(since: start) / 1000
    }
}
