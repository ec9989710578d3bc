internal import CTesseract
import Foundation
public import IntakeCore

/// What reading one page image gave: the text, what was done to the image first, and the time
/// each part took.
public struct PageReading: Sendable {
    /// Tesseract's result.
    public var result: OCRResult
    /// The resolution Tesseract was told (after any resampling); `nil` when it estimated one.
    public var dpi: Int?
    /// Where ``dpi`` came from.
    public var dpiSource: ResolutionSource
    /// The layout whose reading ``result`` is: the configured one, or ``ExtractionOptions/PageLayout/sparse``
    /// when `auto` read the page a second time and kept that reading (``LayoutRule``).
    public var layout: ExtractionOptions.PageLayout
    /// When `auto` read the page a second time: each reading's mean word confidence, by layout.
    public var layoutConfidences: [String: Double]?
    /// When `auto` read the page a second time: the share of the page's glyphs each reading read
    /// (``ReadingCoverage``), by layout.
    public var layoutCoverage: [String: Double]?
    /// What the record's reader should know about this page (a stated resolution not believed,
    /// recognition stopped at its time limit).
    public var warnings: [String] = []
    /// The preparation steps and what they found.
    public var preprocessing: PagePreprocessing
    /// Milliseconds spent preparing the image.
    public var preprocessMs: Double
    /// Milliseconds spent in recognition.
    public var ocrMs: Double
    /// The pool engine that read the page (0 ..< pool size), for logs and tests.
    public var engine = 0
}

/// Prepares a page image and reads it: one engine of the ``OCRPool``.
///
/// Owns a recognition engine, loaded once and reused for every page this reader gets; the
/// orientation engine (`osd` in legacy mode) is the pool's, shared by its readers. Not
/// `Sendable`: a reader lives on one pool slot's queue.
final class PageReader {
    private let options: PreprocessingOptions
    /// Resampling never makes a page bigger than the memory budget or the image limit allows (a
    /// render made smaller to stay under it is not made big again).
    let maxPixels: Int
    let engine: TesseractEngine
    private let assumedDPI: Int?
    /// Seconds of CPU time recognition may take a page (0: no limit).
    private let pageTimeoutSeconds: Double
    let layout: ExtractionOptions.PageLayout

    /// OSD's quick pass looks at this many characters; a page it finds turned is looked at again
    /// with Tesseract's default (50), whose confidence is the one the threshold applies to.
    static let quickOrientationCharacters = 10
    static let fullOrientationCharacters = 50
    /// The quick pass looks at the middle 60 % of the width and height: the body of the text,
    /// without margins, headers and footers, in a third of the time of the whole page.
    static let quickOrientationArea = 0.6
    /// Leptonica's own floor for a skew it trusts (`pixDeskew`'s minimum confidence).
    static let minSkewConfidence = 3.0

    init(options: ExtractionOptions) throws(IntakeError) {
        self.options = options.preprocessing
        self.maxPixels = options.pageLimit.pixels
        self.assumedDPI = options.assumedImageDPI
        self.pageTimeoutSeconds = options.pageTimeoutSeconds
        self.layout = options.layout
        engine = try TesseractEngine(languages: options.languages, tessdataPath: options.tessdataPath)
        engine.setVariable("thresholding_method", "\(options.preprocessing.binarization.tesseractMethod)")
        // Textord's search for fixed-pitch rows (`tune_row_pitch`, a dynamic programming fit of
        // character cells) only serves the legacy classifier's chopping of typewriter text; the
        // LSTM recogniser reads each line whole. Off, the 32 bench page images, the 47 pages of
        // the scanned and mixed PDFs and a monospaced page gave the same text, for 3-7 % less
        // CPU (BENCHMARKS.md). A global Tesseract parameter: it holds for every engine.
        engine.setVariable("textord_disable_pitch_test", "1")
    }

