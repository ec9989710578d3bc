import CLeptonica
import Foundation
import Glibc
import IntakeCore
import IntakePipeline
import IntakeTestSupport
import Testing

@testable import IntakeOCR

/// The conditions real scans come in that our own typeset fixtures do not: a wrong or missing
/// stated resolution, halftone pictures beside the text, a page that takes too long. Each
/// fixture is made here from `scan-clean.png` (a 300 dpi page) with Leptonica, so the condition
/// is exactly the one named, and read by the real libraries.
@Suite(.enabled(if: TestEnvironment.hasTessdata && TestEnvironment.hasOSD))
struct RealScanConditionTests {
    /// `scan-clean.png` re-encoded as PNG after `change`, with its stated resolution set to
    /// `dpi` (0: none).
    func scan(statingDPI dpi: Int32, _ change: (UnsafeMutablePointer<PIX>) -> Void = { _ in }) throws -> [UInt8] {
        let original = try Fixtures.bytes("scan-clean.png")
        var pix = original.withUnsafeBufferPointer { pixReadMem($0.baseAddress, $0.count) }
        try #require(pix != nil)
        defer { pixDestroy(&pix) }
        change(pix!)
        pixSetResolution(pix, dpi, dpi)
        var data: UnsafeMutablePointer<UInt8>?
        var size = 0
        try #require(pixWriteMem(&data, &size, pix, Int32(IFF_PNG)) == 0)
        defer { free(data) }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    func read(_ bytes: [UInt8], _ options: ExtractionOptions = ExtractionOptions()) async throws -> ExtractedDocument {
        try await DocumentExtractor(options: options).extract(bytes: bytes, name: "scan.png")
    }

    /// Scanning software writes 72 or 96 dpi whatever the scan was: the page is neither
    /// upsampled nor told that resolution; its text gives the resolution, and the record says why.
    @Test(arguments: [72, 96])
    func aStatedResolutionTheTextContradictsIsNotBelieved(_ stated: Int) async throws {
        let document = try await read(try scan(statingDPI: Int32(stated)))
        let page = try #require(document.pages.first)
        let steps = try #require(page.preprocessing)
        #expect(steps.statedDPI == stated)
        #expect(page.dpiSource == .estimated)
        #expect((200...400).contains(page.dpi ?? 0), "dpi \(String(describing: page.dpi))")
        #expect(steps.resampledFromDPI == nil && steps.resampleFactor == nil)
        #expect(document.warnings.count == 1)
        #expect(document.warnings.first?.contains("states \(stated) dpi, but its text") == true, "\(document.warnings)")
        let cer = CharacterErrorRate.of(page.text, against: try Fixtures.expectedText("scan-clean.png"))
        #expect(cer < 0.03, "CER \(cer)")
    }

    @Test func aResolutionTheTextAgreesWithIsBelieved() async throws {
        let document = try await read(try scan(statingDPI: 300))
        let page = try #require(document.pages.first)
        #expect(page.dpiSource == .stated)
        #expect(page.dpi == 300)
        #expect(document.warnings.isEmpty)
    }

    /// A halftone picture is thousands of dots, but only where the picture is: the page is not
    /// run through the median filter, which would wear down its text.
    @Test func aHalftonePictureBesideTheTextIsNotDenoised() async throws {
        let bytes = try scan(statingDPI: 300) { pix in
            let width = pixGetWidth(pix)
            // A 600 × 600 px screen of 2 × 2 px dots every 5 px in the top right corner.
            for y in stride(from: 40, to: 640, by: 5) {
                for x in stride(from: width - 640, to: width - 40, by: 5) {
                    for dy in 0..<2 { for dx in 0..<2 { pixSetPixel(pix, x + Int32(dx), Int32(y + dy), 0) } }
                }
            }
        }
        let page = try #require(try await read(bytes).pages.first)
        let steps = try #require(page.preprocessing)
        #expect((steps.specksPerGlyph ?? 0) > 0.5, "the dots are counted: \(steps)")
        #expect((steps.speckCoverage ?? 1) < DenoiseRule.minSpeckCoverage)
        #expect(steps.denoised == false)
    }

    /// Tesseract's progress monitor stops a page at its time limit; the page keeps what was
    /// read, the record says so, and the document is not failed.
    @Test func aPageOverItsTimeLimitIsStoppedAndKept() async throws {
        var options = ExtractionOptions()
        options.pageTimeoutSeconds = 0.001
        let document = try await read(try scan(statingDPI: 300), options)
        let page = try #require(document.pages.first)
        #expect(page.textSource == .ocr)
        #expect(
            document.warnings.contains { $0.contains("recognition stopped at the page time limit") },
            "\(document.warnings)"
        )
        let full = try await read(try scan(statingDPI: 300))
        #expect(page.wordCount < full.pages[0].wordCount)
    }

    @Test func aDocumentOverItsTimeLimitFailsWithTimeout() async throws {
        var options = ExtractionOptions()
        options.documentTimeoutSeconds = 0.001
        let error = await #expect(throws: IntakeError.self) {
            _ = try await DocumentExtractor(options: options)
                .extract(bytes: try Fixtures.bytes("multipage.tiff"), name: "multipage.tiff")
        }
        #expect(error?.code == .timeout)
    }
}
