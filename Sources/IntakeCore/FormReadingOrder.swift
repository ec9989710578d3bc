/// A text line as Tesseract's layout analysis found it: the block and paragraph it belongs to,
/// its box in pixels, and its text.
public struct OCRLine: Sendable, Hashable {
    /// The line's block, counted from 0 in Tesseract's reading order.
    public var block: Int
    /// The line's paragraph, counted from 0 over the page.
    public var paragraph: Int
    public var left: Int
    public var top: Int
    public var right: Int
    public var bottom: Int
    /// The line's words, separated by spaces.
    public var text: String
    /// The line's words with their extents, left to right (empty where they are not known).
    public var words: [Word]

    /// A word of a line: where it starts and ends, in pixels, its text, and how sure Tesseract
    /// is of it.
    public struct Word: Sendable, Hashable {
        public var left: Int
        public var right: Int
        public var text: String
        /// Tesseract's confidence in the word, 0–100 (`nil`: not known).
        public var confidence: Double?

        public init(left: Int, right: Int, text: String, confidence: Double? = nil) {
            self.left = left
            self.right = right
            self.text = text
            self.confidence = confidence
        }
    }

    /// Creates a line.
    public init(
        block: Int,
        paragraph: Int,
        left: Int,
        top: Int,
        right: Int,
        bottom: Int,
        text: String,
        words: [Word] = []
    ) {
        self.block = block
        self.paragraph = paragraph
        self.left = left
        self.top = top
        self.right = right
        self.bottom = bottom
        self.text = text
        self.words = words
    }

    var height: Int { max(1, bottom - top) }
    var centre: Double { Double(top + bottom) / 2 }

    /// `lines` (in reading order) grouped by block: each run of lines of one block.
    static func blocks(_ lines: [OCRLine]) -> [[OCRLine]] {
        var blocks: [[OCRLine]] = []
        for line in lines {
            if let last = blocks.last?.last, last.block == line.block {
                blocks[blocks.count - 1].append(line)
            } else {
                blocks.append([line])
            }
        }
        return blocks
    }
}

/// How a reading's lines are put in order after recognition.
public enum LineOrder: Sendable, Hashable {
    /// Tesseract's own order.
    case tesseract
    /// On a page that is not running text, row by row as ``rows`` (``RowReading``); elsewhere
    /// Tesseract's order, with a form's labels put back on one line with their values
    /// (``FormReadingOrder/arrange(_:)``).
    case formLabels
    /// Row by row, top to bottom (``FormReadingOrder/sparse(_:)``): a sparse reading has no
    /// order of its own.
    case rows
}

/// Puts a form's labels back on one line with their values.
///
/// On a form, "Date filed:" is printed in a column of labels and "July 23, 1998" typed to its
/// right. Tesseract's layout analysis often takes the gap between them for a column gutter and
/// reads all the labels, then all the values; a RAG chunk then holds "DATE FILED: DATE SERVED:
/// CASE TYPE:" and, paragraphs later, three dates nobody can attribute. Here a line counts as a
/// label when it is short and ends with a colon, and a block of lines to its right counts as
/// its values when its lines sit on the labels' rows, close to them. The label blocks and their
/// value blocks are then read row by row, left to right; every other block keeps Tesseract's
/// reading order. Columns of running text are left alone: a colon line beside a paragraph of
/// another column pairs with one line of many, and columns stand further apart.
///
/// Many forms print their labels in capitals without a colon ("COUPON ISSUE DATE"). Such a line
/// is also a report's heading or a letterhead's, so it counts as a label only in a column of at
/// least ``minCapitalLabels`` beside values, never beside running text, and never labels a line
/// that is a label itself ("INVESTMENT CONCLUSION:"). On seven real sets this joined the labels
/// of four forms (each read better) and rows of two receipts, and changed no clean page, nor the
/// clean pages shrunk to fax size. Those forms and receipts are now read in rows
/// (``RowReading``), which this order serves only on pages with more running text: there it
/// joins no page of the seven sets.
public enum FormReadingOrder {
    /// A label has at most this many words.
    public static let maxLabelWords = 5
    /// A value starts at most this many line heights right of its label.
    public static let maxGap = 15.0
    /// A block of more than two lines holds values when at least two of its lines, and at
    /// least this share of them, sit on a label's row.
    public static let minValueShare = 0.4
    /// Labels in capitals without a colon count only when at least this many sit beside values.
    public static let minCapitalLabels = 3

