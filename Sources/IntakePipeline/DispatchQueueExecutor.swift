import Dispatch

/// A serial executor that runs an actor's jobs on its own dispatch queue (as GRDB's
/// `DispatchQueueActor`), so blocking C work — Poppler, Tesseract — stays off Swift's
/// cooperative thread pool.
package final class DispatchQueueExecutor: SerialExecutor {
    private let queue: DispatchQueue

    package init(label: String) {
        self.queue = DispatchQueue(label: label)
    }

    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async {
            job.runSynchronously(on: self.asUnownedSerialExecutor())
        }
    }

    package func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    package func checkIsolated() {
        dispatchPrecondition(condition: .onQueue(queue))
    }
}

// DispatchQueue is thread-safe but not marked Sendable in corelibs-libdispatch on Linux.
extension DispatchQueueExecutor: @unchecked Sendable {}
