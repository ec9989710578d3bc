import ArgumentParser
import Foundation
import IntakeCore
import IntakeDaemon
import IntakePipeline
import IntakePosix
import Logging

/// Where the daemon's configuration comes from: `--config FILE`, `--root DIR`, or both.
struct DaemonArguments: ParsableArguments {
    @Option(help: "The configuration file (TOML; see config/intake.toml). Without it, the defaults.")
    var config: String?

    @Option(
        help: "The folder that holds inbox/, processing/, done/, failed/, out/ and state/ (overrides folders.root)."
    )
    var root: String?

    /// The configuration, validated (values and folders).
    func load() throws(ConfigurationError) -> DaemonConfiguration {
        var configuration = DaemonConfiguration()
        if let config { configuration = try DaemonConfiguration.load(path: config) }
        if let root {
            let absolute = root.hasPrefix("/") ? root : FileManager.default.currentDirectoryPath + "/" + root
            configuration.root = (absolute as NSString).standardizingPath
        }
        try configuration.validateFolders()
        return configuration
    }

    /// Loads, or exits 78 (`EX_CONFIG`) with the reason.
    func loadOrExit() throws -> DaemonConfiguration {
        do {
            return try load()
        } catch {
            printError("invalid configuration: \(error)")
            throw ExitCode(78)
        }
    }
}

/// Sets up swift-log with the daemon's handler; every line carries `host=` (the `[ledger] host`
/// name, the machine's by default), so that the logs of several hosts can be read together.
func bootstrapDaemonLogging(_ level: Logger.Level, host: String) -> Logger {
    LoggingSystem.bootstrap { label in
        var handler = DaemonLogHandler(label: label, level: level)
        handler.metadata["host"] = .string(host)
        return handler
    }
    var logger = Logger(label: "intake")
    logger.logLevel = level
    logger.info("\(OpenMPEnvironment.note)")
    return logger
}

