import Foundation
import Synchronization

/// Skill names matched in posting text, each with optional aliases ("Kubernetes|k8s").
///
/// The built-in list is `config/skills.txt` (a test keeps the two equal); users extend it with
/// their own file in the same format: one skill per line, aliases after `|`, `#` for comments.
public struct SkillVocabulary: Sendable {
    /// Canonical name and the spellings that match it.
    public private(set) var entries: [(name: String, spellings: [String])] = []

    /// Parses the file format.
    public init(parsing text: String) {
        add(parsing: text)
    }

    /// Adds the skills in `text` (same format); a skill already present gains the new aliases.
    public mutating func add(parsing text: String) {
        for raw in text.split(whereSeparator: \.isNewline) {
            let line =
                raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)?
                .trimmed ?? ""
            guard !line.isEmpty else { continue }
            let spellings = line.split(separator: "|").map { String($0).trimmed }.filter { !$0.isEmpty }
            guard let name = spellings.first else { continue }
            if let index = entries.firstIndex(where: { $0.name.lowercasedFast() == name.lowercasedFast() }) {
                entries[index].spellings += spellings.filter { !entries[index].spellings.contains($0) }
            } else {
                entries.append((name, spellings))
            }
        }
        compiled = entries.map(Self.compile)
    }

    /// The built-in vocabulary.
    public static let builtIn = SkillVocabulary(parsing: defaultSkills)

    private var compiled: [Skill] = []

    /// A compiled entry: its pattern, and the lower-case UTF-8 spellings a line must contain for
    /// the pattern to have a chance (a byte search is far cheaper than a regular expression).
    struct Skill {
        let name: String
        /// Compiled on first use: most of the hundreds of skills never pass ``mayMatch(_:)`` in a
        /// run, and compiling them all cost a one-file run about a seventh of its time.
        private let compiled: LazyExpression
        let needles: [[UInt8]]
        /// Short names match case-sensitively and may not touch a hyphen or slash either.
        let isShort: Bool
        /// The spellings in UTF-8 (lower-cased unless the skill is short), when all are ASCII:
        /// then an ASCII line is searched by ``firstMatch(inASCII:lowered:)`` instead of the
        /// expression.
        let asciiSpellings: [[UInt8]]?

        init(name: String, spellings: [String], pattern: String, isShort: Bool) {
            self.name = name
            self.compiled = LazyExpression(pattern: pattern, options: isShort ? [] : [.caseInsensitive])
            self.needles = spellings.map { Array($0.lowercasedFast().utf8) }
            self.isShort = isShort
            let ascii = spellings.allSatisfy(ByteScan.isASCII)
            self.asciiSpellings = ascii ? spellings.map { Array((isShort ? $0 : $0.lowercasedFast()).utf8) } : nil
        }

        var regex: NSRegularExpression { compiled.value }

        /// Whether `line` (lower-case UTF-8) contains one of the spellings.
        func mayMatch(_ line: [UInt8]) -> Bool {
            ByteScan.containsAny(line, of: needles)
        }

        /// The expression's first match in an ASCII line, as byte (and so scalar) offsets, found
        /// the way ICU finds it: the leftmost position not preceded by a word character, and there
        /// the first spelling not followed by one. `nil` when a spelling is not ASCII.
        ///
        /// - Parameters:
        ///   - line: The line's UTF-8, all ASCII.
        ///   - lowered: The same, lower-cased.
        func firstMatch(inASCII line: [UInt8], lowered: [UInt8]) -> Range<Int>? {
            guard let spellings = asciiSpellings else { return nil }
            let searched = isShort ? line : lowered
            for start in searched.indices {
                if start > 0 && Self.isWordByte(searched[start - 1], before: true, short: isShort) { continue }
                for spelling in spellings where searched.count - start >= spelling.count {
                    let end = start + spelling.count
                    guard searched[start..<end].elementsEqual(spelling) else { continue }
                    if end < searched.count && Self.isWordByte(searched[end], before: false, short: isShort) {
                        continue
                    }
                    return start..<end
                }
            }
            return nil
        }

        /// The ASCII characters the expression's look-behind (`before`) or look-ahead refuses
        /// beside a name: letters, digits, "+" and "#"; "." before one; "-" and "/" beside a
        /// short one.
        private static func isWordByte(_ byte: UInt8, before: Bool, short: Bool) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "#"):
                true
            case UInt8(ascii: "."): before
            case UInt8(ascii: "-"), UInt8(ascii: "/"): short
            default: false
            }
        }
    }

    /// A regular expression compiled when first asked for.
    final class LazyExpression: Sendable {
        private let pattern: String
        private let options: NSRegularExpression.Options
        private let compiled = Mutex<NSRegularExpression?>(nil)

        init(pattern: String, options: NSRegularExpression.Options) {
            self.pattern = pattern
            self.options = options
        }

        var value: NSRegularExpression {
            compiled.withLock { compiled in
                if let compiled { return compiled }
                let made = IntakeText.regex(pattern, options)
                compiled = made
                return made
            }
        }
    }

    /// One expression per skill; short names (three characters or fewer) match case-sensitively,
    /// so "Go" and "R" are not found in "go" and "r".
    func expressions() -> [Skill] {
        compiled
    }

    private static func compile(_ entry: (name: String, spellings: [String])) -> Skill {
        let alternatives = entry.spellings.map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: "|")
        let isShort = entry.spellings.allSatisfy { $0.count <= 3 }
        // Short names also may not touch a hyphen or slash ("R-240311" is no R).
        let pattern =
            isShort
            ? #"(?<![\p{L}\p{N}+#.\-/])(?:\#(alternatives))(?![\p{L}\p{N}+#\-/])"#
            : #"(?<![\p{L}\p{N}+#.])(?:\#(alternatives))(?![\p{L}\p{N}+#])"#
        return Skill(name: entry.name, spellings: entry.spellings, pattern: pattern, isShort: isShort)
    }
}
