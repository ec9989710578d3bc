import Foundation
import IntakeTestSupport
import IntakeText
import Testing

/// The inputs a fuzzer once crashed on (`scripts/fuzz.sh` writes `crash-*`; each is copied to
/// `FuzzRegressions/TARGET/`), replayed on what the fuzz target checks, with the finding named
/// instead of a trap.
struct FuzzRegressionTests {
    static func inputs(_ target: String) -> [String] {
        let folder = Fixtures.packageRoot + "/Tests/IntakePipelineTests/FuzzRegressions/" + target
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted().map {
            folder + "/" + $0
        }
    }

    /// The posting parser's promise (what `FuzzEntry.parse` checks): every field's evidence span
    /// lies in the normalised text and reads back as its value.
    @Test(arguments: inputs("parser"))
    func theParserKeepsItsEvidencePromise(_ path: String) throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let text = String(decoding: bytes, as: UTF8.self)
        let parsed = PostingParser().parse(pages: text.components(separatedBy: "\u{0C}"))
        #expect(parsed.evidenceProblems().isEmpty, "\(parsed.evidenceProblems())")
    }
}
