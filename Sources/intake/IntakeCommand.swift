public import ArgumentParser
import Foundation
import Glibc
import IntakePosix
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
        // Before any other thread starts, so that every thread inherits the mask: the daemon
        // reads SIGTERM, SIGINT and SIGHUP from a signalfd, and one that arrives in its first
        // moments stays pending until then. Other commands take their default actions back.
        UnixSignals.blockStopSignals()
        if !["watch", "reprocess"].contains(CommandLine.arguments.dropFirst().first ?? "") {
            UnixSignals.unblockStopSignals()
        }
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
