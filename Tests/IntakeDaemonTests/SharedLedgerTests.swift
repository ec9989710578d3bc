import Foundation
import Glibc
import IntakeCore
import IntakeTestSupport
import Testing

/// Three daemons on one inbox through a real PostgreSQL server (a throw-away cluster the test
/// starts): hosts killed and paused during a backlog, and PostgreSQL restarted under it. Every
/// input must end in exactly one place, each id and revision be written once across all
/// outputs and the record table, and a dead host's files be taken over within its lease.
@Suite(.serialized, .enabled(if: TestEnvironment.hasTessdata && PostgresServer.isInstalled))
struct SharedLedgerTests {
    static let hosts = ["a", "b", "c"]

    /// What a run dropped: names and bytes.
    struct Dropped {
        var names: [String] = []
        var contents: [String: [UInt8]] = [:]
        var ids: Set<String> { Set(contents.values.map { ContentHash(of: $0).hex }) }
    }

    /// Drops one round: text PDFs, a scan (OCR keeps a worker busy for a second), and a
    /// byte-identical copy of an earlier file under a new name.
    static func dropRound(_ round: Int, into cluster: SharedCluster, _ dropped: inout Dropped) throws {
        var files: [(String, [UInt8])] = (0..<3).map { index in
            ("r\(round)-text\(index).pdf", (try? DaemonHarness.uniquePDF(1000 + round * 10 + index)) ?? [])
        }
        files.append(("r\(round)-scan.pdf", try Fixtures.bytes("scan-clean.pdf") + Array("% copy \(round)\n".utf8)))
        if let earlier = dropped.names.first(where: { $0.hasPrefix("r\(max(0, round - 1))-text") }) {
            files.append(("r\(round)-copy.pdf", dropped.contents[earlier]!))
        }
        for (name, bytes) in files {
            try cluster.drop(name, bytes)
            dropped.names.append(name)
            dropped.contents[name] = bytes
        }
    }

