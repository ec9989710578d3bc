/// The rule that decides whether a PDF page's text layer is usable or the page is OCRed.
///
/// A page's text layer is **usable** when it has at least ``minCharacters`` non-whitespace
/// characters; at most ``maxUnmappedRatio`` of them are *unmapped* (U+FFFD, the replacement
/// character Poppler emits for glyphs without a Unicode mapping, private-use code points, or
/// control characters); at most ``maxGlyphCodeRatio`` of its words are *glyph codes* ("/31",
/// "/g18", "(cid:7)": a font's glyph numbers written out because it has no Unicode map); and, when
/// it has at least ``minDictionaryWords`` words of letters, at least ``minDictionaryRatio`` of those
/// are in the OCR languages' dictionaries (an earlier scanner's wrong OCR layer fails this).
/// Otherwise the page is rendered and OCRed, and the record says which test failed.
public struct TextLayerRule: Sendable, Hashable, Codable {
    /// The fewest non-whitespace characters a usable text layer has (default 20). A scanned page
    /// often carries a stray text object (a page number, a scanner stamp); 20 characters is less
    /// than one line of body text.
    public var minCharacters: Int
    /// The largest share of unmapped characters in a usable text layer (default 0.1).
    public var maxUnmappedRatio: Double
    /// The largest share of words that are glyph codes (default 0.2).
    public var maxGlyphCodeRatio: Double
    /// The smallest share of letter words found in the dictionary (default 0.6; 0 turns the test off).
    /// Real text pages of the benchmark corpus score 0.84–1.0 (median 0.99).
    public var minDictionaryRatio: Double
    /// The dictionary test applies to pages with at least this many letter words (default 20).
    public var minDictionaryWords: Int

    /// Creates the rule with the documented defaults.
    public init(
        minCharacters: Int = 20,
        maxUnmappedRatio: Double = 0.1,
        maxGlyphCodeRatio: Double = 0.2,
        minDictionaryRatio: Double = 0.6,
        minDictionaryWords: Int = 20
    ) {
        self.minCharacters = minCharacters
        self.maxUnmappedRatio = maxUnmappedRatio
        self.maxGlyphCodeRatio = maxGlyphCodeRatio
        self.minDictionaryRatio = minDictionaryRatio
        self.minDictionaryWords = minDictionaryWords
    }

    /// The figures behind the decision for one page's text.
    public struct Measurement: Sendable, Hashable {
        /// Non-whitespace characters (Unicode scalars).
        public var characters: Int
        /// Characters that are U+FFFD, private-use, or control characters.
        public var unmapped: Int
        /// Whitespace-separated words.
        public var words: Int = 0
        /// Words that are glyph codes ("/31", "/g18", "(cid:7)").
        public var glyphCodes: Int = 0
        /// Words of letters only (outer punctuation stripped; none with inner hyphens, apostrophes
        /// or digits), two letters or more, the first ``TextLayerRule/letterWordLimit``: the words
        /// the dictionary test looks up.
        public var letterWords: [String] = []
        /// `unmapped / characters`, 0 for an empty text.
        public var unmappedRatio: Double { characters == 0 ? 0 : Double(unmapped) / Double(characters) }
        /// `glyphCodes / words`, 0 for an empty text.
        public var glyphCodeRatio: Double { words == 0 ? 0 : Double(glyphCodes) / Double(words) }
    }

