import Dispatch
import Foundation
import IntakeCore
import IntakePosix
public import Logging
import Metrics

/// How to start an `intake worker` child.
public struct WorkerLaunch: Sendable, Hashable {
    /// The `intake` executable.
    public var executable: String
    /// Its arguments, `argv[0]` first.
    public var arguments: [String]
    /// Its environment.
    public var environment: [String: String]

    public init(executable: String, arguments: [String], environment: [String: String]) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
    }

    /// This process's own executable, run as `intake worker`.
    public static func current(environment: [String: String]? = nil) -> Self {
        let environment = environment ?? ProcessInfo.processInfo.environment
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return WorkerLaunch(executable: executable, arguments: ["intake", "worker"], environment: environment)
    }
}

/// The limits a supervisor holds its workers to.
public struct WorkerLimits: Sendable, Hashable {
    /// Wall-clock seconds a document may take before its worker is killed: the document time
    /// limit the worker keeps itself, plus a grace for it to report.
    public var documentSeconds: Double
    /// Resident bytes a worker may use before it is killed (`/proc/PID/statm`, sampled every 100 ms).
    public var residentBytes: Int

    public init(documentSeconds: Double, residentBytes: Int) {
        self.documentSeconds = documentSeconds
        self.residentBytes = residentBytes
    }
}

/// A worker in a child process (`intake worker`): the supervisor's side.
///
/// The document's bytes go to the child over its standard input and its record comes back on
/// its standard output, each as a ``WorkerProtocol`` frame. A thread of its own per child
/// waits on that output (poll) and hands what comes, and at end of file the child's death, to
/// the worker's queue; `waitpid` says how it died;
/// a timer every 100 ms checks the deadline and samples the child's resident memory. What to do
/// about each is decided by a ``WorkerStateMachine``; this class only carries it out.
public final class IsolatedWorker: DocumentWorker, @unchecked Sendable {
    // @unchecked: every mutable property is touched only on `queue`.

    private let queue: DispatchQueue
    private let launch: WorkerLaunch
    private let configurationFrame: [UInt8]
    private let limits: WorkerLimits
    private let maxFileBytes: Int
    private let logger: Logger
    private let index: Int

    private var machine = WorkerStateMachine()
    private var child: ChildProcess?
    private var timer: (any DispatchSourceTimer)?
    private var reader = WorkerProtocol.FrameReader()
    private var tasks: [Int: Pending] = [:]
    private var nextTask = 0
    private var quickDeaths = 0
    private var startedAt = ContinuousClock.now
    /// How many children were started (the first included): for tests and the log.
    public private(set) var starts = 0

    /// A task waiting for its answer.
    private struct Pending {
        var request: [UInt8]
        var deadline: ContinuousClock.Instant?
        var answer: CheckedContinuation<Answer, Never>
        var started = ContinuousClock.now
    }

    /// What a task came back with.
    private enum Answer {
        case frame(header: [UInt8], payload: [UInt8])
        case failed(WorkerStateMachine.Failure)
    }

    /// Creates a worker; its child starts at once.
    public init(
        index: Int,
        launch: WorkerLaunch,
        configuration: WorkerProtocol.Configuration,
        limits: WorkerLimits,
        logger: Logger
    ) {
        self.index = index
        self.queue = DispatchQueue(label: "intake.supervisor.\(index)")
        self.launch = launch
        self.configurationFrame = WorkerProtocol.frame(
            header: WorkerProtocol.Request(kind: .configure),
            payload: Array((try? JSONEncoder().encode(configuration)) ?? Data())
        )
        self.limits = limits
        self.maxFileBytes = configuration.extraction.maxFileBytes
        var logger = logger
        logger[metadataKey: "intake.worker"] = "\(index)"
        self.logger = logger
        queue.async { self.perform([.start]) }
    }

    deinit {
        timer?.cancel()
    }

    // MARK: - DocumentWorker

    public func read(path: String, recordedPath: String?) async -> ReadOutcome {
        DocumentBytes.read(path: path, recordedPath: recordedPath, maxBytes: maxFileBytes)
    }

    public func extract(_ file: DocumentBytes, revision: Int) async -> ProcessedDocument {
        let request = WorkerProtocol.Request(
            kind: .extract,
            source: file.source,
            id: file.id.hex,
            revision: revision,
            readMs: file.readMs
        )
        let answer = await submit(WorkerProtocol.frame(header: request, payload: file.bytes), timeout: true)
        switch answer {
        case .frame(let header, let payload):
            guard let response = try? JSONDecoder().decode(WorkerProtocol.Response.self, from: Data(header)),
                let line = Self.decodeLine(kind: response.kind, payload)
            else {
                return failure(
                    file,
                    revision,
                    IntakeError(.internal, stage: .extract, "the worker's answer does not read")
                )
            }
            return ProcessedDocument(line: line, json: payload)
        case .failed(let reason):
            let error = Self.error(reason, limits: limits, name: file.source.fileName)
            logger.warning("a worker process failed a document", metadata: ["reason": "\(error.message)"])
            return failure(file, revision, error)
        }
    }