    /// Prepares `image` as the options say and recognises it.
    ///
    /// - Parameters:
    ///   - orientation: The `osd` engine, when rotation is on.
    ///   - deadline: When the page's document runs out of time (`nil`: never).
    /// - Throws: ``IntakeError`` `timeout` when the document's deadline has passed, or any
    ///   recognition error.
    func read(
        _ image: OCRImage,
        orientation: SharedEngine?,
        deadline: ContinuousClock.Instant? = nil
    ) throws(IntakeError) -> PageReading {
        let start = ContinuousClock.now
        if let deadline, start >= deadline { throw Self.documentTimeout }
        var record = PagePreprocessing(binarization: options.binarization.rawValue)
        record.grayscaled = image.grayscaled
        record.statedDPI = image.statedDPI
        if let limited = image.sizeLimit {
            record.sizeLimit = limited.limit
            record.requestedDPI = limited.requestedDPI
            record.sizeLimitFactor = limited.factor
        }
        // Each step's copy replaces the image before it, which is freed then: the page's
        // original is not kept beside its prepared copy.
        var pix = image.takePix()

        // The bilevel copy measures the page: its text height and specks, then its skew. A large
        // page is measured on a reduced copy (its glyphs stay far above the smallest counted).
        let reduction = Self.measuredPixels / (Double(pix.width) * Double(pix.height))
        let probe = reduction < 1 ? pix.scaled(by: reduction.squareRoot()) : nil
        let measurement = measureText(on: probe ?? pix, scale: Double(pix.width) / Double((probe ?? pix).width))
        let text = measurement.text
        var bilevel = measurement.bilevel
        record.measuringThreshold = measurement.threshold
        if probe != nil { bilevel = nil }
        record.textHeight = text.textHeight.map { ($0 * 10).rounded() / 10 }
        let scale = PageScale.decide(
            stated: image.statedDPI,
            rendered: image.renderDPI,
            width: pix.width,
            height: pix.height,
            text: text,
            options: options,
            assumed: assumedDPI,
            maxPixels: maxPixels
        )
        var warnings: [String] = []
        if let doubt = scale.doubt {
            warnings.append(
                "\(doubt): \(scale.dpi.map { "\($0) dpi" } ?? "Tesseract's own estimate") was used (\(scale.source.rawValue))"
            )
        }
        if scale.factor != 1, let scaled = pix.scaled(by: scale.factor) {
            record.resampledFromDPI = scale.dpi.map { Int((Double($0) / scale.factor).rounded()) }
            record.resampleFactor = (scale.factor * 1000).rounded() / 1000
            pix = scaled
            bilevel = nil
        }
        pix.setResolution(scale.dpi ?? 0)
        if text.glyphs > 0, text.textHeight != nil {
            record.specksPerGlyph = ((Double(text.specks) / Double(text.glyphs)) * 100).rounded() / 100
            record.speckCoverage = (text.speckCoverage * 100).rounded() / 100
        }
        var asRead = text
        asRead.textHeight = text.textHeight.map { $0 * scale.factor }
        if options.denoise == .always || (options.denoise == .auto && DenoiseRule.isNoisy(asRead)),
            let filtered = pix.medianFiltered()
        {
            pix = filtered
            record.denoised = true
        }
        if let orientation {
            record.rotated = 0
            // OSD reads a page with text 12 px high as well as one with 24 (about 150 and 300 dpi),
            // in half the time.
            let halve = (asRead.textHeight.map { $0 >= 20 } ?? false) || (scale.dpi ?? 0) >= 250
            if let found = try detectOrientation(pix, halve: halve, with: orientation) {
                record.orientation = found.degrees
                record.orientationConfidence = (found.confidence * 100).rounded() / 100
                // OSD reports the clockwise turn the page has; turning on by the rest of a full
                // circle sets it upright.
                let quadrants = (360 - found.degrees) / 90
                if found.degrees != 0, found.confidence >= options.rotateThreshold,
                    let upright = pix.rotatedOrthogonally(quadrants)
                {
                    pix = upright
                    bilevel = bilevel?.rotatedOrthogonally(quadrants)
                    record.rotated = found.degrees
                }
            }
        }
        if options.deskew, let skew = (bilevel ?? pix.bilevel())?.skew() {
            record.skewAngle = (skew.angle * 100).rounded() / 100
            record.deskewed = false
            if abs(skew.angle) >= options.minDeskewAngle, skew.confidence >= Self.minSkewConfidence,
                let straight = pix.rotated(degrees: skew.angle)
            {
                pix = straight
                record.deskewed = true
            }
        }
        if options.removeUnderlines {
            record.underlinesRemoved = 0
            // The measuring copy is still the page as read unless the filter or deskew changed it.
            let current = record.denoised || record.deskewed == true ? nil : bilevel
            if let height = asRead.textHeight,
                let cleared = pix.removingUnderlines(textHeight: height, bilevel: current)
            {
                pix = cleared.image
                record.underlinesRemoved = cleared.count
            }
        }
        bilevel = nil
        var dpi = scale.dpi
        // Sparse text on a fax: read at twice the size, pixels repeated. The real development
        // and held-out forms read 15 % and 8 % fewer characters wrong; enlarging by
        // interpolation read them worse (BENCHMARKS.md).
        if layout.doublesSmallText, LayoutRule.isSmall(textHeight: asRead.textHeight), let doubled = doubled(pix) {
            record.noteDoubling(from: scale.dpi)
            pix = doubled
            dpi = dpi.map { $0 * 2 }
        }
        let preprocessMs = milliseconds(since: start)
        let ocrStart = ContinuousClock.now
        if let deadline, deadline <= ocrStart { throw Self.documentTimeout }
        // The page's limit covers both readings: it is in CPU time of this thread, which
        // recognises the page.
        let cpuLimit =
            pageTimeoutSeconds > 0 ? TesseractEngine.threadCPUNanoseconds() + Int64(pageTimeoutSeconds * 1e9) : nil
        let reading = try recognize(
            consume pix,
            dpi: dpi,
            textHeight: asRead.textHeight,
            cpuLimit: cpuLimit,
            deadline: deadline
        )
        if reading.doubled {
            record.noteDoubling(from: scale.dpi)
            dpi = dpi.map { $0 * 2 }
        }
        let result = reading.result
        switch result.stopped {
        case .deadline?:
            throw Self.documentTimeout
        case .cpuTime?:
            warnings.append(
                "recognition stopped at the page time limit (\(pageTimeoutSeconds.formatted()) s of CPU time); the \(result.wordCount) words read by then are kept"
            )
        case nil:
            break
        }
        return PageReading(
            result: result,
            dpi: dpi,
            dpiSource: scale.source,
            layout: reading.layout,
            layoutConfidences: reading.confidences,
            layoutCoverage: reading.coverage,
            warnings: warnings,
            preprocessing: record,
            preprocessMs: preprocessMs,
            ocrMs: milliseconds(since: ocrStart)
        )
    }