    /// The page's text with the labels joined to their values, and how many labels were;
    /// `nil` when the page has none (its text is then Tesseract's own).
    ///
    /// - Parameter lines: The page's lines in Tesseract's reading order.
    public static func arrange(_ lines: [OCRLine]) -> (text: String, joined: Int)? {
        var blocks: [Int: [OCRLine]] = [:]
        var order: [Int] = []
        for line in lines {
            if blocks[line.block] == nil { order.append(line.block) }
            blocks[line.block, default: []].append(line)
        }
        var joins = pairs(of: lines.filter(isLabel), in: blocks, order: order)
        let capitals = pairs(of: lines.filter(isCapitalLabel), in: blocks, order: order, capitals: true)
        if capitals.count >= minCapitalLabels { joins += capitals }
        guard !joins.isEmpty else { return nil }
        var groups = UnionFind(order)
        for (label, value) in joins { groups.join(label, value) }
        let joined = joins.count
        var members: [Int: [Int]] = [:]
        for block in order { members[groups.root(block), default: []].append(block) }
        var parts: [String] = []
        var done = Set<Int>()
        for block in order where !done.contains(block) {
            let group = members[groups.root(block)]!
            done.formUnion(group)
            parts.append(group.count == 1 ? paragraphs(blocks[block]!) : rows(group.flatMap { blocks[$0]! }))
        }
        return (parts.joined(separator: "\n\n") + "\n", joined)
    }

    /// The (label block, value block) pairs of `labels`: for each block that holds values, one
    /// pair per line of it that sits beside a label. `capitals` labels pair only with lines that
    /// are not labels themselves, in a block that is not running text.
    static func pairs(
        of labels: [OCRLine],
        in blocks: [Int: [OCRLine]],
        order: [Int],
        capitals: Bool = false
    ) -> [(label: Int, value: Int)] {
        guard !labels.isEmpty else { return [] }
        var pairs: [(label: Int, value: Int)] = []
        for block in order {
            let values = blocks[block]!
            if capitals {
                let words = values.flatMap { $0.text.split(separator: " ") }
                guard ColumnGutter.lowercaseShare(of: words) < LayoutRule.runningTextShare else { continue }
            }
            var labelBlocks: [Int] = []
            for value in values where !(capitals && value.text.hasSuffix(":")) {
                if let label = labels.first(where: { $0.block != block && isLabel($0, of: value) }) {
                    labelBlocks.append(label.block)
                }
            }
            let holdsValues =
                values.count <= 2
                ? !labelBlocks.isEmpty
                : labelBlocks.count >= 2 && Double(labelBlocks.count) >= minValueShare * Double(values.count)
            if holdsValues { pairs += labelBlocks.map { ($0, block) } }
        }
        return pairs
    }

    static func isLabel(_ line: OCRLine) -> Bool {
        line.text.hasSuffix(":") && isShort(line)
    }

    /// A short line in capitals without a colon ("BRANDS(S) APPLICABLE", "COUPON ISSUE DATE"):
    /// a label when a column of them sits beside values.
    static func isCapitalLabel(_ line: OCRLine) -> Bool {
        !line.text.hasSuffix(":") && isShort(line) && line.text.contains(where: \.isUppercase)
            && !line.text.contains(where: \.isLowercase)
    }

    /// Whether `line` has at least one word and at most ``maxLabelWords``.
    static func isShort(_ line: OCRLine) -> Bool {
        (1...maxLabelWords).contains(line.text.split(separator: " ").count)
    }

    /// Whether `label` (a label line) is the label of `value`: on its row, and close to its left.
    static func isLabel(_ label: OCRLine, of value: OCRLine) -> Bool {
        label.right < value.left && Double(value.left - label.right) <= maxGap * Double(label.height)
            && sameRow(label, value)
    }

    static func sameRow(_ a: OCRLine, _ b: OCRLine) -> Bool {
        abs(a.centre - b.centre) <= 0.5 * Double(max(a.height, b.height))
    }

    /// The lines' text block by block in their order, a blank line between blocks and between
    /// paragraphs, as Tesseract writes a page.
    public static func text(_ lines: [OCRLine]) -> String {
        OCRLine.blocks(lines).map(paragraphs).joined(separator: "\n\n") + "\n"
    }

    /// A block's lines, with a blank line between its paragraphs (as Tesseract writes them).
    static func paragraphs(_ lines: [OCRLine]) -> String {
        var text = ""
        for (index, line) in lines.enumerated() {
            if index > 0 { text += line.paragraph == lines[index - 1].paragraph ? "\n" : "\n\n" }
            text += line.text
        }
        return text
    }

