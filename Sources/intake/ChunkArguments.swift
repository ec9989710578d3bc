public import ArgumentParser
import IntakeCore

/// The command-line options of the chunk stream (`intake run --chunks FILE`).
struct ChunkArguments: ParsableArguments {
    @Option(help: "Also write retrieval chunks of every document to this JSONL file ('-' for standard output).")
    var chunks: String?

    @Option(help: "The most a chunk holds, in --chunk-unit.")
    var chunkSize: Int = ChunkOptions().size

    @Option(help: "About how much a chunk repeats from the one before, in --chunk-unit.")
    var chunkOverlap: Int = ChunkOptions().overlap

    @Option(help: "What --chunk-size and --chunk-overlap count: characters, or tokens (about 4 characters each).")
    var chunkUnit: ChunkOptions.Unit = .characters

    @Flag(help: "Chunk boilerplate sections too (equal-opportunity and legal notices, job-board marketing).")
    var keepBoilerplate = false

    var options: ChunkOptions {
        ChunkOptions(size: chunkSize, overlap: chunkOverlap, unit: chunkUnit, keepBoilerplate: keepBoilerplate)
    }

    func validate() throws {
        do {
            try options.validate()
        } catch {
            throw ValidationError(error.message)
        }
    }
}

extension ChunkOptions.Unit: ExpressibleByArgument {}
