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
public enum LayoutRule {
    /// Text under this many pixels high is small: a page scanned at fax resolution (about 100
    /// dpi). Half the height pages are resampled to (24 px), so doubled text stays at or under it.
    public static let smallTextHeight = 12.0
    /// A page layout analysis read with a mean word confidence under this is read again as
    /// sparse text (a page read surely is not worth a second reading's time).
    public static let rereadBelow = 85.0
    /// The sparse reading is kept when its mean word confidence is at least this many points
    /// above layout analysis's.
    public static let minGain = 4.0

    /// Whether text `textHeight` pixels high (`nil`: not measured) is small.
    public static func isSmall(textHeight: Double?) -> Bool {
        textHeight.map { $0 < smallTextHeight } ?? false
    }

    /// Whether a page of text `textHeight` pixels high that layout analysis read with mean word
    /// confidence `confidence` (`nil`: no word found) is read again as sparse text.
    public static func readsAgain(confidence: Double?, textHeight: Double?) -> Bool {
        guard isSmall(textHeight: textHeight) else { return false }
        guard let confidence else { return true }
        return confidence < rereadBelow
    }

    /// Whether the sparse reading, of mean word confidence `sparse`, is kept rather than layout
    /// analysis's, of `layout` (`nil`: no word found).
    public static func keepsSparse(layout: Double?, sparse: Double?) -> Bool {
        guard let sparse else { return false }
        guard let layout else { return true }
        return sparse >= layout + minGain
    }
}