    /// Waits until nothing is left to do, then stops every daemon.
    static func drain(_ cluster: SharedCluster, seconds: Double = 180) {
        var idleSince: Date?
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if cluster.isIdle {
                if let since = idleSince, Date().timeIntervalSince(since) > 3 { break }
                idleSince = idleSince ?? Date()
            } else {
                idleSince = nil
            }
            usleep(200_000)
        }
        #expect(
            cluster.isIdle,
            "left: inbox \(cluster.files(in: "inbox")), processing \(cluster.files(in: "processing"))"
        )
        for host in hosts {
            #expect(cluster.daemon(host).stop() == 0, "\(host): \(cluster.daemon(host).log.suffix(2000))")
        }
    }

    /// The guarantees, checked on the folders, the outputs and the PostgreSQL tables.
    static func check(_ cluster: SharedCluster, _ dropped: Dropped) throws {
        // Every input in exactly one place: done/ (its duplicates too) or failed/.
        let filed = cluster.daemon("a").inputs(in: "done") + cluster.daemon("a").inputs(in: "failed")
        #expect(filed.sorted() == dropped.names.sorted(), "filed \(filed.count) of \(dropped.names.count)")
        #expect(cluster.daemon("a").inputs(in: "failed").isEmpty, "good files in failed/")
        // No torn line; each id and revision once across all outputs.
        #expect(cluster.torn.isEmpty, "torn output: \(cluster.torn)")
        let records = cluster.records
        var pairs: [String: Int] = [:]
        for (_, line) in records {
            pairs["\(line["id"] as? String ?? "-")#\(line["revision"] as? Int ?? 0)", default: 0] += 1
        }
        let twice = pairs.filter { $0.value > 1 }
        #expect(twice.isEmpty, "written twice: \(twice)")
        // Nothing lost: every content has a document record.
        let documented = Set(
            records.filter { $0.line["kind"] as? String == "document" }.compactMap { $0.line["id"] as? String }
        )
        #expect(dropped.ids.isSubset(of: documented), "no record for \(dropped.ids.subtracting(documented))")
        // The table: each pair once (its key), every pair in an output, every done entry in it.
        let table = try cluster.postgres.psql("SELECT id || '#' || revision FROM intake_records")
            .split(separator: "\n").map(String.init)
        #expect(Set(table).count == table.count)
        #expect(Set(table).isSubset(of: Set(pairs.keys)), "table rows without a line")
        let missing = try cluster.postgres.psql(
            """
            SELECT count(*) FROM intake_documents d WHERE d.outcome = 'done'
            AND NOT EXISTS (SELECT 1 FROM intake_records r WHERE r.id = d.id AND r.revision = d.revision)
            """
        )
        #expect(missing == "0")
    }

    @Test func threeHostsSurviveKillsAndPauses() throws {
        let rounds = Int(ProcessInfo.processInfo.environment["INTAKE_SHARED_ROUNDS"] ?? "") ?? 20
        let cluster = try SharedCluster(hosts: Self.hosts, lease: 2)
        try cluster.startAll()
        var dropped = Dropped()
        var takeovers: [Double] = []
        var random = SeededGenerator(state: 22)
        for round in 0..<rounds {
            try Self.dropRound(round, into: cluster, &dropped)
            usleep(UInt32.random(in: 200_000...900_000, using: &random))
            // Kill the host holding the most claimed files (the hardest case); pause any.
            let busiest = Self.hosts.max {
                cluster.files(in: "processing/\($0)").count < cluster.files(in: "processing/\($1)").count
            }!
            let host = round % 2 == 0 ? busiest : Self.hosts.randomElement(using: &random)!
            let daemon = cluster.daemon(host)
            if round % 2 == 0 {
                // kill -9; the others take its claimed files back once its lease lapses.
                daemon.killHard()
                let killed = Date()
                let held = cluster.files(in: "processing/\(host)").count
                if held > 0 {
                    let limit = cluster.lease + 5
                    let taken = daemon.wait(seconds: limit + 2) { cluster.files(in: "processing/\(host)").isEmpty }
                    let elapsed = Date().timeIntervalSince(killed)
                    #expect(taken, "round \(round): \(held) files of \(host) not taken over in \(elapsed) s")
                    takeovers.append(elapsed)
                }
                try daemon.start()
            } else {
                // Frozen past its lease: fenced, its files taken; it must notice and carry on.
                daemon.pause()
                usleep(UInt32((cluster.lease + 1.5) * 1_000_000))
                daemon.resume()
            }
        }
        Self.drain(cluster)
        try Self.check(cluster, dropped)
        let worst = takeovers.max() ?? 0
        #expect(worst <= cluster.lease + 5)
        // The rounds did what they were meant to: hosts were fenced and their files taken back.
        let logs = Self.hosts.map { cluster.daemon($0).log }.joined()
        let fenced = logs.components(separatedBy: "this host's lease lapsed").count - 1
        let takenBack = logs.components(separatedBy: "took back the files").count - 1
        #expect(rounds < 2 || fenced >= 1)
        print(
            "shared ledger: \(rounds) rounds, \(dropped.names.count) files, \(cluster.records.count) lines; "
                + "kills with files held \(takeovers.count), slowest takeover \(String(format: "%.1f", worst)) s "
                + "(lease \(cluster.lease) s); hosts fenced \(fenced), files taken back \(takenBack) times"
        )
    }

    @Test func postgresRestartMidBacklog() throws {
        let cluster = try SharedCluster(hosts: Self.hosts, lease: 2)
        try cluster.startAll()
        var dropped = Dropped()
        for round in 0..<8 { try Self.dropRound(round, into: cluster, &dropped) }
        usleep(1_500_000)
        try cluster.postgres.stop()
        usleep(4_000_000)
        try cluster.postgres.start()
        for round in 8..<12 { try Self.dropRound(round, into: cluster, &dropped) }
        Self.drain(cluster)
        try Self.check(cluster, dropped)
        for host in Self.hosts {
            #expect(cluster.daemon(host).log.contains("unavailable") || cluster.daemon(host).log.contains("PostgreSQL"))
        }
    }

    /// `intake reprocess` against the shared ledger: run on one host, its files go back through
    /// the inbox to whichever host takes them, each with the next revision, written once.
    @Test func reprocessThroughTheSharedLedger() throws {
        let cluster = try SharedCluster(hosts: ["a", "b"], lease: 3)
        try cluster.startAll()
        let contents = try (0..<4).map { try DaemonHarness.uniquePDF(2000 + $0) }
        for (index, bytes) in contents.enumerated() { try cluster.drop("p\(index).pdf", bytes) }
        #expect(cluster.daemon("a").wait { cluster.records.count == 4 })
        let result = try cluster.daemon("b").run(["reprocess", "done", "--since", "2000-01-01"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(cluster.daemon("a").wait { cluster.records.count == 8 }, "\(cluster.records.count) lines")
        let pairs = cluster.records.map { "\($0.line["id"] as? String ?? "")#\($0.line["revision"] as? Int ?? 0)" }
        let expected = contents.flatMap { bytes in [1, 2].map { "\(ContentHash(of: bytes).hex)#\($0)" } }
        #expect(pairs.sorted() == expected.sorted())
        // The record table's row is written with the ledger's step 3, after the output line
        // (step 2): on a loaded machine it can come a moment after the lines counted above.
        let secondRevisions = "SELECT count(*) FROM intake_records WHERE revision = 2"
        #expect(cluster.daemon("a").wait { (try? cluster.postgres.psql(secondRevisions)) == "4" })
        #expect(try cluster.postgres.psql(secondRevisions) == "4")
        for host in ["a", "b"] {
            #expect(cluster.daemon(host).stop() == 0)
            // Every log line says which host wrote it.
            let lines = cluster.daemon(host).log.split(separator: "\n").filter { $0.hasPrefix("20") }
            #expect(lines.count > 3)
            #expect(lines.allSatisfy { $0.contains(" host=\(host)") }, "\(lines.filter { !$0.contains(" host=") })")
        }
    }

    /// A host killed after appending a line and before step 3 reached PostgreSQL: at restart,
    /// recovery finds the line at its offset, marks the entry done and puts the line into the
    /// record table, as step 3 would have.
    @Test func recoveryPutsAWrittenLineIntoTheTable() throws {
        let cluster = try SharedCluster(hosts: ["a"], lease: 3)
        try cluster.startAll()
        let bytes = try DaemonHarness.uniquePDF(3000)
        try cluster.drop("written.pdf", bytes)
        let id = ContentHash(of: bytes).hex
        let daemon = cluster.daemon("a")
        #expect(daemon.wait { cluster.records.count == 1 })
        #expect(daemon.wait { (try? cluster.postgres.psql("SELECT count(*) FROM intake_records")) == "1" })
        daemon.killHard()
        // The state a kill between the line and step 3 leaves.
        _ = try cluster.postgres.psql("UPDATE intake_documents SET outcome = 'writing' WHERE id = '\(id)'")
        _ = try cluster.postgres.psql("DELETE FROM intake_records")
        try daemon.start()
        #expect(
            daemon.wait { (try? cluster.postgres.psql("SELECT outcome FROM intake_documents")) == "done" },
            "\(daemon.log.suffix(1500))"
        )
        #expect(try cluster.postgres.psql("SELECT id || '#' || revision FROM intake_records") == "\(id)#1")
        #expect(cluster.records.count == 1)
        #expect(daemon.stop() == 0)
    }

    /// `tls = "require"`: a host with the server's CA connects over TLS and works; one that
    /// verifies against the system's CAs refuses the certificate, says why, and takes nothing.
    @Test func tlsIsRequiredAndTheServerVerified() throws {
        let cluster = try SharedCluster(hosts: ["a", "b"], lease: 3, tls: true)
        try cluster.configure("b", ["ledger": ["ca_file": "\"\""]])
        try cluster.daemon("a").start()
        try cluster.daemon("b").startWithoutWaiting()
        try cluster.drop("over-tls.pdf", try DaemonHarness.uniquePDF(4000))
        #expect(cluster.daemon("a").wait { cluster.records.count == 1 })
        #expect(cluster.records.allSatisfy { $0.host == "a" })
        #expect(
            try cluster.postgres.psql(
                "SELECT ssl FROM pg_stat_ssl JOIN pg_stat_activity USING (pid) WHERE usename = 'intake' AND application_name <> 'psql' LIMIT 1"
            ) == "t"
        )
        let b = cluster.daemon("b")
        #expect(b.wait { b.log.contains("waiting for the shared ledger") }, "\(b.log.suffix(1500))")
        #expect(b.log.contains("CERTIFICATE_VERIFY_FAILED"), "\(b.log.suffix(1500))")
        #expect(cluster.files(in: "processing/b").isEmpty)
        #expect(cluster.daemon("a").stop() == 0)
        #expect(b.stop() == 0)
    }
}
