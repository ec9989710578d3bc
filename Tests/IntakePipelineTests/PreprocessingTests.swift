import CIntakeImage
import CLeptonica
import Foundation
import Glibc
import IntakeCore
import IntakePipeline
import IntakeTestSupport
import Synchronization
import Testing

@testable import IntakeOCR

/// Page preprocessing and the text-layer gate on the real libraries and real scans
/// (Tests/IntakePipelineTests/Fixtures/quality, made by scripts/make-documents.sh).
@Suite(.enabled(if: TestEnvironment.hasTessdata && TestEnvironment.hasOSD))
struct PreprocessingTests {
    func read(
        _ name: String,
        _ options: ExtractionOptions = ExtractionOptions()
    ) async throws -> (page: ExtractedPage, cer: Double) {
        let fixture = "quality/\(name)"
        let document = try await DocumentExtractor(options: options)
            .extract(bytes: try Fixtures.bytes(fixture), name: name)
        let page = try #require(document.pages.first)
        return (page, CharacterErrorRate.of(page.text, against: try Fixtures.expectedText(fixture)))
    }

    @Test(arguments: [90, 180, 270])
    func turnedPageIsSetUprightAndReadUnderThreePercentCER(_ degrees: Int) async throws {
        let (page, cer) = try await read("turned-\(degrees).png")
        let steps = try #require(page.preprocessing)
        #expect(steps.orientation == degrees)
        #expect(steps.rotated == degrees)
        #expect((steps.orientationConfidence ?? 0) >= PreprocessingOptions().rotateThreshold)
        #expect(cer < 0.03, "CER \(cer)")
    }

    @Test func withRotationOffATurnedPageIsLost() async throws {
        var options = ExtractionOptions()
        options.preprocessing.rotate = false
        let (page, cer) = try await read("turned-180.png", options)
        #expect(page.preprocessing?.orientation == nil)
        #expect(page.preprocessing?.rotated == nil)
        #expect(cer > 0.5, "CER \(cer): the upside-down page should read as garbage without rotation")
    }

    @Test func aGuessUnderTheThresholdIsRecordedButNotApplied() async throws {
        var options = ExtractionOptions()
        options.preprocessing.rotateThreshold = 1000
        let (page, _) = try await read("turned-180.png", options)
        #expect(page.preprocessing?.orientation == 180)
        #expect(page.preprocessing?.rotated == 0)
    }

    @Test func skewedPageIsStraightened() async throws {
        let (page, cer) = try await read("skewed-5.png")
        let steps = try #require(page.preprocessing)
        let angle = try #require(steps.skewAngle)
        #expect(abs(abs(angle) - 5) < 0.3, "angle \(angle)")
        #expect(steps.deskewed == true)
        #expect(steps.rotated == 0)
        #expect(cer < 0.03, "CER \(cer)")
    }

    /// A 150 dpi page's text (11 px) is within what Tesseract reads well: it is read as it is.
    @Test func lowResolutionPageIsReadAtItsOwnResolution() async throws {
        let (page, cer) = try await read("150dpi.png")
        #expect(page.preprocessing?.resampledFromDPI == nil)
        #expect(page.dpi == 150)
        #expect(page.dpiSource == .stated)
        #expect(cer < 0.03, "CER \(cer)")
    }

    @Test func speckledPageIsDenoisedAndReadBetterThanWithout() async throws {
        let (page, cer) = try await read("speckled.png")
        #expect(page.preprocessing?.denoised == true)
        var options = ExtractionOptions()
        options.preprocessing.denoise = .never
        let (raw, rawCER) = try await read("speckled.png", options)
        #expect(raw.preprocessing?.denoised == false)
        #expect(cer < 0.03, "CER \(cer)")
        #expect(cer < rawCER, "denoised \(cer), as it was \(rawCER)")
    }

    @Test func cleanUprightPageIsLeftAsItIs() async throws {
        let document = try await DocumentExtractor(options: ExtractionOptions())
            .extract(bytes: try Fixtures.bytes("scan-clean.png"), name: "scan-clean.png")
        let steps = try #require(document.pages.first?.preprocessing)
        #expect(steps.orientation == 0)
        #expect(steps.rotated == 0)
        #expect(steps.deskewed == false)
        #expect(steps.denoised == false)
        #expect(steps.resampledFromDPI == nil)
        #expect(steps.grayscaled == false)
    }

    /// Textord's fixed-pitch search is off in Intake's engines (`textord_disable_pitch_test`, set
    /// in `PageReader`): a typewriter's page, every line in one monospaced font, is where it
    /// would matter.
    @Test func monospacedPageReadsUnderTwoPercentCER() async throws {
        let (page, cer) = try await read("monospaced.png")
        #expect(page.wordCount > 100)
        #expect(cer < 0.02, "CER \(cer)")
    }

