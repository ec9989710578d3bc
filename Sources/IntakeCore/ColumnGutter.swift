/// Splits a block that layout analysis read across two or more columns of running text.
///
/// Tesseract finds columns by the white space between them. Where two columns stand close (a
/// condensed deposition transcript: four pages on one sheet, each column's lines numbered at
/// its left, a rule between the columns), it can miss the gutter and read the block line by
/// line across both columns, so that every line of the text is half of one sentence and half
/// of another. The tesseract CLI reads such a real page the same way.
///
/// A block counts as two columns when an x position splits it so that:
/// - no word crosses it, at least ``minLines`` lines make up the block, and at least
///   ``minBothSides`` of them have words on both sides;
/// - on those lines, the median space across it is at least ``minGutterHeights`` line heights
///   and at least ``minGutterWordGaps`` times the block's median space between two words:
///   a gutter, not a space in a sentence;
/// - each side is at least ``minSideShare`` of the block's width and holds on average at least
///   ``minWordsPerSide`` words a line;
/// - each side is running text: at least ``minLowercaseShare`` of its words are written in
///   lowercase letters. A table's cells, a form's labels and values, a column of figures are
///   names, capitals and numbers: 0 to 21 % lowercase words on the real tables and forms whose
///   gaps are otherwise wide enough, against 67 % and 74 % on the real transcript's two columns.
///   Text in a script without case is never split.
///
/// The block is then read as its left column, then its right one, each side split again where
/// it has a gutter of its own. Every other block, and every page where layout analysis found the
/// columns itself (a block per column), is left as it was.
public enum ColumnGutter {
    public static let minLines = 6
    public static let minBothSides = 0.8
    public static let minGutterHeights = 1.5
    public static let minGutterWordGaps = 3.0
    public static let minSideShare = 0.25
    public static let minWordsPerSide = 3.0
    public static let minLowercaseShare = 0.5

    /// The lines with each block read across a gutter replaced by its columns (block numbers
    /// renumbered in reading order), and how many blocks were split.
    ///
    /// - Parameter lines: The page's lines in Tesseract's reading order, with their words.
    public static func split(_ lines: [OCRLine]) -> (lines: [OCRLine], split: Int) {
        var result: [OCRLine] = []
        var split = 0
        var block = 0
        for members in OCRLine.blocks(lines) {
            let parts = columns(members)
            if parts.count > 1 { split += 1 }
            for column in parts {
                result += column.map { $0.inBlock(block) }
                block += 1
            }
        }
        return (result, split)
    }

    /// A block's columns, left to right: the block itself when it has no gutter; else the
    /// columns of each side of its gutter (three columns read across are two gutters).
    static func columns(_ block: [OCRLine]) -> [[OCRLine]] {
        guard let x = gutter(block) else { return [block] }
        return columns(block.compactMap { $0.part(rightOf: nil, leftOf: x) })
            + columns(block.compactMap { $0.part(rightOf: x, leftOf: nil) })
    }

    /// The x of the gutter with the widest median space across it, or `nil`.
    static func gutter(_ lines: [OCRLine]) -> Double? {
        // A line without its words (the engine could not give them) cannot be split.
        guard lines.count >= minLines, lines.allSatisfy({ !$0.words.isEmpty }) else { return nil }
        let words = lines.flatMap(\.words)
        let left = words.map(\.left).min()!
        let right = words.map(\.right).max()!
        let width = Double(right - left)
        let count = Double(lines.count)
        let lineHeight = median(lines.map { Double($0.height) })
        let wordGap = median(
            lines.flatMap { line in zip(line.words, line.words.dropFirst()).map { Double($1.left - $0.right) } }
        )
        // The x positions no word crosses: one in each gap between the words' merged extents.
        var best: (x: Double, space: Double)?
        for (before, after) in openings(words.map { ($0.left, $0.right) }) {
            let x = Double(before.right + after.left) / 2
            guard Double(before.right - left) >= minSideShare * width,
                Double(right - after.left) >= minSideShare * width
            else { continue }
            let sides = lines.map { line in
                (left: line.words.filter { Double($0.right) < x }, right: line.words.filter { Double($0.left) > x })
            }
            let spaces = sides.compactMap { side -> Double? in
                guard let end = side.left.map(\.right).max(), let start = side.right.map(\.left).min() else {
                    return nil
                }
                return Double(start - end)
            }
            let space = median(spaces)
            let leftWords = sides.flatMap(\.left)
            let rightWords = sides.flatMap(\.right)
            guard Double(spaces.count) >= minBothSides * count,
                space >= minGutterHeights * lineHeight,
                space >= minGutterWordGaps * wordGap,
                space > best?.space ?? 0,
                Double(leftWords.count) >= minWordsPerSide * count,
                Double(rightWords.count) >= minWordsPerSide * count,
                lowercaseShare(leftWords) >= minLowercaseShare,
                lowercaseShare(rightWords) >= minLowercaseShare
            else { continue }
            best = (x, space)
        }
        return best?.x
    }

    /// The share of `words` written in lowercase letters (an apostrophe or hyphen inside, one
    /// mark of punctuation after): "whether", "don't", "going,".
    static func lowercaseShare(_ words: [OCRLine.Word]) -> Double {
        lowercaseShare(of: words.map(\.text))
    }

    /// The share of `words` (their texts) written in lowercase letters.
    static func lowercaseShare(of words: [some StringProtocol]) -> Double {
        share(lowercaseCount(words), of: words.count)
    }

    /// How many of `words` (their texts) are written in lowercase letters.
    static func lowercaseCount(_ words: [some StringProtocol]) -> Int {
        words.count { word in
            var letters = Substring(word)
            if let last = letters.last, last.isPunctuation { letters = letters.dropLast() }
            guard let first = letters.first, let end = letters.last, first.isLowercase, end.isLowercase else {
                return false
            }
            return letters.allSatisfy { $0.isLowercase || $0 == "'" || $0 == "’" || $0 == "-" }
        }
    }

    /// `part` of `whole` as a share (0 of nothing).
    static func share(_ part: Int, of whole: Int) -> Double {
        whole == 0 ? 0 : Double(part) / Double(whole)
    }

    /// The gaps between `extents` merged where they overlap, left to right: for each, the
    /// merged extent before it and the one after.
    static func openings(
        _ extents: [(left: Int, right: Int)]
    ) -> [(before: (left: Int, right: Int), after: (left: Int, right: Int))] {
        var covered: [(left: Int, right: Int)] = []
        for extent in extents.sorted(by: { $0.left < $1.left }) {
            if let last = covered.last, extent.left <= last.right {
                covered[covered.count - 1].right = max(last.right, extent.right)
            } else {
                covered.append(extent)
            }
        }
        return Array(zip(covered, covered.dropFirst())).map { (before: $0.0, after: $0.1) }
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }
}

extension OCRLine {
    /// The line's words between two x positions (`nil`: no bound), as a line of their own; `nil`
    /// when none lies there.
    fileprivate func part(rightOf start: Double?, leftOf end: Double?) -> OCRLine? {
        let kept = words.filter { word in
            start.map { Double(word.left) > $0 } ?? true && end.map { Double(word.right) < $0 } ?? true
        }
        guard !kept.isEmpty else { return nil }
        var line = self
        line.words = kept
        line.left = kept.map(\.left).min()!
        line.right = kept.map(\.right).max()!
        line.text = kept.map(\.text).joined(separator: " ")
        return line
    }

    fileprivate func inBlock(_ block: Int) -> OCRLine {
        var line = self
        line.block = block
        return line
    }
}
