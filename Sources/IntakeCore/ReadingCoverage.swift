/// How much of a page's text one reading of it read: the share of the page's glyphs that lie
/// inside the words Tesseract recognised.
///
/// A reading's mean confidence says how sure Tesseract is of the words it found, not whether it
/// found them all: layout analysis drops a region it takes for a picture or for noise, and its
/// words are then missing from a reading that can still be the surer one. The glyphs are the
/// page's connected components of text size in the image Tesseract binarized, so the share is
/// independent of what either reading found.
public enum ReadingCoverage {
    /// A component counts as a glyph when it is between these multiples of the page's text
    /// height tall (punctuation, specks and rules fall outside)...
    public static let glyphHeights = 0.5...2.0
    /// ...and at most this many text heights wide (a few touching letters, not a rule).
    public static let maxGlyphWidth = 3.0
    /// A glyph counts as read when its centre is inside a word's box widened by this share of
    /// the text height on every side (a word's box can miss a glyph's edge).
    public static let margin = 0.5

    /// A box in pixels.
    public struct Box: Sendable, Hashable {
        public var left: Int
        public var top: Int
        public var right: Int
        public var bottom: Int

        public init(left: Int, top: Int, right: Int, bottom: Int) {
            self.left = left
            self.top = top
            self.right = right
            self.bottom = bottom
        }
    }

    /// The centres of the glyph-sized `components` (bounding boxes, in pixels) of a page whose
    /// text is `textHeight` pixels high.
    public static func glyphCentres(
        of components: [(x: Int, y: Int, width: Int, height: Int)],
        textHeight: Double
    ) -> [(x: Double, y: Double)] {
        components.compactMap { box in
            let height = Double(box.height)
            guard glyphHeights.contains(height / textHeight), Double(box.width) <= maxGlyphWidth * textHeight else {
                return nil
            }
            return (Double(box.x) + Double(box.width) / 2, Double(box.y) + height / 2)
        }
    }

    /// The share of `glyphs` inside one of `words`, on a page whose text is `textHeight` pixels
    /// high; `nil` when there is no glyph.
    public static func share(
        of glyphs: [(x: Double, y: Double)],
        insideAnyOf words: [Box],
        textHeight: Double
    ) -> Double? {
        guard !glyphs.isEmpty else { return nil }
        let pad = margin * textHeight
        let read = glyphs.count { glyph in
            words.contains { word in
                glyph.x >= Double(word.left) - pad && glyph.x <= Double(word.right) + pad
                    && glyph.y >= Double(word.top) - pad && glyph.y <= Double(word.bottom) + pad
            }
        }
        return Double(read) / Double(glyphs.count)
    }
}
