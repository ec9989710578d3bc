/// Cuts a span of text into chunks of at most a given size, at the best place before the size:
/// a paragraph break before a heading, else a paragraph break (not just after a heading), else a
/// line break, else a sentence end, else a space; never inside a word (unless a run without
/// spaces, such as CJK text, is longer than the size). Consecutive chunks overlap by about
/// `overlap` characters, the overlap starting at a sentence or, failing one, a word.
///
/// Offsets are Unicode scalars, as every span in a record is.
public struct ChunkSplitter: Sendable {
    /// The most characters a chunk holds.
    public var maxCharacters: Int
    /// About how many characters a chunk repeats from the end of the one before.
    public var overlapCharacters: Int

    /// Creates a splitter; the overlap is at most half the size.
    public init(maxCharacters: Int, overlapCharacters: Int) {
        self.maxCharacters = max(20, maxCharacters)
        self.overlapCharacters = max(0, min(overlapCharacters, self.maxCharacters / 2))
    }

    /// The chunks of `range` in `scalars`, as trimmed spans (no white space at either end).
    /// `headings` are the spans of heading lines in `range`: a chunk ends before a heading
    /// rather than just after one.
    public func split(_ scalars: [Unicode.Scalar], _ range: Range<Int>, headings: [Range<Int>] = []) -> [Range<Int>] {
        let marks = HeadingMarks(headings)
        var chunks: [Range<Int>] = []
        var start = skipSpace(scalars, range.lowerBound, range.upperBound)
        var previousEnd = start
        while start < range.upperBound {
            let end: Int
            if range.upperBound - start <= maxCharacters {
                end = range.upperBound
            } else {
                end = breakPoint(scalars, from: start, after: previousEnd, marks: marks)
            }
            let chunk = trimmed(scalars, start..<end)
            if !chunk.isEmpty { chunks.append(chunk) }
            guard end < range.upperBound else { break }
            previousEnd = end
            start = skipSpace(scalars, nextStart(scalars, after: start, end: end), range.upperBound)
        }
        return chunks
    }

    private struct HeadingMarks {
        var starts: Set<Int> = []
        var ends: Set<Int> = []
        init(_ headings: [Range<Int>]) {
            for heading in headings {
                starts.insert(heading.lowerBound)
                ends.insert(heading.upperBound)
            }
        }
    }

    /// The best end for a chunk from `start` (at most `maxCharacters` long, and past
    /// `previousEnd` so that chunks always advance). The preferred kinds of break count only in
    /// the chunk's second half; a space anywhere; failing all, the size itself.
    private func breakPoint(
        _ scalars: [Unicode.Scalar],
        from start: Int,
        after previousEnd: Int,
        marks: HeadingMarks
    )
        -> Int
    {
        let limit = start + maxCharacters
        let floor = max(start + maxCharacters / 2, previousEnd + 1)
        // Best first: before a heading, paragraph, line, sentence.
        var best = [Int](repeating: -1, count: 4)
        var lastSpace = -1
        var index = limit
        while index > start {
            let scalar = scalars[index]
            if index >= floor {
                if scalar == "\n" {
                    if index + 1 < scalars.count, scalars[index + 1] == "\n" || scalars[index - 1] == "\n" {
                        // A paragraph break: the chunk ends at its first newline.
                        let first = scalars[index - 1] == "\n" ? index - 1 : index
                        var next = first
                        while next < scalars.count, scalars[next] == "\n" { next += 1 }
                        if marks.starts.contains(next) {
                            if best[0] < 0 { best[0] = first }
                        } else if !marks.ends.contains(first), best[1] < 0 {
                            best[1] = first
                        }
                    } else if !marks.ends.contains(index), best[2] < 0 {
                        best[2] = index
                    }
                } else if best[3] < 0, Self.isSentenceBreak(scalars, index) {
                    best[3] = index
                }
                if best[0] >= 0 { return best[0] }
            } else if let found = best.first(where: { $0 >= 0 }) {
                return found
            }
            if lastSpace < 0, scalar == " " {
                lastSpace = index
                if index < floor { break }
            }
            index -= 1
        }
        if let found = best.first(where: { $0 >= 0 }) { return found }
        return lastSpace > max(start, previousEnd) ? lastSpace : limit
    }

    /// Whether a chunk may end at `index` as at a sentence's end: a space after sentence
    /// punctuation, or any character after a full-width full stop.
    private static func isSentenceBreak(_ scalars: [Unicode.Scalar], _ index: Int) -> Bool {
        let before = scalars[index - 1]
        if before == "。" || before == "！" || before == "？" { return true }
        return scalars[index] == " " && (before == "." || before == "!" || before == "?" || before == ";")
    }

    /// Where the chunk after `start..<end` begins: `overlapCharacters` before `end`, moved
    /// forward to the next sentence or line start before `end` (failing one, the next word
    /// start); always after `start`.
    private func nextStart(_ scalars: [Unicode.Scalar], after start: Int, end: Int) -> Int {
        guard overlapCharacters > 0 else { return end }
        var wordStart = -1
        var index = max(start + 1, end - overlapCharacters)
        while index < end {
            let before = scalars[index - 1]
            if before == "\n" || before == " ", !scalars[index].properties.isWhitespace {
                if before == "\n" || (index >= 2 && Self.isSentenceBreak(scalars, index - 1)) { return index }
                if wordStart < 0 { wordStart = index }
            } else if before == "。" {
                return index
            }
            index += 1
        }
        return wordStart >= 0 ? wordStart : end
    }

    private func skipSpace(_ scalars: [Unicode.Scalar], _ index: Int, _ end: Int) -> Int {
        var index = index
        while index < end, scalars[index].properties.isWhitespace { index += 1 }
        return index
    }

    private func trimmed(_ scalars: [Unicode.Scalar], _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, scalars[lower].properties.isWhitespace { lower += 1 }
        while upper > lower, scalars[upper - 1].properties.isWhitespace { upper -= 1 }
        return lower..<upper
    }
}
