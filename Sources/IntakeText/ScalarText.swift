import Foundation
import IntakeCore

/// A text with Unicode-scalar offsets, the unit evidence spans are given in.
///
/// Regular expressions (Foundation's, ICU underneath) report UTF-16 ranges; this type maps them
/// to scalar offsets once, so every span Intake writes can be used directly as a Python slice.
struct ScalarText {
    let string: String
    /// The text's UTF-8 bytes, from which ranges are copied out.
    private let bytes: [UInt8]
    /// `byteOffset[u]` is the UTF-8 offset of UTF-16 offset `u` (one entry past the end).
    private let byteOffset: [Int]
    /// `scalarOffset[u]` is the scalar offset of UTF-16 offset `u` (one entry past the end).
    private let scalarOffset: [Int]
    /// UTF-16 offset of each scalar offset (one entry past the end).
    private let utf16Offset: [Int]

    init(_ string: String) {
        self.string = string
        self.bytes = Array(string.utf8)
        var scalarOffset: [Int] = []
        var utf16Offset: [Int] = []
        var byteOffset: [Int] = []
        scalarOffset.reserveCapacity(string.utf16.count + 1)
        byteOffset.reserveCapacity(string.utf16.count + 1)
        utf16Offset.reserveCapacity(string.unicodeScalars.count + 1)
        var scalars = 0
        var bytes = 0
        for scalar in string.unicodeScalars {
            utf16Offset.append(scalarOffset.count)
            // A scalar outside the BMP is two UTF-16 units; both map to its first byte.
            for _ in 0..<scalar.utf16.count {
                scalarOffset.append(scalars)
                byteOffset.append(bytes)
            }
            scalars += 1
            bytes += scalar.utf8.count
        }
        scalarOffset.append(scalars)
        byteOffset.append(bytes)
        utf16Offset.append(scalarOffset.count - 1)
        self.scalarOffset = scalarOffset
        self.utf16Offset = utf16Offset
        self.byteOffset = byteOffset
    }

    /// The number of Unicode scalars.
    var count: Int { utf16Offset.count - 1 }

    /// The scalar range of a UTF-16 range.
    func scalars(_ range: NSRange) -> Range<Int> {
        scalarOffset[range.location]..<scalarOffset[range.location + range.length]
    }

    /// The UTF-16 range of a scalar range.
    func utf16(_ range: Range<Int>) -> NSRange {
        let start = utf16Offset[range.lowerBound]
        return NSRange(location: start, length: utf16Offset[range.upperBound] - start)
    }

    /// The text of a scalar range.
    func text(_ range: Range<Int>) -> String {
        text(utf16(range))
    }

    /// The text of a UTF-16 range.
    func text(_ range: NSRange) -> String {
        String(decoding: bytes[byteOffset[range.location]..<byteOffset[range.location + range.length]], as: UTF8.self)
    }

    /// Every match of `regex` within `range` (the whole text by default).
    func matches(_ regex: NSRegularExpression, in range: Range<Int>? = nil) -> [Match] {
        let (searched, base) = searchedText(range)
        return matches(regex, in: searched, base: base)
    }

    /// Every match of `regex` in `searched`, which starts at UTF-16 offset `base` of the text.
    func matches(_ regex: NSRegularExpression, in searched: String, base: Int) -> [Match] {
        regex.matches(in: searched, range: NSRange(location: 0, length: searched.utf16.count)).map {
            Match(result: $0, text: self, base: base)
        }
    }

    /// The first match of `regex` within `range`.
    func firstMatch(_ regex: NSRegularExpression, in range: Range<Int>? = nil) -> Match? {
        let (searched, base) = searchedText(range)
        return firstMatch(regex, in: searched, base: base)
    }

    /// The first match of `regex` in `searched`, which starts at UTF-16 offset `base` of the text.
    func firstMatch(_ regex: NSRegularExpression, in searched: String, base: Int) -> Match? {
        regex.firstMatch(in: searched, range: NSRange(location: 0, length: searched.utf16.count)).map {
            Match(result: $0, text: self, base: base)
        }
    }

    /// The text a search looks at, and its UTF-16 offset in the whole text.
    ///
    /// A search within a range is run on that range's own copy: Foundation copies the whole
    /// string it is given to UTF-16 on every call, and most searches look at one line of a long
    /// document. The result is the same, since Foundation's default bounds are anchoring and
    /// opaque (`^` and `$` match at the range's ends, look-behind stops there).
    func searchedText(_ range: Range<Int>?) -> (String, Int) {
        guard let range, range != 0..<count else { return (string, 0) }
        let searched = utf16(range)
        return (text(searched), searched.location)
    }

