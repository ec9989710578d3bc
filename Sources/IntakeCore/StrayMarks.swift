/// Removes the marks Tesseract reads from rules and specks: a "word" made only of `|`, `_`, `~`
/// and `=`.
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
}
