/// The columns of running text in a sparse reading, so that it is read column by column.
///
/// Tesseract's sparse-text mode (PSM 11) finds text lines without layout analysis, and
/// ``FormReadingOrder/sparse(_:)`` reads them in rows, as a form is read. On a page of running
/// text in columns, rows run across the columns: a line of one column, then the line beside
/// it in the next. The development set's clean pages, shrunk to fax size with a little noise,
/// read that way lost up to three times their characters.
///
/// The lines are cut recursively by the white space between them (an XY cut): at an x that no
/// line crosses, where both sides are running text side by side; otherwise at the rows of
/// white that cross the whole region (between a title and the columns below it), each band
/// then cut again. A cut between columns needs, on each side, at least ``minLines`` lines of
/// which at least ``ColumnGutter/minLowercaseShare`` of the words are lowercase (a form's
/// labels and values, a table's cells and figures are not), a gap of at least
/// ``minGutterHeights`` line heights, and the two sides beside each other over at least half
/// the shorter one's height. A page with no such cut is read in rows as before.
public enum SparseColumns {
    public static let minLines = 6
    public static let minGutterHeights = 0.75
    /// Each side holds at least this share of lowercase words (a column of prose with a table
    /// of figures in it), and both together at least ``ColumnGutter/minLowercaseShare``.
    public static let minSideLowercaseShare = 0.3
    /// A band ends at a row of white at least this many line heights high.
    public static let minBandGapHeights = 1.0

    /// The regions of `lines` in reading order, and how many cuts between columns were made;
    /// one region (all the lines) when there is none. Lines without their words are never cut.
    public static func regions(_ lines: [OCRLine]) -> (regions: [[OCRLine]], cuts: Int) {
        guard lines.count >= 2 * minLines, lines.allSatisfy({ !$0.words.isEmpty }) else { return ([lines], 0) }
        let height = ColumnGutter.median(lines.map { Double($0.height) })
        var cuts = 0
        let found = cut(lines, lineHeight: height, cuts: &cuts)
        return cuts > 0 ? (found, cuts) : ([lines], 0)
    }

    static func cut(_ lines: [OCRLine], lineHeight: Double, cuts: inout Int) -> [[OCRLine]] {
        guard lines.count >= 2 * minLines else { return [lines] }
        if let sides = columns(lines, lineHeight: lineHeight) {
            cuts += 1
            return cut(sides.left, lineHeight: lineHeight, cuts: &cuts)
                + cut(sides.right, lineHeight: lineHeight, cuts: &cuts)
        }
        let bands = self.bands(lines, lineHeight: lineHeight)
        guard bands.count > 1 else { return [lines] }
        return bands.flatMap { cut($0, lineHeight: lineHeight, cuts: &cuts) }
    }

    /// The lines left and right of the widest gap no line crosses with running text side by
    /// side on both sides, or `nil`.
    static func columns(_ lines: [OCRLine], lineHeight: Double) -> (left: [OCRLine], right: [OCRLine])? {
        var best: (left: [OCRLine], right: [OCRLine], gap: Int)?
        for (before, after) in ColumnGutter.openings(lines.map { ($0.left, $0.right) }) {
            let gap = after.left - before.right
            guard Double(gap) >= minGutterHeights * lineHeight, gap > best?.gap ?? 0 else { continue }
            let x = Double(before.right + after.left) / 2
            let left = lines.filter { Double($0.right) < x }
            let right = lines.filter { Double($0.left) > x }
            guard left.count >= minLines, right.count >= minLines else { continue }
            // Each side's words are counted once; both sides' share is their counts together.
            let leftWords = left.flatMap { $0.words.map(\.text) }
            let rightWords = right.flatMap { $0.words.map(\.text) }
            let leftLowercase = ColumnGutter.lowercaseCount(leftWords)
            let rightLowercase = ColumnGutter.lowercaseCount(rightWords)
            guard
                ColumnGutter.share(leftLowercase + rightLowercase, of: leftWords.count + rightWords.count)
                    >= ColumnGutter.minLowercaseShare,
                ColumnGutter.share(leftLowercase, of: leftWords.count) >= minSideLowercaseShare,
                ColumnGutter.share(rightLowercase, of: rightWords.count) >= minSideLowercaseShare,
                sideBySide(left, right)
            else { continue }
            best = (left, right, gap)
        }
        return best.map { ($0.left, $0.right) }
    }

    /// Whether two groups of lines overlap vertically over at least half the shorter one's span.
    static func sideBySide(_ a: [OCRLine], _ b: [OCRLine]) -> Bool {
        let aTop = a.map(\.top).min()!
        let aBottom = a.map(\.bottom).max()!
        let bTop = b.map(\.top).min()!
        let bBottom = b.map(\.bottom).max()!
        let overlap = min(aBottom, bBottom) - max(aTop, bTop)
        return Double(overlap) >= 0.5 * Double(min(aBottom - aTop, bBottom - bTop))
    }

    /// The lines split at every row of white across them at least ``minBandGapHeights`` line
    /// heights high, top to bottom.
    static func bands(_ lines: [OCRLine], lineHeight: Double) -> [[OCRLine]] {
        var bands: [[OCRLine]] = []
        var bottom = Int.min
        for line in lines.sorted(by: { $0.top < $1.top }) {
            if bands.isEmpty || Double(line.top - bottom) >= minBandGapHeights * lineHeight {
                bands.append([line])
            } else {
                bands[bands.count - 1].append(line)
            }
            bottom = max(bottom, line.bottom)
        }
        return bands
    }
}
