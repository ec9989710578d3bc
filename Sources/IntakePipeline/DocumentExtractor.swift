public import IntakeCore
public import IntakeOCR
import IntakePDF

/// Turns a document's bytes into pages of text: the PDF text layer where it is usable, OCR
/// where it is not, OCR for every image page.
///
/// Extraction depends on the bytes and the options only. Pages to OCR go to an ``OCRPool``
/// shared by every extractor of a run, one page at a time: the extractor renders or decodes
/// the next page while the pool reads the last. An extractor is not `Sendable` (it runs on its
/// worker's queue), but its pool is.
public final class DocumentExtractor {
    /// The options every document is extracted with.
    public let options: ExtractionOptions
    /// The engines pages are read by.
    public let pool: OCRPool

    /// Creates an extractor.
    ///
    /// - Parameters:
    ///   - options: Extraction options.
    ///   - pool: The engines to read pages with; `nil` makes a pool of one for this extractor.
    public init(options: ExtractionOptions, pool: OCRPool? = nil) {
        self.options = options
        self.pool = pool ?? OCRPool(size: 1, options: options)
    }

    /// Extracts every page of a document.
    ///
    /// - Parameters:
    ///   - bytes: The whole file.
    ///   - name: The file name, for messages.
    /// - Returns: The pages, the detected type and any warnings.
    /// - Throws: ``IntakeError``: `unsupported_type` naming the detected type, or any error of
    ///   opening, rendering, decoding or recognising.
    public func extract(bytes: [UInt8], name: String) async throws(IntakeError) -> ExtractedDocument {
        switch ContentSniffer.sniff(bytes) {
        case .unsupported(let description):
            throw IntakeError(.unsupportedType, stage: .sniff, "\(name): unsupported content: \(description)")
        case .supported(.pdf):
            return try await extractPDF(bytes: bytes, name: name)
        case .supported(let type):
            return try await extractImage(bytes: bytes, mediaType: type, name: name)
        }
    }

    /// Fails a document with more pages than ``ExtractionOptions/maxPages``.
    private func checkPageCount(_ count: Int, name: String) throws(IntakeError) {
        guard options.maxPages > 0, count > options.maxPages else { return }
        throw IntakeError(
            .tooManyPages,
            stage: .open,
            "\(name): \(count > options.maxPages + 1 ? "\(count)" : "more than \(options.maxPages)") pages, over the "
                + "limit of \(options.maxPages) (extraction.max_pages)"
        )
    }

    /// When a document started now runs out of time.
    private func documentDeadline() -> ContinuousClock.Instant? {
        let seconds = options.documentTimeoutSeconds
        return seconds > 0 ? .now + .milliseconds(Int64(seconds * 1000)) : nil
    }

    private func extractPDF(bytes: [UInt8], name: String) async throws(IntakeError) -> ExtractedDocument {
        let document = try PDFDocument(bytes: bytes, password: options.password, name: name)
        try checkPageCount(document.pageCount, name: name)
        let deadline = documentDeadline()
        var pages = PendingPages(name: name)
        var warnings: [String] = []
        for index in 0..<document.pageCount {
            let page = try document.page(at: index)
            let size = page.size
            let textStart = ContinuousClock.now
            var layer = page.text
            if TextLanguage.isRightToLeft(layer) {
                let selected = page.rightToLeftText
                if selected.unicodeScalars.count > layer.unicodeScalars.count { layer = selected }
            }
            var facts = PageFacts(number: index + 1, width: size.width, height: size.height)
            facts.textMs = milliseconds(since: textStart)
            let measurement = TextLayerRule.measure(layer)
            facts.textLayerCharacters = measurement.characters
            facts.unmappedRatio = rounded(measurement.unmappedRatio)
            facts.glyphCodeRatio = rounded(measurement.glyphCodeRatio)

            let ocrReason: PageReason?
            switch options.ocrMode {
            case .force:
                ocrReason = .ocrForced
            case .never:
                // No dictionary look-up: `never` keeps Tesseract out of the run altogether.
                ocrReason = nil
                facts.reason = options.textLayer.ocrReason(for: measurement) == nil ? .textLayer : .ocrDisabled
            case .auto:
                ocrReason = textLayerVerdict(layer, measurement, facts: &facts, warnings: &warnings)
            }
            guard let ocrReason else {
                pages.append(facts.page(text: layer, source: .native))
                continue
            }
            facts.reason = ocrReason
            let renderStart = ContinuousClock.now
            let image = try pool.rasterizing { () throws(IntakeError) -> sending OCRImage in
                try render(page, number: index + 1, name: name, warnings: &warnings)
            }
            facts.rasterMs = milliseconds(since: renderStart)
            pages.append(facts, await pool.submit(image, deadline: deadline))
        }
        let finished = try await pages.finish()
        return ExtractedDocument(
            mediaType: .pdf,
            pages: finished.pages,
            warnings: warnings + finished.warnings,
            documentDate: document.creationDate
        )
    }

