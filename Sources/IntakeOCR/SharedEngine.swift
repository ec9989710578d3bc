internal import CTesseract
import IntakeCore
import Synchronization

/// One Tesseract engine that several threads take turns on, loaded on first use.
///
/// For the short jobs beside recognition: orientation detection (about 70 ms a page), and
/// dictionary look-ups for models ``TesseractDictionary`` cannot read (microseconds a word). A
/// second engine per pool slot would cost its model's memory (about 40 MB for `osd`) to save a
/// wait that is rarely there.
final class SharedEngine: Sendable {
    private let languages: [String]
    private let tessdataPath: String?
    private let mode: TessOcrEngineMode
    private let engine = Mutex<TesseractEngine?>(nil)

    init(languages: [String], tessdataPath: String?, mode: TessOcrEngineMode = OEM_DEFAULT) {
        self.languages = languages
        self.tessdataPath = tessdataPath
        self.mode = mode
    }

    /// Runs `body` with the engine, loading it first if need be; one caller at a time.
    ///
    /// - Throws: ``IntakeError`` when the models cannot be loaded (tried again on the next call).
    func withEngine<Result: Sendable>(
        _ body: (TesseractEngine) -> Result
    ) throws(IntakeError) -> Result {
        let outcome = engine.withLock { engine -> Swift.Result<Result, IntakeError> in
            do throws(IntakeError) {
                if engine == nil {
                    engine = try TesseractEngine(languages: languages, tessdataPath: tessdataPath, mode: mode)
                }
                return .success(body(engine!))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }
}
