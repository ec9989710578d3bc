import IntakeCore
import Metrics
public import Prometheus

/// The daemon's metrics, through swift-metrics; `intake watch` bootstraps swift-prometheus's
/// factory when `http.listen` is set, so /metrics serves them (without it they go nowhere).
///
/// | name | kind | labels |
/// |---|---|---|
/// | `intake_documents_total` | counter | `outcome`: done, failed, duplicate |
/// | `intake_failures_total` | counter | `code`: the error code |
/// | `intake_pages_total` | counter | `source`: native, ocr |
/// | `intake_queue_depth` | gauge | files seen but not yet started |
/// | `intake_in_flight` | gauge | documents being read or written |
/// | `intake_stage_seconds` | histogram | `stage`: read, extract, write, total |
/// | `intake_worker_restarts_total` | counter | worker processes started again |
/// | `intake_ledger_seconds` | histogram | `op`: the ledger operation |
/// | `intake_ledger_errors_total` | counter | ledger operations that failed |
/// | `intake_lease_renewals_total` | counter | `result`: ok, fenced, error |
/// | `intake_hosts_taken_over_total` | counter | hosts found dead whose files were taken back |
/// | `intake_files_taken_back_total` | counter | files moved back to the inbox from dead hosts |
/// | `intake_ready` | gauge | 1 when /readyz says ready |
public struct DaemonMetrics {
    let queueDepth = Gauge(label: "intake_queue_depth")
    let inFlight = Gauge(label: "intake_in_flight")
    let ready = Gauge(label: "intake_ready")
    let hostsTakenOver = Counter(label: "intake_hosts_taken_over_total")
    let filesTakenBack = Counter(label: "intake_files_taken_back_total")

    /// Sets up the Prometheus registry behind swift-metrics (once per process).
    public static func bootstrapPrometheus() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
            .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(120),
        ]
        MetricsSystem.bootstrap(factory)
        return registry
    }

    func document(_ outcome: String) {
        Counter(label: "intake_documents_total", dimensions: [("outcome", outcome)]).increment()
    }

    func failure(code: String) {
        document("failed")
        Counter(label: "intake_failures_total", dimensions: [("code", code)]).increment()
    }

    func pages(native: Int, ocr: Int) {
        Counter(label: "intake_pages_total", dimensions: [("source", "native")]).increment(by: native)
        Counter(label: "intake_pages_total", dimensions: [("source", "ocr")]).increment(by: ocr)
    }

    func stage(_ stage: String, milliseconds: Double) {
        Timer(label: "intake_stage_seconds", dimensions: [("stage", stage)])
            .recordNanoseconds(Int64(max(0, milliseconds) * 1_000_000))
    }

    func stage(_ stage: String, _ duration: Duration) {
        Timer(label: "intake_stage_seconds", dimensions: [("stage", stage)]).record(duration: duration)
    }

    func leaseRenewal(_ result: String) {
        Counter(label: "intake_lease_renewals_total", dimensions: [("result", result)]).increment()
    }
}

/// A ledger that times every operation (`intake_ledger_seconds`) and tells ``Health`` whether
/// the last one reached the ledger.
final class TimedLedger: LedgerStore {
    let base: any LedgerStore
    let health: Health

    init(_ base: any LedgerStore, health: Health) {
        self.base = base
        self.health = health
    }

    private func timed<T>(_ operation: String, _ body: () throws(LedgerError) -> T) throws(LedgerError) -> T {
        let start = ContinuousClock.now
        do {
            let value = try body()
            Timer(label: "intake_ledger_seconds", dimensions: [("op", operation)])
                .record(duration: ContinuousClock.now - start)
            health.update { $0.ledgerReachable = true }
            return value
        } catch {
            Counter(label: "intake_ledger_errors_total", dimensions: [("op", operation)]).increment()
            if case .unavailable = error { health.update { $0.ledgerReachable = false } }
            throw error
        }
    }

