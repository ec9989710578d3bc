import Glibc

/// Necessary conditions for the normaliser's regular expressions, checked on UTF-8 bytes.
///
/// Foundation copies a string to UTF-16 for every search, so an expression that cannot match
/// is not run at all. Each check may say yes when the expression then finds nothing, never no
/// when it would find something: a byte of a multi-byte character counts as a possible digit
/// or word character, since ICU's `\d` and `\b` are Unicode-aware.
enum ByteScan {
    /// Whether `haystack` contains `needle` at a place `accept` takes, given the occurrence's
    /// start and end offsets: `memchr` to each candidate first byte, then a compare.
    static func contains(
        _ haystack: UnsafeBufferPointer<UInt8>,
        _ needle: UnsafeBufferPointer<UInt8>,
        where accept: (_ start: Int, _ end: Int) -> Bool = { _, _ in true }
    ) -> Bool {
        guard let first = needle.first, let base = haystack.baseAddress, needle.count <= haystack.count else {
            return false
        }
        let lastStart = haystack.count - needle.count
        var from = 0
        while from <= lastStart, let hit = memchr(base + from, Int32(first), lastStart - from + 1) {
            let index = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + index, needle.baseAddress!, needle.count) == 0 && accept(index, index + needle.count) {
                return true
            }
            from = index + 1
        }
        return false
    }

    /// How many times `needle` occurs in `haystack`, occurrences not overlapping (as
    /// `components(separatedBy:)` counts them, less one).
    static func count(_ needle: [UInt8], in haystack: [UInt8]) -> Int {
        var found = 0
        var end = 0
        haystack.withUnsafeBufferPointer { haystack in
            needle.withUnsafeBufferPointer { needle in
                _ = contains(haystack, needle) { start, stop in
                    if start >= end {
                        found += 1
                        end = stop
                    }
                    return false
                }
            }
        }
        return found
    }

    /// Whether `haystack` contains any of `needles`.
    static func containsAny(_ haystack: [UInt8], of needles: [[UInt8]]) -> Bool {
        haystack.withUnsafeBufferPointer { haystack in
            needles.contains { needle in needle.withUnsafeBufferPointer { contains(haystack, $0) } }
        }
    }

    /// Whether `word` occurs in `haystack` at a place `accept` takes, given the occurrence's
    /// start and end offsets.
    static func contains(
        _ word: [UInt8],
        in haystack: UnsafeBufferPointer<UInt8>,
        where accept: (_ start: Int, _ end: Int) -> Bool
    ) -> Bool {
        word.withUnsafeBufferPointer { contains(haystack, $0, where: accept) }
    }

    /// Whether `word` occurs in `haystack` (ASCII) with no word character right before or after
    /// it: `\bword\b`.
    static func containsWord(_ word: [UInt8], in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        contains(word, in: haystack) { start, end in
            (start == 0 || !isASCIIWordByte(haystack[start - 1]))
                && (end == haystack.count || !isASCIIWordByte(haystack[end]))
        }
    }

    /// `text`'s bytes with ASCII letters lower-cased, or `nil` when it has a non-ASCII character.
    static func asciiLowercased(_ text: some StringProtocol) -> [UInt8]? {
        var lowered: [UInt8] = []
        lowered.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            guard byte < 0x80 else { return nil }
            lowered.append(lowercased(byte))
        }
        return lowered
    }

    /// `text`'s bytes with ASCII letters lower-cased and each mark of ``inertPunctuation`` as the
    /// byte 0x01, or `nil` when it has any other non-ASCII character. A search for ASCII words in
    /// the result answers as one in the text would, whatever the case: those marks match no
    /// letter in any case and are no word character.
    static func asciiLowercasedSkippingPunctuation(_ text: some StringProtocol) -> [UInt8]? {
        var lowered: [UInt8] = []
        lowered.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                lowered.append(lowercased(UInt8(scalar.value)))
            } else if inertPunctuation.contains(scalar.value) {
                lowered.append(0x01)
            } else {
                return nil
            }
        }
        return lowered
    }

    /// ‘ ’ “ ” ‚ „ ‹ › « » ‐ ‑ ‒ – — ― • · … no-break space ® © ™ € £ ° § → ✓ ✔ ● ▪ ■ ►, and the
    /// replacement character that stands for bytes that were not UTF-8: the typographic marks
    /// postings are full of. No case folding reaches an ASCII letter from them, and none is a word
    /// character for `\b`.
    static let inertPunctuation: Set<UInt32> = [
        0x2018, 0x2019, 0x201C, 0x201D, 0x201A, 0x201E, 0x2039, 0x203A, 0x00AB, 0x00BB, 0x2010, 0x2011, 0x2012, 0x2013,
        0x2014, 0x2015, 0x2022, 0x00B7, 0x2026, 0x00A0, 0x00AE, 0x00A9, 0x2122, 0x20AC, 0x00A3, 0x00B0, 0x00A7, 0x2192,
        0x2713, 0x2714, 0x25CF, 0x25AA, 0x25A0, 0x25BA, 0xFFFD,
    ]

    /// `byte` lower-cased if it is an ASCII capital letter.
    static func lowercased(_ byte: UInt8) -> UInt8 {
        UInt8(ascii: "A")...UInt8(ascii: "Z") ~= byte ? byte | 0x20 : byte
    }

    /// Whether every character of `text` is ASCII.
    static func isASCII(_ text: some StringProtocol) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 }
    }

    /// ICU's `\w` on ASCII: letters, digits, "_".
    static func isASCIIWordByte(_ byte: UInt8) -> Bool {
        isASCIIAlphanumeric(byte) || byte == UInt8(ascii: "_")
    }

    /// ICU's `\s` (Unicode's White_Space) on ASCII: tab to carriage return, and space.
    static func isASCIIWhiteSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "a")...UInt8(ascii: "z"):
            true
        default: false
        }
    }

    /// An ASCII digit, or part of a character that may be another script's digit.
    private static func mayBeDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte >= 0x80
    }

    static func hasASCIIAlphanumeric(_ text: String.UTF8View) -> Bool {
        text.contains(where: isASCIIAlphanumeric)
    }

    /// A character `removeInvisibles` removes or replaces: a control character other than a line
    /// feed (tab and carriage return included), a C1 control, a soft hyphen, U+200B–U+200D,
    /// U+2060, U+FEFF, or a line or paragraph separator.
    static func mayHaveInvisibles(_ text: String.UTF8View) -> Bool {
        var beforePrevious: UInt8 = 0
        var previous: UInt8 = 0
        for byte in text {
            if byte < 0x20 && byte != 0x0A || byte == 0x7F { return true }
            switch (beforePrevious, previous, byte) {
            case (_, 0xC2, 0x80...0x9F), (_, 0xC2, 0xAD): return true  // C1 controls, U+00AD
            case (0xE2, 0x80, 0x8B...0x8D), (0xE2, 0x80, 0xA8...0xA9): return true  // U+200B–200D, U+2028–2029
            case (0xE2, 0x81, 0xA0), (0xEF, 0xBB, 0xBF): return true  // U+2060, U+FEFF
            default: break
            }
            beforePrevious = previous
            previous = byte
        }
        return false
    }

    /// Two spaces in a row, or a space character other than U+0020 (no-break, en, em, thin,
    /// ideographic, …): what the normaliser's space pattern collapses.
    static func mayHaveSpaceRuns(_ text: String.UTF8View) -> Bool {
        var beforePrevious: UInt8 = 0
        var previous: UInt8 = 0
        for byte in text {
            if byte == 0x20 && previous == 0x20 { return true }
            switch (beforePrevious, previous, byte) {
            case (_, 0xC2, 0xA0): return true  // U+00A0
            case (0xE2, 0x80, 0x80...0x8A), (0xE2, 0x80, 0xAF): return true  // U+2000–200A, U+202F
            case (0xE2, 0x81, 0x9F), (0xE3, 0x80, 0x80): return true  // U+205F, U+3000
            default: break
            }
            beforePrevious = previous
            previous = byte
        }
        return false
    }

    /// What the OCR digit repairs could find in a text.
    struct DigitCandidates: OptionSet {
        let rawValue: UInt8
        /// O, o, l, I or | right after a digit, or after a digit and a separator.
        static let letterByDigit = DigitCandidates(rawValue: 1 << 0)
        /// l, I, |, O or o right after $, € or £.
        static let letterAfterCurrency = DigitCandidates(rawValue: 1 << 1)
        /// S before a digit.
        static let sBeforeDigit = DigitCandidates(rawValue: 1 << 2)
        /// "Al" ending a word.
        static let standaloneAl = DigitCandidates(rawValue: 1 << 3)
        /// A separator, three digits and the same separator again ("157.040.00", "1,500,00").
        static let oddSeparators = DigitCandidates(rawValue: 1 << 4)
    }

    static func ocrDigitCandidates(_ text: String.UTF8View) -> DigitCandidates {
        text.withContiguousStorageIfAvailable(ocrDigitCandidates)
            ?? Array(text).withUnsafeBufferPointer(ocrDigitCandidates)
    }

    private static func ocrDigitCandidates(_ bytes: UnsafeBufferPointer<UInt8>) -> DigitCandidates {
        var found: DigitCandidates = []
        let count = bytes.count
        func at(_ index: Int) -> UInt8 { index >= 0 && index < count ? bytes[index] : 0 }
        for index in 0..<count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "O"), UInt8(ascii: "o"), UInt8(ascii: "l"), UInt8(ascii: "I"), UInt8(ascii: "|"):
                let before = at(index - 1)
                if index > 0 && mayBeDigit(before)
                    || (before == UInt8(ascii: ",") || before == UInt8(ascii: ".")) && index > 1
                        && mayBeDigit(at(index - 2))
                {
                    found.insert(.letterByDigit)
                }
                if before == UInt8(ascii: "$") || before == 0xAC && at(index - 2) == 0x82 && at(index - 3) == 0xE2
                    || before == 0xA3 && at(index - 2) == 0xC2
                {
                    found.insert(.letterAfterCurrency)
                }
                if byte == UInt8(ascii: "l") && at(index - 1) == UInt8(ascii: "A") {
                    let after = at(index + 1)
                    if index + 1 == count || !isASCIIWordByte(after) {
                        found.insert(.standaloneAl)
                    }
                }
            case UInt8(ascii: "S"):
                if index + 1 < count && mayBeDigit(bytes[index + 1]) { found.insert(.sBeforeDigit) }
            case UInt8(ascii: "."), UInt8(ascii: ","):
                if index + 4 < count && at(index + 4) == byte && (1...3).allSatisfy({ mayBeDigit(bytes[index + $0]) }) {
                    found.insert(.oddSeparators)
                }
            default:
                break
            }
        }
        return found
    }
}
