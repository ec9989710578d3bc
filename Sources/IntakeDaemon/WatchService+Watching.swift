import Foundation
import Glibc
import IntakeCore
import IntakeOCR
import IntakePipeline
import IntakePosix
import IntakeText
import Logging
import SystemPackage

/// Finding files: inotify or polling, the settle rule and the structural check.
extension WatchService {
    // MARK: - Watching

    func startWatching() {
        let kind = FileSystemKind(path: folders.inbox)
        switch config.watchMode {
        case .poll: polling = true
        case .inotify: polling = false
        case .auto: polling = kind?.needsPolling ?? false
        }
        if !polling {
            do {
                let watcher = try InotifyWatcher()
                self.watcher = watcher
                addWatches(walker.walk(folders.inbox).folders)
            } catch {
                logger.warning("inotify is unavailable, polling instead", metadata: ["error": "\(error)"])
                polling = true
            }
        }
        let fileSystem = kind?.name ?? "unknown"
        if polling {
            logger.info(
                "watching by polling",
                metadata: [
                    "inbox": "\(folders.inbox)", "filesystem": "\(fileSystem)", "every_s": "\(config.pollSeconds)",
                ]
            )
        } else {
            logger.info(
                "watching with inotify",
                metadata: [
                    "inbox": "\(folders.inbox)", "filesystem": "\(fileSystem)", "rescan_s": "\(config.rescanSeconds)",
                ]
            )
        }
    }

    func addWatches(_ paths: [String]) {
        guard let watcher else { return }
        for path in paths {
            do {
                try watcher.watch(path)
            } catch {
                logger.error(
                    "cannot watch folder; it is rescanned instead",
                    metadata: ["folder": "\(path)", "error": "\(error)"]
                )
            }
        }
    }

