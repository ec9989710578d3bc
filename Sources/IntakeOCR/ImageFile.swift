internal import CLeptonica
import Foundation
public import IntakeCore

/// An image file decoded page by page with Leptonica (PNG, JPEG, TIFF including multi-page,
/// BMP, PNM, and WebP, GIF and JPEG 2000 where Leptonica is built with them).
///
/// Pages are decoded one at a time by ``nextPage()``, so a long multi-page TIFF never has more
/// than one page in memory.
public final class ImageFile {
    private let bytes: [UInt8]
    private let mediaType: MediaType
    private let name: String
    private let options: ExtractionOptions
    /// TIFF only: where the next page starts (Leptonica's multipage cursor; 0 after the last).
    private var tiffOffset = 0
    private var pagesRead = 0
    private var finished = false
    /// JPEG only: the DCT scaling (1, 2, 4 or 8) libjpeg decodes with, so that a page over the
    /// memory budget is never in memory at full size (a 100-megapixel colour JPEG is 400 MB
    /// decoded whole, 25 MB at an eighth of its area).
    private var jpegReduction: Int32 = 1

    /// Checks the image's header and prepares to decode it.
    ///
    /// The header is read without decoding the pixels, so an image over the pixel limit is
    /// refused before it costs memory (a "decompression bomb").
    ///
    /// - Parameters:
    ///   - bytes: The whole file.
    ///   - mediaType: The sniffed type (an image type).
    ///   - name: The file name, for messages.
    ///   - options: Supplies the pixel limit.
    /// - Throws: ``IntakeError`` `corrupt_image` when the header cannot be read, `image_too_large`
    ///   over the limit.
    public init(bytes: [UInt8], mediaType: MediaType, name: String, options: ExtractionOptions) throws(IntakeError) {
        self.bytes = bytes
        self.mediaType = mediaType
        self.name = name
        self.options = options
        var format: Int32 = 0
        var width: Int32 = 0
        var height: Int32 = 0
        var bitsPerSample: Int32 = 0
        var samplesPerPixel: Int32 = 0
        var colormapped: Int32 = 0
        let failed = bytes.withUnsafeBufferPointer {
            pixReadHeaderMem(
                $0.baseAddress,
                $0.count,
                &format,
                &width,
                &height,
                &bitsPerSample,
                &samplesPerPixel,
                &colormapped
            )
        }
        guard failed == 0, width > 0, height > 0 else {
            throw IntakeError(
                .corruptImage,
                stage: .decode,
                "\(name): the \(mediaType.rawValue) header cannot be read (corrupt or unsupported variant)"
            )
        }
        try checkSize(width: Int(width), height: Int(height), page: 1)
        if mediaType == .jpeg {
            let pixels = Double(width) * Double(height)
            let budget = Double(options.pageLimit.pixels)
            while jpegReduction < 8, pixels / Double(jpegReduction * jpegReduction) > budget {
                jpegReduction *= 2
            }
        }
    }

    private func checkSize(width: Int, height: Int, page: Int) throws(IntakeError) {
        let (product, overflow) = width.multipliedReportingOverflow(by: height)
        if overflow || product > options.maxImagePixels {
            let megapixels = Double(width) * Double(height) / 1_000_000
            throw IntakeError(
                .imageTooLarge,
                stage: .decode,
                "\(name): page \(page) is \(width) × \(height) pixels (\(String(format: "%.1f", megapixels)) MP), over the limit of \(options.maxImageMegapixels) MP"
            )
        }
    }

    /// Decodes the next page; `nil` after the last.
    ///
    /// - Throws: ``IntakeError`` `corrupt_image` when a page cannot be decoded, `image_too_large`
    ///   when a later TIFF page is over the limit.
    public func nextPage() throws(IntakeError) -> sending OCRImage? {
        guard !finished else { return nil }
        let pix: UnsafeMutablePointer<PIX>?
        if mediaType == .tiff {
            var offset = tiffOffset
            pix = bytes.withUnsafeBufferPointer { pixReadMemFromMultipageTiff($0.baseAddress, $0.count, &offset) }
            tiffOffset = offset
            // "offset is 0 after the last image": no more pages after this one.
            if offset == 0 { finished = true }
        } else if jpegReduction > 1 {
            let reduction = jpegReduction
            pix = bytes.withUnsafeBufferPointer { pixReadMemJpeg($0.baseAddress, $0.count, 0, reduction, nil, 0) }
            finished = true
        } else {
            pix = bytes.withUnsafeBufferPointer { pixReadMem($0.baseAddress, $0.count) }
            finished = true
        }
        guard let pix else {
            throw IntakeError(
                .corruptImage,
                stage: .decode,
                "\(name): Leptonica cannot decode page \(pagesRead + 1) of the \(mediaType.rawValue) image"
            )
        }
        pagesRead += 1
        let owned = LeptonicaPix(owning: pix)
        try checkSize(width: owned.width, height: owned.height, page: pagesRead)
        // A JPEG that states only an aspect ratio reports 1 "dpi", and a file that states nothing
        // 0: neither is a statement. Any other value is a hint, checked against the page itself
        // by the reader (PageScale). Leptonica states a reduced JPEG's density as the file does.
        let stated = owned.xResolution
        let reduction = Int(jpegReduction)
        let limit = options.pageLimit
        return OCRImage(
            pix: owned,
            statedDPI: stated > 1 ? max(1, stated / reduction) : nil,
            fitting: (limit.pixels, limit.limit, 1 / Double(reduction))
        )
    }
}

@available(*, unavailable)
extension ImageFile: Sendable {}
