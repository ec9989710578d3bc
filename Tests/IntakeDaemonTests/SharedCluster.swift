import Foundation
import Glibc
import IntakeTestSupport
import Testing

/// A throw-away PostgreSQL cluster (scripts/pg-cluster.sh) in a temporary folder, on a free
/// loopback port.
final class PostgresServer {
    static let isInstalled: Bool = {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        return versions.contains {
            FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\($0)/bin/initdb")
        }
    }()

    let folder: String
    let port: Int
    /// With TLS: the server's certificate and the CA that signed it (`caFile`).
    let tls: Bool
    var url: String { "postgresql://intake@127.0.0.1:\(port)/intake" }
    var caFile: String { folder + "/tls/ca.crt" }

    init(tls: Bool = false) throws {
        folder = NSTemporaryDirectory() + "intake-pg-" + UUID().uuidString
        port = Self.freePort()
        self.tls = tls
        try start()
    }

    deinit {
        try? Self.script(["kill", folder])
        try? FileManager.default.removeItem(atPath: folder)
    }

    func start() throws { try Self.script(["start", folder, "\(port)"] + (tls ? ["tls"] : [])) }
    func stop() throws { try Self.script(["stop", folder]) }

    /// Runs SQL through psql; returns its unaligned, tuples-only output.
    @discardableResult
    func psql(_ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = ["-h", "127.0.0.1", "-p", "\(port)", "-U", "intake", "-d", "intake", "-At", "-c", sql]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "psql failed: \(sql)")
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func script(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [Fixtures.packageRoot + "/scripts/pg-cluster.sh"] + arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "pg-cluster.sh \(arguments.joined(separator: " ")) failed")
    }

    /// A port nothing listens on now (the kernel's choice for a socket bound to port 0).
    static func freePort() -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length)
                return getsockname(descriptor, pointer, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Several `intake watch` daemons, each with its own host name, sharing one root (inbox,
/// done/, failed/, out/) through one PostgreSQL ledger.
final class SharedCluster {
    let root: String
    let postgres: PostgresServer
    let lease: Double
    private(set) var daemons: [String: DaemonHarness] = [:]
    private var dropCount = 0

    /// With `tls`, the server speaks TLS with a certificate of its own CA, and the hosts
    /// require it and verify it with that CA (`settings` may say otherwise).
    init(hosts: [String], lease: Double, settings: [String: [String: String]] = [:], tls: Bool = false) throws {
        root = NSTemporaryDirectory() + "intake-shared-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        postgres = try PostgresServer(tls: tls)
        self.lease = lease
        for host in hosts { try configure(host, settings) }
    }

    /// (Re)writes a host's configuration: the cluster's settings with `settings` over them.
    func configure(_ host: String, _ settings: [String: [String: String]]) throws {
        var merged: [String: [String: String]] = [
            "processing": ["jobs": "1", "retry_backoff_seconds": "0.2", "shutdown_timeout_seconds": "20"],
            "ledger": [
                "backend": "\"postgresql\"", "url": "\"\(postgres.url)\"", "host": "\"\(host)\"",
                "lease_seconds": "\(lease)", "timeout_seconds": "3",
            ],
            "output": ["postgresql_table": "\"intake_records\""],
        ]
        if postgres.tls {
            merged["ledger"]!.merge(["tls": "\"require\"", "ca_file": "\"\(postgres.caFile)\""]) { _, new in new }
        }
        for (section, keys) in settings { merged[section, default: [:]].merge(keys) { _, new in new } }
        if let daemon = daemons[host] {
            try daemon.configure(merged)
        } else {
            daemons[host] = try DaemonHarness(root: root, name: host, settings: merged)
        }
    }

    deinit {
        for daemon in daemons.values { daemon.killHard() }
        try? FileManager.default.removeItem(atPath: root)
    }

    func daemon(_ host: String) -> DaemonHarness { daemons[host]! }
    func folder(_ name: String) -> String { root + "/data/" + name }

    func startAll() throws {
        for host in daemons.keys.sorted() { try daemons[host]!.start() }
    }

    /// Drops a file into the shared inbox (written elsewhere, renamed in).
    func drop(_ name: String, _ bytes: [UInt8]) throws {
        dropCount += 1
        let staging = root + "/staging-\(dropCount)"
        try Data(bytes).write(to: URL(fileURLWithPath: staging))
        #expect(rename(staging, folder("inbox/" + name)) == 0)
    }

    /// Files under a folder of the shared root, relative to it.
    func files(in name: String) -> [String] { daemons.values.first!.files(in: name) }

    /// The inbox and every host's processing folder are empty.
    var isIdle: Bool {
        files(in: "inbox").isEmpty && files(in: "processing").isEmpty
    }

    /// Every line of every host's output, with the host (a line that does not parse is an issue).
    var records: [(host: String, line: [String: Any])] {
        var all: [(String, [String: Any])] = []
        for host in daemons.keys.sorted() {
            let daemon = daemons[host]!
            for line in daemon.lines(of: folder("out/intake-\(host).jsonl")) { all.append((host, line)) }
        }
        return all
    }

    /// Every output file's bytes end with a newline (no torn line).
    var torn: [String] {
        daemons.keys.sorted().filter { host in
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: folder("out/intake-\(host).jsonl")))) ?? Data()
            return !bytes.isEmpty && bytes.last != 0x0A
        }
    }
}
