import Foundation
import IntakeCore
import IntakePipeline
import IntakeTestSupport
import Logging
import Testing

/// Every kind of bad input gives an error record naming the stage and the reason, and never
/// stops the process.
@Suite(.enabled(if: TestEnvironment.hasTessdata))
struct BadInputTests {
    let worker = ExtractionWorker(index: 0, options: ExtractionOptions(), logger: Logger(label: "test"))

    /// The error record `worker` (by default the one with default options) writes for `path`.
    func errorRecord(_ path: String, options: ExtractionOptions? = nil) async throws -> ErrorRecord {
        let worker =
            options.map { ExtractionWorker(index: 0, options: $0, logger: Logger(label: "test")) } ?? self.worker
        let processed = await worker.process(path: path)
        guard case .error(let record) = processed.line else {
            Issue.record("expected an error record for \(path)")
            throw CancellationError()
        }
        #expect(record.source.path == path)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(processed.json)) as? [String: Any])
        #expect(json["kind"] as? String == "error")
        return record
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var fixture: String
        var stage: IntakeError.Stage
        var code: String
        var reasonContains: String
        var testDescription: String { fixture }
    }

    @Test(arguments: [
        Case(fixture: "truncated.pdf", stage: .open, code: "truncated", reasonContains: "%%EOF"),
        Case(fixture: "encrypted.pdf", stage: .open, code: "encrypted", reasonContains: "no password"),
        Case(fixture: "zero-pages.pdf", stage: .open, code: "no_pages", reasonContains: "no pages"),
        Case(fixture: "corrupt.png", stage: .decode, code: "corrupt_image", reasonContains: "image/png"),
        Case(
            fixture: "absurd-dimensions.png",
            stage: .decode,
            code: "image_too_large",
            reasonContains: "200000 × 200000"
        ),
        Case(fixture: "archive.docx", stage: .sniff, code: "unsupported_type", reasonContains: "ZIP archive"),
    ])
    func badFixtureGivesAnErrorRecord(_ c: Case) async throws {
        let path = Fixtures.path(c.fixture)
        let record = try await errorRecord(path)
        #expect(record.error.stage == c.stage)
        #expect(record.error.code == c.code)
        #expect(record.error.reason.contains(c.reasonContains), "\(record.error.reason)")
        #expect(record.error.reason.contains(c.fixture), "the reason names the file")
        // The bytes were read, so the error record still has the stable id and size.
        #expect(record.id != nil)
        #expect(record.source.size == (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int))
    }

    @Test func wrongPasswordIsNotMistakenForNoPassword() async throws {
        let record = try await errorRecord(
            Fixtures.path("encrypted.pdf"),
            options: ExtractionOptions(password: "guess")
        )
        #expect(record.error.code == "wrong_password")
    }

    @Test func missingPathGivesNotFound() async throws {
        let record = try await errorRecord("/nonexistent/intake/scan.pdf")
        #expect(record.error.stage == .read)
        #expect(record.error.code == "not_found")
        #expect(record.id == nil)
    }

    @Test func emptyFileGivesEmpty() async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("empty.pdf", contents: [])
        let record = try await errorRecord(path)
        #expect(record.error.code == "empty")
        #expect(record.source.size == 0)
    }

    @Test func fileOverTheSizeLimitIsRefusedUnread() async throws {
        let record = try await errorRecord(Fixtures.path("text.pdf"), options: ExtractionOptions(maxFileBytes: 1000))
        #expect(record.error.code == "too_large")
        #expect(record.id == nil)
    }

    @Test func fifoIsNotARegularFile() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("pipe.pdf")
        #expect(mkfifo(path, 0o644) == 0)
        let record = try await errorRecord(path)
        #expect(record.error.code == "not_regular_file")
    }
}

/// A temporary folder removed when the value goes away.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "intake-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func path(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }

    @discardableResult
    func file(_ name: String, contents: [UInt8]) -> String {
        let target = path(name)
        _ = FileManager.default.createFile(atPath: target, contents: Data(contents))
        return target
    }

    @discardableResult
    func copy(fixture: String, as name: String? = nil) throws -> String {
        let target = path(name ?? fixture)
        try FileManager.default.copyItem(atPath: Fixtures.path(fixture), toPath: target)
        return target
    }
}
