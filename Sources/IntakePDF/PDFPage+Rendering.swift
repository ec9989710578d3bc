internal import CPoppler
public import IntakeCore

extension PDFPage {
    /// A page rendered for OCR, and the resolution it was rendered at.
    public struct Rendering: Sendable {
        /// The page as 8-bit gray.
        public var image: RasterImage
        /// The resolution asked for, when the pixel limit forced a lower one.
        public var requestedDPI: Int?
    }

    /// Renders the page in memory (cairo image surfaces, white background) as 8-bit gray.
    ///
    /// - Parameters:
    ///   - dpi: The resolution wanted.
    ///   - maxPixels: The most pixels the image may have; a page that would be larger is rendered
    ///     at the highest resolution that fits, and ``Rendering/requestedDPI`` says so.
    ///   - bandPixels: The most pixels drawn onto one cairo surface (4 bytes a pixel): a bigger
    ///     page is drawn in horizontal bands of about this size. Each band after the first draws
    ///     the page again, clipped to the band: Poppler decodes the page's images once a band.
    /// - Throws: ``IntakeError`` `render_failed` when cairo cannot make a surface.
    public func render(dpi: Int, maxPixels: Int, bandPixels: Int) throws(IntakeError) -> Rendering {
        let (widthPt, heightPt) = size
        var effectiveDPI = Double(dpi)
        let area = (widthPt / 72 * effectiveDPI) * (heightPt / 72 * effectiveDPI)
        var requested: Int?
        if area > Double(maxPixels) {
            effectiveDPI = (effectiveDPI * (Double(maxPixels) / area).squareRoot()).rounded(.down)
            requested = dpi
        }
        var width = Int((widthPt / 72 * effectiveDPI).rounded(.up))
        var height = Int((heightPt / 72 * effectiveDPI).rounded(.up))
        // Whole pixels round the sides up: a dpi lower until they fit.
        while requested != nil, width * height > maxPixels, effectiveDPI > 1 {
            effectiveDPI -= 1
            width = Int((widthPt / 72 * effectiveDPI).rounded(.up))
            height = Int((heightPt / 72 * effectiveDPI).rounded(.up))
        }
        guard width > 0, height > 0, effectiveDPI >= 1 else {
            throw IntakeError(.renderFailed, stage: .render, "the page has no area (\(widthPt) × \(heightPt) pt)")
        }
        let bandHeight = min(height, max(1, bandPixels / width))
        var gray = [UInt8](repeating: 255, count: width * height)
        var top = 0
        while top < height {
            let rows = min(bandHeight, height - top)
            try gray.withUnsafeMutableBufferPointer { (out) throws(IntakeError) in
                try renderBand(
                    into: out.baseAddress! + top * width,
                    width: width,
                    top: top,
                    rows: rows,
                    scale: effectiveDPI / 72
                )
            }
            top += rows
        }
        let image = RasterImage(width: width, height: height, bytesPerRow: width, pixels: gray, dpi: Int(effectiveDPI))
        return Rendering(image: image, requestedDPI: requested)
    }

    /// Draws rows `top ..< top + rows` of the page at `scale` pixels a point and writes them to
    /// `out` as gray, `width` bytes a row.
    private func renderBand(
        into out: UnsafeMutablePointer<UInt8>,
        width: Int,
        top: Int,
        rows: Int,
        scale: Double
    ) throws(IntakeError) {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(rows)) else {
            throw IntakeError(.renderFailed, stage: .render, "cairo could not create a \(width) × \(rows) surface")
        }
        // cairo_image_surface_create: "Returns: a pointer to the newly created surface. The caller owns
        // the surface and should call cairo_surface_destroy() when done with it."
        defer { cairo_surface_destroy(surface) }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw IntakeError(
                .renderFailed,
                stage: .render,
                "cairo could not create a \(width) × \(rows) surface: \(String(cString: cairo_status_to_string(status)))"
            )
        }
        guard let context = cairo_create(surface) else {
            throw IntakeError(.renderFailed, stage: .render, "cairo could not create a drawing context")
        }
        // cairo_create: "This function references target, so you can immediately call
        // cairo_surface_destroy() on it" — the context is destroyed before the surface here anyway.
        cairo_set_source_rgb(context, 1, 1, 1)
        cairo_paint(context)
        cairo_translate(context, 0, -Double(top))
        cairo_scale(context, scale, scale)
        // "for printing": what the page looks like on paper (print-visible annotations, no
        // form-field highlighting), which is what a scanner would have seen.
        poppler_page_render_for_printing(pointer, context)
        cairo_destroy(context)
        cairo_surface_flush(surface)

        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else {
            throw IntakeError(.renderFailed, stage: .render, "cairo returned no pixel data")
        }
        for y in 0..<rows {
            // RGB24 is one native-endian 32-bit word per pixel: 0x00RRGGBB.
            let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            let base = out + y * width
            for x in 0..<width {
                let pixel = row[x]
                let r = (pixel >> 16) & 0xFF
                let g = (pixel >> 8) & 0xFF
                let b = pixel & 0xFF
                // ITU-R BT.601 luma in fixed point.
                base[x] = UInt8((r * 77 + g * 150 + b * 29) >> 8)
            }
        }
    }
}
