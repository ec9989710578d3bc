import Foundation
import Glibc
import IntakeCore
import IntakeOCR
import IntakePipeline
import IntakePosix
import IntakeText
public import Logging
import SystemPackage

/// The watch-folder daemon: takes finished files from the inbox, runs them through the workers,
/// appends each record once, and files each input in done/ or failed/.
///
/// One actor on its own serial queue owns all state (the candidates, the queue, the ledger, the
/// output), so nothing is shared and every decision is taken in one place; the slow work
/// (structural checks, extraction) runs on other actors and comes back as events. Poppler,
/// SQLite and `fdatasync` block, hence the dispatch queue instead of the cooperative pool.
public actor WatchService {
    /// How the service ends.
    public enum Mode: Sendable {
        /// Runs until SIGTERM or SIGINT.
        case daemon
        /// Processes these inbox-relative files (and anything left in processing/), then returns:
        /// `intake reprocess` when no daemon is running.
        case drain([String])
    }

    /// Counts since start.
    public struct Totals: Sendable, Hashable {
        public var done = 0
        public var failed = 0
        public var duplicates = 0
        public var recovered = 0
    }

    private let executor = DispatchQueueExecutor(label: "intake.daemon")
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    private var config: DaemonConfiguration
    private let configPath: String?
    private let rootOverride: String?
    private var logger: Logger
    private let notifier: SystemdNotifier?
    private let mode: Mode
    private let folders: Folders
    private let ledger: Ledger
    private let output: OutputLog
    private var walker: FolderWalker

    private let events: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation

    private var workers: [any DocumentWorker] = []
    private var idleWorkers: [Int] = []
    private var generation = 0
    private var checker: StructureChecker

    private var candidates: [String: Candidate] = [:]
    private var checking = 0
    private var ready: [String] = []
    private var queue: [Job] = []
    private var inFlight: [String: Job] = [:]
    /// The content ids being extracted, and the job extracting each: a second file with the same
    /// bytes waits in ``waitingOnContent`` until the first is settled, then is decided against
    /// the ledger (a duplicate, or the next revision).
    private var extracting: [ContentHash: String] = [:]
    private var waitingOnContent: [ContentHash: [Job]] = [:]
    private var retries: [(job: Job, at: ContinuousClock.Instant)] = []
    /// Records that could not be written (the output or the ledger failed), oldest first, kept
    /// in memory and retried with backoff; no new job starts meanwhile.
    private var heldWrites: [(job: Job, document: ProcessedDocument)] = []
    private var writeRetryAt: ContinuousClock.Instant?
    private var writeRetryDelay = 0.0

    private var watcher: InotifyWatcher?
    private var polling = false
    private var lastScan = ContinuousClock.now
    private var lastStatus = ContinuousClock.now
    private var lastStatusText = ""
    private var lastWatchdog = ContinuousClock.now
    private let watchdogInterval: Duration?
    private var stopDeadline: ContinuousClock.Instant?
    private var finished = false
    private(set) var totals = Totals()

    /// The events the loop handles, from the watcher, the signals, the ticker and the workers.
    enum Event: Sendable {
        case file(InotifyEvent)
        case signal(Int32)
        case tick
        case checked(String, StructureCheck.Verdict)
        case read(Job, worker: Int, generation: Int, ReadOutcome)
        case processed(Job, worker: Int, generation: Int, ProcessedDocument)
    }

    /// A file in the inbox, waiting to be quiet and complete.
    struct Candidate {
        var size = -1
        var mtime = 0.0
        var stableSince = ContinuousClock.now
        var firstSeen = ContinuousClock.now
        var nextLook = ContinuousClock.now
        /// How long it must be unchanged: the settle interval, or longer when no event said it
        /// was closed.
        var quiet: Double
        var failedChecks = 0
        var isChecking = false
    }

    /// A claimed file.
    struct Job: Sendable {
        /// Its name relative to the inbox (what the record and the done/ path use).
        var relative: String
        /// Where it is now, in processing/.
        var path: String
        var attempt = 1
        var recovered = false
        var started = ContinuousClock.now
        /// When it was claimed, for the failure note.
        var claimedAt = Ledger.timestamp()
        /// Its content id, once read.
        var id: ContentHash?
    }

    /// Creates the service: creates the folders, opens the ledger and the output, and cuts a
    /// torn line. The caller holds the instance lock.
    public init(
        config: DaemonConfiguration,
        configPath: String?,
        rootOverride: String?,
        mode: Mode,
        logger: Logger,
        environment: [String: String]? = nil
    ) throws {
        let environment = environment ?? ProcessInfo.processInfo.environment
        self.config = config
        self.configPath = configPath
        self.rootOverride = rootOverride
        self.mode = mode
        self.logger = logger
        self.folders = Folders(config)
        for folder in folders.all { try FileMoves.makeFolders(folder) }
        self.ledger = try Ledger(path: folders.ledger)
        self.output = try OutputLog(
            folder: folders.output,
            fileName: config.outputFileName,
            policy: OutputLog.FsyncPolicy(rawValue: config.fsync) ?? .always,
            rotateBytes: config.rotateMiB << 20,
            rotateDaily: config.rotateDaily
        )
        self.walker = FolderWalker(ignore: IgnoreRules(patterns: config.ignore), recursive: config.recursive)
        self.checker = StructureChecker(isolation: Self.isolation(config), options: config.extraction, logger: logger)
        (events, continuation) = AsyncStream<Event>.makeStream()
        if case .daemon = mode {
            notifier = SystemdNotifier(environment: environment)
        } else {
            notifier = nil
        }
        watchdogInterval = Self.watchdogInterval(environment)
    }

    /// Half of `WATCHDOG_USEC`, when the watchdog is on for this process.
    static func watchdogInterval(_ environment: [String: String]) -> Duration? {
        guard let text = environment["WATCHDOG_USEC"], let usec = Int(text), usec > 0 else { return nil }
        if let pid = environment["WATCHDOG_PID"], Int32(pid) != getpid() { return nil }
        return .microseconds(usec / 2)
    }

    // MARK: - Running

    /// Runs until stopped (daemon) or until the named files are done (drain).
    ///
    /// - Returns: The counts.
    public func run() async throws -> Totals {
        try makeWorkers()
        try recover()
        let signals = UnixSignals()
        let continuation = self.continuation
        let signalTask = Task {
            for await number in signals.signals { continuation.yield(.signal(number)) }
        }
        let tickTask = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(50))
                continuation.yield(.tick)
            }
        }
        var watchTask: Task<Void, Never>?
        switch mode {
        case .daemon:
            startWatching()
            if let watcher {
                watchTask = Task {
                    for await event in watcher.events { continuation.yield(.file(event)) }
                }
            }
            scan(quiet: config.settleSeconds, reason: "startup")
            notify("READY=1\nSTATUS=\(statusText())\nMAINPID=\(getpid())")
            logger.info(
                "intake is watching",
                metadata: [
                    "inbox": "\(folders.inbox)", "output": "\(output.path)", "workers": "\(workers.count)",
                    "waiting": "\(candidates.count)", "recovered": "\(queue.count)",
                ]
            )
        case .drain(let names):
            for name in names { candidates[name] = Candidate(quiet: 0) }
        }
        pump()
        for await event in events {
            handle(event)
            if finished { break }
        }
        signalTask.cancel()
        tickTask.cancel()
        watchTask?.cancel()
        watcher?.cancel()
        signals.cancel()
        try? output.sync()
        return totals
    }

    private func handle(_ event: Event) {
        switch event {
        case .file(let event):
            handleFileEvent(event)
        case .signal(let number):
            handleSignal(number)
        case .tick:
            tick()
        case .checked(let relative, let verdict):
            checked(relative, verdict)
        case .read(let job, let worker, let generation, let outcome):
            didRead(job, worker: worker, generation: generation, outcome)
        case .processed(let job, let worker, let generation, let document):
            release(worker, generation)
            write(job, document)
        }
        pump()
        checkFinished()
    }

    private func makeWorkers() throws {
        let parserOptions = try config.parserOptions()
        generation += 1
        // A reload with new extraction options gets new workers; the old ones go when the
        // documents in progress finish.
        WorkerFleet.retire(workers)
        workers = WorkerFleet.make(
            count: config.workerCount,
            isolation: Self.isolation(config),
            options: config.extraction,
            parserOptions: parserOptions,
            logger: logger
        )
        idleWorkers = Array(workers.indices)
        if generation > 1 {
            checker = StructureChecker(isolation: Self.isolation(config), options: config.extraction, logger: logger)
        }
    }

    static func isolation(_ config: DaemonConfiguration) -> WorkerIsolation {
        switch config.isolation {
        case .process: .processes(.current(), residentMiB: config.workerMemoryMiB)
        case .none: .inProcess
        }
    }

    private func release(_ worker: Int, _ workerGeneration: Int) {
        if workerGeneration == generation { idleWorkers.append(worker) }
    }

    // MARK: - Watching

    private func startWatching() {
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

    private func addWatches(_ paths: [String]) {
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

    private func handleFileEvent(_ event: InotifyEvent) {
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
    private func scan(quiet: Double, reason: String) {
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

    private func consider(entry: FoundEntry, quiet: Double) {
        switch entry.kind {
        case .file:
            if candidates[entry.relative] == nil { candidates[entry.relative] = Candidate(quiet: quiet) }
        case .refused(let reason):
            refuse(entry.relative, reason: reason)
        }
    }

    // MARK: - Is the file finished?

    private func tick() {
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
        guard !isStopping else { return }
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
    private func lookAtDueCandidates() {
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
    private var claimAhead: Int { max(2, workers.count * 2) }

    /// Structural checks running at once (they read whole files).
    private static let maxChecks = 2

    /// Looks at a candidate: gone, refused, still changing, or quiet (then checked).
    private func look(_ relative: String) {
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

    private func checked(_ relative: String, _ verdict: StructureCheck.Verdict) {
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

    // MARK: - Claiming and dispatching

    /// Claims ready files while the queue is short, and starts queued jobs on idle workers.
    private func pump() {
        guard !isStopping else { return }
        lookAtDueCandidates()
        while queue.count < claimAhead, !ready.isEmpty {
            claim(ready.removeFirst())
        }
        while heldWrites.isEmpty, !queue.isEmpty, let worker = idleWorkers.popLast() {
            start(queue.removeFirst(), on: worker)
        }
    }

    /// Claims a file by an atomic rename into processing/.
    private func claim(_ relative: String) {
        let source = Folders.join(folders.inbox, relative)
        do {
            let path = try FileMoves.move(source, to: Folders.join(folders.processing, relative))
            queue.append(Job(relative: relative, path: path))
        } catch .noSuchFileOrDirectory {
            logger.debug("file went away before it was claimed", metadata: ["file": "\(relative)"])
        } catch {
            logger.error("cannot claim file; will retry", metadata: ["file": "\(relative)", "error": "\(error)"])
            var candidate = Candidate(quiet: config.settleSeconds)
            candidate.nextLook = .now + .seconds(max(config.retryBackoffSeconds, 1))
            candidates[relative] = candidate
        }
    }

    private func start(_ job: Job, on index: Int) {
        var job = job
        job.started = .now
        inFlight[job.path] = job
        do {
            try ledger.markStarted(job.path)
        } catch {
            logger.warning(
                "cannot note the start in the ledger",
                metadata: ["file": "\(job.relative)", "error": "\(error)"]
            )
        }
        let worker = workers[index]
        let generation = self.generation
        let continuation = self.continuation
        let recordedPath = Folders.join(folders.inbox, job.relative)
        Task {
            let outcome = await worker.read(path: job.path, recordedPath: recordedPath)
            continuation.yield(.read(job, worker: index, generation: generation, outcome))
        }
    }

    /// The job left the pipeline (filed, handed back, or queued for a retry). Files with the
    /// same content that waited for it go back to the head of the queue, to be decided against
    /// the ledger as it now stands.
    private func finished(_ job: Job) {
        let id = inFlight[job.path]?.id ?? job.id
        inFlight[job.path] = nil
        try? ledger.markFinished(job.path)
        if let id, extracting[id] == job.path {
            extracting[id] = nil
            if let waiting = waitingOnContent.removeValue(forKey: id) {
                queue.insert(contentsOf: waiting, at: 0)
            }
        }
    }

    private func didRead(_ job: Job, worker index: Int, generation workerGeneration: Int, _ outcome: ReadOutcome) {
        guard inFlight[job.path] != nil else {
            release(index, workerGeneration)
            return
        }
        switch outcome {
        case .failed(let document):
            release(index, workerGeneration)
            if case .error(let record) = document.line, Self.isTransient(record.error), job.attempt < config.maxAttempts
            {
                finished(job)
                retry(job, reason: record.error.reason)
            } else {
                write(job, document)
            }
        case .read(let file):
            // The same bytes are being extracted under another name: settle this one after it.
            if let other = extracting[file.id], other != job.path {
                release(index, workerGeneration)
                finished(job)
                var waiting = job
                waiting.id = file.id
                waitingOnContent[file.id, default: []].append(waiting)
                logger.debug(
                    "same content in progress under another name; waiting for it",
                    metadata: ["file": "\(job.relative)", "id": "\(file.id.hex)"]
                )
                return
            }
            let revision: Int
            do {
                guard let next = try decide(job, file) else {
                    release(index, workerGeneration)
                    return
                }
                revision = next
            } catch {
                release(index, workerGeneration)
                finished(job)
                logger.error(
                    "the ledger cannot be read; will retry",
                    metadata: ["file": "\(job.relative)", "error": "\(error)"]
                )
                retry(job, reason: "\(error)", countsAsAttempt: false)
                return
            }
            guard workerGeneration == generation else {
                // The configuration was reloaded while it was read: extract with the new options.
                finished(job)
                queue.insert(job, at: 0)
                return
            }
            extracting[file.id] = job.path
            inFlight[job.path]?.id = file.id
            let worker = workers[index]
            let continuation = self.continuation
            Task {
                let document = await worker.extract(file, revision: revision)
                continuation.yield(.processed(job, worker: index, generation: workerGeneration, document))
            }
        }
    }

    /// What to do with a file whose bytes are read: the revision to write, or `nil` when it
    /// needs no new record (a duplicate, or a record already written before a crash).
    private func decide(_ job: Job, _ file: DocumentBytes) throws(SQLiteError) -> Int? {
        guard let entry = try ledger.entry(file.id) else { return 1 }
        let requested = try ledger.isReprocessingRequested(file.id)
        switch entry.outcome {
        case .writing:
            // A crash came between appending the line and confirming it: look for the line.
            if let written = writtenOutcome(entry) {
                try ledger.finish(id: entry.id, outcome: written, location: nil)
                var finished = entry
                finished.outcome = written
                settleExisting(job, finished)
                return nil
            }
            return entry.revision
        case .done where job.recovered:
            settleExisting(job, entry)
            return nil
        case .done where !requested && config.duplicates == .skip:
            duplicate(job, of: entry)
            return nil
        case .failed where job.recovered && !requested:
            settleExisting(job, entry)
            return nil
        case .done, .failed:
            return entry.revision + 1
        }
    }

    /// The outcome of the line a `writing` entry points at, when that line is in the output.
    private func writtenOutcome(_ entry: LedgerEntry) -> LedgerEntry.Outcome? {
        guard let path = entry.output, let offset = entry.offset,
            let line = OutputLog.line(at: offset, in: path),
            let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
            object["id"] as? String == entry.id.hex,
            (object["revision"] as? Int ?? 1) == entry.revision
        else { return nil }
        return object["kind"] as? String == "document" ? .done : .failed
    }

    static func isTransient(_ error: ErrorDetail) -> Bool {
        guard error.code == IntakeError.Code.unreadable.description else { return false }
        let transient = [
            "EAGAIN", "EBUSY", "EINTR", "ENOMEM", "ENFILE", "EMFILE", "ETXTBSY", "Resource temporarily", "busy",
        ]
        return transient.contains { error.reason.contains($0) }
    }

    private func retry(_ job: Job, reason: String, countsAsAttempt: Bool = true) {
        var job = job
        if countsAsAttempt { job.attempt += 1 }
        let delay = min(config.retryBackoffSeconds * Double(1 << min(job.attempt - 1, 10)), 300)
        logger.warning(
            "transient error; will retry",
            metadata: [
                "file": "\(job.relative)", "reason": "\(reason)", "attempt": "\(job.attempt)", "in_s": "\(delay)",
            ]
        )
        retries.append((job, .now + .seconds(delay)))
    }

    // MARK: - Writing and filing

    /// Appends the record (ledger first, then the line, then the ledger again), then files the input.
    private func write(_ job: Job, _ document: ProcessedDocument) {
        guard inFlight[job.path] != nil else { return }
        if !heldWrites.isEmpty {
            // Keep the output in completion order behind the held records.
            heldWrites.append((job, document))
            return
        }
        guard append(job, document) else {
            heldWrites.append((job, document))
            return
        }
    }

    /// Retries the held records in order; stops at the first that fails again.
    private func retryHeldWrites() {
        writeRetryAt = nil
        while let (job, document) = heldWrites.first {
            guard inFlight[job.path] != nil else {
                heldWrites.removeFirst()
                continue
            }
            guard append(job, document) else { return }
            heldWrites.removeFirst()
        }
        writeRetryDelay = 0
    }

    /// Appends one record and files its input. Returns false (and schedules a retry) when the
    /// output or the ledger cannot be written.
    private func append(_ job: Job, _ document: ProcessedDocument) -> Bool {
        let id = document.line.id
        let isDocument: Bool
        if case .document = document.line { isDocument = true } else { isDocument = false }
        do {
            try output.rotateIfNeeded(before: document.json.count)
            if let id {
                try ledger.beginWrite(
                    id: id,
                    name: job.relative,
                    revision: document.line.revision,
                    output: output.path,
                    offset: output.size
                )
            }
            try output.append(document.json)
        } catch {
            writeRetryDelay = min(max(writeRetryDelay * 2, config.retryBackoffSeconds, 1), 60)
            writeRetryAt = .now + .seconds(writeRetryDelay)
            logger.error(
                "cannot write the output; holding the record and retrying",
                metadata: ["file": "\(job.relative)", "error": "\(error)", "in_s": "\(writeRetryDelay)"]
            )
            return false
        }
        finished(job)
        let destination = isDocument ? doneDestination(job.relative) : Folders.join(folders.failed, job.relative)
        do {
            if let id {
                try ledger.finish(id: id, outcome: isDocument ? .done : .failed, location: destination)
                try ledger.clearReprocessingRequest(id)
            }
        } catch {
            // The line is written and the entry says `writing`: recovery will find the line.
            logger.error("cannot update the ledger", metadata: ["file": "\(job.relative)", "error": "\(error)"])
        }
        let milliseconds = Int((ContinuousClock.now - job.started) / .milliseconds(1))
        let location: String?
        switch document.line {
        case .document(let record):
            location = file(job, to: destination)
            totals.done += 1
            let ocr = record.pages.filter { $0.textSource == .ocr }.count
            logger.info(
                "document done",
                metadata: [
                    "file": "\(job.relative)", "id": "\(record.id.hex)", "revision": "\(record.revision)",
                    "pages": "\(record.pages.count)", "native": "\(record.pages.count - ocr)", "ocr": "\(ocr)",
                    "ms": "\(milliseconds)",
                ]
            )
        case .error(let record):
            location = fail(job, error: record.error, id: record.id, revision: record.revision)
            totals.failed += 1
            logger.warning(
                "document failed",
                metadata: [
                    "file": "\(job.relative)", "id": "\(record.id?.hex ?? "-")",
                    "stage": "\(record.error.stage.rawValue)",
                    "code": "\(record.error.code)", "reason": "\(record.error.reason)", "ms": "\(milliseconds)",
                ]
            )
        }
        // The ledger was told the intended place; a taken name or a failed move changes it.
        if let id, location != destination { try? ledger.move(id: id, to: location) }
        return true
    }

    private func doneDestination(_ relative: String) -> String {
        switch config.doneLayout {
        case .flat, .delete:
            return Folders.join(folders.done, relative)
        case .yearMonth:
            var time = time(nil)
            var parts = tm()
            localtime_r(&time, &parts)
            let folder = String(format: "%04d/%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1)
            return Folders.join(folders.done, folder + "/" + relative)
        }
    }

    /// Moves a processed file to `destination` (or deletes it), returning where it is.
    private func file(_ job: Job, to destination: String) -> String? {
        if config.doneLayout == .delete {
            if unlink(job.path) != 0 && errno != ENOENT {
                logger.error("cannot delete processed file", metadata: ["file": "\(job.path)"])
            }
            return nil
        }
        do {
            return try FileMoves.move(job.path, to: destination)
        } catch {
            logger.error(
                "cannot move file to done/; it stays in processing/",
                metadata: ["file": "\(job.path)", "error": "\(error)"]
            )
            return job.path
        }
    }

    /// Moves a file to failed/ beside its `NAME.error.json`; returns where it is.
    private func fail(_ job: Job, error: ErrorDetail, id: ContentHash?, revision: Int) -> String {
        fileFailure(
            from: job.path,
            relative: job.relative,
            note: FailureNote(
                file: Folders.join(folders.inbox, job.relative),
                id: id?.hex,
                revision: revision,
                stage: error.stage.rawValue,
                code: error.code,
                reason: error.reason,
                attempts: job.attempt,
                claimedAt: job.claimedAt,
                failedAt: Ledger.timestamp()
            )
        )
    }

    /// Moves a file to failed/ and writes its note; returns where the file is.
    @discardableResult
    private func fileFailure(from path: String, relative: String, note: FailureNote) -> String {
        do {
            let destination = try FileMoves.move(path, to: Folders.join(folders.failed, relative))
            try FileMoves.writeAtomically(note.json, to: destination + ".error.json")
            return destination
        } catch {
            logger.error("cannot move file to failed/", metadata: ["file": "\(path)", "error": "\(error)"])
            return path
        }
    }

    /// Refuses a symlink or a special file: straight to failed/ with the reason.
    ///
    /// - Parameters:
    ///   - relative: Its name relative to the inbox.
    ///   - path: Where it is (default: in the inbox).
    private func refuse(_ relative: String, at path: String? = nil, reason: String) {
        logger.warning("refused", metadata: ["file": "\(relative)", "reason": "\(reason)"])
        fileFailure(
            from: path ?? Folders.join(folders.inbox, relative),
            relative: relative,
            note: FailureNote(
                file: Folders.join(folders.inbox, relative),
                id: nil,
                revision: nil,
                stage: IntakeError.Stage.read.rawValue,
                code: IntakeError.Code.notRegularFile.description,
                reason: "\(relative): \(reason)",
                attempts: 1,
                claimedAt: nil,
                failedAt: Ledger.timestamp()
            )
        )
        totals.failed += 1
    }

    /// A byte-identical file dropped again: filed in done/ with a note, no new record.
    private func duplicate(_ job: Job, of entry: LedgerEntry) {
        finished(job)
        totals.duplicates += 1
        let location = file(job, to: doneDestination(job.relative))
        logger.info(
            "duplicate skipped",
            metadata: ["file": "\(job.relative)", "id": "\(entry.id.hex)", "first": "\(entry.name)"]
        )
        guard let location else { return }
        let note = DuplicateNote(
            file: Folders.join(folders.inbox, job.relative),
            id: entry.id.hex,
            duplicateOf: entry.name,
            revision: entry.revision,
            firstSeen: entry.firstSeen,
            notedAt: Ledger.timestamp()
        )
        try? FileMoves.writeAtomically(note.json, to: location + ".duplicate.json")
    }

    /// A file whose record was written before a crash: filed without a new record.
    private func settleExisting(_ job: Job, _ entry: LedgerEntry) {
        finished(job)
        totals.recovered += 1
        if entry.outcome == .failed {
            fileFailure(
                from: job.path,
                relative: job.relative,
                note: FailureNote(
                    file: Folders.join(folders.inbox, job.relative),
                    id: entry.id.hex,
                    revision: entry.revision,
                    stage: "unknown",
                    code: "see_output",
                    reason: "the error record (id \(entry.id.hex)) was written before a restart; see the output",
                    attempts: entry.attempts,
                    claimedAt: entry.firstSeen,
                    failedAt: entry.updated
                )
            )
        } else {
            let location = file(job, to: doneDestination(job.relative))
            try? ledger.move(id: entry.id, to: location)
        }
        logger.info("recovered after a restart", metadata: ["file": "\(job.relative)", "id": "\(entry.id.hex)"])
    }

    // MARK: - Recovery

    /// Cuts a torn output line, settles `writing` entries, and queues what processing/ holds.
    private func recover() throws {
        let removed = try output.repairTornTail()
        if removed > 0 {
            logger.warning(
                "removed a torn last line from the output",
                metadata: ["output": "\(output.path)", "bytes": "\(removed)"]
            )
        }
        for entry in try ledger.unfinishedWrites() {
            if let outcome = writtenOutcome(entry) {
                try ledger.finish(id: entry.id, outcome: outcome, location: nil)
            }
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
    private func failCrashed(_ job: Job) {
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

    private var isStopping: Bool { stopDeadline != nil }

    private func handleSignal(_ number: Int32) {
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
    private func handBack(_ jobs: [Job], reason: String) {
        for job in jobs {
            try? ledger.markFinished(job.path)
            do {
                _ = try FileMoves.move(job.path, to: Folders.join(folders.inbox, job.relative))
                logger.info("handed back to the inbox", metadata: ["file": "\(job.relative)", "reason": "\(reason)"])
            } catch {
                logger.warning("left in processing/ for the next start", metadata: ["file": "\(job.path)"])
            }
        }
    }

    /// Hands back every document in progress; their results, when they come, are dropped.
    private func handBackInFlight(reason: String) {
        handBack(Array(inFlight.values), reason: reason)
        inFlight.removeAll()
    }

    private func checkFinished() {
        if isStopping {
            if inFlight.isEmpty { finish() }
            return
        }
        if case .drain = mode, candidates.isEmpty, ready.isEmpty, queue.isEmpty, inFlight.isEmpty, retries.isEmpty {
            finish()
        }
    }

    private func finish() {
        guard !finished else { return }
        finished = true
        WorkerFleet.stop(workers)
        checker.stop()
        try? output.sync()
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

    private func reload() {
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
        let previous = config
        config = fresh
        walker.ignore = IgnoreRules(patterns: fresh.ignore)
        output.policy = OutputLog.FsyncPolicy(rawValue: fresh.fsync) ?? .always
        output.rotateBytes = fresh.rotateMiB << 20
        output.rotateDaily = fresh.rotateDaily
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

    private func reopenOutput() {
        do {
            try output.reopen()
        } catch {
            logger.error("cannot reopen the output", metadata: ["output": "\(output.path)", "error": "\(error)"])
        }
    }

    // MARK: - systemd

    private func statusText() -> String {
        let waiting = candidates.count + ready.count
        return "\(queue.count + inFlight.count + retries.count) claimed (\(inFlight.count) in progress), "
            + "\(waiting) waiting in the inbox; \(totals.done) done, \(totals.failed) failed, "
            + "\(totals.duplicates) duplicates since start"
    }

    private func notify(_ state: String) {
        guard let notifier else { return }
        do {
            try notifier.send(state)
        } catch {
            logger.debug("sd_notify failed", metadata: ["error": "\(error)"])
        }
    }
}

/// The structural check. It opens untrusted files with Poppler and Leptonica: with worker
/// processes, in a worker process of its own (one that dies on a file says "complete", and the
/// isolated extraction decides); otherwise on its own serial queue, since those libraries block.
actor StructureChecker {
    private let executor = DispatchQueueExecutor(label: "intake.check")
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
    private let options: ExtractionOptions
    private nonisolated let worker: IsolatedWorker?

    init(isolation: WorkerIsolation, options: ExtractionOptions, logger: Logger) {
        self.options = options
        switch isolation {
        case .inProcess:
            worker = nil
        case .processes(let launch, let residentMiB):
            var launch = launch
            launch.arguments += ["--data-limit-mib", "\(2 * residentMiB)"]
            worker = IsolatedWorker(
                index: -1,
                launch: launch,
                configuration: WorkerProtocol.Configuration(extraction: options, parser: PostingParserOptions()),
                limits: WorkerLimits(documentSeconds: 60, residentBytes: residentMiB << 20),
                logger: logger
            )
        }
    }

    deinit {
        worker?.stop()
    }

    /// Stops the checker's worker process.
    nonisolated func stop() {
        worker?.stop()
    }

    func check(path: String) async -> StructureCheck.Verdict {
        guard let worker else { return StructureCheck.check(path: path, options: options) }
        switch StructureCheck.read(path: path, options: options) {
        case .success(let bytes): return await worker.check(bytes)
        case .failure(let unread): return unread.verdict
        }
    }
}

/// A note written beside a filed input, as pretty JSON with sorted keys.
protocol FiledNote: Encodable {}

extension FiledNote {
    var json: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(self)) ?? Data("{}".utf8)) + [0x0A]
    }
}

/// What `NAME.duplicate.json` beside a duplicate in done/ says.
struct DuplicateNote: FiledNote {
    var file: String
    var id: String
    var duplicateOf: String
    var revision: Int
    var firstSeen: String
    var notedAt: String
    var note = "byte-identical to a document already processed; no new record was written"

    enum CodingKeys: String, CodingKey {
        case file, id, revision, note
        case duplicateOf = "duplicate_of"
        case firstSeen = "first_seen"
        case notedAt = "noted_at"
    }
}

/// What `NAME.error.json` beside a file in failed/ says.
struct FailureNote: FiledNote {
    var file: String
    var id: String?
    var revision: Int?
    var stage: String
    var code: String
    var reason: String
    var attempts: Int
    var claimedAt: String?
    var failedAt: String

    enum CodingKeys: String, CodingKey {
        case file, id, revision, stage, code, reason, attempts
        case claimedAt = "claimed_at"
        case failedAt = "failed_at"
    }
}