    func handleFileEvent(_ event: InotifyEvent) {
        guard !isStopping else { return }
        switch event.kind {
        case .overflow:
            logger.warning("inotify queue overflowed; rescanning the inbox")
            scan(quiet: config.settleSeconds, reason: "overflow")
        case .watchGone:
            if event.folder == folders.inbox {
                logger.error("the inbox went away; recreating it", metadata: ["inbox": "\(folders.inbox)"])
                try? FileMoves.makeFolders(folders.inbox)
                addWatches([folders.inbox])
            }
        case .folderCreated,
            .movedIn where event.isFolder:  // .folderCreated is always a folder
            guard config.recursive, let relative = Folders.relative(event.path, to: folders.inbox),
                !walker.ignores(relative: relative)
            else { return }
            let found = walker.walk(event.path)
            addWatches(found.folders)
            for entry in found.entries {
                consider(
                    entry: FoundEntry(relative: relative + "/" + entry.relative, kind: entry.kind),
                    quiet: config.settleSeconds
                )
            }
        case .created:
            // A regular file announces itself when closed; anything else never will.
            var info = stat()
            guard let relative = Folders.relative(event.path, to: folders.inbox), !walker.ignores(relative: relative),
                lstat(event.path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG
            else { return }
            candidates[relative] = Candidate(quiet: 0)
            look(relative)
        case .closedAfterWrite, .movedIn:
            guard let relative = Folders.relative(event.path, to: folders.inbox) else { return }
            if walker.ignores(relative: relative) {
                logger.debug("ignored", metadata: ["file": "\(event.path)"])
                return
            }
            if candidates[relative] == nil {
                candidates[relative] = Candidate(quiet: config.settleSeconds)
            } else {
                candidates[relative]?.quiet = config.settleSeconds
                candidates[relative]?.nextLook = .now
            }
            look(relative)
        }
    }

    /// Walks the inbox and makes a candidate of every file not yet known.
    func scan(quiet: Double, reason: String) {
        lastScan = .now
        let found = walker.walk(folders.inbox)
        if !polling && reason == "overflow" { addWatches(found.folders) }
        var added = 0
        for entry in found.entries where candidates[entry.relative] == nil {
            consider(entry: entry, quiet: quiet)
            added += 1
        }
        if added > 0 { logger.debug("scan found files", metadata: ["reason": "\(reason)", "files": "\(added)"]) }
    }

    func consider(entry: FoundEntry, quiet: Double) {
        switch entry.kind {
        case .file:
            if candidates[entry.relative] == nil { candidates[entry.relative] = Candidate(quiet: quiet) }
        case .refused(let reason):
            refuse(entry.relative, reason: reason)
        }
    }

    // MARK: - Is the file finished?

    func tick() {
        let now = ContinuousClock.now
        if let watchdogInterval, now - lastWatchdog >= watchdogInterval {
            lastWatchdog = now
            notify("WATCHDOG=1")
        }
        if now - lastStatus >= .seconds(1) {
            lastStatus = now
            let status = statusText()
            if status != lastStatusText {
                lastStatusText = status
                notify("STATUS=\(status)")
            }
        }
        if let stopDeadline, now >= stopDeadline {
            handBackInFlight(reason: "still running at the shutdown deadline")
        }
        updateGauges()
        guard !isStopping else { return }
        sharedTick(now)
        if case .daemon = mode {
            let interval = polling ? config.pollSeconds : config.rescanSeconds
            if interval > 0 && now - lastScan >= .seconds(interval) {
                scan(
                    quiet: polling ? config.settleSeconds : config.scanSettleSeconds,
                    reason: polling ? "poll" : "rescan"
                )
            }
        }
        let due = retries.filter { $0.at <= now }
        if !due.isEmpty {
            retries.removeAll { $0.at <= now }
            queue.append(contentsOf: due.map(\.job))
        }
        if let retryAt = writeRetryAt, retryAt <= now {
            retryHeldWrites()
        }
    }

    /// Looks at the candidates that are due, oldest first, while the checker and the ready list
    /// have room (so a backlog of thousands costs no stat calls until its turn).
    func lookAtDueCandidates() {
        guard !isStopping, checking < Self.maxChecks, ready.count < claimAhead else { return }
        let now = ContinuousClock.now
        let due = candidates.filter { !$0.value.isChecking && $0.value.nextLook <= now }
            .sorted { $0.value.firstSeen < $1.value.firstSeen }
        for (relative, _) in due {
            guard checking < Self.maxChecks, ready.count < claimAhead else { break }
            look(relative)
        }
    }

    /// How many files may be ready or claimed ahead of the workers: enough to keep them busy,
    /// few enough that a backlog stays in the inbox (where its owner can still take it back).
    var claimAhead: Int { max(2, workers.count * 2) }

    /// Structural checks running at once (they read whole files).
    static let maxChecks = 2

    /// Looks at a candidate: gone, refused, still changing, or quiet (then checked).
    func look(_ relative: String) {
        guard var candidate = candidates[relative], !candidate.isChecking else { return }
        let path = Folders.join(folders.inbox, relative)
        var info = stat()
        guard lstat(path, &info) == 0 else {
            candidates[relative] = nil
            return
        }
        if (info.st_mode & S_IFMT) != S_IFREG {
            candidates[relative] = nil
            let reason =
                (info.st_mode & S_IFMT) == S_IFLNK
                ? "a symbolic link; links are not followed" : "not a regular file (\(FolderWalker.kind(info)))"
            refuse(relative, reason: reason)
            return
        }
        let now = ContinuousClock.now
        let size = Int(info.st_size)
        let mtime = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        if size != candidate.size || mtime != candidate.mtime {
            let first = candidate.size < 0
            candidate.size = size
            candidate.mtime = mtime
            candidate.stableSince = now
            // A file unchanged since its mtime, older than the settle interval, is already quiet.
            if !(first && Date().timeIntervalSince1970 - mtime >= candidate.quiet) {
                candidate.nextLook = now + .seconds(max(candidate.quiet, 0.05))
                candidates[relative] = candidate
                return
            }
        } else if now - candidate.stableSince < .seconds(candidate.quiet)
            && Date().timeIntervalSince1970 - mtime < candidate.quiet
        {
            candidate.nextLook = candidate.stableSince + .seconds(candidate.quiet)
            candidates[relative] = candidate
            return
        }
        // Quiet: check its structure, a few at a time.
        guard checking < Self.maxChecks else {
            candidate.nextLook = now + .milliseconds(50)
            candidates[relative] = candidate
            return
        }
        candidate.isChecking = true
        candidates[relative] = candidate
        checking += 1
        let checker = self.checker
        let continuation = self.continuation
        Task {
            let verdict = await checker.check(path: path)
            continuation.yield(.checked(relative, verdict))
        }
    }

    func checked(_ relative: String, _ verdict: StructureCheck.Verdict) {
        checking -= 1
        guard var candidate = candidates[relative] else { return }
        candidate.isChecking = false
        guard !isStopping else { return }
        switch verdict {
        case .complete:
            candidates[relative] = nil
            ready.append(relative)
        case .incomplete(let reason):
            candidate.failedChecks += 1
            let waited = ContinuousClock.now - candidate.firstSeen
            if waited >= .seconds(config.incompleteTimeoutSeconds) {
                logger.warning(
                    "file still looks unfinished; processing it anyway",
                    metadata: [
                        "file": "\(relative)", "reason": "\(reason)", "waited_s": "\(waited.components.seconds)",
                    ]
                )
                candidates[relative] = nil
                ready.append(relative)
            } else {
                logger.debug(
                    "file looks unfinished; re-armed",
                    metadata: ["file": "\(relative)", "reason": "\(reason)"]
                )
                let delay = min(max(config.settleSeconds, 0.25) * Double(1 << min(candidate.failedChecks, 8)), 30)
                candidate.nextLook = .now + .seconds(delay)
                candidate.size = -1
                candidate.quiet = config.settleSeconds
                candidates[relative] = candidate
            }
        }
    }
}
