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
        let english = TextLanguage.detect("the quick brown fox")
        #expect(rule.check(measurement, language: english, dictionaryLanguage: "en") == .none)
        let text = String(repeating: "the quick brown fox and the dog ", count: 10)
        let long = TextLayerRule.measure(text)
        #expect(rule.check(long, language: TextLanguage.detect(text), dictionaryLanguage: "en") == .dictionary)
        #expect(rule.ocrReason(dictionaryRatio: 0.59) == .fewDictionaryWords)
        #expect(rule.ocrReason(dictionaryRatio: 0.6) == nil)
        #expect(TextLayerRule(minDictionaryRatio: 0).check(long, language: english, dictionaryLanguage: "en") == .none)
    }

    /// Which text layers are read again right to left (Arabic, Hebrew): not a Latin page that
    /// quotes an Arabic name.
    @Test func rightToLeftPages() {
        #expect(TextLanguage.isRightToLeft("نبحث عن مهندس بيانات للانضمام إلى فريقنا في دبي"))
        #expect(TextLanguage.isRightToLeft("אנחנו מחפשים מהנדס נתונים לצוות שלנו בתל אביב"))
        #expect(!TextLanguage.isRightToLeft("Data engineer for our Dubai office (دبي), five years of Python and SQL."))
        #expect(!TextLanguage.isRightToLeft("Wir suchen eine Datenanalystin"))
    }

    /// A text layer in a language the dictionary does not cover is judged by its characters,
    /// never by the English word list; garbled text in the dictionary's script still is.
    @Test func otherLanguagesAreJudgedByTheirCharacters() {
        let rule = TextLayerRule()
        let german = String(
            repeating:
                "Wir suchen eine erfahrene Datenanalystin für die Arbeit mit unseren Kunden und Partnern in der Region. ",
            count: 4
        )
        let de = TextLanguage.detect(german)
        #expect(de.language == "de" && de.script == "Latn")
        #expect(rule.check(TextLayerRule.measure(german), language: de, dictionaryLanguage: "en") == .plausibility)
        #expect(rule.ocrReason(plausibility: de) == nil)
        #expect(rule.check(TextLayerRule.measure(german), language: de, dictionaryLanguage: "de") == .dictionary)

        let chinese = String(repeating: "本标准规定了信息技术设备的安全要求和试验方法，适用于额定电压不超过六百伏的设备。 ", count: 6)
        let zh = TextLanguage.detect(chinese)
        #expect(zh.language == "zh" && zh.script == "Hani")
        #expect(rule.check(TextLayerRule.measure(chinese), language: zh, dictionaryLanguage: "en") != .dictionary)
        #expect(rule.ocrReason(plausibility: zh) == nil)

        for (text, language, script) in [
            ("Мы ищем аналитика данных для работы с нашими клиентами и партнёрами в регионе.", "ru", "Cyrl"),
            ("نبحث عن محلل بيانات للعمل مع عملائنا وشركائنا في المنطقة", "ar", "Arab"),
            (
                "Nous recherchons un analyste de données pour travailler avec nos clients et les partenaires de la région.",
                "fr", "Latn"
            ),
        ] {
            let detected = TextLanguage.detect(text)
            #expect(detected.language == language && detected.script == script, "\(text): \(detected)")
            #expect(rule.ocrReason(plausibility: detected) == nil)
        }

        let garbled = String(repeating: "Tlie qnick hrown fcx jumqs ovcr tbe lazv dcg wliile ", count: 4)
        let und = TextLanguage.detect(garbled)
        #expect(und.language == "und")
        #expect(rule.check(TextLayerRule.measure(garbled), language: und, dictionaryLanguage: "en") == .dictionary)

        let mojibake = TextLanguage.detect("ÃƒÂ©Ð¿Ñ€ ã€€Ø§ 中 ÿþ ®©™ Ã©Ð¾ Ñ‹ 卍 ¤¦§ ×÷")
        #expect(rule.ocrReason(plausibility: mojibake) == .implausibleText)
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
        ExtractionOptions(pageTimeoutSeconds: -1),
        ExtractionOptions(maxFileBytes: 0),
        ExtractionOptions(textLayer: TextLayerRule(maxUnmappedRatio: 1.5)),
        ExtractionOptions(textLayer: TextLayerRule(minDictionaryRatio: -0.1)),
        ExtractionOptions(preprocessing: PreprocessingOptions(rotateThreshold: -1)),
        ExtractionOptions(
            preprocessing: PreprocessingOptions(textHeight: .init(minimum: 6, maximum: 40, target: 60))
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