    /// A regular-expression match with scalar ranges.
    struct Match {
        let result: NSTextCheckingResult
        let text: ScalarText
        /// The UTF-16 offset of the searched text in ``text`` (results are relative to it).
        let base: Int

        /// A group's UTF-16 range in ``text``, `nil` when it took no part.
        private func located(_ r: NSRange) -> NSRange? {
            r.location == NSNotFound ? nil : NSRange(location: r.location + base, length: r.length)
        }

        /// The whole match.
        var range: Range<Int> { text.scalars(located(result.range)!) }
        /// The matched text.
        var string: String { text.text(located(result.range)!) }

        /// Capture group `index`'s scalar range, if it took part.
        func range(_ index: Int) -> Range<Int>? {
            located(result.range(at: index)).map(text.scalars)
        }

        /// Capture group `index`'s text, if it took part.
        func group(_ index: Int) -> String? {
            located(result.range(at: index)).map(text.text)
        }

        /// Named capture group `name`'s text, if it took part.
        func group(_ name: String) -> String? {
            located(result.range(withName: name)).map(text.text)
        }

        /// Named capture group `name`'s scalar range, if it took part.
        func range(_ name: String) -> Range<Int>? {
            located(result.range(withName: name)).map(text.scalars)
        }
    }
}

/// Compiles a pattern known to be valid (the patterns are literals in this module, each
/// exercised by the tests).
func regex(_ pattern: String, _ options: NSRegularExpression.Options = [.caseInsensitive]) -> NSRegularExpression {
    do {
        return try NSRegularExpression(pattern: pattern, options: options)
    } catch {
        preconditionFailure("invalid built-in pattern \(pattern): \(error)")
    }
}

extension NSRegularExpression {
    /// Whether the expression matches anywhere in `string`.
    func matches(_ string: String) -> Bool {
        firstMatch(in: string, range: NSRange(location: 0, length: (string as NSString).length)) != nil
    }
}

extension String {
    /// The range of `regex`'s first match: `range(of:options: .regularExpression)` without
    /// compiling the pattern on every call.
    func firstRange(of regex: NSRegularExpression) -> Range<String.Index>? {
        regex.firstMatch(in: self, range: NSRange(location: 0, length: utf16.count)).flatMap {
            Range($0.range, in: self)
        }
    }

    /// The string with `regex`'s matches replaced by `template` (NSRegularExpression syntax).
    func replacing(_ regex: NSRegularExpression, with template: String) -> String {
        regex.stringByReplacingMatches(
            in: self,
            range: NSRange(location: 0, length: (self as NSString).length),
            withTemplate: template
        )
    }

    /// The string with leading and trailing white space removed: the scalars Foundation's
    /// `.whitespacesAndNewlines` holds, which are Unicode's White_Space. Done here rather than
    /// by Foundation, which copies the string to UTF-16 first.
    var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return self }
        if !UnicodeClass.isWhitespace(first) && !UnicodeClass.isWhitespace(last) { return self }
        guard let start = scalars.firstIndex(where: { !UnicodeClass.isWhitespace($0) }),
            let end = scalars.lastIndex(where: { !UnicodeClass.isWhitespace($0) })
        else { return "" }
        return String(scalars[start...end])
    }

    /// Whether `other` occurs in the string, compared byte for byte in UTF-8 (the texts searched
    /// are NFKC-normalised, so equal text is equal bytes). Shadows Foundation's `contains`, which
    /// copies both strings to UTF-16 on every call. Like Foundation's, false for an empty `other`.
    func contains(_ other: String) -> Bool {
        guard !other.isEmpty, other.utf8.count <= utf8.count else { return false }
        var haystack = self
        var needle = other
        return haystack.withUTF8 { haystack in
            needle.withUTF8 { ByteScan.contains(haystack, $0) }
        }
    }
}

extension StringProtocol {
    /// `lowercased()`, the same result made faster: the standard library lower-cases a string
    /// byte by byte only when all of it is ASCII, and otherwise looks every scalar up in
    /// Unicode's case tables, so one bullet or dash in a document sent all of its text through
    /// them. Here ASCII scalars take the byte path wherever they are, and only the others are
    /// looked up (`Unicode.Scalar.Properties.lowercaseMapping`, as the standard library does).
    func lowercasedFast() -> String {
        if ByteScan.isASCII(self) { return lowercased() }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            if scalar.isASCII {
                bytes.append(ByteScan.lowercased(UInt8(scalar.value)))
            } else {
                bytes.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension StringProtocol {
    /// `count`, the same result made faster for ASCII text: there every character is one byte
    /// but "\r\n", so the bytes are counted instead of walking grapheme clusters, which the
    /// normaliser and the parser otherwise did for every line, several times.
    var characterCount: Int {
        utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) ? utf8.count : count
    }
}
