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

    let executor = DispatchQueueExecutor(label: "intake.daemon")
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    var config: DaemonConfiguration
    let configPath: String?
    let rootOverride: String?
    var logger: Logger
    let notifier: SystemdNotifier?
    let mode: Mode
    let folders: Folders
    /// The ledger (SQLite, or PostgreSQL when several hosts share the inbox), timed.
    let ledger: any LedgerStore
    /// The PostgreSQL ledger's lease operations, when shared.
    let shared: PostgresLedger?
    /// What /readyz reports.
    let health: Health
    let metrics = DaemonMetrics()
    /// Recovery is done: files may be claimed. With a shared ledger it waits for PostgreSQL.
    var recovered = false
    var lastRecoveryAttempt: ContinuousClock.Instant?
    var lastRenewal = ContinuousClock.now
    var lastTakeoverCheck = ContinuousClock.now
    /// Since when the lease has been renewed without a gap (a host just back from a pause or
    /// an outage of PostgreSQL takes nothing over before a whole lease has passed).
    var renewingSince: ContinuousClock.Instant?
    /// Documents whose line is written but whose ledger entry could not be finished yet.
    var pendingFinishes: [LedgerFinish] = []
    /// Step 3s sent to the shared ledger and not yet answered.
    let finishesInFlight = FinishesInFlight()
    /// Chunk lines prepared for a record being written (kept across retries of a held write,
    /// so that the deletions computed from the ledger's old count are not lost).
    var preparedChunks: [String: (lines: [[UInt8]], count: Int)] = [:]
    var jobSerial = 0
    let output: OutputLog
    /// The chunk stream (`output.chunks`), when configured.
    let chunkOutput: OutputLog?
    var walker: FolderWalker

    let events: AsyncStream<Event>
    let continuation: AsyncStream<Event>.Continuation

    var workers: [any DocumentWorker] = []
    var idleWorkers: [Int] = []
    var generation = 0
    var checker: StructureChecker

    var candidates: [String: Candidate] = [:]
    var checking = 0
    var ready: [String] = []
    var queue: [Job] = []
    var inFlight: [String: Job] = [:]
    /// The content ids being extracted, and the job extracting each: a second file with the same
    /// bytes waits in ``waitingOnContent`` until the first is settled, then is decided against
    /// the ledger (a duplicate, or the next revision).
    var extracting: [ContentHash: String] = [:]
    var waitingOnContent: [ContentHash: [Job]] = [:]
    var retries: [(job: Job, at: ContinuousClock.Instant)] = []
    /// Records that could not be written (the output or the ledger failed), oldest first, kept
    /// in memory and retried with backoff; no new job starts meanwhile.
    var heldWrites: [(job: Job, document: ProcessedDocument)] = []
    var writeRetryAt: ContinuousClock.Instant?
    /// Step 1 of the first held record is on its way to the shared ledger.
    var isBeginningWrite = false
    var writeRetryDelay = 0.0

    var watcher: InotifyWatcher?
    var polling = false
    var lastScan = ContinuousClock.now
    var lastStatus = ContinuousClock.now
    var lastStatusText = ""
    var lastWatchdog = ContinuousClock.now
    let watchdogInterval: Duration?
    var stopDeadline: ContinuousClock.Instant?
    var finished = false
    var totals = Totals()

    /// The events the loop handles, from the watcher, the signals, the ticker and the workers.
    enum Event: Sendable {
        case file(InotifyEvent)
        case signal(Int32)
        case tick
        case checked(String, StructureCheck.Verdict)
        case read(Job, worker: Int, generation: Int, ReadOutcome)
        case processed(Job, worker: Int, generation: Int, ProcessedDocument)
        /// The shared ledger's answer to the take of new content.
        case acquired(Job, worker: Int, generation: Int, DocumentBytes, Result<Bool, LedgerError>)
        /// The shared ledger's answer to step 1 of the first held record.
        case writeBegun(Job, Result<Void, LedgerError>)
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
        var claimedAt = SQLiteLedger.timestamp()
        /// Its content id, once read.
        var id: ContentHash?
        /// Which start this is (a file handed back and claimed again is a new job).
        var serial = 0
    }

    /// Whether `job` is the one in flight for its path (not an earlier one for the same file,
    /// whose result comes late).
    func isCurrent(_ job: Job) -> Bool {
        inFlight[job.path]?.serial == job.serial
    }

    /// Creates the service: creates the folders, opens the ledger and the output, and cuts a
    /// torn line. The caller holds the instance lock.
    public init(
        config: DaemonConfiguration,
        configPath: String?,
        rootOverride: String?,
        mode: Mode,
        logger: Logger,
        environment: [String: String]? = nil,
        health: Health = Health()
    ) throws {
        let environment = environment ?? ProcessInfo.processInfo.environment
        self.config = config
        self.configPath = configPath
        self.rootOverride = rootOverride
        self.mode = mode
        self.logger = logger
        self.folders = Folders(config)
        for folder in folders.all { try FileMoves.makeFolders(folder) }
        self.health = health
        let (store, postgres) = try LedgerStores.open(config, folders: folders, logger: logger)
        shared = postgres
        self.ledger = TimedLedger(store, health: health)
        self.output = try OutputLog(
            folder: folders.output,
            fileName: config.effectiveOutputFileName,
            policy: OutputLog.FsyncPolicy(rawValue: config.fsync) ?? .always,
            rotateBytes: config.rotateMiB << 20,
            rotateDaily: config.rotateDaily
        )
        self.chunkOutput =
            config.effectiveChunksFileName.isEmpty
            ? nil
            : try OutputLog(
                folder: folders.output,
                fileName: config.effectiveChunksFileName,
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
        if shared == nil {
            try recover()
            markRecovered()
        } else {
            recoverShared()
        }
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
            if recovered { announceReady() }
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

    func handle(_ event: Event) {
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
        case .acquired(let job, let worker, let generation, let file, let result):
            acquired(job, worker: worker, generation: generation, file, result)
        case .writeBegun(let job, let result):
            writeBegun(job, result)
        }
        pump()
        checkFinished()
    }

    func makeWorkers() throws {
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

    func release(_ worker: Int, _ workerGeneration: Int) {
        if workerGeneration == generation { idleWorkers.append(worker) }
    }
}

/// The structural check. It opens untrusted files with Poppler and Leptonica: with worker
/// processes, in a worker process of its own (one that dies on a file says "complete", and the
/// isolated extraction decides); otherwise on its own serial queue, since those libraries block.
actor StructureChecker {
    let executor = DispatchQueueExecutor(label: "intake.check")
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
    let options: ExtractionOptions
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
