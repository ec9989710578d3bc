public import IntakePosix

/// The lifecycle of one worker process and the task it holds, as events in and actions out, with
/// no I/O (swift-nio's `…StateMachine` structs): ``IsolatedWorker`` feeds it what its pipes,
/// timer and `waitpid` report and carries out what it returns.
///
/// The rules: a task goes to a live, idle child. A child that dies while it holds a task is
/// replaced, and the task is given once more to the new child; a second death fails the task
/// with the signal or status named. A task past its deadline, or a child over its memory
/// limit, is killed and failed as `timeout` or `memory_limit` at once (a second try would only
/// repeat it). A child that dies holding nothing is replaced and blames nobody.
public struct WorkerStateMachine: Sendable {
    /// Why a task failed.
    public enum Failure: Sendable, Hashable {
        /// Past its deadline; the child was killed.
        case timeout
        /// The child went over its resident-memory limit and was killed.
        case memoryLimit(residentBytes: Int)
        /// The child died holding it, twice.
        case died(ChildProcess.Termination)
    }

    /// Why this machine killed the child.
    public enum KillReason: Sendable, Hashable {
        case timeout
        case memoryLimit(residentBytes: Int)
        case stopping
    }

    public enum State: Sendable, Hashable {
        /// No child: one is to be started; `retry` is a task to give it first (its first child
        /// died holding it), with the attempt it will be.
        case down(retry: Retry?)
        /// A child runs and holds no task.
        case idle
        /// A child holds task `task` (its `attempt`, 1 or 2); `killing` once this machine killed it.
        case busy(task: Int, attempt: Int, killing: KillReason?)
        /// Stopped: nothing more is started.
        case stopped
    }

    /// A task to give the next child.
    public struct Retry: Sendable, Hashable {
        public var task: Int
        public var attempt: Int
    }

    public enum Event: Sendable, Hashable {
        /// A new child was started.
        case started
        /// A task was handed in (only when ``State/idle``).
        case submitted(task: Int)
        /// The child answered its task.
        case answered
        /// The child ended.
        case exited(ChildProcess.Termination)
        /// The task's deadline passed.
        case deadlinePassed
        /// The child's resident memory was sampled.
        case sampled(residentBytes: Int, limit: Int)
        /// Stop: kill the child, start no other.
        case stop
    }

    public enum Action: Sendable, Hashable {
        /// Start a child.
        case start
        /// Send task `task`'s request to the child.
        case send(task: Int)
        /// Kill the child (SIGKILL).
        case kill
        /// Task `task` is done: its answer is in.
        case complete(task: Int)
        /// Task `task` failed.
        case fail(task: Int, Failure)
    }

    public private(set) var state: State = .down(retry: nil)

    public init() {}

    /// Whether a task can be handed in now.
    public var isIdle: Bool { state == .idle }

    /// Takes in `event`; returns the actions to carry out, in order.
    public mutating func event(_ event: Event) -> [Action] {
        switch (state, event) {
        case (.stopped, _):
            return []
        case (.busy(let task, let attempt, _), .stop):
            state = .busy(task: task, attempt: attempt, killing: .stopping)
            return [.kill]
        case (.down(let retry?), .stop):
            state = .stopped
            return [.fail(task: retry.task, .died(.signaled(9)))]
        case (.idle, .stop):
            state = .stopped
            return [.kill]
        case (_, .stop):
            state = .stopped
            return []
        case (.down(let retry), .started):
            guard let retry else {
                state = .idle
                return []
            }
            state = .busy(task: retry.task, attempt: retry.attempt, killing: nil)
            return [.send(task: retry.task)]
        case (.idle, .submitted(let task)):
            state = .busy(task: task, attempt: 1, killing: nil)
            return [.send(task: task)]
        case (.busy(let task, _, nil), .answered):
            state = .idle
            return [.complete(task: task)]
        case (.busy(let task, let attempt, nil), .deadlinePassed):
            state = .busy(task: task, attempt: attempt, killing: .timeout)
            return [.kill]
        case (.busy(let task, let attempt, nil), .sampled(let resident, let limit)) where resident > limit:
            state = .busy(task: task, attempt: attempt, killing: .memoryLimit(residentBytes: resident))
            return [.kill]
        case (.busy(let task, _, .stopping?), .exited):
            state = .stopped
            return [.fail(task: task, .died(.signaled(9)))]
        case (.busy(let task, _, .timeout?), .exited):
            state = .down(retry: nil)
            return [.fail(task: task, .timeout), .start]
        case (.busy(let task, _, .memoryLimit(let resident)?), .exited):
            state = .down(retry: nil)
            return [.fail(task: task, .memoryLimit(residentBytes: resident)), .start]
        case (.busy(let task, let attempt, nil), .exited(let termination)):
            if attempt >= 2 {
                state = .down(retry: nil)
                return [.fail(task: task, .died(termination)), .start]
            }
            // The task goes once more, to a new child, when it has started.
            state = .down(retry: Retry(task: task, attempt: attempt + 1))
            return [.start]
        case (.idle, .exited):
            state = .down(retry: nil)
            return [.start]
        default:
            // Late reports (an answer after a kill, a sample after the answer): nothing to do.
            return []
        }
    }
}
