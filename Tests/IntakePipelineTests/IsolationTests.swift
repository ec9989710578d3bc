import Foundation
import IntakeCore
import IntakePipeline
import IntakeTestSupport
import Logging
import Testing

/// Documents read in real `intake worker` processes: the same records as in this process, and a
/// crash, a hang or a runaway allocation costs that one document (named in its error), never the
/// batch. The misbehaviour comes from the worker's test hook (`INTAKE_TEST_WORKER_FAULT`).
@Suite(.enabled(if: TestEnvironment.hasTessdata), .serialized)
struct IsolationTests {
    static func launch(fault: String? = nil) -> WorkerLaunch {
        var environment = ProcessInfo.processInfo.environment
        environment["INTAKE_TEST_WORKER_FAULT"] = fault
        return WorkerLaunch(
            executable: TestEnvironment.intakeBinary,
            arguments: ["intake", "worker"],
            environment: environment
        )
    }

    /// Runs the fixtures named (copied under the names given) through 2 workers; each record
    /// line by file name.
    static func run(
        _ files: [(fixture: String, name: String)],
        isolation: WorkerIsolation,
        options: ExtractionOptions = ExtractionOptions(),
        in folder: TemporaryFolder? = nil
    ) async throws -> [String: ProcessedDocument] {
        try #require(FileManager.default.isExecutableFile(atPath: TestEnvironment.intakeBinary), "build intake first")
        let folder = try folder ?? TemporaryFolder()
        for file in files where !FileManager.default.fileExists(atPath: folder.path(file.name)) {
            try folder.copy(fixture: file.fixture, as: file.name)
        }
        let runner = BatchRunner(options: options, jobs: 2, logger: Logger(label: "test"), isolation: isolation)
        var lines: [String: ProcessedDocument] = [:]
        _ = try await runner.run(InputCollector().collect([folder.path])) { document in
            switch document.line {
            case .document(let record): lines[record.source.fileName] = document
            case .error(let record): lines[record.source.fileName] = document
            }
        }
        return lines
    }

    static func code(_ document: ProcessedDocument?) -> String? {
        guard let document else { return nil }
        if case .error(let record) = document.line { return record.error.code }
        return "ok"
    }

    static func reason(_ document: ProcessedDocument?) -> String {
        if case .error(let record) = document?.line { return record.error.reason }
        return ""
    }

    @Test func workerProcessesGiveTheSameRecordsAsThisProcess() async throws {
        let files = [
            ("text.pdf", "text.pdf"), ("scan-clean.png", "scan.png"), ("mixed.pdf", "mixed.pdf"),
            ("multipage.tiff", "pages.tiff"), ("truncated.pdf", "truncated.pdf"),
        ].map { (fixture: $0.0, name: $0.1) }
        let folder = try TemporaryFolder()
        let isolated = try await Self.run(files, isolation: .processes(Self.launch(), residentMiB: 1024), in: folder)
        let local = try await Self.run(files, isolation: .inProcess, in: folder)
        #expect(isolated.count == files.count)
        for (name, document) in local {
            // The same JSON line, timings aside (they differ from run to run).
            #expect(Self.withoutTimings(isolated[name]?.json) == Self.withoutTimings(document.json), "\(name)")
        }
    }

    /// A record line as JSON objects, with every "timings" object removed.
    static func withoutTimings(_ json: [UInt8]?) -> NSDictionary? {
        guard let json, let object = try? JSONSerialization.jsonObject(with: Data(json)) else { return nil }
        func strip(_ value: Any) -> Any {
            if let dictionary = value as? [String: Any] {
                return dictionary.filter { $0.key != "timings" }.mapValues(strip)
            }
            if let array = value as? [Any] { return array.map(strip) }
            return value
        }
        return strip(object) as? NSDictionary
    }

    @Test(arguments: [("kill", "SIGKILL"), ("segv", "SIGSEGV")])
    func aWorkerThatDiesIsReplacedAndItsDocumentTriedOnceMore(action: String, signal: String) async throws {
        let lines = try await Self.run(
            [("text.pdf", "a.pdf"), ("text.pdf", "poison.pdf"), ("scan-clean.png", "c.png"), ("mixed.pdf", "d.pdf")]
                .map { (fixture: $0.0, name: $0.1) },
            isolation: .processes(Self.launch(fault: "\(action):poison"), residentMiB: 1024)
        )
        #expect(Self.code(lines["poison.pdf"]) == "crashed")
        #expect(Self.reason(lines["poison.pdf"]).contains(signal), "\(Self.reason(lines["poison.pdf"]))")
        #expect(Self.reason(lines["poison.pdf"]).contains("twice"))
        // The same bytes under other names, and the other documents, flow through.
        #expect(Self.code(lines["a.pdf"]) == "ok")
        #expect(Self.code(lines["c.png"]) == "ok")
        #expect(Self.code(lines["d.pdf"]) == "ok")
    }

    @Test func aHangingWorkerIsStoppedAtTheTimeLimitPlusItsGrace() async throws {
        var options = ExtractionOptions()
        options.documentTimeoutSeconds = 4
        let start = ContinuousClock.now
        let lines = try await Self.run(
            [("text.pdf", "stuck.pdf"), ("text.pdf", "fine.pdf")].map { (fixture: $0.0, name: $0.1) },
            isolation: .processes(Self.launch(fault: "hang:stuck"), residentMiB: 1024),
            options: options
        )
        let elapsed = ContinuousClock.now - start
        #expect(Self.code(lines["stuck.pdf"]) == "timeout")
        #expect(Self.code(lines["fine.pdf"]) == "ok")
        // Filed within the limit plus 5 s (the worker's grace is 3 s), not retried.
        #expect(elapsed < .seconds(4 + 5), "\(elapsed)")
    }

    @Test func aWorkerOverItsMemoryLimitIsStopped() async throws {
        let lines = try await Self.run(
            [("text.pdf", "greedy.pdf"), ("text.pdf", "modest.pdf")].map { (fixture: $0.0, name: $0.1) },
            isolation: .processes(Self.launch(fault: "hog:greedy"), residentMiB: 256)
        )
        #expect(Self.code(lines["greedy.pdf"]) == "memory_limit")
        #expect(
            Self.reason(lines["greedy.pdf"]).contains("over its limit of 256 MiB"),
            "\(Self.reason(lines["greedy.pdf"]))"
        )
        #expect(Self.code(lines["modest.pdf"]) == "ok")
    }

    @Test func aDocumentWithMorePagesThanTheLimitFailsBeforeItsPagesAreRead() async throws {
        var options = ExtractionOptions()
        options.maxPages = 1
        let lines = try await Self.run(
            [("multipage.tiff", "pages.tiff"), ("text.pdf", "one.pdf")].map { (fixture: $0.0, name: $0.1) },
            isolation: .processes(Self.launch(), residentMiB: 1024),
            options: options
        )
        #expect(Self.code(lines["pages.tiff"]) == "too_many_pages")
        #expect(Self.code(lines["one.pdf"]) == "ok")
    }
}
