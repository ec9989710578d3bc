public import IntakeCore
import IntakeOCR
public import Logging

/// Start-up wiring for the C libraries: their diagnostics go to swift-log, and the OCR
/// languages are checked before any document is read.
public enum LibraryDiagnostics {
    /// Starts loading libtesseract on a thread of its own (it is loaded on first use, not by the
    /// dynamic loader), so that it is ready by the first record. Call first thing.
    public static func preloadTesseract() {
        TesseractEngine.preloadLibrary()
    }

    /// Routes Leptonica's messages into `logger` (at debug). Call once at start-up.
    public static func route(to logger: Logger) {
        LeptonicaDiagnostics.route(to: logger)
    }

    /// Checks that Tesseract's data folder exists and holds every configured language, so a
    /// missing language fails the run at once with one clear message, not once per document.
    ///
    /// - Throws: ``IntakeError`` `language_missing`.
    public static func checkLanguages(_ options: ExtractionOptions) throws(IntakeError) {
        let folder = try Tessdata.locate(explicit: options.tessdataPath)
        try Tessdata.requireLanguages(options.languages, in: folder)
    }
}
