import Foundation
import IntakeCore
import IntakeTestSupport
import IntakeText
import Testing

struct PropertyTests {
    /// Characters that exercise every step: markdown, bullets, digits and their OCR look-alikes,
    /// currencies, dashes, invisible and compatibility characters, line and page breaks.
    static let alphabet: [String] = [
        "a", "e", "S", "O", "o", "l", "I", "|", "0", "1", "5", "9", ",", ".", ":", ";", " ", " ", " ", "\n", "\n\n",
        "\u{0C}", "\t", "\r", "\\", "*", "**", "#", "- ", "• ", "+ ", "–", "—", "$", "€", "£", "k", "K", "(", ")",
        "/", "é", "ñ", "ü", "ﬁ", "\u{00AD}", "\u{200B}", "\u{FEFF}", "\u{00A0}", "😀", "Apr", "abr", " 2026", "Salary",
        "Responsibilities\n", "Qualifications:\n", "years of experience", "Location:", "Posted:", "-\n", "AI", "Al",
        "\u{0000}", "\u{7F}", "ß", "İ", "ǅ", "\u{0301}", "Hybrid", "Remote", "Full time",
        "&amp;", "&#8217;", "&nbsp;", "&", "<", ">", "<p>", "</p>", "<br>", "<li>", "lt;", "#38;",
    ]

    static func randomText(_ generator: inout SeededGenerator) -> String {
        let length = Int.random(in: 0...120, using: &generator)
        return (0..<length).map { _ in alphabet.randomElement(using: &generator)! }.joined()
    }

    @Test func arbitraryTextNeverCrashesAndNormalisationIsIdempotent() {
        var generator = SeededGenerator(state: 20_261_121)
        let normalizer = TextNormalizer()
        for _ in 0..<1000 {
            let input = Self.randomText(&generator)
            let once = normalizer.normalize(input)
            let twice = normalizer.normalize(once)
            #expect(once == twice, "input: \(input.debugDescription)")
            let parsed = PostingParser().parse(pages: input.components(separatedBy: "\u{0C}"))
            #expect(parsed.evidenceProblems() == [], "input: \(input.debugDescription)")
        }
    }

    @Test func arbitraryBytesAsTextNeverCrash() {
        var generator = SeededGenerator(state: 7)
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0...400, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let parsed = PostingParser().parse(pages: [text])
            #expect(TextNormalizer().normalize(parsed.text) == parsed.text)
        }
    }

    @Test(.enabled(if: Seeds.available), arguments: [1, 2, 3])
    func seedEvidenceReadsAsItsValue(_ number: Int) throws {
        let parsed = try Seeds.parse(number)
        #expect(parsed.evidenceProblems() == [])
        #expect(TextNormalizer().normalize(parsed.text) == parsed.text)
    }
}
