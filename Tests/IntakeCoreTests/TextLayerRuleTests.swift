import IntakeCore
import Testing

struct TextLayerCase: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var characters: Int
    var unmapped: Int
    var reason: PageReason?
    var testDescription: String { name }

    static let body = "Senior Data Engineer, Document Intelligence. Charlotte, NC."
    static let all: [TextLayerCase] = [
        TextLayerCase(name: "ordinary text", text: body, characters: 53, unmapped: 0, reason: nil),
        TextLayerCase(name: "empty", text: "", characters: 0, unmapped: 0, reason: .tooFewCharacters),
        TextLayerCase(
            name: "whitespace only",
            text: " \n\t\u{0C} ",
            characters: 0,
            unmapped: 0,
            reason: .tooFewCharacters
        ),
        TextLayerCase(
            name: "a page number",
            text: "Page 2 of 7",
            characters: 8,
            unmapped: 0,
            reason: .tooFewCharacters
        ),
        TextLayerCase(
            name: "replacement characters",
            text: String(repeating: "\u{FFFD}", count: 30) + " ok text here",
            characters: 40,
            unmapped: 30,
            reason: .unmappedGlyphs
        ),
        TextLayerCase(
            name: "private use glyph codes",
            text: String(repeating: "\u{E001}\u{E002} ", count: 20),
            characters: 40,
            unmapped: 40,
            reason: .unmappedGlyphs
        ),
        TextLayerCase(
            name: "a few unmapped among many",
            text: body + "\u{FFFD}",
            characters: 54,
            unmapped: 1,
            reason: nil
        ),
    ]
}

struct TextLayerRuleTests {
    @Test(arguments: TextLayerCase.all)
    func measuresAndDecides(_ c: TextLayerCase) {
        let measurement = TextLayerRule.measure(c.text)
        #expect(measurement.characters == c.characters)
        #expect(measurement.unmapped == c.unmapped)
        #expect(TextLayerRule().ocrReason(for: measurement) == c.reason)
    }

    @Test func thresholdsAreConfigurable() {
        let measurement = TextLayerRule.measure("Page 2 of 7")
        #expect(TextLayerRule(minCharacters: 5).ocrReason(for: measurement) == nil)
        let noisy = TextLayerRule.measure(TextLayerCase.body + String(repeating: "\u{FFFD}", count: 10))
        #expect(TextLayerRule().ocrReason(for: noisy) == .unmappedGlyphs)
        #expect(TextLayerRule(maxUnmappedRatio: 0.5).ocrReason(for: noisy) == nil)
    }

    @Test func glyphCodeWordsAreCountedAndPlainNumbersAreNot() {
        let codes = TextLayerRule.measure("/31 /8 /18 /g44 (cid:7) cid:12 /uni0041 G31 Senior Data Engineer")
        #expect(codes.words == 11)
        #expect(codes.glyphCodes == 8)
        #expect(TextLayerRule().ocrReason(for: codes) == .glyphCodes)
        let prose = TextLayerRule.measure("In 2026 we hired 31 engineers at $120,000 for 2/3 of G-7 roles; see /docs.")
        #expect(prose.glyphCodes == 0)
        #expect(TextLayerRule().ocrReason(for: prose) == nil)
    }

    @Test func dictionaryTestLooksAtLetterWordsOnly() {
        let measurement = TextLayerRule.measure("“Senior” data-engineer, 5+ years; Python3 SQL (Spark).")
        #expect(measurement.letterWords == ["Senior", "years", "Python", "SQL", "Spark"])
        let rule = TextLayerRule()
        #expect(!rule.checksDictionary(measurement), "fewer than \(rule.minDictionaryWords) letter words")
        let long = TextLayerRule.measure(String(repeating: "the quick brown fox ", count: 10))
        #expect(rule.checksDictionary(long))
        #expect(rule.ocrReason(dictionaryRatio: 0.59) == .fewDictionaryWords)
        #expect(rule.ocrReason(dictionaryRatio: 0.6) == nil)
        #expect(!TextLayerRule(minDictionaryRatio: 0).checksDictionary(long))
    }
}

struct UnicodeClassTests {
    /// The ASCII shortcuts and the spelled-out White_Space set agree with Unicode's tables for
    /// every scalar.
    @Test func agreesWithThePropertyTables() {
        var whitespaceMismatches: [UInt32] = []
        var alphabeticMismatches: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if UnicodeClass.isWhitespace(scalar) != scalar.properties.isWhitespace {
                whitespaceMismatches.append(value)
            }
            if UnicodeClass.isAlphabetic(scalar) != scalar.properties.isAlphabetic {
                alphabeticMismatches.append(value)
            }
        }
        #expect(whitespaceMismatches.isEmpty)
        #expect(alphabeticMismatches.isEmpty)
    }

    @Test func countsCharactersAndWords() {
        #expect(TextLayerRule.count("") == (0, 0))
        #expect(TextLayerRule.count(" \n\t ") == (0, 0))
        #expect(TextLayerRule.count("Senior  Data\u{00A0}Engineer\u{3000}— NC ") == (21, 5))
        #expect(TextLayerRule.count("naïve café") == (9, 2))
    }
}

struct ExtractionOptionsTests {
    @Test(arguments: [
        ExtractionOptions(languages: []),
        ExtractionOptions(languages: ["eng; rm -rf"]),
        ExtractionOptions(renderDPI: 10),
        ExtractionOptions(assumedImageDPI: 5000),
        ExtractionOptions(maxImageMegapixels: 0),
        ExtractionOptions(maxFileBytes: 0),
        ExtractionOptions(textLayer: TextLayerRule(maxUnmappedRatio: 1.5)),
        ExtractionOptions(textLayer: TextLayerRule(minDictionaryRatio: -0.1)),
        ExtractionOptions(preprocessing: PreprocessingOptions(rotateThreshold: -1)),
        ExtractionOptions(
            preprocessing: PreprocessingOptions(resolution: .init(minimum: 200, maximum: 400, target: 100))
        ),
    ])
    func rejectsBadValues(_ options: ExtractionOptions) {
        #expect(throws: IntakeError.self) { try options.validate() }
        do {
            try options.validate()
        } catch {
            #expect(error.code == .invalidConfiguration)
        }
    }

    @Test func defaultsAreValid() throws {
        try ExtractionOptions().validate()
        try ExtractionOptions(languages: ["eng", "deu", "chi_sim"]).validate()
    }
}
