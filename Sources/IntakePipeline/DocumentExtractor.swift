public import IntakeCore
import IntakeOCR
import IntakePDF

/// Turns a document's bytes into pages of text: the PDF text layer where it is usable, OCR
/// where it is not, OCR for every image page.
///
/// Extraction depends on the bytes and the options only. One extractor owns one Tesseract engine,
/// made on first use and reused, so it is not `Sendable`: each worker has its own.
public final class DocumentExtractor {
    /// The options every document is extracted with.
    public let options: ExtractionOptions
    private var engine: TesseractEngine?

    /// Creates an extractor; the Tesseract engine is loaded when the first page needs OCR.
    public init(options: ExtractionOptions) {
        self.options = options
    }

    /// Loads the Tesseract engine now instead of on the first OCR page.
    ///
    /// - Throws: ``IntakeError`` `language_missing` or `ocr_failed`.
    public func prepareOCR() throws(IntakeError) {
        _ = try ocrEngine()
    }

    private func ocrEngine() throws(IntakeError) -> TesseractEngine {
        if let engine { return engine }
        let engine = try TesseractEngine(languages: options.languages, tessdataPath: options.tessdataPath)
        self.engine = engine
        return engine
    }

    /// Extracts every page of a document.
    ///
    /// - Parameters:
    ///   - bytes: The whole file.
    ///   - name: The file name, for messages.
    /// - Returns: The pages, the detected type and any warnings.
    /// - Throws: ``IntakeError``: `unsupported_type` naming the detected type, or any error of
    ///   opening, rendering, decoding or recognising.
    public func extract(bytes: [UInt8], name: String) throws(IntakeError) -> ExtractedDocument {
        switch ContentSniffer.sniff(bytes) {
        case .unsupported(let description):
            throw IntakeError(.unsupportedType, stage: .sniff, "\(name): unsupported content: \(description)")
        case .supported(.pdf):
            return try extractPDF(bytes: bytes, name: name)
        case .supported(let type):
            return try extractImage(bytes: bytes, mediaType: type, name: name)
        }
    }

    private func extractPDF(bytes: [UInt8], name: String) throws(IntakeError) -> ExtractedDocument {
        let document = try PDFDocument(bytes: bytes, password: options.password, name: name)
        var pages: [ExtractedPage] = []
        var warnings: [String] = []
        for index in 0..<document.pageCount {
            let page = try document.page(at: index)
            let size = page.size
            let textStart = ContinuousClock.now
            let layer = page.text
            let textMs = milliseconds(since: textStart)
            let measurement = TextLayerRule.measure(layer)

            let ocrReason: PageReason?
            switch options.ocrMode {
            case .force: ocrReason = .ocrForced
            case .never: ocrReason = nil
            case .auto: ocrReason = options.textLayer.ocrReason(for: measurement)
            }
            guard let ocrReason else {
                let failedRule = options.textLayer.ocrReason(for: measurement) != nil
                pages.append(
                    ExtractedPage(
                        number: index + 1,
                        textSource: .native,
                        reason: failedRule ? .ocrDisabled : .textLayer,
                        text: layer,
                        width: size.width,
                        height: size.height,
                        textLayerCharacters: measurement.characters,
                        unmappedRatio: rounded(measurement.unmappedRatio),
                        timings: PageTimings(textMs: textMs)
                    )
                )
                continue
            }

            let renderStart = ContinuousClock.now
            let rendering: PDFPage.Rendering
            do {
                rendering = try page.render(dpi: options.renderDPI, maxPixels: options.maxImagePixels)
            } catch {
                throw IntakeError(
                    error.code,
                    stage: error.stage,
                    "\(name): page \(index + 1): \(error.message)",
                    cause: error.cause
                )
            }
            if let requested = rendering.requestedDPI {
                warnings.append(
                    "page \(index + 1) rendered at \(rendering.image.dpi) dpi instead of \(requested) dpi to stay under \(options.maxImageMegapixels) megapixels"
                )
            }
            let image = try OCRImage(rendering.image)
            let rasterMs = milliseconds(since: renderStart)
            let ocrStart = ContinuousClock.now
            let result = try recognize(image, page: index + 1, name: name)
            pages.append(
                ExtractedPage(
                    number: index + 1,
                    textSource: .ocr,
                    reason: ocrReason,
                    text: result.text,
                    width: size.width,
                    height: size.height,
                    textLayerCharacters: measurement.characters,
                    unmappedRatio: rounded(measurement.unmappedRatio),
                    ocrConfidence: result.meanConfidence,
                    wordCount: result.wordCount,
                    dpi: image.dpi,
                    dpiSource: .render,
                    timings: PageTimings(textMs: textMs, rasterMs: rasterMs, ocrMs: milliseconds(since: ocrStart))
                )
            )
        }
        return ExtractedDocument(mediaType: .pdf, pages: pages, warnings: warnings, documentDate: document.creationDate)
    }

    private func extractImage(
        bytes: [UInt8],
        mediaType: MediaType,
        name: String
    ) throws(IntakeError) -> ExtractedDocument {
        let file = try ImageFile(bytes: bytes, mediaType: mediaType, name: name, options: options)
        var pages: [ExtractedPage] = []
        var assumedPages: [Int] = []
        while true {
            let decodeStart = ContinuousClock.now
            guard let image = try file.nextPage() else { break }
            let number = pages.count + 1
            let rasterMs = milliseconds(since: decodeStart)
            if image.dpiSource == .assumed { assumedPages.append(number) }
            let ocrStart = ContinuousClock.now
            let result = try recognize(image, page: number, name: name)
            pages.append(
                ExtractedPage(
                    number: number,
                    textSource: .ocr,
                    reason: .image,
                    text: result.text,
                    width: Double(image.width),
                    height: Double(image.height),
                    ocrConfidence: result.meanConfidence,
                    wordCount: result.wordCount,
                    dpi: image.dpi,
                    dpiSource: image.dpiSource,
                    timings: PageTimings(rasterMs: rasterMs, ocrMs: milliseconds(since: ocrStart))
                )
            )
        }
        var warnings: [String] = []
        if !assumedPages.isEmpty {
            let which =
                assumedPages.count == pages.count
                ? "the image states" : "pages \(assumedPages.map(String.init).joined(separator: ", ")) state"
            warnings.append("\(which) no resolution; \(options.assumedImageDPI) dpi was assumed")
        }
        return ExtractedDocument(mediaType: mediaType, pages: pages, warnings: warnings)
    }

    private func recognize(_ image: OCRImage, page: Int, name: String) throws(IntakeError) -> OCRResult {
        do {
            return try ocrEngine().recognize(image)
        } catch {
            throw IntakeError(
                error.code,
                stage: error.stage,
                "\(name): page \(page): \(error.message)",
                cause: error.cause
            )
        }
    }
}

@available(*, unavailable)
extension DocumentExtractor: Sendable {}

/// Milliseconds since `start`, to 0.1 ms.
func milliseconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    return (ms * 10).rounded() / 10
}

/// `value` to four decimal places, so records do not carry float noise.
func rounded(_ value: Double) -> Double {
    (value * 10_000).rounded() / 10_000
}
