public import IntakeCore
import IntakeOCR
public import IntakeText
public import Logging

/// Where documents are read.
public enum WorkerIsolation: Sendable, Hashable {
    /// In this process: workers share one OCR pool, and a crash in a library ends the process.
    case inProcess
    /// In `intake worker` child processes, one per worker, each killed past the document time
    /// limit (plus 3 s) or past `residentMiB` resident, and replaced.
    case processes(WorkerLaunch, residentMiB: Int)
}

/// The workers of a batch or of the daemon.
public enum WorkerFleet {
    /// Seconds a worker process gets past the document time limit it keeps itself, to report.
    public static let graceSeconds = 3.0

    /// `count` workers reading with `options`; in this process they share `engines` OCR engines
    /// (default `count`).
    public static func make(
        count: Int,
        engines: Int? = nil,
        isolation: WorkerIsolation,
        options: ExtractionOptions,
        parserOptions: PostingParserOptions,
        logger: Logger
    ) -> [any DocumentWorker] {
        switch isolation {
        case .inProcess:
            // One pool for all: a single document's pages are read on every core.
            let pool = OCRPool(size: engines ?? count, options: options)
            return (0..<count).map {
                ExtractionWorker(index: $0, options: options, pool: pool, parserOptions: parserOptions, logger: logger)
            }
        case .processes(let launch, let residentMiB):
            let configuration = WorkerProtocol.Configuration(extraction: options, parser: parserOptions)
            var launch = launch
            // Allocations fail past twice the resident limit: a backstop for growth faster than
            // the 0.1 s samples.
            launch.arguments += ["--data-limit-mib", "\(2 * residentMiB)"]
            let seconds = options.documentTimeoutSeconds > 0 ? options.documentTimeoutSeconds + graceSeconds : 1e9
            let limits = WorkerLimits(documentSeconds: seconds, residentBytes: residentMiB << 20)
            return (0..<count).map {
                IsolatedWorker(index: $0, launch: launch, configuration: configuration, limits: limits, logger: logger)
            }
        }
    }

    /// Stops the worker processes among `workers` (an in-process worker needs nothing).
    public static func stop(_ workers: [any DocumentWorker]) {
        for case let worker as IsolatedWorker in workers { worker.stop() }
    }

    /// Stops the worker processes among `workers` once each has finished its document in hand.
    public static func retire(_ workers: [any DocumentWorker]) {
        for case let worker as IsolatedWorker in workers { worker.retire() }
    }
}
