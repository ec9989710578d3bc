import Foundation

/// Character error rate as `shared/bench/cer.py` computes it: the Levenshtein distance between
/// the texts after each whitespace run is collapsed to one space and the ends trimmed, divided
/// by the reference's length.
public enum CharacterErrorRate {
    /// The CER of `hypothesis` against `reference`.
    public static func of(_ hypothesis: String, against reference: String) -> Double {
        let ref = Array(normalize(reference).unicodeScalars)
        let hyp = Array(normalize(hypothesis).unicodeScalars)
        if ref.isEmpty { return hyp.isEmpty ? 0 : 1 }
        return Double(distance(ref, hyp)) / Double(ref.count)
    }

    /// Collapses whitespace runs to one space and trims, as `" ".join(text.split())` in Python.
    public static func normalize(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping
            .split(whereSeparator: { $0.isWhitespace })
            .joined(separator: " ")
    }

    /// Edit distance (insert, delete, substitute, each 1), two rows of dynamic programming.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