extension IntakeCommand {
    /// `intake watch`: the daemon.
    struct Watch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Watch an inbox folder and turn every finished file into a JSONL record (the daemon).",
            discussion: """
                Files dropped into inbox/ are taken once they are closed (or moved in), quiet for \
                watch.settle_seconds and structurally complete; claimed by rename into processing/; \
                and filed in done/ or, beside NAME.error.json, in failed/. Records are appended to \
                out/intake.jsonl. SIGTERM or SIGINT drains and exits 0; SIGHUP reloads the \
                configuration and reopens the output. Speaks systemd's notify protocol when \
                $NOTIFY_SOCKET is set.

                Exit status: 0 after a clean stop; 75 when another daemon holds the root; 78 for an \
                invalid configuration; 74 when the state cannot be opened.
                """
        )

        @OptionGroup var daemon: DaemonArguments

        @Option(help: "Log level (overrides log.level).")
        var logLevel: Logger.Level?

        func run() async throws {
            LibraryDiagnostics.preloadTesseract()
            let config = try daemon.loadOrExit()
            let logger = bootstrapDaemonLogging(logLevel ?? config.logLevel, host: config.hostName)
            LibraryDiagnostics.route(to: logger)
            do {
                try LibraryDiagnostics.checkLanguages(config.extraction)
            } catch {
                printError("invalid configuration: \(error.message)")
                throw ExitCode(78)
            }
            let reprocessing = Reprocessing(config: config)
            let lock: InstanceLock
            do {
                try reprocessing.makeFolders()
                guard let taken = try InstanceLock(path: reprocessing.lockPath) else {
                    let pid = InstanceLock.holder(path: reprocessing.lockPath).map { " (pid \($0))" } ?? ""
                    printError("another intake daemon is running on \(config.root)\(pid)")
                    throw ExitCode(75)
                }
                lock = taken
            } catch let exit as ExitCode {
                throw exit
            } catch {
                printError("cannot prepare \(config.root): \(error)")
                throw ExitCode(74)
            }
            // The HTTP listener starts first: /healthz answers and /readyz says "not yet" while
            // the daemon recovers (or waits for PostgreSQL).
            let health = Health()
            var endpoint: HTTPEndpoint?
            if !config.httpListen.isEmpty {
                do {
                    endpoint = try HTTPEndpoint(
                        listen: config.httpListen,
                        health: health,
                        registry: DaemonMetrics.bootstrapPrometheus()
                    )
                } catch {
                    printError("cannot listen on \(config.httpListen): \(error)")
                    throw ExitCode(74)
                }
            }
            let service: WatchService
            do {
                service = try WatchService(
                    config: config,
                    configPath: daemon.config,
                    rootOverride: daemon.root.map { _ in config.root },
                    mode: .daemon,
                    logger: logger,
                    health: health
                )
            } catch {
                printError("cannot open the daemon's state under \(config.root): \(error)")
                throw ExitCode(74)
            }
            _ = try await service.run()
            endpoint?.stop()
            withExtendedLifetime(lock) {}
        }
    }

    /// `intake check-config`: validation without starting.
    struct CheckConfig: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check-config",
            abstract: "Validate the daemon's configuration and print every key with its effective value.",
            discussion: "Exit status: 0 when valid; 78 with the reason when not."
        )

        @OptionGroup var daemon: DaemonArguments

        @Flag(help: "Print nothing when valid.")
        var quiet = false

        func run() async throws {
            let config = try daemon.loadOrExit()
            do {
                _ = try config.parserOptions()
                try LibraryDiagnostics.checkLanguages(config.extraction)
            } catch let error as IntakeError {
                printError("invalid configuration: \(error.message)")
                throw ExitCode(78)
            } catch {
                printError("invalid configuration: \(error)")
                throw ExitCode(78)
            }
            if !quiet {
                FileHandle.standardOutput.write(Data(config.effectiveTOML.utf8))
            }
            FileHandle.standardError.write(Data("intake: configuration is valid\n".utf8))
        }
    }

    /// `intake reprocess`: documents back through the pipeline.
    struct Reprocess: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send documents back through the pipeline: failed ones, or processed ones for a new revision.",
            discussion: """
                intake reprocess failed                   every file in failed/
                intake reprocess done --since 2026-11-01  files whose records were written since that day
                intake reprocess PATH...                  these files (from done/, failed/, or anywhere)

                New records keep the document's id and carry the next revision, so an indexer that \
                upserts by id replaces the old record. With a daemon running on the same root, the \
                files are handed to it through the inbox (never processed twice at once); without \
                one, this command processes them itself and exits.
                """
        )

        @OptionGroup var daemon: DaemonArguments

        @Option(help: "With 'done': records written on or after this day (YYYY-MM-DD, UTC).")
        var since: String?

        @Option(help: "Log level.")
        var logLevel: Logger.Level = .info

        @Argument(help: "'failed', 'done', or files.")
        var targets: [String]

        func validate() throws {
            guard !targets.isEmpty else {
                throw ValidationError("say what to reprocess: failed, done --since DATE, or files")
            }
            if targets == ["done"] {
                guard let since, since.count == 10, since.split(separator: "-").count == 3 else {
                    throw ValidationError("'reprocess done' needs --since YYYY-MM-DD")
                }
            } else if since != nil {
                throw ValidationError("--since goes with 'reprocess done'")
            }
        }

        var selection: Reprocessing.Selection {
            switch targets {
            case ["failed"]: .failed
            case ["done"]: .done(since: since ?? "")
            default: .paths(targets)
            }
        }

        func run() async throws {
            let config = try daemon.loadOrExit()
            let logger = bootstrapDaemonLogging(logLevel, host: config.hostName)
            let reprocessing = Reprocessing(config: config)
            do {
                try reprocessing.makeFolders()
                // Without a daemon, hold its lock while handing over and processing, so that a
                // daemon starting meanwhile waits for us instead of racing.
                let lock = try InstanceLock(path: reprocessing.lockPath)
                let (names, skipped) = try reprocessing.handOver(selection)
                for message in skipped { printError("skipped \(message)") }
                guard let lock else {
                    let pid = InstanceLock.holder(path: reprocessing.lockPath).map { " (pid \($0))" } ?? ""
                    FileHandle.standardError.write(
                        Data("intake: handed \(names.count) documents to the running daemon\(pid)\n".utf8)
                    )
                    return
                }
                let service = try WatchService(
                    config: config,
                    configPath: nil,
                    rootOverride: nil,
                    mode: .drain(names),
                    logger: logger
                )
                let totals = try await service.run()
                withExtendedLifetime(lock) {}
                FileHandle.standardError.write(
                    Data(
                        "intake: reprocessed \(names.count) documents: \(totals.done) done, \(totals.failed) failed\n"
                            .utf8
                    )
                )
                if totals.failed > 0 { throw ExitCode(1) }
            } catch let exit as ExitCode {
                throw exit
            } catch {
                printError("cannot reprocess: \(error)")
                throw ExitCode(74)
            }
        }
    }
}