    /// Checks in the child whether a document looks complete; a child that dies on it says
    /// `complete`, so that extraction (which is isolated too) decides what the file is.
    public func check(_ bytes: [UInt8]) async -> StructureCheck.Verdict {
        let frame = WorkerProtocol.frame(header: WorkerProtocol.Request(kind: .check), payload: bytes)
        guard case .frame(let header, _) = await submit(frame, timeout: true),
            let response = try? JSONDecoder().decode(WorkerProtocol.Response.self, from: Data(header))
        else { return .complete }
        return response.kind == "incomplete" ? .incomplete(response.reason ?? "incomplete") : .complete
    }

    /// Kills the child, reaps it and starts no other; a task in hand fails. When this returns,
    /// nothing of this worker runs any more (its sources are cancelled), so the process may exit.
    public func stop() {
        queue.sync {
            perform(machine.event(.stop))
            if let child {
                self.child = nil
                child.signal(SIGKILL)
                perform(machine.event(.exited(child.wait())))
            }
            timer?.cancel()
            timer = nil
        }
    }

    /// Stops the child once it holds no task (at once when idle).
    public func retire() {
        queue.async {
            self.retiring = true
            self.perform([])
        }
    }

    private var retiring = false

    // MARK: - Tasks

    private func submit(_ request: [UInt8], timeout: Bool) async -> Answer {
        await withCheckedContinuation { continuation in
            queue.async {
                let task = self.nextTask
                self.nextTask += 1
                let deadline = timeout ? ContinuousClock.now + .seconds(self.limits.documentSeconds) : nil
                self.tasks[task] = Pending(request: request, deadline: deadline, answer: continuation)
                if case .stopped = self.machine.state {
                    self.finish(task, .failed(.died(.signaled(9))))
                } else if self.machine.isIdle {
                    self.perform(self.machine.event(.submitted(task: task)))
                } else {
                    // The caller hands a worker one document at a time; a second one waits here
                    // for a child (only while the first child is being replaced).
                    self.waiting.append(task)
                }
            }
        }
    }

    private var waiting: [Int] = []

    private func finish(_ task: Int, _ answer: Answer) {
        guard let pending = tasks.removeValue(forKey: task) else { return }
        pending.answer.resume(returning: answer)
    }

    // MARK: - Carrying out the machine's actions

    private func perform(_ actions: [WorkerStateMachine.Action]) {
        for action in actions {
            switch action {
            case .start:
                startChild()
            case .send(let task):
                send(task)
            case .kill:
                child?.signal(SIGKILL)
            case .complete(let task):
                if let frame = completed { finish(task, .frame(header: frame.header, payload: frame.payload)) }
                completed = nil
            case .fail(let task, let failure):
                finish(task, .failed(failure))
            }
        }
        if machine.isIdle, !waiting.isEmpty {
            let task = waiting.removeFirst()
            perform(machine.event(.submitted(task: task)))
        }
        if retiring, machine.isIdle || machine.state == .down(retry: nil) {
            retiring = false
            perform(machine.event(.stop))
        }
        updateTimer()
    }

    /// The frame the child just answered with, for ``WorkerStateMachine/Action/complete(task:)``.
    private var completed: (header: [UInt8], payload: [UInt8])?

    private func startChild() {
        // A child that keeps dying at once is started again after a growing pause.
        let lived = ContinuousClock.now - startedAt
        quickDeaths = starts > 0 && lived < .seconds(1) ? quickDeaths + 1 : 0
        let pause = quickDeaths == 0 ? 0 : min(0.1 * Double(1 << min(quickDeaths, 7)), 10)
        if pause > 0 {
            queue.asyncAfter(deadline: .now() + pause) { self.spawn() }
        } else {
            spawn()
        }
    }

    private func spawn() {
        if case .stopped = machine.state { return }
        let child: ChildProcess
        do {
            child = try ChildProcess(
                executable: launch.executable,
                arguments: launch.arguments,
                environment: launch.environment
            )
        } catch {
            logger.error("cannot start a worker; will retry", metadata: ["error": "\(error)"])
            starts += 1
            startedAt = .now
            quickDeaths += 1
            queue.asyncAfter(deadline: .now() + min(0.1 * Double(1 << min(quickDeaths, 7)), 10)) { self.spawn() }
            return
        }
        if starts > 0 { Counter(label: "intake_worker_restarts_total").increment() }
        starts += 1
        startedAt = .now
        self.child = child
        reader = WorkerProtocol.FrameReader()
        startReading(child)
        logger.debug("started a worker", metadata: ["pid": "\(child.pid)"])
        _ = child.write(configurationFrame)
        perform(machine.event(.started))
    }

