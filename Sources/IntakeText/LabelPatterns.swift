import Foundation

/// The labels of one field at the start of a line, matched without a search on ASCII lines (a
/// search copies the line to UTF-16 and tries every label): most lines of a posting start with
/// none of them, and each field's labels are looked for on every line.
struct LabelPrefix {
    /// The labels, as given.
    let list: [String]
    /// `^(?:label|…)`, compiled on first use (most documents are ASCII, and need none).
    var regex: NSRegularExpression { LabelPatterns.shared.prefixExpression(for: list) }
    /// One step of a label as ``LabelPatterns`` writes it.
    private enum Step: Equatable {
        /// An ASCII character, lower-cased; it matches in either case.
        case byte(UInt8)
        /// A space: one or more white-space characters.
        case space
        /// A non-ASCII letter: any letter.
        case letter
    }
    /// The labels as steps; `nil` when one has a character the steps cannot say, and the
    /// expression is always used.
    private let labels: [[Step]]?

    init(labels: [String]) {
        self.list = labels
        var all: [[Step]] = []
        for label in labels {
            var steps: [Step] = []
            for character in label {
                if character == " " {
                    steps.append(.space)
                } else if let ascii = character.asciiValue {
                    steps.append(.byte(ByteScan.lowercased(ascii)))
                } else if character.isLetter {
                    steps.append(.letter)
                } else {
                    self.labels = nil
                    return
                }
            }
            all.append(steps)
        }
        self.labels = all
    }

    /// Whether `line`'s content (after a list marker) starts with one of the labels, as ``regex``
    /// finds it in `text`. An ASCII prefix is matched here; a non-ASCII character where a label
    /// is still being matched (which case folding or `\p{L}` could match) sends it to ``regex``.
    func matches(_ line: PostingDocument.Line, in text: ScalarText) -> Bool {
        guard let labels else { return text.firstMatch(regex, in: line.contentRange) != nil }
        var undecided = false
        let found = line.text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            let start = line.isListItem ? 2 : 0
            for label in labels {
                switch Self.match(label, bytes, from: start) {
                case true?: return true
                case false?: continue
                case nil: undecided = true
                }
            }
            return false
        }
        if let found, found || !undecided { return found }
        return text.firstMatch(regex, in: line.contentRange) != nil
    }

    /// Whether `label` matches `bytes` at `start`; `nil` when a non-ASCII byte decides it.
    private static func match(_ label: [Step], _ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool? {
        var index = start
        for step in label {
            guard index < bytes.count else { return false }
            let byte = bytes[index]
            if byte >= 0x80 { return nil }
            switch step {
            case .byte(let expected):
                guard ByteScan.lowercased(byte) == expected else { return false }
                index += 1
            case .space:
                guard ByteScan.isASCIIWhiteSpace(byte) else { return false }
                while index < bytes.count, ByteScan.isASCIIWhiteSpace(bytes[index]) { index += 1 }
            case .letter:
                guard UInt8(ascii: "a")...UInt8(ascii: "z") ~= byte | 0x20 else { return false }
                index += 1
            }
        }
        return true
    }
}

/// The three expressions each label is looked for with, compiled once per process.
final class LabelPatterns: @unchecked Sendable {
    // @unchecked: the cache is only touched under `lock`, and NSRegularExpression is immutable.
    static let shared = LabelPatterns()
    private let lock = NSLock()
    private var cache: [String: (NSRegularExpression, NSRegularExpression, NSRegularExpression)] = [:]
    private var prefixes: [[String]: LabelPrefix] = [:]
    private var prefixExpressions: [[String]: NSRegularExpression] = [:]

    /// A label as a pattern. Accented letters match any letter, so OCR's "publicacién" still
    /// reads as "publicación".
    private static func escaped(_ label: String) -> String {
        NSRegularExpression.escapedPattern(for: label)
            .replacingOccurrences(of: " ", with: #"\s+"#)
            .map { $0.isLetter && !$0.isASCII ? #"\p{L}"# : String($0) }.joined()
    }

    /// Any of `labels` at the start of a line: every pattern of ``patterns(for:)`` starts so, so
    /// a line this does not match cannot match them (one test per line instead of three searches
    /// per label).
    func prefix(for labels: [String]) -> LabelPrefix {
        lock.lock()
        defer { lock.unlock() }
        if let cached = prefixes[labels] { return cached }
        let compiled = LabelPrefix(labels: labels)
        prefixes[labels] = compiled
        return compiled
    }

    /// ``prefix(for:)`` as an expression.
    func prefixExpression(for labels: [String]) -> NSRegularExpression {
        lock.lock()
        defer { lock.unlock() }
        if let cached = prefixExpressions[labels] { return cached }
        let compiled = regex("^(?:" + labels.map(Self.escaped).joined(separator: "|") + ")")
        prefixExpressions[labels] = compiled
        return compiled
    }

    /// "Label: value", "Label" alone on its line, "Label value".
    func patterns(for label: String) -> (NSRegularExpression, NSRegularExpression, NSRegularExpression) {
        lock.lock()
        defer { lock.unlock() }
        if let cached = cache[label] { return cached }
        let escaped = Self.escaped(label)
        let compiled = (
            regex(#"^\#(escaped)\s*(?:[:\-–—|]|\?)\s*(\S.*)$"#),
            regex(#"^\#(escaped)\s*:?$"#),
            regex(#"^\#(escaped)\s+(\S.*)$"#)
        )
        cache[label] = compiled
        return compiled
    }
}
