import Foundation
import Glibc
import IntakeCore
import IntakeOCR
import IntakePipeline
import IntakePosix
import IntakeText
import Logging
import SystemPackage

/// Recovery after a restart, signals and stopping, reloading, and systemd notifications.
extension WatchService {
    // MARK: - Recovery

    /// Cuts a torn output line, settles `writing` entries, and queues what processing/ holds.
    func recover() throws {
        // Notes cut off by a crash (a minute old: another host may be writing one now).
        FileMoves.removeTemporaries(in: folders.temporary, olderThan: 60)
        for log in [output] + (chunkOutput.map { [$0] } ?? []) {
            let removed = try log.repairTornTail()
            if removed > 0 {
                logger.warning(
                    "removed a torn last line from the output",
                    metadata: ["output": "\(log.path)", "bytes": "\(removed)"]
                )
            }
        }
        for entry in try ledger.unfinishedWrites() {
            if let written = writtenLine(entry) { try finishWritten(entry, written) }
        }
        var crashed: [Job] = []
        let leftovers = FolderWalker(ignore: IgnoreRules(patterns: []), recursive: true).walk(folders.processing)
        for entry in leftovers.entries {
            let path = Folders.join(folders.processing, entry.relative)
            switch entry.kind {
            case .file:
                let job = Job(relative: FileMoves.unnumbered(entry.relative), path: path, recovered: true)
                // With worker processes no library runs here: the daemon's death (an upgrade, a
                // kill, a power cut) is never the document's fault. In-process, it may be.
                let starts = config.isolation == .none ? try ledger.interruptedStarts(path) : 0
                if starts >= config.maxCrashes {
                    crashed.append(job)
                } else {
                    queue.append(job)
                }
            case .refused(let reason):
                refuse(entry.relative, at: path, reason: reason)
            }
        }
        if !queue.isEmpty {
            logger.info("taking back files left in processing/", metadata: ["files": "\(queue.count)"])
        }
        for job in crashed { failCrashed(job) }
    }

    /// A file the daemon died on `processing.max_crashes` times: an error record, and failed/.
    func failCrashed(_ job: Job) {
        var source = DocumentFile.source(path: Folders.join(folders.inbox, job.relative))
        let id = try? ContentHash(of: DocumentFile.read(path: job.path, maxBytes: Int.max, source: &source))
        let error = IntakeError(
            .crashed,
            stage: .extract,
            "\(job.relative): the daemon stopped unexpectedly \(config.maxCrashes) times while extracting this file "
                + "(a crash in a library, or the out-of-memory killer); it is not tried again"
        )
        // The next revision, or the same one when its line was never written.
        let revision = id.flatMap { try? ledger.entry($0) }.map { $0.revision + ($0.outcome == .writing ? 0 : 1) } ?? 1
        let document = ProcessedDocument.failure(source: source, id: id, error: error, revision: revision)
        logger.error("file failed after repeated crashes", metadata: ["file": "\(job.relative)"])
        inFlight[job.path] = job
        write(job, document)
    }

    // MARK: - Signals and stopping

    var isStopping: Bool { stopDeadline != nil }

    func handleSignal(_ number: Int32) {
        switch number {
        case SIGHUP:
            reload()
        default:
            if isStopping {
                logger.warning("second stop signal: handing back in-flight files now")
                handBackInFlight(reason: "stopped at once")
                return
            }
            logger.info(
                "stopping",
                metadata: ["signal": "\(number == SIGINT ? "SIGINT" : "SIGTERM")", "in_flight": "\(inFlight.count)"]
            )
            notify("STOPPING=1")
            stopDeadline = .now + .seconds(config.shutdownTimeoutSeconds)
            candidates.removeAll()
            ready.removeAll()
            handBack(
                queue + retries.map(\.job) + waitingOnContent.values.joined(),
                reason: "not started before the stop"
            )
            queue.removeAll()
            retries.removeAll()
            waitingOnContent.removeAll()
        }
    }

    /// Moves claimed files back to the inbox, so the next start takes them again.
    func handBack(_ jobs: [Job], reason: String) {
        for job in jobs {
            if config.isolation == .none { try? ledger.markFinished(job.path) }
            do {
                _ = try FileMoves.move(job.path, to: Folders.join(folders.inbox, job.relative))
                logger.info("handed back to the inbox", metadata: ["file": "\(job.relative)", "reason": "\(reason)"])
            } catch {
                logger.warning("left in processing/ for the next start", metadata: ["file": "\(job.path)"])
            }
        }
    }

