import Foundation

/// A text with Unicode-scalar offsets, the unit evidence spans are given in.
///
/// Regular expressions (Foundation's, ICU underneath) report UTF-16 ranges; this type maps them
/// to scalar offsets once, so every span Intake writes can be used directly as a Python slice.
struct ScalarText {
    let string: String
    let ns: NSString
    /// `scalarOffset[u]` is the scalar offset of UTF-16 offset `u` (one entry past the end).
    private let scalarOffset: [Int]
    /// UTF-16 offset of each scalar offset (one entry past the end).
    private let utf16Offset: [Int]

    init(_ string: String) {
        self.string = string
        self.ns = string as NSString
        var scalarOffset: [Int] = []
        var utf16Offset: [Int] = []
        scalarOffset.reserveCapacity(string.utf16.count + 1)
        utf16Offset.reserveCapacity(string.unicodeScalars.count + 1)
        var scalars = 0
        for scalar in string.unicodeScalars {
            utf16Offset.append(scalarOffset.count)
            let width = scalar.utf16.count
            for _ in 0..<width { scalarOffset.append(scalars) }
            scalars += 1
        }
        scalarOffset.append(scalars)
        utf16Offset.append(scalarOffset.count - 1)
        self.scalarOffset = scalarOffset
        self.utf16Offset = utf16Offset
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
        ns.substring(with: utf16(range))
    }

    /// Every match of `regex` within `range` (the whole text by default).
    func matches(_ regex: NSRegularExpression, in range: Range<Int>? = nil) -> [Match] {
        let searched = range.map(utf16) ?? NSRange(location: 0, length: ns.length)
        return regex.matches(in: string, range: searched).map { Match(result: $0, text: self) }
    }

    /// The first match of `regex` within `range`.
    func firstMatch(_ regex: NSRegularExpression, in range: Range<Int>? = nil) -> Match? {
        let searched = range.map(utf16) ?? NSRange(location: 0, length: ns.length)
        return regex.firstMatch(in: string, range: searched).map { Match(result: $0, text: self) }
    }

    /// A regular-expression match with scalar ranges.
    struct Match {
        let result: NSTextCheckingResult
        let text: ScalarText

        /// The whole match.
        var range: Range<Int> { text.scalars(result.range) }
        /// The matched text.
        var string: String { text.ns.substring(with: result.range) }

        /// Capture group `index`'s scalar range, if it took part.
        func range(_ index: Int) -> Range<Int>? {
            let r = result.range(at: index)
            return r.location == NSNotFound ? nil : text.scalars(r)
        }

        /// Capture group `index`'s text, if it took part.
        func group(_ index: Int) -> String? {
            let r = result.range(at: index)
            return r.location == NSNotFound ? nil : text.ns.substring(with: r)
        }

        /// Named capture group `name`'s text, if it took part.
        func group(_ name: String) -> String? {
            let r = result.range(withName: name)
            return r.location == NSNotFound ? nil : text.ns.substring(with: r)
        }

        /// Named capture group `name`'s scalar range, if it took part.
        func range(_ name: String) -> Range<Int>? {
            let r = result.range(withName: name)
            return r.location == NSNotFound ? nil : text.scalars(r)
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
    /// The string with `regex`'s matches replaced by `template` (NSRegularExpression syntax).
    func replacing(_ regex: NSRegularExpression, with template: String) -> String {
        regex.stringByReplacingMatches(
            in: self,
            range: NSRange(location: 0, length: (self as NSString).length),
            withTemplate: template
        )
    }

    /// The string with leading and trailing white space removed.
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