    /// The text of `image` (the page, or a copy `scale` times smaller) measured on a bilevel copy
    /// at the fixed threshold, with that copy.
    ///
    /// Faint print (a thermal or dot-matrix receipt) falls apart there into its darkest dots,
    /// which measure as tiny text: a page that would be enlarged for tiny text is measured again
    /// at its own threshold (Otsu's, as Tesseract binarizes), and that measurement is taken, with
    /// its `threshold`, when its text is of readable size.
    private func measureText(
        on image: LeptonicaPix,
        scale: Double
    ) -> (text: TextMeasurement, bilevel: LeptonicaPix?, threshold: Int?) {
        func measure(_ bilevel: LeptonicaPix?) -> TextMeasurement {
            TextMeasurement(
                boxes: bilevel?.componentBoxes() ?? [],
                width: image.width,
                height: image.height,
                scale: scale
            )
        }
        let bilevel = image.bilevel()
        let text = measure(bilevel)
        let smallest = Double(options.textHeight.minimum)
        guard options.resample, let height = text.textHeight, height < smallest,
            let threshold = image.otsuThreshold(), threshold > LeptonicaPix.measuringThreshold,
            let faint = image.bilevel(threshold: threshold)
        else { return (text, bilevel, nil) }
        let again = measure(faint)
        guard let faintHeight = again.textHeight, faintHeight >= smallest else { return (text, bilevel, nil) }
        return (again, faint, threshold)
    }

    /// Pages over this many pixels are measured on a reduced copy (a 300 dpi A3 page is 17 MP).
    static let measuredPixels = 16_000_000.0

    static let documentTimeout = IntakeError(
        .timeout,
        stage: .ocr,
        "the document took longer than its time limit (extraction.document_timeout_seconds); this page was not read"
    )

    /// Tesseract's OSD, on a copy at half the size when `halve` (a page of 300 dpi, or text 20
    /// px high and over: OSD reads it as well at half, in half the time): a quick pass on few
    /// characters of the page's middle, and for a page it finds turned, a second pass over the
    /// whole page on Tesseract's default number of characters, whose confidence is the one the
    /// threshold applies to.
    private func detectOrientation(
        _ pix: LeptonicaPix,
        halve: Bool,
        with orientation: SharedEngine
    ) throws(IntakeError) -> (degrees: Int, confidence: Double)? {
        let probe = halve ? (pix.halved() ?? pix) : pix
        do {
            return try orientation.withEngine { engine in
                engine.setVariable("min_characters_to_try", "\(Self.quickOrientationCharacters)")
                let quick = engine.detectOrientation(probe.centre(Self.quickOrientationArea) ?? probe)
                guard let quick, quick.degrees != 0 else { return quick }
                engine.setVariable("min_characters_to_try", "\(Self.fullOrientationCharacters)")
                return engine.detectOrientation(probe)
            }
        } catch {
            guard error.code == .languageMissing else { throw error }
            throw IntakeError(
                .languageMissing,
                stage: .configure,
                "page rotation needs Tesseract's orientation model: install tesseract-ocr-osd, or turn rotation off (\(error.message))"
            )
        }
    }
}

@available(*, unavailable)
extension PageReader: Sendable {}

extension PagePreprocessing {
    /// Records that the page was read at twice its size, having come at `dpi` (unless a
    /// resampling before already recorded the resolution it came at).
    fileprivate mutating func noteDoubling(from dpi: Int?) {
        resampledFromDPI = resampledFromDPI ?? dpi
        resampleFactor = 2 * (resampleFactor ?? 1)
    }
}
