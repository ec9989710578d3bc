import Foundation
import IntakeCore
import IntakePipeline
import IntakeTestSupport
import Testing

/// Born-digital pages in languages and scripts the English dictionary does not cover
/// (`languages.pdf`: German, French, Chinese, Russian, Arabic, one a page, with embedded
/// DejaVu and WenQuanYi fonts) keep their text layer with the default English settings, and
/// each page's language and script are detected.
@Suite(.enabled(if: TestEnvironment.hasTessdata))
struct LanguageLayerTests {
    static let expected: [(language: String, script: String)] = [
        ("de", "Latn"), ("fr", "Latn"), ("zh", "Hani"), ("ru", "Cyrl"), ("ar", "Arab"),
    ]

    @Test func aGoodTextLayerInAnyLanguageIsKept() async throws {
        let document = try await DocumentExtractor(options: ExtractionOptions())
            .extract(bytes: try Fixtures.bytes("languages.pdf"), name: "languages.pdf")
        let truth = try Fixtures.expectedText("languages.pdf").split(separator: "\u{0C}").map(String.init)
        #expect(document.pages.count == Self.expected.count)
        #expect(truth.count == Self.expected.count)
        for (index, page) in document.pages.enumerated() where index < Self.expected.count && index < truth.count {
            let want = Self.expected[index]
            #expect(page.textSource == .native, "page \(index + 1) (\(want.language)): \(page.reason)")
            #expect(page.reason == .textLayer)
            #expect(page.language == want.language, "page \(index + 1)")
            #expect(page.script == want.script, "page \(index + 1)")
            // Poppler writes bidi embedding marks around right-to-left words; they are not text.
            let text = String(page.text.unicodeScalars.filter { !(0x202A...0x202E).contains($0.value) })
            let cer = CharacterErrorRate.of(text, against: truth[index])
            // The Arabic page is read as it is selected right to left (PDFPage.rightToLeftText):
            // Poppler's left-to-right selection left out its first and last lines (CER 0.29).
            #expect(cer < 0.02, "page \(index + 1) (\(want.language)) CER \(cer)")
        }
        #expect(document.warnings.isEmpty, "\(document.warnings)")
    }
}
