import Foundation
import IntakeTestSupport
import Testing

/// Runs the real `intake` binary as a child process.
@Suite(.enabled(if: TestEnvironment.hasTessdata))
struct CommandLineTests {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var lines: [[String: Any]] {
            stdout.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
        }
    }

    /// The `intake` executable.
    static let binary = TestEnvironment.intakeBinary

    /// Runs `program` (`intake`, or another program beside it) with `arguments`, as `user` when
    /// given, with `environment` when given (else this process's).
    func run(
        _ arguments: [String],
        as user: String? = nil,
        program: String = "intake",
        environment: [String: String]? = nil
    ) throws -> Result {
        let binary = ((Self.binary as NSString).deletingLastPathComponent as NSString).appendingPathComponent(program)
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build intake first: swift build")
        let process = Process()
        if let user {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=\(user)", "--regid=\(user)", "--clear-groups", binary] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
        }
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self)
        )
    }

    /// `intake` runs with OMP_THREAD_LIMIT=1 when it is unset or empty, and logs it; a value the
    /// user set is kept.
    @Test(arguments: [
        (nil, "set OMP_THREAD_LIMIT=1 for Tesseract's OpenMP"),
        ("", "set OMP_THREAD_LIMIT=1 for Tesseract's OpenMP"),
        ("2", "OMP_THREAD_LIMIT=2 kept from the environment"),
    ])
    func openMPThreadLimitIsSetBeforeTesseractLoads(limit: String?, logged: String) throws {
        var environment = ProcessInfo.processInfo.environment
        environment["OMP_THREAD_LIMIT"] = limit
        let result = try run(
            ["run", Fixtures.path("text.pdf"), "--log-level", "info"],
            environment: environment
        )
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains(logged), "\(result.stderr)")
    }

    /// libtesseract, and the libcurl and libarchive it links, are not among the libraries the
    /// dynamic loader maps when `intake` starts (glibc's loader lists them and stops when
    /// LD_TRACE_LOADED_OBJECTS is set, as `ldd` does): Tesseract is loaded on first use. The
    /// OCR tests show it then works.
    @Test func tesseractIsNotLoadedAtStartUp() throws {
        var environment = ProcessInfo.processInfo.environment
        environment["LD_TRACE_LOADED_OBJECTS"] = "1"
        let result = try run([], environment: environment)
        #expect(result.stdout.contains("libpoppler-glib"), "\(result.stdout)")
        #expect(result.stdout.contains("liblept"), "\(result.stdout)")
        #expect(!result.stdout.contains("libtesseract"), "\(result.stdout)")
        #expect(!result.stdout.contains("libcurl"), "\(result.stdout)")
    }

    @Test func goodBatchExitsZeroWithOneRecordPerDocumentAndASummary() throws {
        let result = try run(["run", Fixtures.path("text.pdf"), Fixtures.path("scan-clean.png"), "--jobs", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.lines.count == 2)
        #expect(result.lines.allSatisfy { $0["kind"] as? String == "document" })
        #expect(result.stderr.contains("intake: 2 documents ok, 0 failed; pages: 1 native, 1 OCR;"))
        // Off a terminal there is no progress bar: stderr is exactly the summary line.
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func failuresExitOneAndPrintOneLineEach() throws {
        let result = try run(["run", Fixtures.path("text.pdf"), Fixtures.path("encrypted.pdf"), "/nonexistent.pdf"])
        #expect(result.status == 1)
        #expect(result.lines.count == 3)
        let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("intake: error:") }
        #expect(errors.count == 2)
        #expect(errors.contains { $0.contains("encrypted.pdf") && $0.contains("[encrypted]") })
        #expect(errors.contains { $0.contains("/nonexistent.pdf") && $0.contains("[not_found]") })
        #expect(result.stderr.contains("1 documents ok, 2 failed"))
    }

    @Test func passwordOptionOpensEncryptedPDF() throws {
        let result = try run(["run", Fixtures.path("encrypted.pdf"), "--password", "secret"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.lines.first?["kind"] as? String == "document")
    }

    @Test func outputFileGetsTheRecords() throws {
        let folder = try TemporaryFolder()
        let output = folder.path("out.jsonl")
        let result = try run(["run", Fixtures.path("text.pdf"), "--output", output])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        let written = try String(contentsOfFile: output, encoding: .utf8)
        #expect(written.hasSuffix("\n"))
        #expect(written.split(separator: "\n").count == 1)
    }

    @Test func missingLanguageFailsTheRunBeforeAnyDocument() throws {
        let result = try run(["run", Fixtures.path("text.pdf"), "--languages", "eng+tlh"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("tlh"))
        #expect(result.stdout.isEmpty)
    }

    /// Permissions do not stop root, so as root the run is repeated as `nobody` (setpriv).
    @Test func unreadableFileInAFolderIsAnErrorRecordAndTheRestContinues() throws {
        let folder = try TemporaryFolder()
        try folder.copy(fixture: "text.pdf", as: "readable.pdf")
        let locked = try folder.copy(fixture: "text.pdf", as: "locked.pdf")
        #expect(chmod(locked, 0o000) == 0)
        #expect(chmod(folder.path, 0o755) == 0)
        let asRoot = getuid() == 0
        let result = try run(["run", folder.path], as: asRoot ? "65534" : nil)
        #expect(result.status == 1, "\(result.stderr)")
        let byName = Dictionary(
            uniqueKeysWithValues: result.lines.map {
                (($0["source"] as? [String: Any])?["file_name"] as? String ?? "", $0)
            }
        )
        #expect(byName["readable.pdf"]?["kind"] as? String == "document")
        let error = byName["locked.pdf"]?["error"] as? [String: Any]
        #expect(error?["code"] as? String == "unreadable")
        #expect(error?["stage"] as? String == "read")
    }
}