    /// Lines read row by row (a line joins the row above when it sits on it), each row left to right.
    static func rows(_ lines: [OCRLine]) -> String {
        inRows(lines).map { $0.map(\.text).joined(separator: " ") }.joined(separator: "\n")
    }

    /// The lines grouped into rows, top to bottom, each left to right: two lines share a row
    /// when one sits on the other, nearest pairs first, unless a line of one row runs over a
    /// line of the other.
    ///
    /// Two lines one above the other are never one row. On a page left a little askew (under
    /// the deskew's minimum angle) the right end of a line sits as high as the left end of the
    /// line above it, and rows chained through it read two lines' halves interleaved; on a
    /// form, a value sits between its label and the heading above both.
    static func inRows(_ lines: [OCRLine]) -> [[OCRLine]] {
        let lines = lines.sorted { $0.centre < $1.centre }
        let reach = 0.5 * Double(lines.map(\.height).max() ?? 0)
        var pairs: [(distance: Double, a: Int, b: Int)] = []
        for a in lines.indices {
            for b in (a + 1)..<lines.count {
                let distance = lines[b].centre - lines[a].centre
                if distance > reach { break }
                if sameRow(lines[a], lines[b]), !runsOver(lines[a], lines[b]) { pairs.append((distance, a, b)) }
            }
        }
        pairs.sort { ($0.distance, $0.a, $0.b) < ($1.distance, $1.a, $1.b) }
        var row = Array(lines.indices)
        var members = lines.indices.map { [$0] }
        for pair in pairs {
            let (kept, merged) = (min(row[pair.a], row[pair.b]), max(row[pair.a], row[pair.b]))
            guard kept != merged,
                !members[kept].contains(where: { one in members[merged].contains { runsOver(lines[one], lines[$0]) } })
            else { continue }
            for line in members[merged] { row[line] = kept }
            members[kept] += members[merged]
            members[merged] = []
        }
        return members.filter { !$0.isEmpty }.map { $0.map { lines[$0] }.sorted { $0.left < $1.left } }
    }

    /// Whether `a` and `b` share more of their width than a glyph's: one stands above the other.
    static func runsOver(_ a: OCRLine, _ b: OCRLine) -> Bool {
        min(a.right, b.right) - max(a.left, b.left) > min(a.height, b.height)
    }

    /// A sparse reading's text in reading order, how many of its labels sit on one line with
    /// their values, and how many cuts between columns of running text it was read by; `nil`
    /// for a page without lines.
    ///
    /// Tesseract's sparse-text mode (PSM 11) finds lines "in no particular order": it lists
    /// them by a coarse grid, so of two close lines the one starting further left comes first.
    /// On a real faxed cover sheet the second line of a notice was read before the first. Here
    /// the lines are read row by row, top to bottom, each row left to right, so a form's label
    /// and the value typed beside it share a line. A blank line is kept where the gap between
    /// two rows is taller than their lines, as between paragraphs. Columns of running text
    /// (``SparseColumns``) are read one after the other, each in rows.
    public static func sparse(_ lines: [OCRLine]) -> (text: String, joined: Int, columns: Int)? {
        guard !lines.isEmpty else { return nil }
        let (regions, cuts) = SparseColumns.regions(lines)
        let parts = regions.map { Self.written(inRows($0)) }
        return (parts.map(\.text).joined(separator: "\n"), parts.map(\.joined).reduce(0, +), cuts)
    }

    /// Rows written top to bottom, a blank line before a row further below the one above than
    /// their lines are high, and how many labels sit on a row with their values.
    static func written(_ rows: [[OCRLine]]) -> (text: String, joined: Int) {
        var text = ""
        var joined = 0
        for (index, row) in rows.enumerated() {
            if index > 0 {
                let above = rows[index - 1]
                let gap = row.map(\.top).min()! - above.map(\.bottom).max()!
                text += gap > max(above.map(\.height).max()!, row.map(\.height).max()!) ? "\n\n" : "\n"
            }
            text += row.map(\.text).joined(separator: " ")
            joined += row.dropLast().filter(isLabel).count
        }
        return (text + "\n", joined)
    }
}

/// Disjoint sets of block numbers.
private struct UnionFind {
    private var parent: [Int: Int]

    init(_ members: [Int]) {
        parent = Dictionary(uniqueKeysWithValues: members.map { ($0, $0) })
    }

    func root(_ member: Int) -> Int {
        var member = member
        while let up = parent[member], up != member { member = up }
        return member
    }

    mutating func join(_ a: Int, _ b: Int) {
        parent[root(a)] = root(b)
    }
}
