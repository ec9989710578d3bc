import IntakeCore
import Synchronization

/// The OCR languages' dictionary, for the text-layer test: the first language's word list, as
/// Tesseract's `TessBaseAPIIsValidWord` consults it. Loaded on first use.
///
/// Read straight from the model file (``TesseractDictionary``, a few milliseconds) when the
/// model is an LSTM one, as Debian's are; other models are asked through a Tesseract engine
/// (about 110 ms to start), one caller at a time.
final class LanguageDictionary: Sendable {
    private enum Source: Sendable {
        case native(TesseractDictionary)
        case engine(SharedEngine)
    }

    private let languages: [String]
    private let tessdataPath: String?
    private let source = Mutex<Source?>(nil)

    init(languages: [String], tessdataPath: String?) {
        self.languages = languages
        self.tessdataPath = tessdataPath
    }

    /// Whether each of `words` is in the dictionary. Tesseract's dictionaries hold lower-case
    /// words, so a capitalised word is looked up both ways.
    ///
    /// - Throws: ``IntakeError`` when the language models cannot be found or loaded (tried
    ///   again on the next call).
    func verdicts(for words: Set<String>) throws(IntakeError) -> [String: Bool] {
        func verdicts(_ isValid: (String) -> Bool) -> [String: Bool] {
            Dictionary(
                uniqueKeysWithValues: words.map { word in
                    if isValid(word) { return (word, true) }
                    let lower = word.lowercased()
                    return (word, lower != word && isValid(lower))
                }
            )
        }
        switch try loaded() {
        case .native(let dictionary):
            return verdicts(dictionary.contains)
        case .engine(let engine):
            return try engine.withEngine { engine in verdicts(engine.isValidWord) }
        }
    }

    private func loaded() throws(IntakeError) -> Source {
        let outcome = source.withLock { source -> Result<Source, IntakeError> in
            if let source { return .success(source) }
            do throws(IntakeError) {
                let folder = try Tessdata.locate(explicit: tessdataPath)
                try Tessdata.requireLanguages(languages, in: folder)
                let loaded: Source =
                    if let primary = languages.first,
                        let dictionary = TesseractDictionary.load(language: primary, folder: folder)
                    {
                        .native(dictionary)
                    } else {
                        .engine(SharedEngine(languages: languages, tessdataPath: tessdataPath))
                    }
                source = loaded
                return .success(loaded)
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }
}
