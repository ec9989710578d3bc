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
            if let index = entries.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) {
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

        init(name: String, pattern: String, options: NSRegularExpression.Options, needles: [[UInt8]]) {
            self.name = name
            self.compiled = LazyExpression(pattern: pattern, options: options)
            self.needles = needles
        }

        var regex: NSRegularExpression { compiled.value }

        /// Whether `line` (lower-case UTF-8) contains one of the spellings.
        func mayMatch(_ line: [UInt8]) -> Bool {
            line.withUnsafeBufferPointer { haystack in
                needles.contains { needle in
                    needle.withUnsafeBufferPointer { ByteScan.contains(haystack, $0) }
                }
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
        let caseSensitive = entry.spellings.allSatisfy { $0.count <= 3 }
        // Short names also may not touch a hyphen or slash ("R-240311" is no R).
        let pattern =
            caseSensitive
            ? #"(?<![\p{L}\p{N}+#.\-/])(?:\#(alternatives))(?![\p{L}\p{N}+#\-/])"#
            : #"(?<![\p{L}\p{N}+#.])(?:\#(alternatives))(?![\p{L}\p{N}+#])"#
        return Skill(
            name: entry.name,
            pattern: pattern,
            options: caseSensitive ? [] : [.caseInsensitive],
            needles: entry.spellings.map { Array($0.lowercased().utf8) }
        )
    }
}
