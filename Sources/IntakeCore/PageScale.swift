/// What the connected components of a bilevel page image say about its text: how tall the
/// glyphs are, and how much of the page is specks far smaller than them.
///
/// Measured from the components' bounding boxes alone, so it is a pure function of the boxes
/// (tested without an image); `IntakeOCR` gets the boxes from Leptonica.
public struct TextMeasurement: Sendable, Hashable {
    /// Every 8-connected black component.
    public var components: Int
    /// Components shaped like glyphs: at least ``minGlyphHeight`` pixels tall, at most an eighth
    /// of the page, neither a rule (four times wider than tall) nor a bar (eight times taller).
    public var glyphs: Int
    /// The median glyph height in pixels, `nil` with fewer than ``minGlyphs`` glyphs (a blank
    /// page, a photograph). Body text is about a twelfth of an inch tall
    /// (``PageScale/textHeightInches``), which is how a resolution is estimated from it.
    public var textHeight: Double?
    /// Components whose width and height are both at most an eighth of ``textHeight`` (at
    /// least one pixel): dust, scanner noise, halftone dots, never a glyph or a full stop.
    public var specks: Int
    /// The share of the cells of a 12 × 12 grid over the page holding at least one speck. Scanner
    /// noise covers the whole sheet, margins included; halftone dots cover their pictures and
    /// the dots of text cover its lines, and neither reaches the margins.
    public var speckCoverage: Double

    /// The smallest component height counted as a glyph (smaller ones are specks or punctuation).
    public static let minGlyphHeight = 4
    /// The fewest glyphs a text height is measured from.
    public static let minGlyphs = 20
    /// The grid ``speckCoverage`` is counted on.
    public static let grid = 12

    /// Measures the components of a `width` × `height` page from their bounding boxes, in
    /// pixels of the image they were found in; `scale` converts them to the page's own
    /// pixels (a large page is measured on a reduced copy).
    public init(boxes: [(x: Int, y: Int, width: Int, height: Int)], width: Int, height: Int, scale: Double = 1) {
        components = boxes.count
        let tallest = max(Self.minGlyphHeight, height / 8)
        var heights = boxes.compactMap { box -> Int? in
            let glyph =
                box.height >= Self.minGlyphHeight && box.height <= tallest && box.width <= 4 * box.height
                && box.height <= 8 * box.width
            return glyph ? box.height : nil
        }
        glyphs = heights.count
        guard heights.count >= Self.minGlyphs, width > 0, height > 0 else {
            textHeight = nil
            specks = 0
            speckCoverage = 0
            return
        }
        heights.sort()
        let median = Double(heights[heights.count / 2])
        textHeight = median * scale
        let speckSize = max(1, Int(median / 8))
        var cells = Set<Int>()
        var specks = 0
        for box in boxes where box.width <= speckSize && box.height <= speckSize {
            specks += 1
            let column = min(Self.grid - 1, box.x * Self.grid / width)
            let row = min(Self.grid - 1, box.y * Self.grid / height)
            cells.insert(row * Self.grid + column)
        }
        self.specks = specks
        speckCoverage = Double(cells.count) / Double(Self.grid * Self.grid)
    }
}

/// How a page image is scaled and what resolution Tesseract is told, decided from what the file
/// states, the page size that implies, and the measured text.
///
/// A stated resolution is a hint: scanning and conversion software often writes 72 or 96 dpi
/// (PNG pHYs, JFIF density) whatever the scan was. It is believed when the page it implies is
/// between a card and a poster and the text measured on the page is within a factor of
/// ``agreement`` of the size body text has at that resolution. Otherwise the resolution is
/// estimated from the text; with no measurable text either, Tesseract estimates it itself
/// (unless the options assume one). The pixels are resampled only when the text is outside the
/// range Tesseract reads well, never because of a header.
public struct PageScale: Sendable, Hashable {
    /// The resolution Tesseract is told (of the image after ``factor``); `nil` lets Tesseract
    /// estimate it from the text lines.
    public var dpi: Int?
    /// Where ``dpi`` came from.
    public var source: ResolutionSource
    /// The factor the image is resampled by (1: not resampled).
    public var factor: Double
    /// Why a stated resolution was not believed, for the record's warnings.
    public var doubt: String?

    /// Creates a decision.
    public init(dpi: Int?, source: ResolutionSource, factor: Double, doubt: String? = nil) {
        self.dpi = dpi
        self.source = source
        self.factor = factor
        self.doubt = doubt
    }

