/// Which horizontal rules of a page image are underlines that text touches: those are whitened
/// before OCR (``PreprocessingOptions/removeUnderlines``).
///
/// Form fields are typed or written on printed lines, and on faxes and low-resolution scans the
/// glyphs sit on the line and their descenders cross it: the line and the words on it become one
/// component as wide as the line. Tesseract's layout analysis takes that for a graphic, and the
/// words are lost: on a real form of the development set, five underlined paragraphs were missing
/// from the text. A rule is whitened only where glyph-sized pieces touch it over at least a
/// word's length; rules that frame tables, separate columns or underline nothing stay, because
/// Tesseract's layout analysis reads tables and columns by them.
///
/// Measured in pixels of the page as it is read, relative to its median glyph height
/// (``TextMeasurement/textHeight``), so the rule holds at any resolution.
public enum UnderlineRule {
    /// What is measured about one rule: a component of the page's long, thin horizontal black runs.
    public struct Rule: Sendable, Hashable {
        /// The rule's width in pixels.
        public var width: Int
        /// Glyph-sized pieces that touch the rule once the rules are taken away: at least
        /// ``minPiece`` high or wide, at most ``maxPieceWidth`` wide and ``maxPieceHeight`` high
        /// (table borders that cross the rule are rules themselves and do not count).
        public var pieces: Int
        /// Columns of the rule where such a piece touches it.
        public var touchedColumns: Int
        /// The share of black pixels in the band one text height above and below the rule. A
        /// line drawn inside a logo or a dark picture has black all around it; an underline on
        /// paper has text and white.
        public var darkness: Double
        /// Whether a vertical rule meets one of its ends (within a text height): the rule is an
        /// edge of a box or a table row. In a low-resolution table the text of the cells touches
        /// the row borders; whitened, they leave the column rules standing alone, and Tesseract
        /// reads less of the table (a real faxed table of the development set lost 16 of its
        /// 153 words).
        public var framed: Bool

        /// Creates a measurement.
        public init(width: Int, pieces: Int, touchedColumns: Int, darkness: Double, framed: Bool = false) {
            self.width = width
            self.pieces = pieces
            self.touchedColumns = touchedColumns
            self.darkness = darkness
            self.framed = framed
        }
    }

    /// A rule is a horizontal black run at least this many text heights long: longer than any
    /// glyph, a dash or a bar of bold type.
    public static let minLength = 4.0
    /// And at most this many text heights thick (at least 3 px): thicker is a filled area.
    public static let maxThickness = 0.5
    /// A piece is at least this many text heights high or wide (smaller: dust, a full stop).
    public static let minPiece = 0.5
    /// A piece is at most this many text heights wide and high: a glyph or a few fused ones,
    /// not a shaded table cell or a picture.
    public static let maxPieceWidth = 4.0
    public static let maxPieceHeight = 2.0
    /// An underline carries at least this many pieces…
    public static let minPieces = 3
    /// …touching it along at least this many text heights: a word, not a table border or two.
    public static let minTouched = 3.0
    /// The darkness at or above which a rule is part of a picture.
    public static let maxDarkness = 0.5

    /// The run length that makes a rule, in pixels, for text `textHeight` pixels high.
    public static func length(textHeight: Double) -> Int { max(2, Int(minLength * textHeight)) }
    /// The thickness from which a run is a filled area, in pixels.
    public static func thickness(textHeight: Double) -> Int { max(3, Int(maxThickness * textHeight)) }

    /// Whether `rule` is an underline carrying text, on a page whose text is `textHeight` pixels high.
    public static func isUnderline(_ rule: Rule, textHeight: Double) -> Bool {
        !rule.framed && rule.darkness < maxDarkness && rule.pieces >= minPieces
            && Double(rule.touchedColumns) >= minTouched * textHeight
    }
}
