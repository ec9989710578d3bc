internal import CLeptonica
public import IntakeCore

/// A page image ready for OCR, in 8-bit gray: a decoded image file page, or a rendered PDF page.
///
/// Not `Sendable`: it owns a Leptonica image and stays on the worker that made it, until the
/// reader that gets it takes the image (``takePix()``) and lets it go as soon as it has a
/// prepared copy.
public final class OCRImage {
    private var image: LeptonicaPix?
    /// The resolution the image file states (`nil` when it states none, and for a render): a
    /// hint the page reader checks against the page (``PageScale``).
    public private(set) var statedDPI: Int?
    /// The resolution a PDF page was rendered at (`nil` for an image file's page).
    public let renderDPI: Int?
    /// Whether the image was converted to gray when it was made (a colour, colour-mapped or
    /// bilevel source).
    let grayscaled: Bool
    /// Width in pixels.
    public private(set) var width: Int
    /// Height in pixels.
    public private(set) var height: Int
    /// The limit that made the image smaller than asked for, if one did; with the render
    /// resolution asked for, or the factor an image file's page was scaled by.
    public private(set) var sizeLimit: (limit: SizeLimit, requestedDPI: Int?, factor: Double?)?

    /// Takes `pix`, made 8-bit gray here when it is not (gray now, not on the engine: a colour
    /// page waits for an engine at a quarter of the size, 8.7 MB instead of 35 MB for a 300 dpi
    /// A4 page). When Leptonica cannot convert it, the image is kept as it is and Tesseract
    /// takes it so.
    ///
    /// An image file's page over the memory budget is then made smaller (``fit(within:limit:decodedAt:)``):
    /// `fitting` gives the most pixels, the limit they come from, and the scale the page was
    /// already decoded at (a JPEG's DCT scaling, below 1 when the limit set it).
    init(
        pix: LeptonicaPix,
        statedDPI: Int?,
        renderDPI: Int? = nil,
        fitting: (maxPixels: Int, limit: SizeLimit, decodedAt: Double)? = nil
    ) {
        let gray = pix.isPlainGray ? nil : pix.grayscaled()
        self.image = gray ?? pix
        self.statedDPI = statedDPI
        self.renderDPI = renderDPI
        self.grayscaled = gray != nil
        self.width = pix.width
        self.height = pix.height
        if let fitting { fit(within: fitting.maxPixels, limit: fitting.limit, decodedAt: fitting.decodedAt) }
    }

    /// Copies a rendered page.
    ///
    /// - Parameters:
    ///   - image: The render.
    ///   - requestedDPI: The resolution the page was to be rendered at, when `limit` lowered it.
    ///   - limit: The limit that lowered it.
    /// - Throws: ``IntakeError`` `ocr_failed` when Leptonica cannot allocate the image.
    public convenience init(_ image: RasterImage, requestedDPI: Int? = nil, limit: SizeLimit? = nil) throws(IntakeError)
    {
        try self.init(pix: LeptonicaPix(image), statedDPI: nil, renderDPI: image.dpi)
        if let limit, let requestedDPI { sizeLimit = (limit, requestedDPI, nil) }
    }

    /// Scales the page down to at most `maxPixels` when it is bigger, the stated resolution with
    /// it (Leptonica's `pixScale`, which reduces a gray image by area mapping:
    /// every source pixel counts).
    ///
    /// - Parameters:
    ///   - maxPixels: The most pixels the page may keep.
    ///   - limit: The limit `maxPixels` comes from, for the record.
    ///   - decodedAt: The scale the page was already decoded at (a JPEG's DCT scaling), below 1
    ///     when `limit` set it.
    private func fit(within maxPixels: Int, limit: SizeLimit, decodedAt: Double) {
        var factor = decodedAt
        let pixels = Double(width) * Double(height)
        if pixels > Double(maxPixels), let source = image {
            let scale = (Double(maxPixels) / pixels).squareRoot()
            let newWidth = max(1, Int(Double(width) * scale))
            let newHeight = max(1, Int(Double(height) * scale))
            if let scaled = source.scaled(toWidth: newWidth, height: newHeight) {
                image = scaled
                width = scaled.width
                height = scaled.height
                statedDPI = statedDPI.map { max(1, Int((Double($0) * scale).rounded())) }
                factor *= scale
            }
        }
        if factor < 1 { sizeLimit = (limit, nil, (factor * 1000).rounded(.down) / 1000) }
    }

    /// The image, still held here.
    var pix: LeptonicaPix {
        guard let image else { preconditionFailure("the page image was already taken by its reader") }
        return image
    }

    /// Gives the image to its reader: this object holds it no longer, so it is freed as soon as
    /// the reader replaces it with a prepared copy.
    func takePix() -> LeptonicaPix {
        defer { image = nil }
        return pix
    }
}

@available(*, unavailable)
extension OCRImage: Sendable {}
