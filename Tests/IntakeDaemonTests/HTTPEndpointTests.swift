import Foundation
import IntakeTestSupport
import Testing

/// The daemon's listener, read by real clients: /healthz and /readyz over HTTP, and /metrics
/// through prometheus-client's text-format parser (scripts/test-support/scrape.py).
@Suite(
    .serialized,
    .enabled(if: TestEnvironment.hasTessdata && PostgresServer.isInstalled && TestEnvironment.testPython != nil)
)
struct HTTPEndpointTests {
    struct Answer {
        var status: Int
        var body: String
        var families: [String: [[Any]]]

        /// The value of `family`'s sample named `sample` (default: the family) with `labels`.
        func value(_ family: String, _ sample: String? = nil, _ labels: [String: String] = [:]) -> Double? {
            for entry in families[family] ?? [] {
                guard entry.count == 3, entry[0] as? String == (sample ?? family),
                    let values = entry[1] as? [String: String], labels.allSatisfy({ values[$0.key] == $0.value })
                else { continue }
                return (entry[2] as? NSNumber)?.doubleValue
            }
            return nil
        }
    }

    static func get(_ port: Int, _ path: String) throws -> Answer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(TestEnvironment.testPython))
        process.arguments = [
            Fixtures.packageRoot + "/scripts/test-support/scrape.py", "http://127.0.0.1:\(port)\(path)",
        ]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let object = try #require(
            try JSONSerialization.jsonObject(with: data) as? [String: Any],
            "scrape.py said nothing"
        )
        var families: [String: [[Any]]] = [:]
        for (name, family) in object["families"] as? [String: [String: Any]] ?? [:] {
            families[name] = family["samples"] as? [[Any]] ?? []
        }
        return Answer(status: object["status"] as? Int ?? 0, body: object["body"] as? String ?? "", families: families)
    }

    @Test func readinessFollowsRecoveryAndTheLedgerAndMetricsParse() throws {
        let postgres = try PostgresServer()
        try postgres.stop()
        let port = PostgresServer.freePort()
        let daemon = try DaemonHarness(settings: [
            "ledger": [
                "backend": "\"postgresql\"", "url": "\"\(postgres.url)\"", "host": "\"solo\"",
                "lease_seconds": "3", "timeout_seconds": "2",
            ],
            "http": ["listen": "\"127.0.0.1:\(port)\""],
        ])
        // PostgreSQL is down: the daemon answers, but is not ready (it has not recovered).
        try daemon.startWithoutWaiting()
        defer { daemon.stop() }
        #expect(daemon.wait(seconds: 20) { (try? Self.get(port, "/healthz").status) == 200 }, "\(daemon.log)")
        let waiting = try Self.get(port, "/readyz")
        #expect(waiting.status == 503 && waiting.body.contains("recovery not done"), "\(waiting.body)")

        // PostgreSQL comes up: recovery, then ready.
        try postgres.start()
        #expect(daemon.wait(seconds: 20) { (try? Self.get(port, "/readyz").status) == 200 }, "\(daemon.log)")
        try daemon.drop("posting.pdf", try DaemonHarness.uniquePDF(90))
        #expect(daemon.wait { daemon.lines(of: daemon.folder("out/intake-solo.jsonl")).count == 1 }, "\(daemon.log)")

        #expect(
            daemon.wait(seconds: 10) {
                (try? Self.get(port, "/metrics").value(
                    "intake_lease_renewals",
                    "intake_lease_renewals_total",
                    ["result": "ok"]
                ))
                .flatMap { $0 }.map { $0 >= 1 } ?? false
            }
        )
        let metrics = try Self.get(port, "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.value("intake_documents", "intake_documents_total", ["outcome": "done"]) == 1)
        #expect(metrics.value("intake_pages", "intake_pages_total", ["source": "native"]) == 1)
        #expect(metrics.value("intake_stage_seconds", "intake_stage_seconds_count", ["stage": "total"]) == 1)
        #expect(
            (metrics.value("intake_ledger_seconds", "intake_ledger_seconds_count", ["op": "begin_write"]) ?? 0) >= 1
        )
        #expect((metrics.value("intake_lease_renewals", "intake_lease_renewals_total", ["result": "ok"]) ?? 0) >= 1)
        #expect(metrics.value("intake_ready") == 1)
        for gauge in ["intake_queue_depth", "intake_in_flight"] { #expect(metrics.value(gauge) != nil, "\(gauge)") }

        // The ledger goes away: not ready until it is back.
        try postgres.stop()
        #expect(daemon.wait(seconds: 20) { (try? Self.get(port, "/readyz").status) == 503 }, "\(daemon.log)")
        #expect(try Self.get(port, "/readyz").body.contains("ledger unreachable"))
        try postgres.start()
        #expect(daemon.wait(seconds: 20) { (try? Self.get(port, "/readyz").status) == 200 }, "\(daemon.log)")
    }
}
