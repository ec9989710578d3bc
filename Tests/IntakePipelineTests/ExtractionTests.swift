import IntakeCore
import IntakePipeline
import IntakeTestSupport
import Testing

@Suite(.enabled(if: TestEnvironment.hasTessdata))
struct ExtractionTests {
    @Test func textLayerSampleGivesItsExactText() throws {
        let extractor = DocumentExtractor(options: ExtractionOptions())
        let document = try extractor.extract(bytes: try Fixtures.bytes("text.pdf"), name: "text.pdf")
        #expect(document.mediaType == .pdf)
        #expect(document.pages.allSatisfy { $0.textSource == .native && $0.reason == .textLayer })
        let expected = try Fixtures.expectedText("text.pdf")
        let got = document.pages.map(\.text).joined(separator: "\u{0C}")
        #expect(CharacterErrorRate.normalize(got) == CharacterErrorRate.normalize(expected))
    }
}