    private func send(_ task: Int) {
        guard let pending = tasks[task], let child else { return }
        tasks[task]?.started = .now
        // A write to a child that died fails; its end of file comes on the read source.
        _ = child.write(pending.request)
    }

    /// Waits on the child's output on a thread of its own until its end. (A Dispatch read
    /// source did this before; cancelling one while libdispatch's manager thread held an event
    /// for it crashed the process now and then, in `_dispatch_event_loop_drain`.) The thread
    /// keeps the child, and so its descriptor, until the end of file.
    private func startReading(_ child: ChildProcess) {
        let queue = self.queue
        let thread = Thread { [weak self] in
            var descriptor = pollfd(fd: child.output, events: Int16(POLLIN), revents: 0)
            var ended = false
            while !ended {
                if poll(&descriptor, 1, -1) < 0 {
                    if errno == EINTR { continue }
                    ended = true
                }
                var chunks: [[UInt8]] = []
                while let bytes = child.readAvailable() {
                    if bytes.isEmpty {
                        ended = true
                        break
                    }
                    chunks.append(bytes)
                }
                let (received, last, worker) = (chunks, ended, self)
                queue.async { worker?.received(received, ended: last, from: child) }
            }
        }
        thread.name = "intake.worker.\(index).output"
        thread.start()
    }

    private func received(_ chunks: [[UInt8]], ended: Bool, from child: ChildProcess) {
        guard child === self.child else { return }
        for bytes in chunks { reader.append(bytes) }
        // An answer that came just before the end is still the answer.
        do {
            while let frame = try reader.next() {
                completed = frame
                perform(machine.event(.answered))
            }
        } catch {
            logger.error("a worker sent an unreadable frame; stopping it", metadata: ["error": "\(error)"])
            child.signal(SIGKILL)
        }
        if ended { died(child) }
    }

    private func died(_ child: ChildProcess) {
        let termination = child.wait()
        self.child = nil
        logger.debug("a worker ended", metadata: ["pid": "\(child.pid)", "how": "\(termination)"])
        perform(machine.event(.exited(termination)))
    }

    /// Ticks every 100 ms while a task is in hand: the deadline and the memory sample.
    private func updateTimer() {
        guard case .busy = machine.state else {
            timer?.cancel()
            timer = nil
            return
        }
        guard timer == nil else { return }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + 0.1, repeating: 0.1)
        timer.setEventHandler { [weak self] in self?.tick() }
        timer.resume()
        self.timer = timer
    }

    private func tick() {
        guard case .busy(let task, _, nil) = machine.state, let pending = tasks[task] else { return }
        if let deadline = pending.deadline, ContinuousClock.now >= deadline {
            perform(machine.event(.deadlinePassed))
        } else if let resident = child?.residentBytes() {
            perform(machine.event(.sampled(residentBytes: resident, limit: limits.residentBytes)))
        }
    }

    // MARK: - Records

    static func decodeLine(kind: String, _ payload: [UInt8]) -> RecordLine? {
        let decoder = JSONDecoder()
        switch kind {
        case "document": return (try? decoder.decode(DocumentRecord.self, from: Data(payload))).map { .document($0) }
        case "error": return (try? decoder.decode(ErrorRecord.self, from: Data(payload))).map { .error($0) }
        default: return nil
        }
    }

    private func failure(_ file: DocumentBytes, _ revision: Int, _ error: IntakeError) -> ProcessedDocument {
        ProcessedDocument.failure(source: file.source, id: file.id, error: error, revision: revision)
    }

    /// The error a worker's failure is recorded as.
    static func error(_ failure: WorkerStateMachine.Failure, limits: WorkerLimits, name: String) -> IntakeError {
        let subject = name.isEmpty ? "the document" : name
        switch failure {
        case .timeout:
            return IntakeError(
                .timeout,
                stage: .extract,
                "\(subject): the worker was still reading it after \(Int(limits.documentSeconds)) s and was stopped"
            )
        case .memoryLimit(let resident):
            return IntakeError(
                .memoryLimit,
                stage: .extract,
                "\(subject): the worker reached \(resident >> 20) MiB resident, over its limit of "
                    + "\(limits.residentBytes >> 20) MiB, and was stopped"
            )
        case .died(let termination):
            return IntakeError(
                .crashed,
                stage: .extract,
                "\(subject): the worker process reading it ended (\(termination)) twice, in two workers; "
                    + "it is not tried again"
            )
        }
    }
}