    /// The median glyph height of body text, in inches: between the x-height and the capital
    /// height of 9–12 pt type. Tesseract's own estimate takes a tenth of an inch; the pages of
    /// the real-scan development set whose resolution their size gives (letter and A4 scans)
    /// measure 0.06–0.1 in, median 1/12.
    public static let textHeightInches = 1.0 / 12
    /// A stated resolution is believed while the text it implies is within this factor of the
    /// measured text.
    public static let agreement = 2.0
    /// The smallest believable page side, in inches (a business card is 2 × 3.5).
    public static let smallestPage = 1.0
    /// The largest believable page side, in inches (an A0 poster is 33 × 47).
    public static let largestPage = 48.0
    /// The resolutions taken at all (Tesseract's credible range is 70–2400).
    public static let credible = 70...2400

    /// Decides the scale of one page.
    ///
    /// - Parameters:
    ///   - stated: The resolution the image file states, if any; `nil` for a render.
    ///   - rendered: The resolution a PDF page was rendered at (a render's is known).
    ///   - width: The image width in pixels.
    ///   - height: The image height in pixels.
    ///   - text: The measured text.
    ///   - options: The text-height range, and whether to resample.
    ///   - assumed: The resolution to assume when nothing is trustworthy (`nil`: Tesseract estimates).
    ///   - maxPixels: Resampling never makes the image bigger than this.
    public static func decide(
        stated: Int?,
        rendered: Int?,
        width: Int,
        height: Int,
        text: TextMeasurement,
        options: PreprocessingOptions,
        assumed: Int?,
        maxPixels: Int
    ) -> PageScale {
        let estimate = text.textHeight.map { Int(($0 / textHeightInches).rounded()) }
        var scale: PageScale
        if let rendered {
            scale = PageScale(dpi: rendered, source: .render, factor: 1)
        } else if let stated, let believed = believe(stated, width: width, height: height, estimate: estimate) {
            scale = PageScale(dpi: believed, source: .stated, factor: 1)
        } else if let estimate, credible.contains(estimate) {
            scale = PageScale(dpi: estimate, source: .estimated, factor: 1)
            if let stated {
                scale.doubt =
                    "states \(stated) dpi, but its text (\(Int(text.textHeight!)) px high) says about \(estimate) dpi"
            }
        } else {
            scale = PageScale(dpi: assumed, source: .assumed, factor: 1)
            if let stated {
                scale.doubt = "states \(stated) dpi, which cannot be right for a \(width) × \(height) page"
            }
        }
        guard options.resample, let textHeight = text.textHeight else { return scale }
        let range = options.textHeight
        guard textHeight < Double(range.minimum) || textHeight > Double(range.maximum) else { return scale }
        let pixels = Double(width) * Double(height)
        let factor = min(
            Double(range.target) / textHeight,
            Self.maxUpsampling,
            (Double(maxPixels) / pixels).squareRoot()
        )
        guard abs(factor - 1) > 0.05 else { return scale }
        scale.factor = factor
        scale.dpi = scale.dpi.map { Int((Double($0) * factor).rounded()) }
        return scale
    }

    /// Upsampling goes no further than this: more would only inflate noise.
    public static let maxUpsampling = 3.0

    /// `stated` when it is credible, the page it implies is a page, and the text agrees.
    static func believe(_ stated: Int, width: Int, height: Int, estimate: Int?) -> Int? {
        guard credible.contains(stated) else { return nil }
        let sides = [Double(width) / Double(stated), Double(height) / Double(stated)]
        guard sides.min()! >= smallestPage, sides.max()! <= largestPage else { return nil }
        if let estimate {
            let ratio = Double(stated) / Double(estimate)
            guard ratio <= agreement, ratio >= 1 / agreement else { return nil }
        }
        return stated
    }
}

/// Whether a page is smoothed with a 3 × 3 median filter before OCR (``PreprocessingOptions/Denoise/auto``).
///
/// The filter takes scanner noise away, but it also takes strokes of one or two pixels: on the
/// real-scan development set it raised the tesseract CLI's error on every page it was tried
/// on (small print, faxes, halftones, receipts), while on pages sprinkled with noise it cut the
/// error several times. So it runs only where the noise covers the sheet, margins included,
/// and the text is tall enough for its strokes to survive.
public enum DenoiseRule {
    /// The median filter keeps strokes of three pixels and more: text at least this tall.
    public static let minTextHeight = 16.0
    /// Specks in at least this share of the page's grid cells: noise over the whole sheet.
    public static let minSpeckCoverage = 0.9
    /// And at least this many specks per glyph.
    public static let minSpecksPerGlyph = 0.5

    /// Whether `text`, measured on the page as it will be read, calls for the filter.
    public static func isNoisy(_ text: TextMeasurement) -> Bool {
        guard let height = text.textHeight, height >= minTextHeight, text.glyphs > 0 else { return false }
        return text.speckCoverage >= minSpeckCoverage && Double(text.specks) / Double(text.glyphs) >= minSpecksPerGlyph
    }
}
