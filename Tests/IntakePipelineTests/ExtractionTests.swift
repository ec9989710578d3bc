import IntakeCore
import IntakePipeline
import IntakeTestSupport
import Testing

/// Extraction on the real libraries (Poppler, Tesseract, Leptonica) and real files.
@Suite(.enabled(if: TestEnvironment.hasTessdata))
struct ExtractionTests {
    let extractor = DocumentExtractor(options: ExtractionOptions())

    func extract(_ name: String) async throws -> ExtractedDocument {
        try await extractor.extract(bytes: try Fixtures.bytes(name), name: name)
    }

    func joinedText(_ document: ExtractedDocument) -> String {
        document.pages.map(\.text).joined(separator: "\u{0C}")
    }

    @Test func textLayerSampleGivesItsExactText() async throws {
        let document = try await extract("text.pdf")
        #expect(document.mediaType == .pdf)
        #expect(document.pages.allSatisfy { $0.textSource == .native && $0.reason == .textLayer })
        // Exact, character for character; only the layout whitespace (line ends, spaces
        // between columns) is compared collapsed, as cer.py does.
        let expected = try Fixtures.expectedText("text.pdf")
        #expect(CharacterErrorRate.normalize(joinedText(document)) == CharacterErrorRate.normalize(expected))
    }

    @Test(arguments: ["scan-clean.png", "scan-clean.pdf"])
    func cleanScanIsReadUnderTwoPercentCER(_ name: String) async throws {
        let document = try await extract(name)
        #expect(document.pages.count == 1)
        let page = try #require(document.pages.first)
        #expect(page.textSource == .ocr)
        #expect(page.dpi == 300)
        #expect(page.wordCount > 100)
        #expect((page.ocrConfidence ?? 0) > 80)
        let cer = CharacterErrorRate.of(page.text, against: try Fixtures.expectedText(name))
        #expect(cer < 0.02, "CER \(cer)")
    }

    @Test func mixedPDFReadsTextPagesNativelyAndScannedPagesByOCR() async throws {
        let document = try await extract("mixed.pdf")
        #expect(document.pages.map(\.textSource) == [.native, .ocr, .native])
        #expect(document.pages.map(\.reason) == [.textLayer, .tooFewCharacters, .textLayer])
        let scanned = document.pages[1]
        #expect(scanned.textLayerCharacters == 0)
        #expect(scanned.dpiSource == .render)
        let cer = CharacterErrorRate.of(joinedText(document), against: try Fixtures.expectedText("mixed.pdf"))
        #expect(cer < 0.02, "CER \(cer)")
    }

    @Test func multiPageTIFFGivesOnePagePerFrame() async throws {
        let document = try await extract("multipage.tiff")
        #expect(document.mediaType == .tiff)
        #expect(document.pages.map(\.number) == [1, 2])
        #expect(document.pages.allSatisfy { $0.textSource == .ocr && $0.reason == .image && $0.dpiSource == .stated })
        let cer = CharacterErrorRate.of(joinedText(document), against: try Fixtures.expectedText("multipage.tiff"))
        #expect(cer < 0.02, "CER \(cer)")
    }

    @Test func typeComesFromContentNotName() async throws {
        let document = try await extract("pdf-named.png")
        #expect(document.mediaType == .pdf)
        #expect(document.pages.allSatisfy { $0.textSource == .native })
    }

    /// A 300 dpi scan whose file states no resolution: the resolution comes from its text.
    @Test func imageWithoutResolutionHasItEstimatedFromItsText() async throws {
        let document = try await extract("no-dpi.png")
        let page = try #require(document.pages.first)
        #expect(page.dpiSource == .estimated)
        #expect((200...400).contains(page.dpi ?? 0), "dpi \(String(describing: page.dpi))")
        #expect((page.preprocessing?.textHeight ?? 0) > 15)
        #expect(page.preprocessing?.statedDPI == nil)
        #expect(document.warnings.isEmpty)

        let stated = try await extract("scan-clean.png")
        #expect(stated.pages.first?.dpiSource == .stated)
        #expect(stated.pages.first?.dpi == 300)
        #expect(stated.warnings.isEmpty)
    }

    @Test func forcedOCRReadsTextPagesByOCR() async throws {
        let forced = DocumentExtractor(options: ExtractionOptions(ocrMode: .force))
        let document = try await forced.extract(bytes: try Fixtures.bytes("text.pdf"), name: "text.pdf")
        #expect(document.pages.allSatisfy { $0.textSource == .ocr && $0.reason == .ocrForced })
        let cer = CharacterErrorRate.of(joinedText(document), against: try Fixtures.expectedText("text.pdf"))
        #expect(cer < 0.02, "CER \(cer)")
    }

    @Test func ocrNeverKeepsTheThinTextLayer() async throws {
        let never = DocumentExtractor(options: ExtractionOptions(ocrMode: .never))
        let document = try await never.extract(bytes: try Fixtures.bytes("mixed.pdf"), name: "mixed.pdf")
        #expect(document.pages.map(\.textSource) == [.native, .native, .native])
        #expect(document.pages[1].reason == .ocrDisabled)
    }

    @Test func pageRenderOverThePixelLimitIsMadeSmallerWithAWarning() async throws {
        // A4 at 300 dpi is about 8.7 MP; a 2 MP limit forces about 143 dpi.
        let small = DocumentExtractor(options: ExtractionOptions(maxImageMegapixels: 2))
        let document = try await small.extract(bytes: try Fixtures.bytes("scan-clean.pdf"), name: "scan-clean.pdf")
        let page = try #require(document.pages.first)
        #expect(page.dpi.map { $0 < 300 && $0 > 100 } == true)
        #expect(document.warnings.count == 1)
        #expect(document.warnings.first?.contains("instead of 300 dpi") == true)
        #expect(page.wordCount > 50)
    }

    @Test func encryptedPDFOpensWithItsPassword() async throws {
        let unlocked = DocumentExtractor(options: ExtractionOptions(password: "secret"))
        let document = try await unlocked.extract(bytes: try Fixtures.bytes("encrypted.pdf"), name: "encrypted.pdf")
        #expect(
            CharacterErrorRate.normalize(joinedText(document))
                == CharacterErrorRate.normalize(try Fixtures.expectedText("encrypted.pdf"))
        )
    }

    @Test func missingLanguageIsAClearError() async throws {
        let klingon = DocumentExtractor(options: ExtractionOptions(languages: ["tlh"]))
        let error = try await #require(throws: IntakeError.self) {
            try await klingon.extract(bytes: try Fixtures.bytes("scan-clean.png"), name: "scan-clean.png")
        }
        #expect(error.code == .languageMissing)
        #expect(error.message.contains("tlh"))
        #expect(error.message.contains("tesseract-ocr-tlh"))
    }
}
