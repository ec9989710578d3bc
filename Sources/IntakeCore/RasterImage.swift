/// An 8-bit grayscale bitmap: the neutral hand-off between PDF rendering and OCR.
///
/// `IntakePDF` renders pages into it and `IntakeOCR` reads it, so neither module imports the
/// other's C library.
public struct RasterImage: Sendable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// Bytes from the start of one row to the next (at least `width`).
    public var bytesPerRow: Int
    /// Row-major gray levels, 0 black to 255 white; `bytesPerRow * height` bytes.
    public var pixels: [UInt8]
    /// Resolution in dots per inch.
    public var dpi: Int

    /// Creates an image.
    ///
    /// - Important: `pixels.count` must be at least `bytesPerRow * height`.
    public init(width: Int, height: Int, bytesPerRow: Int, pixels: [UInt8], dpi: Int) {
        precondition(width > 0 && height > 0 && bytesPerRow >= width && pixels.count >= bytesPerRow * height)
        self.width = width
        self.height = height
        self.bytesPerRow = bytesPerRow
        self.pixels = pixels
        self.dpi = dpi
    }
}
