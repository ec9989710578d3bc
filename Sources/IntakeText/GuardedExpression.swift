import Foundation

/// A case-insensitive regular expression and the words every ASCII match of it contains.
///
/// Most lines of a posting match none of the field patterns, and ICU tries a long alternation
/// at every position of every line it is given (after Foundation has copied the line to
/// UTF-16). A line of ASCII text in which none of the words occurs, in any case, cannot
/// match, so the expression is not run on it; nor can a line whose only other characters are
/// typographic punctuation (curly quotes, dashes, bullets: ``ByteScan/inertPunctuation``). A line
/// with any other non-ASCII character is always searched: case-insensitive matching can fold such
/// a character to an ASCII letter (the Kelvin sign to "k"), and a word with an accent is not among
/// the needles.
///
/// An expression written for lower-cased text (``init(lowercased:words:)``: case-sensitive, and
/// given text that is already lower case) matches exactly the bytes it is written with, so there
/// the words are looked for in any line, ASCII or not, and must cover every match.
struct GuardedExpression: Sendable {
    let regex: NSRegularExpression
    /// Lower-case ASCII words; every match of ``regex`` in ASCII text contains one of them.
    private let needles: [[UInt8]]
    /// Whether the expression is matched on lower-cased text, case-sensitively.
    private let matchesLowercasedText: Bool

    init(_ pattern: String, words: [String], options: NSRegularExpression.Options = [.caseInsensitive]) {
        precondition(words.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } && $0 == $0.lowercased() })
        self.regex = IntakeText.regex(pattern, options)
        self.needles = words.map { Array($0.utf8) }
        self.matchesLowercasedText = false
    }

    /// An expression for lower-cased text: every match of it, in any text, contains one of `words`.
    init(lowercased pattern: String, words: [String]) {
        precondition(words.allSatisfy { $0 == $0.lowercased() })
        self.regex = IntakeText.regex(pattern, [])
        self.needles = words.map { Array($0.utf8) }
        self.matchesLowercasedText = true
    }

    /// Whether ``regex`` can match in `text`: false only when it certainly cannot.
    func mayMatch(_ text: String) -> Bool {
        if matchesLowercasedText { return ByteScan.containsAny(Array(text.utf8), of: needles) }
        guard let lowered = ByteScan.asciiLowercasedSkippingPunctuation(text) else { return true }
        return ByteScan.containsAny(lowered, of: needles)
    }
}

extension ScalarText {
    /// The first match of `pattern` within `range`, searched only where its words occur.
    func firstMatch(_ pattern: GuardedExpression, in range: Range<Int>? = nil) -> Match? {
        let (searched, base) = searchedText(range)
        guard pattern.mayMatch(searched) else { return nil }
        return firstMatch(pattern.regex, in: searched, base: base)
    }

    /// Every match of `pattern` within `range`, searched only where its words occur.
    func matches(_ pattern: GuardedExpression, in range: Range<Int>? = nil) -> [Match] {
        let (searched, base) = searchedText(range)
        guard pattern.mayMatch(searched) else { return [] }
        return matches(pattern.regex, in: searched, base: base)
    }
}
