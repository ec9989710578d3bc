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

    /// `scan-clean.png` at a third of its size (100 dpi, text 8 px high, as on a fax), with a
    /// one-pixel rule across the page for each text line: through its descenders (as a form's
    /// fields are typed on their lines) or in the middle of the white below it (a ruled page);
    /// The same page under a fax's specks: layout analysis still finds no paragraph, but
    /// Tesseract is unsure of the sparse reading (under ``LayoutRule/sparseFirstConfidence``),
    /// so a layout reading is made and the two are weighed as on any fax. The sparse reading,
    /// which read more of the page, is kept; the record gives both readings' figures and the
    /// share that sent the page to a sparse reading first.
    @Test func anUnsureSparseReadingIsWeighedAgainstTheLayoutReading() async throws {
        let bytes = try fax(rulesThroughText: true, framed: true, dash: 5, specks: 1500)
        var options = ExtractionOptions()
        options.preprocessing.rotate = false
        let page = try #require(try await read(bytes, options).pages.first)
        let confidences = try #require(page.layoutConfidences, "read once: \(String(describing: page.ocrConfidence))")
        let sparse = try #require(confidences["sparse"])
        #expect(sparse < LayoutRule.sparseFirstConfidence)
        #expect(confidences["auto"] != nil)
        #expect(page.layout == .sparse, "\(confidences) \(String(describing: page.layoutCoverage))")
        #expect(try #require(page.proseShare) < RowReading.maxProseShare)
        let coverage = try #require(page.layoutCoverage)
        #expect(try #require(coverage["sparse"]) > (coverage["auto"] ?? 1), "\(coverage)")
    }

    /// `framed` adds a vertical rule at both ends of the rules, down the whole text (a table);
    /// `dash` breaks the rules into dashes of that many pixels with gaps of half as many.
    /// `rulesThroughText` nil draws no rule; `specks` sprinkles that many blots of 2 to 5 × 2 to
    /// 6 px over the page, as a fax's noise; `screen` prints a dot screen (2 × 2 px dots every
    /// `step` px) behind the text from that share of the page's height down.
    func fax(
        rulesThroughText: Bool?,
        framed: Bool = false,
        dash: Int32? = nil,
        specks: Int = 0,
        screen: (from: Double, step: Int32)? = nil
    ) throws -> [UInt8] {
        let original = try Fixtures.bytes("scan-clean.png")
        var pix = original.withUnsafeBufferPointer { pixReadMem($0.baseAddress, $0.count) }
        try #require(pix != nil)
        defer { pixDestroy(&pix) }
        var small = pixScale(pix, 1.0 / 3, 1.0 / 3)
        try #require(small != nil)
        defer { pixDestroy(&small) }
        var bilevel = pixConvertTo1(small, 130)
        defer { pixDestroy(&bilevel) }
        var rows = pixCountPixelsByRow(bilevel, nil)
        defer { numaDestroy(&rows) }
        // The text lines: runs of rows with ink.
        var lines: [Range<Int32>] = []
        var start: Int32?
        for y in 0...pixGetHeight(small) {
            var ink: Int32 = 0
            if y < pixGetHeight(small) { numaGetIValue(rows, y, &ink) }
            if ink > 0, start == nil { start = y }
            if ink == 0, let top = start {
                start = nil
                if y - top >= 5 { lines.append(top..<y) }
            }
        }
        let width = pixGetWidth(small)
        for (index, line) in lines.enumerated() {
            guard let rulesThroughText else { break }
            let row: Int32
            if rulesThroughText {
                row = line.lowerBound + Int32(Double(line.count) * 0.8)
            } else {
                let next = index + 1 < lines.count ? lines[index + 1].lowerBound : line.upperBound + 8
                row = (line.upperBound + next) / 2
            }
            for x in (width / 10)..<(width * 9 / 10) where dash.map({ (x / $0) % 3 != 2 }) ?? true {
                pixSetPixel(small, x, row, 0)
            }
        }
        if framed, let first = lines.first, let last = lines.last {
            for y in first.lowerBound..<last.upperBound + 4 {
                pixSetPixel(small, width / 10, y, 0)
                pixSetPixel(small, width * 9 / 10 - 1, y, 0)
            }
        }
        if let screen {
            let top = Int32(Double(pixGetHeight(small)) * screen.from)
            for y in stride(from: top, to: pixGetHeight(small) - 10, by: Int(screen.step)) {
                for x in stride(from: 10, to: width - 10, by: Int(screen.step)) {
                    for dy in 0..<2 { for dx in 0..<2 { pixSetPixel(small, x + Int32(dx), y + Int32(dy), 0) } }
                }
            }
        }
        var random = SeededGenerator(state: 7)
        for _ in 0..<specks {
            let x = Int32.random(in: 5..<width - 10, using: &random)
            let y = Int32.random(in: 5..<pixGetHeight(small) - 10, using: &random)
            let size = (Int32.random(in: 2...5, using: &random), Int32.random(in: 2...6, using: &random))
            for dy in 0..<size.1 {
                for dx in 0..<size.0 where Double.random(in: 0..<1, using: &random) < 0.8 {
                    pixSetPixel(small, x + dx, y + dy, 0)
                }
            }
        }
        pixSetResolution(small, 100, 100)
        var data: UnsafeMutablePointer<UInt8>?
        var size = 0
        try #require(pixWriteMem(&data, &size, small, Int32(IFF_PNG)) == 0)
        defer { free(data) }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// Layout analysis takes text printed over a light dot screen (a form's shaded box, a tinted
    /// band) for part of a picture and drops it, and it is sure of the words it kept: a real
    /// faxed order form's layout reading was 85.3 sure of its words and read 0.48 of the page's
    /// glyphs, its heading and signature block lost. Such a page is read again, and the sparse
    /// reading, which reads the region, is kept however much less sure Tesseract is of it.
    @Test func aRegionLayoutAnalysisDroppedIsReadAgain() async throws {
        let bytes = try fax(rulesThroughText: nil, screen: (from: 0.5, step: 8))
        let expected = try Fixtures.expectedText("scan-clean.png")
        let page = try #require(try await read(bytes).pages.first)
        let confidences = try #require(page.layoutConfidences, "read once: \(String(describing: page.ocrConfidence))")
        let coverage = try #require(page.layoutCoverage)
        let layout = try #require(coverage["auto"])
        #expect(try #require(confidences["auto"]) >= LayoutRule.rereadBelow, "\(confidences)")
        #expect(layout < LayoutRule.rereadBelowCoverage, "\(coverage)")
        #expect(try #require(coverage["sparse"]) >= layout + LayoutRule.regionsDroppedGain, "\(coverage)")
        #expect(page.layout == .sparse)
        var columns = ExtractionOptions()
        columns.layout = .columns
        let dropped = try #require(try await read(bytes, columns).pages.first)
        let kept = CharacterErrorRate.of(page.text, against: expected)
        let lost = CharacterErrorRate.of(dropped.text, against: expected)
        #expect(kept < lost, "sparse CER \(kept), layout analysis's \(lost)")

        // The same fax without the screen: read surely and whole, so once, its share on the record.
        let whole = try #require(try await read(try fax(rulesThroughText: nil)).pages.first)
        #expect(whole.layout == .auto)
        #expect(whole.layoutConfidences == nil)
        let share = try #require(whole.layoutCoverage?["auto"], "\(String(describing: whole.layoutCoverage))")
        #expect(share >= LayoutRule.rereadBelowCoverage)
        #expect(whole.layoutCoverage?.count == 1)
    }

    /// Words typed on their lines fuse with them on a fax; Tesseract takes each line with its
    /// words for a graphic and loses them (a real form of the development set lost five
    /// paragraphs). The lines text touches are whitened, and the words are read.
    @Test func wordsTypedOnTheirLinesAreRead() async throws {
        let bytes = try fax(rulesThroughText: true)
        let expected = try Fixtures.expectedText("scan-clean.png")
        let page = try #require(try await read(bytes).pages.first)
        #expect((page.preprocessing?.underlinesRemoved ?? 0) >= 25, "\(String(describing: page.preprocessing))")
        let cer = CharacterErrorRate.of(page.text, against: expected)
        #expect(cer < 0.15, "CER \(cer)")

        var off = ExtractionOptions()
        off.preprocessing.removeUnderlines = false
        let kept = try #require(try await read(bytes, off).pages.first)
        #expect(kept.preprocessing?.underlinesRemoved == nil)
        let lost = CharacterErrorRate.of(kept.text, against: expected)
        #expect(lost > 2 * cer, "without the step: CER \(lost), with it \(cer)")
    }

    /// A fax's specks and blots between the words: Tesseract reads some as words of a character
    /// or two ("a", "ee", ".") that it is unsure of. They are removed from the text, and counted
    /// with the marks of rules; the page reads nearly as well as without them.
    @Test func specksReadAsWordsAreRemoved() async throws {
        let expected = try Fixtures.expectedText("scan-clean.png")
        let clean = try #require(try await read(try fax(rulesThroughText: nil)).pages.first)
        let page = try #require(try await read(try fax(rulesThroughText: nil, specks: 300)).pages.first)
        #expect((page.strayMarksRemoved ?? 0) >= 10, "\(String(describing: page.strayMarksRemoved))")
        let cer = CharacterErrorRate.of(page.text, against: expected)
        let cleanCER = CharacterErrorRate.of(clean.text, against: expected)
        // With the specks left, this page read at 6.5 % against the clean page's 1 %.
        #expect(cer < cleanCER + 0.04, "CER \(cer), clean \(cleanCER):\n\(page.text)")
    }

    /// Rules that touch no text (a ruled page, a table's frame) are kept: Tesseract's layout
    /// analysis reads columns and tables by them.
    @Test func rulesThatTouchNoTextAreKept() async throws {
        let page = try #require(try await read(try fax(rulesThroughText: false)).pages.first)
        #expect(page.preprocessing?.underlinesRemoved == 0)
    }

    /// A rule that text touches but whose end meets a vertical rule is the edge of a box or a
    /// table row, and is kept: whitening a real faxed table's row borders lost words of its cells.
    @Test func rulesThatMeetAFrameAreKept() async throws {
        let page = try #require(try await read(try fax(rulesThroughText: true, framed: true)).pages.first)
        #expect(page.preprocessing?.underlinesRemoved == 0, "\(String(describing: page.preprocessing))")
    }

    /// Where such framed rules stay, and are dashed as a form's fill-in lines are, layout
    /// analysis loses words on them (it takes a line with its rule for one blot, as on a real
    /// faxed form of the development set), and finds no paragraph in what it keeps. `auto`
    /// reads such a page once, as sparse text, which reads those words; the record gives the
    /// share of words in paragraphs it decided on.
    @Test func aPageWhoseLinesLayoutAnalysisLosesIsReadAsSparseText() async throws {
        let bytes = try fax(rulesThroughText: true, framed: true, dash: 5)
        let expected = try Fixtures.expectedText("scan-clean.png")
        // Orientation detection takes these dashed lines through the descenders for text
        // upside down; the page is upright, and this test is about its layout.
        var options = ExtractionOptions()
        options.preprocessing.rotate = false
        let page = try #require(try await read(bytes, options).pages.first)
        #expect(page.layout == .sparse, "\(String(describing: page.layoutConfidences))")
        #expect(try #require(page.proseShare) < RowReading.maxProseShare)
        #expect(page.layoutConfidences == nil, "read twice")
        var columns = options
        columns.layout = .columns
        let lost = try #require(try await read(bytes, columns).pages.first)
        #expect(lost.layoutCoverage == nil)
        let kept = CharacterErrorRate.of(page.text, against: expected)
        let dropped = CharacterErrorRate.of(lost.text, against: expected)
        #expect(kept < dropped, "kept \(kept), layout analysis \(dropped)")
    }

    /// Faint print, as on a thermal or dot-matrix receipt: `scan-clean.png` with its ink lightened
    /// to a pale gray, and a darker 4 × 4 px dot every 12 px where there is ink. At the fixed
    /// measuring threshold only the dots are left, and they measure as text 4 px high (a real
    /// receipt was then enlarged threefold and read at 71.5 % CER, the CLI's 30.9 %); measured at
    /// the page's own threshold the text is as tall as the clean page's, and the page is read
    /// at its stated 300 dpi, not enlarged.
    @Test func faintPrintIsMeasuredAtThePagesOwnThreshold() async throws {
        let bytes = try scan(statingDPI: 300) { pix in
            // 255 - (255 - v) / 5: black ink becomes a gray of 204.
            pixInvert(pix, pix)
            pixMultConstantGray(pix, 0.2)
            pixInvert(pix, pix)
            var value: UInt32 = 0
            for y in stride(from: Int32(2), to: pixGetHeight(pix) - 4, by: 12) {
                for x in stride(from: Int32(2), to: pixGetWidth(pix) - 4, by: 12) {
                    pixGetPixel(pix, x + 2, y + 2, &value)
                    guard value < 230 else { continue }
                    for dy in Int32(0)..<4 { for dx in Int32(0)..<4 { pixSetPixel(pix, x + dx, y + dy, 110) } }
                }
            }
        }
        let clean = try #require(try await read(try scan(statingDPI: 300)).pages.first)
        let page = try #require(try await read(bytes).pages.first)
        let steps = try #require(page.preprocessing)
        #expect((steps.measuringThreshold ?? 0) > LeptonicaPix.measuringThreshold, "\(steps)")
        let height = try #require(steps.textHeight)
        let cleanHeight = try #require(clean.preprocessing?.textHeight)
        #expect(abs(height - cleanHeight) <= 0.2 * cleanHeight, "\(height) against \(cleanHeight)")
        #expect(steps.resampleFactor == nil)
        #expect(page.dpiSource == .stated)
        #expect(page.dpi == 300)
        #expect(clean.preprocessing?.measuringThreshold == nil)
        let cer = CharacterErrorRate.of(page.text, against: try Fixtures.expectedText("scan-clean.png"))
        #expect(cer < 0.1, "CER \(cer)")
    }

    /// A condensed deposition transcript: four framed pages of numbered lines on one sheet.
    /// Tesseract's table finder takes the frames and the two columns of line numbers for a
    /// table and reads each row across both columns (a real transcript of the development set
    /// read so, by Intake and the tesseract CLI alike). The fixture (`make-documents.py`,
    /// `transcript_columns`) reproduces it; each column is read on its own again.
    @Test func aTranscriptsTwoColumnsAreReadOneAfterTheOther() async throws {
        let bytes = try Fixtures.bytes("transcript-columns.png")
        let expected = try Fixtures.expectedText("transcript-columns.png")
        let page = try #require(try await read(bytes).pages.first)
        #expect((page.columnsSplit ?? 0) >= 1)
        let split = CharacterErrorRate.of(page.text, against: expected)
        #expect(split < 0.05, "CER \(split)")
        var options = ExtractionOptions()
        options.layout = .columns
        let across = try #require(try await read(bytes, options).pages.first)
        #expect(across.columnsSplit == nil)
        let acrossCER = CharacterErrorRate.of(across.text, against: expected)
        #expect(acrossCER > 0.5, "Tesseract's own order: CER \(acrossCER); the condition is not reproduced")
    }

    /// Read as sparse text (`--layout sparse`, for an inbox of forms), the same page's lines are
    /// read in rows, which run across its columns as Tesseract's own order does: its columns of
    /// running text are read one after the other instead (``SparseColumns``). Read in rows it
    /// was 73 % CER.
    @Test func aSparseReadingReadsColumnsOfRunningTextOneAfterTheOther() async throws {
        let bytes = try Fixtures.bytes("transcript-columns.png")
        let expected = try Fixtures.expectedText("transcript-columns.png")
        var options = ExtractionOptions()
        options.layout = .sparse
        let page = try #require(try await read(bytes, options).pages.first)
        #expect((page.columnsSplit ?? 0) >= 1)
        let cer = CharacterErrorRate.of(page.text, against: expected)
        #expect(cer < 0.1, "CER \(cer)")
    }
}
