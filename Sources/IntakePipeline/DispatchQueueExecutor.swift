import Dispatch

/// A serial executor that runs an actor's jobs on its own dispatch queue (as GRDB's
/// `DispatchQueueActor`), so blocking C work — Poppler, Tesseract — stays off Swift's
/// cooperative thread pool.
final class DispatchQueueExecutor: SerialExecutor {
    private let queue: DispatchQueue

    init(label: String) {
        self.queue = DispatchQueue(label: label)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async {
            job.runSynchronously(on: self.asUnownedSerialExecutor())
        }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    func checkIsolated() {
        dispatchPrecondition(condition: .onQueue(queue))
    }
}

// DispatchQueue is thread-safe but not marked Sendable in corelibs-libdispatch on Linux.
extension DispatchQueueExecutor: @unchecked Sendable {}
