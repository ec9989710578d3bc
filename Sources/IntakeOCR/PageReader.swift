internal import CTesseract
import Foundation
public import IntakeCore

/// What reading one page image gave: the text, what was done to the image first, and the time
/// each part took.
public struct PageReading: Sendable {
    /// Tesseract's result.
    public var result: OCRResult
    /// The resolution the page was recognised at (after any resampling).
    public var dpi: Int
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
    /// Resampling never makes a page bigger than the image limit (a render made smaller to stay
    /// under it is not made big again).
    private let maxPixels: Int
    private let engine: TesseractEngine

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
        self.maxPixels = options.maxImagePixels
        engine = try TesseractEngine(languages: options.languages, tessdataPath: options.tessdataPath)
        engine.setVariable("thresholding_method", "\(options.preprocessing.binarization.tesseractMethod)")
        // Textord's search for fixed-pitch rows (`tune_row_pitch`, a dynamic programming fit of
        // character cells) only serves the legacy classifier's chopping of typewriter text; the
        // LSTM recogniser reads each line whole. Off, the 32 bench page images, the 47 pages of
        // the scanned and mixed PDFs and a monospaced page gave the same text, for 3-7 % less
        // CPU (BENCHMARKS.md). A global Tesseract parameter: it holds for every engine.
        engine.setVariable("textord_disable_pitch_test", "1")
        // The C API starts in PSM 6 (one block), unlike the command line's PSM 3.
        engine.setPageSegmentation(options.layout.tesseractMode)
    }

    /// Prepares `image` as the options say and recognises it.
    ///
    /// - Parameter orientation: The `osd` engine, when rotation is on.
    func read(_ image: OCRImage, orientation: SharedEngine?) throws(IntakeError) -> PageReading {
        let start = ContinuousClock.now
        var record = PagePreprocessing(binarization: options.binarization.rawValue)
        record.grayscaled = image.grayscaled
        // Each step's copy replaces the image before it, which is freed then: the page's
        // original is not kept beside its prepared copy.
        var pix = image.takePix()
        var dpi = image.dpi

        let range = options.resolution
        if options.normalizeResolution, dpi < range.minimum || dpi > range.maximum {
            let pixels = Double(pix.width) * Double(pix.height)
            let factor = min(Double(range.target) / Double(dpi), (Double(maxPixels) / pixels).squareRoot())
            if dpi > range.maximum || factor > 1, let scaled = pix.scaled(by: factor) {
                record.resampledFromDPI = dpi
                pix = scaled
                dpi = scaled.xResolution
            }
        }
        // The bilevel copy measures the page: its speckle, then its skew.
        var bilevel = options.deskew || options.denoise == .auto ? pix.bilevel() : nil
        let speckled = bilevel?.componentsPerMegapixel().map { $0 > PreprocessingOptions.speckleThreshold } ?? false
        if options.denoise == .always || (options.denoise == .auto && speckled), let filtered = pix.medianFiltered() {
            pix = filtered
            record.denoised = true
        }
        if let orientation {
            record.rotated = 0
            if let found = try detectOrientation(pix, dpi: dpi, with: orientation) {
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
        if options.deskew, let skew = bilevel?.skew() {
            record.skewAngle = (skew.angle * 100).rounded() / 100
            record.deskewed = false
            if abs(skew.angle) >= options.minDeskewAngle, skew.confidence >= Self.minSkewConfidence,
                let straight = pix.rotated(degrees: skew.angle)
            {
                pix = straight
                record.deskewed = true
            }
        }
        bilevel = nil
        let preprocessMs = milliseconds(since: start)
        let ocrStart = ContinuousClock.now
        let result = try engine.recognize(consume pix, dpi: dpi)
        return PageReading(
            result: result,
            dpi: dpi,
            preprocessing: record,
            preprocessMs: preprocessMs,
            ocrMs: milliseconds(since: ocrStart)
        )
    }

    /// Tesseract's OSD on a copy at about 150 dpi (it reads that as well as 300, in half the
    /// time): a quick pass on few characters of the page's middle, and for a page it finds
    /// turned, a second pass over the whole page on Tesseract's default number of characters,
    /// whose confidence is the one the threshold applies to.
    private func detectOrientation(
        _ pix: LeptonicaPix,
        dpi: Int,
        with orientation: SharedEngine
    ) throws(IntakeError) -> (degrees: Int, confidence: Double)? {
        let probe = dpi >= 250 ? (pix.halved() ?? pix) : pix
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
