import Foundation
import IntakeTestSupport
import Testing

@testable import IntakeOCR

/// The dictionary read from the model file against Tesseract's own `TessBaseAPIIsValidWord`,
/// word for word, on the real `eng` model.
@Suite(.enabled(if: TestEnvironment.hasTessdata))
struct TesseractDictionaryTests {
    let folder: String
    let dictionary: TesseractDictionary
    let engine: TesseractEngine

    init() throws {
        folder = try Tessdata.locate(explicit: nil)
        dictionary = try #require(TesseractDictionary.load(language: "eng", folder: folder))
        engine = try TesseractEngine(languages: ["eng"])
    }

    /// Every whitespace-separated token of the fixtures' texts and this package's sources,
    /// README and docs, as written, lower-cased, stripped to letters, and wrapped in punctuation.
    static func candidates() throws -> Set<String> {
        var texts: [String] = []
        let expected = Fixtures.path("expected")
        for name in try FileManager.default.contentsOfDirectory(atPath: expected) where name.hasSuffix(".txt") {
            texts.append(try String(contentsOfFile: "\(expected)/\(name)", encoding: .utf8))
        }
        texts.append(try String(contentsOfFile: "\(Fixtures.packageRoot)/README.md", encoding: .utf8))
        let docs = "\(Fixtures.packageRoot)/docs"
        for name in try FileManager.default.contentsOfDirectory(atPath: docs) where name.hasSuffix(".md") {
            texts.append(try String(contentsOfFile: "\(docs)/\(name)", encoding: .utf8))
        }
        let sources = "\(Fixtures.packageRoot)/Sources"
        for case let name as String in FileManager.default.enumerator(atPath: sources)! where name.hasSuffix(".swift") {
            texts.append(try String(contentsOfFile: "\(sources)/\(name)", encoding: .utf8))
        }
        var words = Set<String>()
        for token in texts.flatMap({ $0.split(whereSeparator: \.isWhitespace) }).map(String.init) {
            let letters = String(token.unicodeScalars.filter { CharacterSet.letters.contains($0) })
            for word in [token, token.lowercased(), letters, letters.lowercased()] where !word.isEmpty {
                words.insert(word)
            }
        }
        let decorated = words.prefix(3000).flatMap { word in
            [
                "\(word),", "(\(word))", "\"\(word)\"", "'\(word)'", "\(word)'s", "\(word).", "\(word)-", "-\(word)",
                "\(word)s", "(\(word)", "\(word))", "[\(word)", "\"\(word)", "\(word)\"", "«\(word)»", "\(word)?!",
                "'\(word)",
            ]
        }
        words.formUnion(decorated)
        // Numbers, number patterns, characters the model lacks, and the model's own
        // several-character symbols.
        words.formUnion([
            "1", "42", "2024", "3.14", "1st", "22nd", "$100", "100%", "10:30", "+44", "x", "I", "a", "A",
            "é", "café", "naïve", "ﬁnance", "ﬂow", "مـرحبا", "日本", "☃", "Joined", "|Broken|0|1", " ", "",
            "don't", "o'clock", "e-mail", "U.S.", "Ph.D.", "etc.", "...", "'", "--", "COVID-19",
        ])
        return words
    }

    @Test func agreesWithTesseractOnEveryWord() throws {
        let words = try Self.candidates()
        #expect(words.count > 10_000)
        var valid = 0
        var disagreements: [String] = []
        for word in words {
            let expected = engine.isValidWord(word)
            if expected { valid += 1 }
            if dictionary.contains(word) != expected { disagreements.append(word) }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements, such as \(disagreements.prefix(20))")
        // Both answers occur in bulk, so agreement is not all-false or all-true.
        #expect(valid > 1000 && valid < words.count - 1000, "\(valid) valid of \(words.count)")
    }

    @Test func modelsWithoutAnLSTMWordListAreLeftToTheEngine() throws {
        // osd.traineddata is a legacy-only model: no LSTM dictionary to read.
        if TestEnvironment.hasOSD {
            #expect(TesseractDictionary.load(language: "osd", folder: folder) == nil)
        }
        #expect(TesseractDictionary.load(language: "no-such-language", folder: folder) == nil)
        let broken = FileManager.default.temporaryDirectory.appendingPathComponent("intake-dict-\(getpid())")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: broken) }
        let model = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/eng.traineddata"))
        // Cut inside the word list: the component runs past the end of the file.
        try model.prefix(model.count / 2).write(to: broken.appendingPathComponent("cut.traineddata"))
        #expect(TesseractDictionary.load(language: "cut", folder: broken.path) == nil)
        try Data(repeating: 0xFF, count: 4096).write(to: broken.appendingPathComponent("junk.traineddata"))
        #expect(TesseractDictionary.load(language: "junk", folder: broken.path) == nil)
    }
}