    /// Renders a page for OCR. Only the Leptonica copy outlives the call: the render buffers are
    /// gone before the page waits for an engine.
    private func render(
        _ page: PDFPage,
        number: Int,
        name: String,
        warnings: inout [String]
    ) throws(IntakeError) -> sending OCRImage {
        let rendering: PDFPage.Rendering
        let limit = options.pageLimit
        do {
            rendering = try page.render(
                dpi: options.renderDPI,
                maxPixels: limit.pixels,
                bandPixels: options.renderBandPixels
            )
        } catch {
            throw error.onPage(number, of: name)
        }
        if let requested = rendering.requestedDPI {
            warnings.append(
                "page \(number) rendered at \(rendering.image.dpi) dpi instead of \(requested) dpi to stay under \(limit.limit.describe(options))"
            )
        }
        let image = try OCRImage(rendering.image, requestedDPI: rendering.requestedDPI, limit: limit.limit)
        Memory.trimIfOver(pool.memoryBudget)
        return image
    }

    /// The `auto` decision for a text layer: the character and word tests, then the dictionary
    /// where the layer is in the dictionary's language (or garbled in its script), and a
    /// character-based plausibility test where it is in another language or script.
    private func textLayerVerdict(
        _ layer: String,
        _ measurement: TextLayerRule.Measurement,
        facts: inout PageFacts,
        warnings: inout [String]
    ) -> PageReason? {
        let rule = options.textLayer
        if let reason = rule.ocrReason(for: measurement) { return reason }
        let language = TextLanguage.detect(layer)
        facts.layerLanguage = language
        let dictionaryLanguage = options.languages.first.flatMap(TextLanguage.isoCode(ofTesseractLanguage:))
        switch rule.check(measurement, language: language, dictionaryLanguage: dictionaryLanguage) {
        case .none:
            return nil
        case .plausibility:
            return rule.ocrReason(plausibility: language)
        case .dictionary:
            do {
                let ratio = try pool.dictionaryRatio(of: measurement.letterWords)
                facts.dictionaryRatio = rounded(ratio)
                return rule.ocrReason(dictionaryRatio: ratio)
            } catch {
                // Without the language models there is no dictionary; the text layer is kept.
                let warning = "dictionary test skipped: \(error.message)"
                if !warnings.contains(warning) { warnings.append(warning) }
                return nil
            }
        }
    }

    private func extractImage(
        bytes: [UInt8],
        mediaType: MediaType,
        name: String
    ) async throws(IntakeError) -> ExtractedDocument {
        let file = try ImageFile(bytes: bytes, mediaType: mediaType, name: name, options: options)
        let deadline = documentDeadline()
        var pages = PendingPages(name: name)
        var warnings: [String] = []
        var number = 0
        while true {
            let decodeStart = ContinuousClock.now
            guard
                let image = try pool.rasterizing({ () throws(IntakeError) -> sending OCRImage? in try file.nextPage() })
            else { break }
            number += 1
            try checkPageCount(number, name: name)
            var facts = PageFacts(number: number, width: Double(image.width), height: Double(image.height))
            facts.reason = .image
            facts.rasterMs = milliseconds(since: decodeStart)
            if let limited = image.sizeLimit, let factor = limited.factor {
                warnings.append(
                    "page \(number) was scaled by \(factor) to stay under \(limited.limit.describe(options))"
                )
            }
            pages.append(facts, await pool.submit(image, deadline: deadline))
        }
        let finished = try await pages.finish()
        return ExtractedDocument(mediaType: mediaType, pages: finished.pages, warnings: warnings + finished.warnings)
    }
}

