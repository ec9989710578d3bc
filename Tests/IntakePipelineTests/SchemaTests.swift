import Foundation
import IntakeCore
import IntakePipeline
import IntakeTestSupport
import Logging
import Testing

/// The records Intake writes match the JSON Schema in `schema/`.
@Suite(.enabled(if: TestEnvironment.hasTessdata))
struct SchemaTests {
    @Test func documentAndErrorRecordsMatchTheSchema() async throws {
        let validator = try JSONSchemaValidator(path: Fixtures.packageRoot + "/schema/intake-record.schema.json")
        let worker = ExtractionWorker(index: 0, options: ExtractionOptions(), logger: Logger(label: "test"))
        let names = [
            "text.pdf", "mixed.pdf", "multipage.tiff", "no-dpi.png", "encrypted.pdf", "truncated.pdf", "corrupt.png",
            "archive.docx",
        ]
        var kinds: Set<String> = []
        for name in names + ["missing.pdf"] {
            let processed = await worker.process(path: Fixtures.path(name))
            let object = try JSONSerialization.jsonObject(with: Data(processed.json))
            kinds.insert((object as? [String: Any])?["kind"] as? String ?? "")
            #expect(validator.errors(in: object) == [], "\(name)")
        }
        #expect(kinds == ["document", "error"])
    }

    @Test func validatorRejectsWhatTheSchemaForbids() throws {
        let validator = try JSONSchemaValidator(path: Fixtures.packageRoot + "/schema/intake-record.schema.json")
        let nested: [String: Any] = [
            "schema_version": 3, "kind": "error", "revision": 1, "source": ["path": "/a", "file_name": "a"],
            "error": ["stage": "read", "code": "not_found", "reason": "gone"],
            "versions": ["intake": "0", "poppler": "0", "tesseract": "0", "leptonica": "0"],
            "metadata": ["nested": ["a": 1]],
        ]
        #expect(!validator.errors(in: nested).isEmpty)
        var wrongCode = nested
        wrongCode["metadata"] = [String: Any]()
        wrongCode["error"] = ["stage": "read", "code": "exploded", "reason": "?"]
        #expect(!validator.errors(in: wrongCode).isEmpty)
        var valid = wrongCode
        valid["error"] = ["stage": "read", "code": "not_found", "reason": "gone"]
        #expect(validator.errors(in: valid) == [])
    }
}
