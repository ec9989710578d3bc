internal import CLeptonica
public import IntakeCore

/// A page image ready for OCR: a decoded image file page, or a rendered PDF page, in 8-bit gray
/// where it was made so (a colour page waiting for an engine holds a quarter of the memory).
///
/// Not `Sendable`: it owns a Leptonica image and stays on the worker that made it, until the
/// reader that gets it takes the image (``takePix()``) and lets it go as soon as it has a
/// prepared copy.
public final class OCRImage {
    private var image: LeptonicaPix?
    /// The resolution OCR uses for the image.
    public let dpi: Int
    /// Where ``dpi`` came from.
    public let dpiSource: ResolutionSource
    /// Whether the image was converted to gray when it was made (a colour or bilevel source).
    let grayscaled: Bool
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int

    init(pix: LeptonicaPix, dpi: Int, dpiSource: ResolutionSource, grayscaled: Bool = false) {
        self.image = pix
        self.dpi = dpi
        self.dpiSource = dpiSource
        self.grayscaled = grayscaled
        self.width = pix.width
        self.height = pix.height
    }

    /// Copies a rendered page.
    ///
    /// - Throws: ``IntakeError`` `ocr_failed` when Leptonica cannot allocate the image.
    public convenience init(_ image: RasterImage) throws(IntakeError) {
        try self.init(pix: LeptonicaPix(image), dpi: image.dpi, dpiSource: .render)
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