    /// Counts the characters and words of `text` that the rule looks at, in one pass over its
    /// Unicode scalars (a text layer can be long; grapheme-by-grapheme iteration is far slower).
    public static func measure(_ text: String) -> Measurement {
        var measurement = Measurement(characters: 0, unmapped: 0)
        let scalars = text.unicodeScalars
        // The current word is tracked by index, never copied: a String is built only for a
        // possible glyph code and for a letter word the dictionary test will look up.
        var wordStart: String.Index?
        var firstLetter: String.Index?
        var afterLastLetter = scalars.startIndex
        var letters = 0
        var gapAfterLetter = false
        var lettersSplit = false
        func endWord(at end: String.Index) {
            guard let start = wordStart else { return }
            wordStart = nil
            measurement.words += 1
            if "/(cgGu".unicodeScalars.contains(scalars[start]), isGlyphCode(String(scalars[start..<end])) {
                measurement.glyphCodes += 1
            } else if measurement.letterWords.count < letterWordLimit, let firstLetter, !lettersSplit, letters >= 2 {
                measurement.letterWords.append(String(scalars[firstLetter..<afterLastLetter]))
            }
        }
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let next = scalars.index(after: index)
            defer { index = next }
            if UnicodeClass.isWhitespace(scalar) {
                endWord(at: index)
                continue
            }
            if wordStart == nil {
                wordStart = index
                firstLetter = nil
                letters = 0
                gapAfterLetter = false
                lettersSplit = false
            }
            measurement.characters += 1
            switch scalar.value {
            case 0xFFFD, 0xE000...0xF8FF, 0xF0000...0x10FFFF, 0x00...0x1F, 0x7F...0x9F:
                measurement.unmapped += 1
            default:
                break
            }
            if UnicodeClass.isAlphabetic(scalar) {
                if firstLetter == nil {
                    firstLetter = index
                } else if gapAfterLetter {
                    lettersSplit = true
                }
                letters += 1
                afterLastLetter = next
            } else if firstLetter != nil {
                gapAfterLetter = true
            }
        }
        endWord(at: scalars.endIndex)
        return measurement
    }

    /// The most letter words a measurement keeps: as many as the dictionary test looks up.
    public static let letterWordLimit = 200

    /// Non-whitespace characters (Unicode scalars) of `text` and its whitespace-separated words.
    public static func count(_ text: String) -> (characters: Int, words: Int) {
        var characters = 0
        var words = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            if UnicodeClass.isWhitespace(scalar) {
                inWord = false
            } else {
                characters += 1
                if !inWord { words += 1 }
                inWord = true
            }
        }
        return (characters, words)
    }

    /// Whether `word` is a glyph number written out: "/31", "/g31", "/G31", "/uni0041", "cid:31",
    /// "(cid:31)", "g31" after a slash-less extractor. A plain number ("2026") is not.
    static func isGlyphCode(_ word: String) -> Bool {
        var rest = Substring(word)
        if rest.hasPrefix("(") && rest.hasSuffix(")") { rest = rest.dropFirst().dropLast() }
        let slashed = rest.hasPrefix("/")
        if slashed { rest = rest.dropFirst() }
        if rest.hasPrefix("cid:") {
            rest = rest.dropFirst(4)
        } else if rest.hasPrefix("uni") && rest.count == 7 {
            return rest.dropFirst(3).allSatisfy(\.isHexDigit)
        } else if let first = rest.first, first == "g" || first == "G" {
            rest = rest.dropFirst()
        } else if !slashed {
            return false
        }
        return !rest.isEmpty && rest.count <= 5 && rest.allSatisfy(\.isASCII) && rest.allSatisfy(\.isNumber)
    }

    /// Decides how a page with this text layer is read, before the dictionary test.
    ///
    /// - Returns: `nil` when the text layer passes, else the reason to OCR the page.
    public func ocrReason(for measurement: Measurement) -> PageReason? {
        if measurement.characters < minCharacters { return .tooFewCharacters }
        if measurement.unmappedRatio > maxUnmappedRatio { return .unmappedGlyphs }
        if measurement.glyphCodeRatio > maxGlyphCodeRatio { return .glyphCodes }
        return nil
    }

    /// How a text layer that passed the character and word tests is judged further.
    public enum Check: Sendable, Hashable {
        /// By the dictionary of the OCR languages: the layer is in their language (or in their
        /// script and in no language told apart, as an earlier scanner's garbled OCR is).
        case dictionary
        /// By its characters: the layer is in a language or script the dictionary does not
        /// cover, whose words it cannot judge (``ocrReason(plausibility:)``).
        case plausibility
        /// Not at all (the dictionary test is off, or the page has too few words).
        case none
    }

    /// How a page with this text layer, in `language`, is judged when the dictionary is that of
    /// `dictionaryLanguage` (ISO 639-1; `nil` for a Tesseract language without a code here,
    /// whose dictionary is used as before).
    public func check(
        _ measurement: Measurement,
        language: TextLanguage,
        dictionaryLanguage: String?
    ) -> Check {
        guard minDictionaryRatio > 0, measurement.letterWords.count >= minDictionaryWords else {
            return language.language == "und" && language.script != "Latn" && language.script != "Zyyy"
                ? .plausibility : .none
        }
        guard let dictionaryLanguage else { return .dictionary }
        if language.language == dictionaryLanguage { return .dictionary }
        if language.language == "und", language.script == Self.script(ofLanguage: dictionaryLanguage) {
            return .dictionary
        }
        return .plausibility
    }

    /// The script a language of the dictionary table is written in.
    static func script(ofLanguage code: String) -> String {
        switch code {
        case "ru", "uk": "Cyrl"
        case "ar", "fa": "Arab"
        case "zh": "Hani"
        case "ja": "Jpan"
        case "ko": "Kore"
        case "el": "Grek"
        case "he": "Hebr"
        case "th": "Thai"
        case "hi": "Deva"
        default: "Latn"
        }
    }

    /// The smallest share of non-space characters that are letters in a text layer judged by
    /// its characters: glyph garbage is mostly punctuation, digits and symbols.
    public static let minLetterShare = 0.5
    /// The smallest share of its letters in its main script: a layer of mis-mapped glyphs
    /// mixes scripts at random; a real page in any language keeps to one (names and acronyms
    /// in Latin letters on a Chinese or Russian page stay well under a quarter).
    public static let minScriptShare = 0.6

    /// The character-based test for a text layer in a language or script the dictionary does
    /// not cover: `nil` when the layer is plausible text.
    public func ocrReason(plausibility language: TextLanguage) -> PageReason? {
        language.letterShare >= Self.minLetterShare && language.scriptShare >= Self.minScriptShare
            ? nil : .implausibleText
    }

    /// The dictionary test: `nil` when enough of the page's letter words are known.
    ///
    /// - Parameter ratio: The share of the page's letter words found in the dictionary.
    public func ocrReason(dictionaryRatio ratio: Double) -> PageReason? {
        ratio < minDictionaryRatio ? .fewDictionaryWords : nil
    }
}
