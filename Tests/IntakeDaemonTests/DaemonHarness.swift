import Foundation
import Glibc
import IntakeTestSupport
import Testing

/// Runs the real `intake watch` binary on a temporary root, as a child process.
final class DaemonHarness {
    /// The `intake` executable.
    static let binary = TestEnvironment.intakeBinary

    let root: String
    let configPath: String
    let logPath: String
    private var process: Process?
    private var dropCount = 0

    /// - Parameter settings: TOML sections → keys → raw TOML values, merged over test defaults
    ///   (short settle and retry times, debug logs).
    init(settings: [String: [String: String]] = [:]) throws {
        root = NSTemporaryDirectory() + "intake-daemon-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        configPath = root + "/intake.toml"
        logPath = root + "/daemon.log"
        ownsRoot = true
        try configure(settings)
        try #require(FileManager.default.createFile(atPath: logPath, contents: nil))
    }

    /// One of several daemons on a shared `root` (``SharedCluster``): its configuration and
    /// log are `root/NAME.toml` and `root/NAME.log`.
    init(root: String, name: String, settings: [String: [String: String]]) throws {
        self.root = root
        configPath = root + "/\(name).toml"
        logPath = root + "/\(name).log"
        ownsRoot = false
        try configure(settings)
        try #require(FileManager.default.createFile(atPath: logPath, contents: nil))
    }

    private let ownsRoot: Bool

    /// (Re)writes the configuration: the test defaults with `settings` merged over them.
    func configure(_ settings: [String: [String: String]]) throws {
        var sections: [String: [String: String]] = [
            "folders": ["root": "\"\(root)/data\""],
            "watch": ["settle_seconds": "0.2", "incomplete_timeout_seconds": "3"],
            "processing": ["retry_backoff_seconds": "0.2", "shutdown_timeout_seconds": "20"],
            "log": ["level": "\"debug\""],
        ]
        for (section, keys) in settings { sections[section, default: [:]].merge(keys) { _, new in new } }
        var text = ""
        for (section, keys) in sections.sorted(by: { $0.key < $1.key }) {
            text += "[\(section)]\n" + keys.sorted(by: { $0.key < $1.key }).map { "\($0.key) = \($0.value)\n" }.joined()
        }
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    deinit {
        if let process, process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        if ownsRoot { try? FileManager.default.removeItem(atPath: root) }
    }

    func folder(_ name: String) -> String { root + "/data/" + name }
    var outputPath: String { folder("out/intake.jsonl") }

    /// Runs `intake ARGUMENTS --config CONFIG` to the end.
    func run(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments + ["--config", configPath]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stderr, as: UTF8.self))
    }

    /// Starts `intake watch --config CONFIG` and returns at once (the log is emptied first).
    func startWithoutWaiting() throws {
        try Data().write(to: URL(fileURLWithPath: logPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["watch", "--config", configPath]
        process.standardError = try #require(FileHandle(forWritingAtPath: logPath))
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        self.process = process
    }

    /// Starts `intake watch --config CONFIG`, and waits until it has created its folders.
    func start(environment: [String: String] = [:]) throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build intake first: swift build")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["watch", "--config", configPath]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let log = try #require(FileHandle(forWritingAtPath: logPath))
        log.seekToEndOfFile()
        process.standardError = log
        process.standardOutput = FileHandle.nullDevice
        let starts = self.log.components(separatedBy: "intake is watching").count
        try process.run()
        self.process = process
        #expect(
            wait { self.log.components(separatedBy: "intake is watching").count > starts || !process.isRunning },
            "daemon did not start: \(self.log)"
        )
    }

    /// SIGTERM, then the exit status.
    @discardableResult
    func stop(signal: Int32 = SIGTERM) -> Int32 {
        guard let process else { return -1 }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        self.process = nil
        return process.terminationStatus
    }

    /// SIGSTOP: the process is frozen (as on a host that stops answering).
    func pause() {
        if let process { kill(process.processIdentifier, SIGSTOP) }
    }

    /// SIGCONT.
    func resume() {
        if let process { kill(process.processIdentifier, SIGCONT) }
    }

    /// SIGKILL, no chance to clean up.
    func killHard() {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    var isRunning: Bool { process?.isRunning ?? false }
    var pid: Int32 { process?.processIdentifier ?? 0 }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// A text PDF made unique by a trailing comment (after `%%EOF`, where readers ignore it).
    static func uniquePDF(_ number: Int) throws -> [UInt8] {
        try Fixtures.bytes("text.pdf") + Array("% copy \(number)\n".utf8)
    }

    /// Drops a file into the inbox: written elsewhere and renamed in (atomic), as most tools do.
    func drop(_ name: String, _ bytes: [UInt8]) throws {
        dropCount += 1
        let staging = root + "/staging-\(dropCount)"
        try Data(bytes).write(to: URL(fileURLWithPath: staging))
        let target = folder("inbox/" + name)
        try FileManager.default.createDirectory(
            atPath: (target as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true
        )
        #expect(rename(staging, target) == 0)
    }

    /// Polls `condition` every 50 ms for up to `seconds`.
    func wait(seconds: Double = 30, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    /// Regular files under a folder, relative to it (notes included).
    func files(in name: String) -> [String] {
        let base = folder(name)
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            var info = stat()
            if lstat(base + "/" + relative, &info) == 0 && (info.st_mode & S_IFMT) != S_IFDIR { files.append(relative) }
        }
        return files.sorted()
    }

    /// Waits (10 s at most) for a note (`.error.json`, `.duplicate.json`), which the daemon
    /// writes just after it files the input; returns its path.
    @discardableResult
    func awaitNote(_ relative: String) -> String {
        let path = folder(relative)
        _ = wait(seconds: 10) { FileManager.default.fileExists(atPath: path) }
        return path
    }

    /// Input files under a folder (without the daemon's notes).
    func inputs(in name: String) -> [String] {
        files(in: name).filter { !$0.hasSuffix(".error.json") && !$0.hasSuffix(".duplicate.json") }
    }

    /// The output's bytes.
    var outputBytes: [UInt8] { (try? Array(Data(contentsOf: URL(fileURLWithPath: outputPath)))) ?? [] }

    /// The complete lines of the output, parsed; a line that does not parse is recorded as a failure.
    var records: [[String: Any]] { lines(of: outputPath) }

    /// The complete lines of a JSONL file, parsed.
    func lines(of path: String) -> [[String: Any]] {
        let bytes = (try? Array(Data(contentsOf: URL(fileURLWithPath: path)))) ?? []
        let complete = bytes.lastIndex(of: 0x0A).map { bytes[...$0] } ?? []
        return complete.split(separator: 0x0A).map { line in
            let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
            #expect(object != nil, "unparsable line: \(String(decoding: line, as: UTF8.self).prefix(200))")
            return object ?? [:]
        }
    }

    /// The record ids and revisions, in order.
    var idsAndRevisions: [String] {
        records.map { "\($0["id"] as? String ?? "-")#\($0["revision"] as? Int ?? 0)" }
    }
}