    @Test func glyphCodeTextLayerIsOCRedInstead() async throws {
        let (page, cer) = try await read("glyph-codes.pdf")
        #expect(page.reason == .glyphCodes)
        #expect(page.textSource == .ocr)
        #expect((page.glyphCodeRatio ?? 0) > 0.9)
        #expect(cer < 0.03, "CER \(cer)")
    }

    @Test func wrongOCRLayerIsOCRedInstead() async throws {
        let (page, cer) = try await read("bad-ocr-layer.pdf")
        #expect(page.reason == .fewDictionaryWords)
        #expect(page.textSource == .ocr)
        let ratio = try #require(page.dictionaryRatio)
        #expect(ratio < TextLayerRule().minDictionaryRatio)
        #expect(cer < 0.03, "CER \(cer)")
    }

    @Test func goodTextLayerPassesTheDictionaryTest() async throws {
        let document = try await DocumentExtractor(options: ExtractionOptions())
            .extract(bytes: try Fixtures.bytes("text.pdf"), name: "text.pdf")
        for page in document.pages {
            #expect(page.reason == .textLayer)
            #expect((page.dictionaryRatio ?? 0) > 0.8, "page \(page.number): \(page.dictionaryRatio ?? -1)")
        }
    }

    @Test func withOCRNeverAGarbageLayerIsKeptAndMarked() async throws {
        let (page, _) = try await read("glyph-codes.pdf", ExtractionOptions(ocrMode: .never))
        #expect(page.textSource == .native)
        #expect(page.reason == .ocrDisabled)
        #expect(page.preprocessing == nil)
    }
}

/// The page-level engine pool.
@Suite(.enabled(if: TestEnvironment.hasTessdata))
struct OCRPoolTests {
    func pages(_ name: String) throws -> ImageFile {
        try ImageFile(bytes: try Fixtures.bytes(name), mediaType: .tiff, name: name, options: ExtractionOptions())
    }

    @Test func pagesOfOneDocumentAreReadByEveryEngine() async throws {
        let pool = OCRPool(size: 2, options: ExtractionOptions())
        var tickets: [PageTicket] = []
        let file = try pages("multipage.tiff")
        while let page = try file.nextPage() {
            tickets.append(await pool.submit(page))
        }
        var engines: Set<Int> = []
        for ticket in tickets {
            let reading = try await ticket.reading()
            #expect(reading.result.wordCount > 50)
            engines.insert(reading.engine)
        }
        #expect(engines == [0, 1])
    }

