/// When a page read with layout analysis is read a second time as sparse text, and which of the
/// two readings it keeps.
///
/// On a low-resolution faxed form, layout analysis (PSM 3) takes fields for noise and reads
/// little of what it keeps with confidence; Tesseract's sparse-text mode (PSM 11), with the
/// small text doubled, finds them and reads them more surely. On running text in columns and on
/// receipts it is the other way round, and sparse text loses the columns' order. Tesseract's
/// own mean word confidence tells the two apart: on the real development scans the sparse
/// reading was at least 4 points surer on 9 of the 10 faxed forms and on 2 tables, and never
/// on a page it read worse; on receipts and multi-column pages it was less sure or within 3
/// points (BENCHMARKS.md). Only pages of small text are read again: the fax's case, where a
/// second reading is cheap (a page of few pixels) and the doubling helps most.
///
/// Confidence only weighs the words each reading found. Layout analysis also drops whole
/// lines of a faxed form (a line typed on a dashed fill-in rule, taken with its rule for one
/// blot), and a reading that read nothing there can still be the surer one. So each reading's
/// ``ReadingCoverage`` is weighed too: a sparse reading that read at least ``minCoverageGain``
/// more of the page's glyphs is kept unless Tesseract is more than ``maxConfidenceLoss`` points
/// less sure of it. On receipts the sparse reading, even where it read more, was far less sure
/// (by 9 to 31 points on the real scans).
///
/// Layout analysis also drops whole regions it takes for pictures (a faxed order form's heading
/// beside a drawing, a signature block, text on a tinted band), and is then sure of the few
/// words it kept: real forms read at 85 to 88 with under 0.85 of their glyphs, one at 0.48. A
/// page whose layout reading read less than ``rereadBelowCoverage`` of its glyphs is read again
/// however sure it was, and a sparse reading that read ``regionsDroppedGain`` more of them is
/// kept unless Tesseract is more than ``regionsDroppedLoss`` points less sure of it. On the six
/// real sets that kept the sparse reading of five more forms, each read better (52.7 → 12.7 %
/// CER at best); further apart, a faxed table's sparse reading read its dotted leaders as
/// words (22 points less sure), and a form's 27 points less sure was worse too.
///
/// The margin guards running text: read in rows, a sparse reading runs across a page's
/// columns, and on faxed prose Tesseract can be surer of it and still read it worse. A page
/// whose layout reading is not running text (fewer than ``runningTextShare`` of its words in
/// lowercase: a form's labels, names, figures and boxes) has no such order to lose, and there
/// the sparse reading is kept whenever Tesseract is at least as sure of it.
///
/// Sparse text reads in rows, and where the rows of a page's columns share a baseline it can read
/// them as one line across the gutter, however sure Tesseract is of each word. A sparse reading
/// of running text with fewer than ``joinedLineShare`` of layout analysis's lines has done that,
/// and is never kept: on a two-column report shrunk to fax size with noise it was 6.7 points
/// surer and read 60 lines where layout analysis read 105, every one half of two sentences
/// (3,400 characters wrong, layout analysis's reading 838). On the real forms whose layout
/// reading is running text the sparse reading had at least 0.77 as many lines.
///
/// A sheet of small text that is not running text is read as sparse text first: layout analysis
/// alone counts its words in paragraphs (``RowReading/proseShare(wordCounts:)``) before anything
/// is read, and below ``RowReading/maxProseShare`` the page is read as sparse text. When
/// Tesseract is at least ``sparseFirstConfidence`` sure of that reading, it is kept without a
/// layout reading; below, a layout reading is made and the two are weighed by this rule. On
/// the real faxed forms reading once read as well as weighing, or better, in less time; the
/// readings Tesseract was unsure of were where it read worse: a table whose dotted leaders the
/// sparse reading read as words (59 sure, layout analysis 81), receipts as wide as a sheet
/// (BENCHMARKS.md).
///
/// A strip, a page more than ``stripRatio`` times as tall as it is wide, is never read again:
/// a till receipt, not a sheet of office paper. Of the 21 real receipts read twice, the sparse
/// reading was kept on one (a receipt as wide as A4) and on none of the 17 strips, 16 of which
/// it read worse; the faxed forms are letter-shaped.
public enum LayoutRule {
    /// Text under this many pixels high is small: a page scanned at fax resolution (about 100
    /// dpi). Half the height pages are resampled to (24 px), so doubled text stays at or under it.
    public static let smallTextHeight = 12.0
    /// A page more than this many times as tall as it is wide is a strip (a till receipt), not a
    /// sheet of office paper: legal paper is 1.65 times as tall as it is wide, A4 1.41, letter 1.29.
    public static let stripRatio = 1.7
    /// A page layout analysis read with a mean word confidence under this is read again as
    /// sparse text (a page read surely is not worth a second reading's time)...
    public static let rereadBelow = 85.0
    /// ...and so is a page whose layout reading read less than this share of its glyphs
    /// (``ReadingCoverage``), however sure Tesseract was of the words it did read.
    public static let rereadBelowCoverage = 0.85
    /// The sparse reading is kept when its mean word confidence is at least this many points
    /// above layout analysis's.
    public static let minGain = 4.0
    /// A sparse reading that read at least this share more of the page's glyphs than layout
    /// analysis's (``ReadingCoverage``) is kept unless it is much less sure.
    public static let minCoverageGain = 0.05
    /// How many points less sure than layout analysis's reading a sparse reading that read more
    /// of the page may be, and still be kept.
    public static let maxConfidenceLoss = 5.0
    /// A sparse reading that read at least this share more of the page's glyphs than layout
    /// analysis's read regions of the page that layout analysis dropped...
    public static let regionsDroppedGain = 0.15
    /// ...and is kept unless Tesseract is more than this many points less sure of it.
    public static let regionsDroppedLoss = 20.0
    /// A sparse reading made first, of a sheet of small text that is not running text, is kept
    /// without a layout reading when its mean word confidence is at least this.
    public static let sparseFirstConfidence = 65.0
    /// A layout reading with fewer than this share of its words in lowercase (``lowercaseShare(of:)``)
    /// is not running text: the sparse reading needs no margin there.
    public static let runningTextShare = 0.4
    /// A sparse reading of running text with fewer lines than this share of layout analysis's has
    /// read lines of side-by-side columns as one.
    public static let joinedLineShare = 2.0 / 3.0

