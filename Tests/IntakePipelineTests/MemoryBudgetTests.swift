import CLeptonica
import Foundation
import Glibc
import IntakeCore
import IntakeOCR
import IntakePDF
import IntakePipeline
import IntakeTestSupport
import Testing

/// A page bigger than the memory budget allows is read at the size the budget allows, and its
/// record says so: a huge PDF page is rendered at a lower resolution, in bands; a huge JPEG is
/// decoded at a fraction of its size; any other huge image is scaled down after decoding.
/// Each fixture is `scan-clean.png` (a 300 dpi page) made big here with Leptonica.
@Suite(.enabled(if: TestEnvironment.hasTessdata && TestEnvironment.hasOSD))
struct MemoryBudgetTests {
    /// The smallest budget: 64 MiB, about 11 megapixels a page.
    static let budget = 64

    var options: ExtractionOptions {
        var options = ExtractionOptions()
        options.memoryBudgetMiB = Self.budget
        return options
    }

    /// `scan-clean.png` scaled by `scale`, stating `dpi`, encoded by Leptonica as `format`.
    func scan(scale: Float, dpi: Int32, format: Int32) throws -> [UInt8] {
        let original = try Fixtures.bytes("scan-clean.png")
        var pix = original.withUnsafeBufferPointer { pixReadMem($0.baseAddress, $0.count) }
        try #require(pix != nil)
        defer { pixDestroy(&pix) }
        var scaled = pixScale(pix, scale, scale)
        try #require(scaled != nil)
        defer { pixDestroy(&scaled) }
        pixSetResolution(scaled, dpi, dpi)
        var data: UnsafeMutablePointer<UInt8>?
        var size = 0
        try #require(pixWriteMem(&data, &size, scaled, format) == 0)
        defer { free(data) }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// `scan-clean.png` as a one-page PDF whose page is as big as the image at `dpi` makes it
    /// (25 dpi: 102 × 132 inches, 1.2 gigapixels at 300 dpi).
    func hugePDF(dpi: Int32) throws -> [UInt8] {
        let original = try Fixtures.bytes("scan-clean.png")
        var pix = original.withUnsafeBufferPointer { pixReadMem($0.baseAddress, $0.count) }
        try #require(pix != nil)
        defer { pixDestroy(&pix) }
        var data: UnsafeMutablePointer<UInt8>?
        var size = 0
        try #require(pixConvertToPdfData(pix, Int32(L_FLATE_ENCODE), 0, &data, &size, 0, 0, dpi, "huge", nil, 0) == 0)
        defer { free(data) }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// `scan-clean.png` at 1.5 times its size (3825 × 4950, stating 450 dpi) read under the
    /// budget: its page was made smaller by the memory budget.
    func readHugeScan(format: Int32, name: String) async throws -> (ExtractedDocument, ExtractedPage, PagePreprocessing)
    {
        let bytes = try scan(scale: 1.5, dpi: 450, format: format)
        let document = try await DocumentExtractor(options: options).extract(bytes: bytes, name: name)
        let page = try #require(document.pages.first)
        let steps = try #require(page.preprocessing)
        #expect(steps.sizeLimit == .memoryBudget)
        return (document, page, steps)
    }

    func cer(_ page: ExtractedPage) throws -> Double {
        CharacterErrorRate.of(page.text, against: try Fixtures.expectedText("scan-clean.png"))
    }

    @Test func theBudgetSetsThePageLimitWhenItIsLowerThanTheImageLimit() {
        let small = options.pageLimit
        #expect(small.limit == .memoryBudget)
        #expect(small.pixels == (Self.budget << 20) / ExtractionOptions.residentBytesPerPixel)
        var large = ExtractionOptions()
        large.memoryBudgetMiB = 65_536
        #expect(large.pageLimit.limit == .maxMegapixels)
        #expect(large.pageLimit.pixels == large.maxImagePixels)
        #expect(throws: IntakeError.self) {
            var bad = ExtractionOptions()
            bad.memoryBudgetMiB = 8
            try bad.validate()
        }
    }

    @Test func aHugePDFPageIsRenderedAtTheResolutionTheBudgetAllows() async throws {
        let document = try await DocumentExtractor(options: options).extract(
            bytes: try hugePDF(dpi: 25),
            name: "huge.pdf"
        )
        let page = try #require(document.pages.first)
        let steps = try #require(page.preprocessing)
        #expect(page.textSource == .ocr)
        #expect(page.dpiSource == .render)
        #expect(steps.sizeLimit == .memoryBudget)
        #expect(steps.requestedDPI == 300)
        // The render's own resolution: the page is 102 inches wide.
        let limit = options.pageLimit.pixels
        let renderDPI = Double(steps.resampledFromDPI ?? page.dpi ?? 0)
        #expect(renderDPI > 0 && (page.width / 72 * renderDPI) * (page.height / 72 * renderDPI) <= Double(limit))
        #expect(document.warnings.contains { $0.contains("memory budget (extraction.memory_budget_mib = 64)") })
        let rate = try cer(page)
        #expect(rate < 0.05, "CER \(rate)")
    }

    /// Bands are drawn clipped, each at its own offset: together they are the one-pass render.
    @Test func aPageRenderedInBandsIsTheSameImageAsInOnePass() throws {
        let document = try PDFDocument(bytes: try Fixtures.bytes("text.pdf"), password: nil, name: "text.pdf")
        let page = try document.page(at: 0)
        let whole = try page.render(dpi: 150, maxPixels: .max, bandPixels: .max)
        let banded = try page.render(dpi: 150, maxPixels: .max, bandPixels: whole.image.width * 37)
        #expect(whole.image.height > 37 * 3)
        #expect(banded.image.width == whole.image.width && banded.image.height == whole.image.height)
        #expect(banded.image.pixels == whole.image.pixels)
        #expect(whole.image.pixels.contains { $0 < 128 }, "the page has text")
    }

    /// libjpeg decodes a JPEG over the budget at half its size (DCT scaling): it is never in
    /// memory whole. Its stated resolution is halved with it.
    @Test func aHugeJPEGIsDecodedAtTheSizeTheBudgetAllows() async throws {
        let (document, page, steps) = try await readHugeScan(format: Int32(IFF_JFIF_JPEG), name: "huge.jpg")
        #expect(steps.sizeLimitFactor == 0.5)
        #expect(steps.statedDPI == 225)
        #expect(page.width <= 3825 / 2 + 1)
        #expect(document.warnings.contains { $0.contains("scaled by 0.5") }, "\(document.warnings)")
        let rate = try cer(page)
        #expect(rate < 0.05, "CER \(rate)")
    }

    @Test func aHugePNGIsScaledDownAfterDecoding() async throws {
        let (_, page, steps) = try await readHugeScan(format: Int32(IFF_PNG), name: "huge.png")
        let factor = try #require(steps.sizeLimitFactor)
        #expect(factor < 1 && factor > 0.7)
        #expect(page.width * page.height <= Double(options.pageLimit.pixels))
        let rate = try cer(page)
        #expect(rate < 0.05, "CER \(rate)")
    }
}