    /// Hands back every document in progress; their results, when they come, are dropped.
    func handBackInFlight(reason: String) {
        handBack(Array(inFlight.values), reason: reason)
        inFlight.removeAll()
    }

    func checkFinished() {
        if isStopping {
            if inFlight.isEmpty { finish() }
            return
        }
        if case .drain = mode, candidates.isEmpty, ready.isEmpty, queue.isEmpty, inFlight.isEmpty, retries.isEmpty {
            finish()
        }
    }

    func finish() {
        guard !finished else { return }
        finished = true
        WorkerFleet.stop(workers)
        checker.stop()
        try? output.sync()
        try? chunkOutput?.sync()
        resign()
        logger.info(
            "stopped",
            metadata: [
                "done": "\(totals.done)", "failed": "\(totals.failed)", "duplicates": "\(totals.duplicates)",
                "recovered": "\(totals.recovered)",
            ]
        )
        continuation.finish()
    }

    // MARK: - Reloading

    func reload() {
        guard let configPath else {
            reopenOutput()
            logger.info("SIGHUP: output reopened (no configuration file to reload)")
            return
        }
        var fresh: DaemonConfiguration
        do {
            fresh = try DaemonConfiguration.load(path: configPath)
            if let rootOverride { fresh.root = rootOverride }
            try fresh.validateFolders()
        } catch {
            logger.error(
                "SIGHUP: the configuration is invalid; keeping the running one",
                metadata: ["error": "\(error)"]
            )
            reopenOutput()
            return
        }
        var needsRestart: [String] = []
        if Folders(fresh).all != folders.all { needsRestart.append("folders.*") }
        if fresh.recursive != config.recursive { needsRestart.append("folders.recursive") }
        if fresh.jobs != config.jobs { needsRestart.append("processing.jobs") }
        if fresh.watchMode != config.watchMode { needsRestart.append("watch.mode") }
        if fresh.outputFileName != config.outputFileName { needsRestart.append("output.file_name") }
        if fresh.chunksFileName != config.chunksFileName { needsRestart.append("output.chunks") }
        let pipelineChanged =
            fresh.extraction != config.extraction || fresh.dateOrder != config.dateOrder
            || fresh.skillsFile != config.skillsFile
        // Keys that need a restart keep their running values.
        fresh.root = config.root
        fresh.inbox = config.inbox
        fresh.processing = config.processing
        fresh.done = config.done
        fresh.failed = config.failed
        fresh.output = config.output
        fresh.state = config.state
        fresh.recursive = config.recursive
        fresh.jobs = config.jobs
        fresh.watchMode = config.watchMode
        fresh.outputFileName = config.outputFileName
        fresh.chunksFileName = config.chunksFileName
        let previous = config
        config = fresh
        walker.ignore = IgnoreRules(patterns: fresh.ignore)
        for log in [output] + (chunkOutput.map { [$0] } ?? []) {
            log.policy = OutputLog.FsyncPolicy(rawValue: fresh.fsync) ?? .always
            log.rotateBytes = fresh.rotateMiB << 20
            log.rotateDaily = fresh.rotateDaily
        }
        logger.logLevel = fresh.logLevel
        if pipelineChanged {
            do {
                try makeWorkers()
            } catch {
                logger.error("SIGHUP: cannot apply the posting options", metadata: ["error": "\(error)"])
                config = previous
            }
        }
        reopenOutput()
        logger.info(
            "SIGHUP: configuration reloaded, output reopened",
            metadata: needsRestart.isEmpty ? [:] : ["needs_restart": "\(needsRestart.joined(separator: ", "))"]
        )
    }

    func reopenOutput() {
        for log in [output] + (chunkOutput.map { [$0] } ?? []) {
            do {
                try log.reopen()
            } catch {
                logger.error("cannot reopen the output", metadata: ["output": "\(log.path)", "error": "\(error)"])
            }
        }
    }

    // MARK: - systemd

    func statusText() -> String {
        let waiting = candidates.count + ready.count
        return "\(queue.count + inFlight.count + retries.count) claimed (\(inFlight.count) in progress), "
            + "\(waiting) waiting in the inbox; \(totals.done) done, \(totals.failed) failed, "
            + "\(totals.duplicates) duplicates since start"
    }

    func notify(_ state: String) {
        guard let notifier else { return }
        do {
            try notifier.send(state)
        } catch {
            logger.debug("sd_notify failed", metadata: ["error": "\(error)"])
        }
    }
}
