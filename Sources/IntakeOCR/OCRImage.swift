internal import CLeptonica
public import IntakeCore

/// A page image ready for OCR: a decoded image file page, or a rendered PDF page.
///
/// Not `Sendable`: it owns a Leptonica image and stays on the worker that made it.
public final class OCRImage {
    let pix: LeptonicaPix
    /// The resolution OCR uses for the image.
    public let dpi: Int
    /// Where ``dpi`` came from.
    public let dpiSource: ResolutionSource

    init(pix: LeptonicaPix, dpi: Int, dpiSource: ResolutionSource) {
        self.pix = pix
        self.dpi = dpi
        self.dpiSource = dpiSource
    }

    /// Copies a rendered page.
    ///
    /// - Throws: ``IntakeError`` `ocr_failed` when Leptonica cannot allocate the image.
    public convenience init(_ image: RasterImage) throws(IntakeError) {
        try self.init(pix: LeptonicaPix(image), dpi: image.dpi, dpiSource: .render)
    }

    /// Width in pixels.
    public var width: Int { pix.width }
    /// Height in pixels.
    public var height: Int { pix.height }
}

@available(*, unavailable)
extension OCRImage: Sendable {}
