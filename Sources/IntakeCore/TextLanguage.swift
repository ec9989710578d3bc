/// The script and language of a text: ISO 15924 and ISO 639-1 codes, `und` when undetermined.
///
/// The script is the one most of the text's letters are written in. The language follows from
/// a script that has one main language (Hangul: Korean; Han with kana: Japanese; Han alone:
/// Chinese; Greek, Hebrew, Thai), from a few letters only one language of the script uses
/// (Ukrainian і ї є ґ in Cyrillic, Persian پ چ ژ گ in Arabic script), and for Latin script from
/// its most frequent words: each language's short function words ("the", "und", "les", "que"),
/// which make up a fifth to a half of any running text in that language and rarely appear in
/// another. A text with too few of them (a list of names, a table of figures, a layer of OCR
/// garbage) stays `und`. Small enough to run on every page (one pass over the scalars, one over
/// the words); there is no language-identification package among the project's dependencies, and
/// the text-layer rule and a RAG indexer need only this much.
public struct TextLanguage: Sendable, Hashable {
    /// ISO 15924 code of the dominant script (`Latn`, `Cyrl`, `Grek`, `Arab`, `Hebr`, `Hani`,
    /// `Jpan`, `Kore`, `Deva`, `Thai`), or `Zyyy` for a text without letters.
    public var script: String
    /// ISO 639-1 code of the language, or `und`.
    public var language: String
    /// The share of the text's letters written in ``script``.
    public var scriptShare: Double
    /// The share of non-space characters that are letters.
    public var letterShare: Double

    /// Whole-text words (lower case) that mark each Latin-script language.
    static let functionWords: [(language: String, words: Set<String>)] = [
        (
            "en",
            [
                "the", "and", "of", "to", "in", "is", "for", "with", "you", "are", "our", "we", "will", "that", "this",
                "be", "as", "on", "an", "or",
            ]
        ),
        (
            "de",
            [
                "der", "die", "das", "und", "ist", "mit", "für", "von", "sie", "wir", "ein", "eine", "zu", "den", "auf",
                "im", "dem", "des", "sich", "oder",
            ]
        ),
        (
            "fr",
            [
                "le", "la", "les", "et", "des", "du", "un", "une", "est", "pour", "vous", "nous", "dans", "avec", "sur",
                "au", "aux", "qui", "en", "ou",
            ]
        ),
        (
            "es",
            [
                "el", "la", "los", "las", "y", "de", "del", "que", "en", "un", "una", "para", "con", "por", "es", "se",
                "su", "al", "como", "o",
            ]
        ),
        (
            "it",
            [
                "il", "la", "le", "e", "di", "del", "della", "che", "per", "un", "una", "con", "è", "sono", "nel",
                "alla", "dei", "gli", "si", "o",
            ]
        ),
        (
            "pt",
            [
                "o", "a", "os", "as", "e", "de", "do", "da", "dos", "das", "que", "em", "um", "uma", "para", "com",
                "não", "é", "ao", "no",
            ]
        ),
        (
            "nl",
            [
                "de", "het", "een", "en", "van", "is", "op", "te", "voor", "met", "zijn", "je", "wij", "we", "niet",
                "aan", "bij", "ook", "als", "of",
            ]
        ),
        (
            "sv",
            [
                "och", "att", "det", "som", "en", "ett", "är", "för", "med", "på", "av", "till", "vi", "du", "har",
                "om", "den", "inte", "kan", "eller",
            ]
        ),
        (
            "da",
            [
                "og", "at", "det", "som", "en", "et", "er", "for", "med", "på", "af", "til", "vi", "du", "har", "om",
                "den", "ikke", "kan", "eller",
            ]
        ),
        (
            "pl",
            [
                "i", "w", "na", "z", "do", "się", "że", "jest", "nie", "oraz", "dla", "od", "po", "to", "jak", "przez",
                "lub", "o", "we", "ze",
            ]
        ),
    ]

    /// The fewest Latin-script words a language is told from.
    public static let minWords = 12
    /// The share of words that must be the language's function words.
    public static let minFunctionShare = 0.12

    /// Whether `text` is mostly in a right-to-left script (Arabic, Hebrew). Text with no letter
    /// of those blocks is answered without a count.
    public static func isRightToLeft(_ text: String) -> Bool {
        guard text.unicodeScalars.contains(where: { isRightToLeftLetter($0.value) }) else { return false }
        let script = detect(text).script
        return script == "Arab" || script == "Hebr"
    }

    static func isRightToLeftLetter(_ v: UInt32) -> Bool {
        (0x0590...0x08FF).contains(v) || (0xFB1D...0xFDFF).contains(v) || (0xFE70...0xFEFF).contains(v)
    }