    func entry(_ id: ContentHash) throws(LedgerError) -> LedgerEntry? {
        try timed("entry") { () throws(LedgerError) in try base.entry(id) }
    }

    func unfinishedWrites() throws(LedgerError) -> [LedgerEntry] {
        try timed("unfinished_writes") { () throws(LedgerError) in try base.unfinishedWrites() }
    }

    func done(since date: String) throws(LedgerError) -> [LedgerEntry] {
        try timed("done_since") { () throws(LedgerError) in try base.done(since: date) }
    }

    func acquire(id: ContentHash, name: String, revision: Int, seen: LedgerEntry?) throws(LedgerError) -> Bool {
        try timed("acquire") { () throws(LedgerError) in
            try base.acquire(id: id, name: name, revision: revision, seen: seen)
        }
    }

    var answersLater: Bool { base.answersLater }

    func acquireNew(id: ContentHash, name: String, completion: @escaping @Sendable (Result<Bool, LedgerError>) -> Void)
    {
        base.acquireNew(id: id, name: name, completion: timed("acquire", completion))
    }

    func finish(_ finish: LedgerFinish, completion: @escaping @Sendable (Result<Bool, LedgerError>) -> Void) {
        base.finish(finish, completion: timed("finish", completion))
    }

    func beginWrite(
        id: ContentHash,
        name: String,
        revision: Int,
        output: String,
        offset: Int,
        completion: @escaping @Sendable (Result<Void, LedgerError>) -> Void
    ) {
        base.beginWrite(
            id: id,
            name: name,
            revision: revision,
            output: output,
            offset: offset,
            completion: timed("begin_write", completion)
        )
    }

    /// `completion`, timed from now until it runs.
    private func timed<Value: Sendable>(
        _ operation: String,
        _ completion: @escaping @Sendable (Result<Value, LedgerError>) -> Void
    ) -> @Sendable (Result<Value, LedgerError>) -> Void {
        let start = ContinuousClock.now
        let health = self.health
        return { result in
            switch result {
            case .success:
                Timer(label: "intake_ledger_seconds", dimensions: [("op", operation)])
                    .record(duration: ContinuousClock.now - start)
                health.update { $0.ledgerReachable = true }
            case .failure(let error):
                Counter(label: "intake_ledger_errors_total", dimensions: [("op", operation)]).increment()
                if case .unavailable = error { health.update { $0.ledgerReachable = false } }
            }
            completion(result)
        }
    }

    func beginWrite(id: ContentHash, name: String, revision: Int, output: String, offset: Int) throws(LedgerError) {
        try timed("begin_write") { () throws(LedgerError) in
            try base.beginWrite(id: id, name: name, revision: revision, output: output, offset: offset)
        }
    }

    @discardableResult
    func finish(
        id: ContentHash,
        revision: Int,
        outcome: LedgerEntry.Outcome,
        location: String?,
        chunks: Int?,
        record: [UInt8]?
    ) throws(LedgerError) -> Bool {
        try timed("finish") { () throws(LedgerError) in
            try base.finish(
                id: id,
                revision: revision,
                outcome: outcome,
                location: location,
                chunks: chunks,
                record: record
            )
        }
    }

    func move(id: ContentHash, to location: String?) throws(LedgerError) {
        try timed("move") { () throws(LedgerError) in try base.move(id: id, to: location) }
    }

    func requestReprocessing(_ id: ContentHash) throws(LedgerError) {
        try timed("request_reprocessing") { () throws(LedgerError) in try base.requestReprocessing(id) }
    }

    @discardableResult
    func markStarted(_ path: String) throws(LedgerError) -> Int {
        try timed("mark_started") { () throws(LedgerError) in try base.markStarted(path) }
    }

    func interruptedStarts(_ path: String) throws(LedgerError) -> Int {
        try timed("interrupted_starts") { () throws(LedgerError) in try base.interruptedStarts(path) }
    }

    func markFinished(_ path: String) throws(LedgerError) {
        try timed("mark_finished") { () throws(LedgerError) in try base.markFinished(path) }
    }
}