    @Test func submitWaitsForAFreeEngine() async throws {
        let pool = OCRPool(size: 1, options: ExtractionOptions())
        let file = try pages("multipage.tiff")
        let first = await pool.submit(try #require(try file.nextPage()))
        #expect(await pool.busyEngines == 1)
        // With the one engine busy, the second page is taken only once the first is read.
        let second = await pool.submit(try #require(try file.nextPage()))
        #expect(await pool.busyEngines == 1)
        let firstReading = try await first.reading()
        let secondReading = try await second.reading()
        #expect(firstReading.engine == 0 && secondReading.engine == 0)
        #expect(await pool.busyEngines == 0)
    }

    /// Tesseract's English dictionary decides; a word seen before is answered from memory, the
    /// same way, and a capitalised word counts when its lower-case form is known.
    @Test func dictionaryRatioCountsKnownWords() throws {
        let pool = OCRPool(size: 1, options: ExtractionOptions())
        let words = ["Experience", "with", "distributed", "systems", "qzxvbt", "wrrkplmn"]
        #expect(try pool.dictionaryRatio(of: words) == 4.0 / 6.0)
        #expect(try pool.dictionaryRatio(of: words) == 4.0 / 6.0)
        #expect(try pool.dictionaryRatio(of: ["qzxvbt", "with"]) == 0.5)
        #expect(try pool.dictionaryRatio(of: []) == 1)
    }
}

/// The first page of a PNG, decoded as a run decodes it.
private func firstPage(ofPNG bytes: [UInt8]) throws -> OCRImage {
    let file = try ImageFile(bytes: bytes, mediaType: .png, name: "page.png", options: ExtractionOptions())
    return try #require(try file.nextPage())
}

/// Our 3 × 3 median filter (the one image routine of our own) against Leptonica's.
struct MedianFilterTests {
    @Test func givesExactlyLeptonicasMedian() throws {
        let image = try firstPage(ofPNG: try Fixtures.bytes("quality/speckled.png"))
        let ours = try #require(image.pix.medianFiltered())
        let reference = try #require(pixMedianFilter(image.pix.pointer, 3, 3))
        var owned: UnsafeMutablePointer<PIX>? = reference
        defer { pixDestroy(&owned) }
        var same: Int32 = 0
        #expect(pixEqual(ours.pointer, reference, &same) == 0)
        #expect(same == 1)
        #expect(ours.width == image.width && ours.height == image.height)
    }
}

/// Page images are allocated resident (faulted in at once), not a page fault at a time.
struct PageImageMemoryTests {
    /// The share of the whole pages in `bytes` bytes from `start` that are resident (`mincore`).
    private func residentShare(_ start: UnsafeMutableRawPointer, bytes: Int) -> Double {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let first = (Int(bitPattern: start) + page - 1) / page * page
        let pages = (Int(bitPattern: start) + bytes - first) / page
        var vector = [UInt8](repeating: 0, count: pages)
        guard mincore(UnsafeMutableRawPointer(bitPattern: first), pages * page, &vector) == 0 else { return -1 }
        return Double(vector.count { $0 & 1 == 1 }) / Double(pages)
    }

    @Test func largeBlocksAreResidentWhenAllocated() throws {
        // 64 MiB is past glibc's largest mmap threshold: both blocks are fresh mappings.
        let bytes = 64 << 20
        let plain = try #require(malloc(bytes))
        defer { free(plain) }
        let prefaulted = try #require(CIntakeImage_allocatePrefaulted(bytes))
        defer { free(prefaulted) }
        #expect(residentShare(plain, bytes: bytes) < 0.01)
        #expect(residentShare(prefaulted, bytes: bytes) == 1)
    }

    @Test func leptonicaAllocatesThroughIt() throws {
        Memory.prefaultPageImages()
        // Rows of 40,001 bytes: creating the image touches only each row's last word (pixSetPadBits),
        // about one page in ten, so only a prefaulted image is resident throughout.
        var pix: UnsafeMutablePointer<PIX>? = pixCreateNoInit(40_001, 1_000, 8)
        try #require(pix != nil)
        defer { pixDestroy(&pix) }
        let bytes = Int(pixGetWpl(pix)) * 4 * 1_000
        let data = try #require(pixGetData(pix))
        #expect(residentShare(UnsafeMutableRawPointer(data), bytes: bytes) == 1)
    }
}

/// What a page holds while it waits for an engine and while it is read.
struct PageImageHoldingTests {
    /// `scan-clean.png` as a 32-bit colour PNG.
    private func colourScan() throws -> [UInt8] {
        let gray = try Fixtures.bytes("scan-clean.png")
        var source = gray.withUnsafeBufferPointer { pixReadMem($0.baseAddress, $0.count) }
        try #require(source != nil)
        defer { pixDestroy(&source) }
        var colour = pixConvertTo32(source)
        try #require(colour != nil)
        defer { pixDestroy(&colour) }
        pixCopyResolution(colour, source)
        var data: UnsafeMutablePointer<UInt8>?
        var size = 0
        try #require(pixWriteMem(&data, &size, colour, Int32(IFF_PNG)) == 0)
        defer { free(data) }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    @Test func colourPageIsMadeGrayWhenDecoded() throws {
        let image = try firstPage(ofPNG: try colourScan())
        #expect(image.pix.depth == 8)
        #expect(image.pix.isPlainGray)
        #expect(image.grayscaled)
        #expect(image.statedDPI == 300)
    }

    @Test(.enabled(if: TestEnvironment.hasTessdata && TestEnvironment.hasOSD))
    func colourPageReadsAsItsGrayOriginalAndSaysItWasMadeGray() async throws {
        let extractor = DocumentExtractor(options: ExtractionOptions())
        let colour = try await extractor.extract(bytes: try colourScan(), name: "colour.png")
        let gray = try await extractor.extract(bytes: try Fixtures.bytes("scan-clean.png"), name: "gray.png")
        let page = try #require(colour.pages.first)
        #expect(page.preprocessing?.grayscaled == true)
        #expect(gray.pages.first?.preprocessing?.grayscaled == false)
        #expect(page.text == gray.pages.first?.text)
        #expect(!page.text.isEmpty)
    }

    @Test func readerTakesThePageImage() throws {
        let image = try firstPage(ofPNG: try Fixtures.bytes("scan-clean.png"))
        weak var taken: LeptonicaPix?
        do {
            let pix = image.takePix()
            taken = pix
            #expect(pix.width == image.width && pix.height == image.height)
        }
        // The page object keeps its size for the record, but no longer the image.
        #expect(taken == nil)
        #expect(image.width > 0)
    }

    @Test func workersMakePageImagesOneAtATime() async throws {
        /// How many callers are inside now, and the most there ever were.
        final class Occupancy: Sendable {
            let counts = Mutex((inside: 0, most: 0))
        }
        let pool = OCRPool(size: 2, options: ExtractionOptions())
        let occupancy = Occupancy()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                        // Real threads, as the workers' queues are: the gate blocks them.
                        Thread.detachNewThread {
                            for _ in 0..<50 {
                                pool.rasterizing {
                                    occupancy.counts.withLock {
                                        $0.inside += 1
                                        $0.most = max($0.most, $0.inside)
                                    }
                                    usleep(200)
                                    occupancy.counts.withLock { $0.inside -= 1 }
                                }
                            }
                            done.resume()
                        }
                    }
                }
            }
        }
        #expect(occupancy.counts.withLock { $0.most } == 1)
    }
}