@available(*, unavailable)
extension DocumentExtractor: Sendable {}

/// What is known of a page before its text: everything its ``ExtractedPage`` carries besides.
private struct PageFacts {
    var number: Int
    var width: Double
    var height: Double
    var reason = PageReason.textLayer
    var textLayerCharacters: Int?
    var unmappedRatio: Double?
    var glyphCodeRatio: Double?
    var dictionaryRatio: Double?
    /// The text layer's language, when the text-layer rule detected it.
    var layerLanguage: TextLanguage?
    var textMs: Double?
    var rasterMs: Double?

    func page(text: String, source: TextSource, reading: PageReading? = nil) -> ExtractedPage {
        ExtractedPage(
            number: number,
            textSource: source,
            reason: reason,
            text: text,
            width: width,
            height: height,
            textLayerCharacters: textLayerCharacters,
            unmappedRatio: unmappedRatio,
            glyphCodeRatio: glyphCodeRatio,
            dictionaryRatio: dictionaryRatio,
            ocrConfidence: reading?.result.meanConfidence,
            wordCount: reading?.result.wordCount,
            dpi: reading?.dpi,
            dpiSource: reading?.dpiSource,
            preprocessing: reading?.preprocessing,
            formLabelsJoined: reading?.result.formLabelsJoined,
            columnsSplit: reading?.result.columnsSplit,
            proseShare: reading?.result.proseShare,
            strayMarksRemoved: reading?.result.strayMarksRemoved,
            layout: reading?.layout,
            layoutConfidences: reading?.layoutConfidences,
            layoutCoverage: reading?.layoutCoverage,
            timings: PageTimings(
                textMs: textMs,
                rasterMs: rasterMs,
                preprocessMs: reading?.preprocessMs,
                ocrMs: reading?.ocrMs
            ),
            detected: source == .native ? layerLanguage : nil
        )
    }
}

/// A document's pages in order, some finished and some still being read by the pool.
private struct PendingPages {
    private enum Entry {
        case finished(ExtractedPage)
        case reading(PageFacts, PageTicket)
    }

    let name: String
    private var entries: [Entry] = []

    init(name: String) {
        self.name = name
    }

    mutating func append(_ page: ExtractedPage) {
        entries.append(.finished(page))
    }

    mutating func append(_ facts: PageFacts, _ ticket: PageTicket) {
        entries.append(.reading(facts, ticket))
    }

    /// Waits for every reading; the first failure (by page) is thrown once all have ended, so
    /// no engine is still busy with this document when it is reported.
    ///
    /// - Returns: The pages, and the readings' warnings, each naming its page.
    func finish() async throws(IntakeError) -> (pages: [ExtractedPage], warnings: [String]) {
        var pages: [ExtractedPage] = []
        var warnings: [String] = []
        var failure: IntakeError?
        for entry in entries {
            switch entry {
            case .finished(let page):
                pages.append(page)
            case .reading(let facts, let ticket):
                do {
                    let reading = try await ticket.reading()
                    pages.append(facts.page(text: reading.result.text, source: .ocr, reading: reading))
                    warnings += reading.warnings.map { "page \(facts.number): \($0)" }
                } catch {
                    if failure == nil { failure = error.onPage(facts.number, of: name) }
                }
            }
        }
        if let failure { throw failure }
        return (pages, warnings)
    }
}

extension IntakeError {
    /// The error with the file and page it happened on in front of its message.
    func onPage(_ page: Int, of name: String) -> IntakeError {
        IntakeError(code, stage: stage, "\(name): page \(page): \(message)", cause: cause)
    }
}

/// `value` to four decimal places, so records do not carry float noise.
func rounded(_ value: Double) -> Double {
    (value * 10_000).rounded() / 10_000
}
