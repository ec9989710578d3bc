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
    public let statedDPI: Int?
    /// The resolution a PDF page was rendered at (`nil` for an image file's page).
    public let renderDPI: Int?
    /// Whether the image was converted to gray when it was made (a colour, colour-mapped or
    /// bilevel source).
    let grayscaled: Bool
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int

    /// Takes `pix`, made 8-bit gray here when it is not (gray now, not on the engine: a colour
    /// page waits for an engine at a quarter of the size, 8.7 MB instead of 35 MB for a 300 dpi
    /// A4 page). When Leptonica cannot convert it, the image is kept as it is and Tesseract
    /// takes it so.
    init(pix: LeptonicaPix, statedDPI: Int?, renderDPI: Int? = nil) {
        let gray = pix.isPlainGray ? nil : pix.grayscaled()
        self.image = gray ?? pix
        self.statedDPI = statedDPI
        self.renderDPI = renderDPI
        self.grayscaled = gray != nil
        self.width = pix.width
        self.height = pix.height
    }

    /// Copies a rendered page.
    ///
    /// - Throws: ``IntakeError`` `ocr_failed` when Leptonica cannot allocate the image.
    public convenience init(_ image: RasterImage) throws(IntakeError) {
        try self.init(pix: LeptonicaPix(image), statedDPI: nil, renderDPI: image.dpi)
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
