public import ArgumentParser
import Foundation
import Glibc
import Logging

/// `intake`: turns documents into JSONL records for GenAI indexing.
@main
struct IntakeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake",
        abstract: "Extract text from PDFs and scanned images into JSONL records for GenAI indexing.",
        version: "0.1.0",
        subcommands: [Run.self, Parse.self, Watch.self, CheckConfig.self, Reprocess.self, Worker.self]
    )

    static func main() async {
        // A worker that dies leaves its pipe broken: a write to it fails with EPIPE instead.
        signal(SIGPIPE, SIG_IGN)
        OpenMPEnvironment.limitThreads()
        await main(nil)
    }
}

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .warning

    /// Sends swift-log output to stderr at the chosen level. Called once, by the subcommand's `run()`.
    func bootstrapLogging() -> Logger {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "intake")
        logger.logLevel = level
        logger.info("\(OpenMPEnvironment.note)")
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