    /// What one reading of a page gave, as the rule weighs it.
    public struct Reading: Sendable, Hashable {
        /// The mean word confidence, 0–100 (`nil`: no word found).
        public var confidence: Double?
        /// The share of the page's glyphs inside the words read (`nil`: not measured).
        public var coverage: Double?
        /// The share of the words read written in lowercase (`nil`: not measured).
        public var lowercaseShare: Double?
        /// How many lines of text were read (`nil`: not counted, ``lineCount(of:)``).
        public var lines: Int?

        public init(confidence: Double?, coverage: Double? = nil, lowercaseShare: Double? = nil, lines: Int? = nil) {
            self.confidence = confidence
            self.coverage = coverage
            self.lowercaseShare = lowercaseShare
            self.lines = lines
        }
    }

    /// The number of lines of `text` that hold more than blanks.
    public static func lineCount(of text: String) -> Int {
        text.split(whereSeparator: \.isNewline).count { !$0.allSatisfy(\.isWhitespace) }
    }

    /// The share of the words of `text` written in lowercase letters ("whether", "don't",
    /// "going,"), as ``SparseColumns`` tells running text.
    public static func lowercaseShare(of text: String) -> Double {
        ColumnGutter.lowercaseShare(of: text.split(whereSeparator: \.isWhitespace))
    }

    /// Whether text `textHeight` pixels high (`nil`: not measured) is small.
    public static func isSmall(textHeight: Double?) -> Bool {
        textHeight.map { $0 < smallTextHeight } ?? false
    }

    /// Whether a page `width` × `height` pixels of text `textHeight` pixels high may be read again
    /// as sparse text, whatever layout analysis reads: a sheet (not a strip) of small text.
    public static func mayReadAgain(textHeight: Double?, width: Int, height: Int) -> Bool {
        isSmall(textHeight: textHeight) && Double(height) <= stripRatio * Double(width)
    }

    /// Whether such a page that layout analysis read with mean word confidence `confidence`
    /// (`nil`: no word found) and `coverage` of its glyphs (`nil`: not measured) is read again
    /// as sparse text.
    public static func readsAgain(
        confidence: Double?,
        coverage: Double? = nil,
        textHeight: Double?,
        width: Int,
        height: Int
    ) -> Bool {
        guard mayReadAgain(textHeight: textHeight, width: width, height: height) else { return false }
        guard let confidence else { return true }
        return confidence < rereadBelow || coverage.map { $0 < rereadBelowCoverage } ?? false
    }

    /// Whether the `sparse` reading is kept rather than `layout` analysis's: when Tesseract is
    /// clearly surer of it (at least as sure, on a page that is not running text), when it read
    /// clearly more of the page and is nearly as sure, or when it read regions of the page that
    /// layout analysis dropped and is not far less sure; never when, on running text, it read
    /// columns' lines as one.
    public static func keepsSparse(layout: Reading, sparse: Reading) -> Bool {
        guard let sure = sparse.confidence else { return false }
        guard let layoutSure = layout.confidence else { return true }
        let runningText = layout.lowercaseShare.map { $0 >= runningTextShare } ?? true
        if runningText, let lines = sparse.lines, let layoutLines = layout.lines,
            Double(lines) < joinedLineShare * Double(layoutLines)
        {
            return false
        }
        if sure >= layoutSure + (runningText ? minGain : 0) { return true }
        guard let read = sparse.coverage, let layoutRead = layout.coverage else { return false }
        if read >= layoutRead + regionsDroppedGain, sure >= layoutSure - regionsDroppedLoss { return true }
        return read >= layoutRead + minCoverageGain && sure >= layoutSure - maxConfidenceLoss
    }
}