    /// Detects the script and language of `text`.
    public static func detect(_ text: String) -> TextLanguage {
        // Counted by script index (``scripts``), not in a dictionary keyed by string: this runs
        // once per letter of every page and posting.
        var tally = Array(repeating: 0, count: scripts.count)
        var letters = 0
        var characters = 0
        var kana = 0
        var ukrainian = 0
        var persian = 0
        for scalar in text.unicodeScalars where !UnicodeClass.isWhitespace(scalar) {
            characters += 1
            guard UnicodeClass.isAlphabetic(scalar) else { continue }
            letters += 1
            let v = scalar.value
            switch v {
            case 0x3040...0x30FF: kana += 1
            case 0x0456, 0x0457, 0x0454, 0x0491, 0x0406, 0x0407, 0x0404, 0x0490: ukrainian += 1
            case 0x067E, 0x0686, 0x0698, 0x06AF: persian += 1
            default: break
            }
            tally[scriptIndex(of: v)] += 1
        }
        // The most frequent script; a tie goes to the one listed first.
        guard letters > 0,
            let most = tally.indices.max(by: { tally[$0] < tally[$1] || tally[$0] == tally[$1] && $0 > $1 })
        else {
            return TextLanguage(script: "Zyyy", language: "und", scriptShare: 0, letterShare: 0)
        }
        let top = scripts[most]
        let count = tally[most]
        var script = top
        // Japanese writes Han and kana side by side; either way it is Japanese.
        if (top == "Hani" || top == "Kana") && kana > 0 { script = "Jpan" }
        let share =
            Double(
                script == "Jpan"
                    ? tally[scripts.firstIndex(of: "Kana")!] + tally[scripts.firstIndex(of: "Hani")!] : count
            )
            / Double(letters)
        let language: String
        switch script {
        case "Latn": language = latinLanguage(text)
        case "Cyrl": language = ukrainian * 50 >= count ? "uk" : "ru"
        case "Arab": language = persian * 50 >= count ? "fa" : "ar"
        case "Hani": language = "zh"
        case "Jpan": language = "ja"
        case "Kore": language = "ko"
        case "Grek": language = "el"
        case "Hebr": language = "he"
        case "Thai": language = "th"
        case "Deva": language = "hi"
        default: language = "und"
        }
        return TextLanguage(
            script: script,
            language: language,
            scriptShare: share,
            letterShare: characters == 0 ? 0 : Double(letters) / Double(characters)
        )
    }

    /// The ISO 15924 codes ``scriptIndex(of:)`` counts by.
    static let scripts = ["Latn", "Grek", "Cyrl", "Hebr", "Arab", "Deva", "Thai", "Kore", "Kana", "Hani", "Zzzz"]

    /// The index in ``scripts`` of a letter's script: the Unicode blocks that hold letters.
    static func scriptIndex(of v: UInt32) -> Int {
        switch v {
        case 0x0041...0x024F, 0x1E00...0x1EFF, 0x2C60...0x2C7F, 0xA720...0xA7FF, 0xFF21...0xFF5A: 0
        case 0x0370...0x03FF, 0x1F00...0x1FFF: 1
        case 0x0400...0x052F, 0x2DE0...0x2DFF, 0xA640...0xA69F: 2
        case 0x0590...0x05FF: 3
        case 0x0600...0x06FF, 0x0750...0x077F, 0x08A0...0x08FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF: 4
        case 0x0900...0x097F: 5
        case 0x0E00...0x0E7F: 6
        case 0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF: 7
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F: 8
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF: 9
        default: 10
        }
    }

    /// The Latin-script language whose function words are the largest share of the words, if
    /// the share is large enough and clearly ahead of the next language's.
    static func latinLanguage(_ text: String) -> String {
        var words = 0
        var hits = Array(repeating: 0, count: functionWords.count)
        for token in text.split(whereSeparator: { !$0.isLetter }) {
            words += 1
            guard token.count <= 5 else { continue }
            let word = token.lowercased()
            for (index, entry) in functionWords.enumerated() where entry.words.contains(word) { hits[index] += 1 }
        }
        guard words >= minWords else { return "und" }
        let ranked = hits.indices.sorted { hits[$0] > hits[$1] }
        let best = hits[ranked[0]]
        let next = hits[ranked[1]]
        guard Double(best) / Double(words) >= minFunctionShare, Double(best) >= 1.3 * Double(next) else { return "und" }
        return functionWords[ranked[0]].language
    }

    /// The ISO 639-1 code of a Tesseract language (`eng` → `en`, `chi_sim` → `zh`), or `nil`
    /// for one outside this table (script models such as `script/Latin`, rare languages).
    public static func isoCode(ofTesseractLanguage code: String) -> String? {
        let table: [String: String] = [
            "eng": "en", "deu": "de", "fra": "fr", "spa": "es", "ita": "it", "por": "pt", "nld": "nl",
            "swe": "sv", "dan": "da", "pol": "pl", "rus": "ru", "ukr": "uk", "ara": "ar", "fas": "fa",
            "chi_sim": "zh", "chi_tra": "zh", "jpn": "ja", "kor": "ko", "ell": "el", "heb": "he",
            "tha": "th", "hin": "hi",
        ]
        return table[code]
    }
}
