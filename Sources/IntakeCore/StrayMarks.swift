/// Removes the marks Tesseract reads from rules and specks: a "word" made only of `|`, `_`, `~`
/// and `=`; and a word Tesseract is unsure of that is a character or two long or has no letter
/// or digit (``isSpeck(_:)``).
///
/// A form's box edges, a table's rules, a fill-in line and a fax's specks come out of Tesseract
/// as `|`, `__`, `~` and `=` between the words. Such a token says nothing a RAG index can use, and
/// the real scans' ground truth has almost none. Removing them read every class of the real scans
/// a little better (faxed forms most: 16.96 → 16.72 % on the development set, 0.2 to 0.3 points
/// on the held-out sets; BENCHMARKS.md), including the pages where `|` is printed as a separator.
/// A line left empty is dropped; blank lines between paragraphs stay.
public enum StrayMarks {
    /// The characters a stray mark is made of.
    public static let marks: Set<Character> = ["|", "_", "~", "="]

    /// `text` without its stray marks, and how many were removed.
    public static func remove(_ text: String) -> (text: String, removed: Int) {
        var removed = 0
        var lines: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let words = line.split(separator: " ")
            let kept = words.filter { !$0.allSatisfy(marks.contains) }
            removed += words.count - kept.count
            if kept.isEmpty, !words.isEmpty { continue }
            lines.append(kept.count == words.count ? line : Substring(kept.joined(separator: " ")))
        }
        return removed == 0 ? (text, 0) : (lines.joined(separator: "\n"), removed)
    }

    // MARK: Specks read as words

    /// A word of letters or digits is a speck only when it has at most this many characters.
    public static let maxSpeckLength = 2
    /// A speck is a word Tesseract is less sure of than this (0–100).
    public static let speckConfidence = 50.0

    /// Whether Tesseract read `word` from a speck, a blot or a piece of a rule rather than from
    /// print: a word Tesseract is less than ``speckConfidence`` sure of that is at most
    /// ``maxSpeckLength`` characters long (Latin letters, digits or signs) or has no letter or
    /// digit at all.
    ///
    /// On a fax's noise Tesseract reads "a", "ee", "ae", "oe", "es", "—", "———" and "." with
    /// confidences of 0 to 50, between the words it reads surely; a short word it read from
    /// print it is nearly always surer of. Removing them read the real faxed forms 0.3 to 1.1
    /// points better on every set, and clean pages and receipts a little better (BENCHMARKS.md);
    /// 1 to 3 characters and 40 to 60 read the forms about the same. The rule was measured on
    /// Latin script only: a word with a letter of another script is never taken for a speck
    /// (in Chinese or Japanese one character is a whole word).
    public static func isSpeck(_ word: OCRLine.Word) -> Bool {
        guard let confidence = word.confidence, confidence < speckConfidence,
            word.text.count <= maxSpeckLength || !word.text.contains(where: { $0.isLetter || $0.isNumber })
        else { return false }
        return !word.text.unicodeScalars.contains { UnicodeClass.isAlphabetic($0) && !isLatin($0) }
    }

    /// `lines` without their specks (``isSpeck(_:)``); a line left without words is dropped.
    public static func removeSpecks(from lines: [OCRLine]) -> (lines: [OCRLine], removed: Int) {
        var removed = 0
        let kept = lines.compactMap { line -> OCRLine? in
            let words = line.words.filter { !isSpeck($0) }
            guard words.count < line.words.count else { return line }
            removed += line.words.count - words.count
            guard !words.isEmpty else { return nil }
            var cleaned = line
            cleaned.words = words
            cleaned.text = words.map(\.text).joined(separator: " ")
            return cleaned
        }
        return (kept, removed)
    }

    /// `text`, the page as Tesseract wrote it out, without the specks of its `lines` (the same
    /// reading's lines with their words, in Tesseract's order). Each of the text's lines that is
    /// not blank is matched with the next of `lines`; a text line whose words are not that
    /// line's words is left as it is, and all of them are when the two do not pair up.
    public static func removeSpecks(from text: String, lines: [OCRLine]) -> (text: String, removed: Int) {
        let textLines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let isBlank = { (line: Substring) in line.allSatisfy(\.isWhitespace) }
        guard textLines.count(where: { !isBlank($0) }) == lines.count else { return (text, 0) }
        var removed = 0
        var next = lines.makeIterator()
        var kept: [Substring] = []
        for textLine in textLines {
            guard !isBlank(textLine), let line = next.next() else {
                kept.append(textLine)
                continue
            }
            let tokens = textLine.split(separator: " ")
            guard tokens.elementsEqual(line.words.map(\.text), by: { $0 == $1 }) else {
                kept.append(textLine)
                continue
            }
            let words = zip(tokens, line.words).filter { !isSpeck($0.1) }.map(\.0)
            removed += tokens.count - words.count
            if words.count == tokens.count {
                kept.append(textLine)
            } else if !words.isEmpty {
                kept.append(Substring(words.joined(separator: " ")))
            }
        }
        return removed == 0 ? (text, 0) : (kept.joined(separator: "\n"), removed)
    }

    /// Latin script: Basic Latin to IPA Extensions, and Latin Extended Additional.
    private static func isLatin(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x0250 || (0x1E00...0x1EFF).contains(scalar.value)
    }
}
