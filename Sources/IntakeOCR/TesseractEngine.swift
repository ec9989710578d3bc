internal import CLeptonica
internal import CTesseract
internal import CTesseractLoader
import Foundation
public import IntakeCore

/// What Tesseract read on one page.
public struct OCRResult: Sendable, Hashable {
    /// The recognised text (UTF-8, lines separated by newlines).
    public var text: String
    /// The mean of the word confidences, 0–100; `nil` when no word was found.
    public var meanConfidence: Double?
    /// The number of words recognised.
    public var wordCount: Int
    /// Why recognition stopped before the end of the page, if it did (the words read until
    /// then are kept).
    public var stopped: RecognitionStop?
    /// How many form labels ``text`` has on one line with their values (``FormReadingOrder``).
    public var formLabelsJoined = 0
    /// How many blocks read across a gutter ``text`` reads as two columns (``ColumnGutter``).
    public var columnsSplit = 0
    /// How many marks of rules and specks were removed from ``text`` (``StrayMarks``).
    public var strayMarksRemoved = 0
    /// A layout reading's share of words in paragraphs, under which its lines are read in rows
    /// (``RowReading``), or the share that sent a sparse reading first; `nil` for an order that
    /// does not look at it.
    public var proseShare: Double?
}

/// Why Tesseract's progress monitor stopped a page.
public enum RecognitionStop: Sendable, Hashable {
    /// The page used its CPU time.
    case cpuTime
    /// The deadline passed.
    case deadline
}

/// One Tesseract engine: the one owner of a `TessBaseAPI` with its language models loaded.
///
/// Loading a model takes a few hundred milliseconds, so an engine is made once per worker and
/// reused for every page. Not `Sendable`: Tesseract's API object is not thread-safe, so each
/// engine stays on one worker's queue; more throughput means more engines, never a shared one.
public final class TesseractEngine {
    private let handle: OpaquePointer
    /// The languages loaded, such as `["eng"]`.
    public let languages: [String]

    /// Loads the language models.
    ///
    /// - Parameters:
    ///   - languages: Tesseract language codes.
    ///   - tessdataPath: The folder holding `*.traineddata`; `nil` finds it with ``Tessdata/locate(explicit:)``.
    /// - Throws: ``IntakeError`` `language_missing` naming the missing language and where it was
    ///   looked for, or `ocr_failed` when Tesseract refuses to start.
    public convenience init(languages: [String], tessdataPath: String? = nil) throws(IntakeError) {
        try self.init(languages: languages, tessdataPath: tessdataPath, mode: OEM_DEFAULT)
    }

    /// Loads the models for `languages` in engine `mode` (`OEM_TESSERACT_ONLY` for the legacy
    /// classifier that orientation detection runs on).
    init(languages: [String], tessdataPath: String?, mode: TessOcrEngineMode) throws(IntakeError) {
        let folder = try Tessdata.locate(explicit: tessdataPath)
        try Tessdata.requireLanguages(languages, in: folder)
        guard let handle = TessBaseAPICreate() else {
            let reason =
                intake_tesseract_failure().map { String(cString: $0) } ?? "Tesseract could not create an engine"
            throw IntakeError(.ocrFailed, stage: .ocr, reason)
        }
        // Tesseract prints diagnostics through tprintf to stderr unless debug_file redirects them;
        // the engine's results carry everything we need, so they go nowhere.
        _ = TessBaseAPISetVariable(handle, "debug_file", "/dev/null")
        let status = TessBaseAPIInit2(handle, folder, languages.joined(separator: "+"), mode)
        guard status == 0 else {
            // TessBaseAPIDelete frees an engine whether or not Init succeeded.
            TessBaseAPIDelete(handle)
            throw IntakeError(
                .ocrFailed,
                stage: .ocr,
                "Tesseract could not load \(languages.joined(separator: "+")) from \(folder) (status \(status))"
            )
        }
        self.handle = handle
        self.languages = languages
    }

    deinit {
        // "TessBaseAPIEnd: close down tesseract and free up all memory"; Delete frees the object itself.
        TessBaseAPIEnd(handle)
        TessBaseAPIDelete(handle)
    }

    /// Sets one of Tesseract's variables; `false` when Tesseract does not know it or refuses the value.
    @discardableResult
    func setVariable(_ name: String, _ value: String) -> Bool {
        TessBaseAPISetVariable(handle, name, value) != 0
    }

    /// Sets the page segmentation mode (3: automatic layout, 6: one block).
    private func setPageSegmentation(_ mode: Int) {
        TessBaseAPISetPageSegMode(handle, TessPageSegMode(rawValue: UInt32(mode)))
    }

    /// Whether `word` is in the loaded languages' dictionaries (Tesseract's word lists).
    func isValidWord(_ word: String) -> Bool {
        TessBaseAPIIsValidWord(handle, word) != 0
    }

    /// Tesseract's orientation and script detection on `image`: the clockwise turn the page has
    /// (0, 90, 180 or 270) and the confidence; `nil` when it found too little text to tell.
    /// Needs an engine loaded with the `osd` model in legacy mode.
    func detectOrientation(_ image: LeptonicaPix) -> (degrees: Int, confidence: Double)? {
        TessBaseAPISetImage2(handle, image.pointer)
        TessBaseAPISetSourceResolution(handle, Int32(image.xResolution))
        defer { TessBaseAPIClear(handle) }
        var degrees: Int32 = 0
        var confidence: Float = 0
        var scriptName: UnsafePointer<CChar>? = nil
        var scriptConfidence: Float = 0
        // "script_name: static string, do not free".
        guard
            TessBaseAPIDetectOrientationScript(handle, &degrees, &confidence, &scriptName, &scriptConfidence) != 0,
            [0, 90, 180, 270].contains(degrees), confidence.isFinite
        else { return nil }
        return (Int(degrees), Double(confidence))
    }

    /// Hands Tesseract `pix` to read at `dpi`, runs `body` (which reads it with
    /// ``readPage(layout:cpuTime:deadline:)`` as often as it likes), and drops the
    /// page and its results whatever happens.
    ///
    /// - Parameter dpi: The resolution to tell Tesseract; `nil` lets it estimate one from the text lines.
    func withPage<Result>(
        _ pix: consuming LeptonicaPix,
        dpi: Int?,
        _ body: () throws(IntakeError) -> Result
    ) throws(IntakeError) -> Result {
        setPage(pix, dpi: dpi)
        // Clear drops the page's results (not the model).
        defer { TessBaseAPIClear(handle) }
        return try body()
    }

    /// Replaces the page Tesseract holds (inside ``withPage(_:dpi:_:)``).
    func setPage(_ pix: consuming LeptonicaPix, dpi: Int?) {
        // capi.h only forward-declares struct Pix; with CLeptonica imported too, Swift sees one type.
        // TessBaseAPISetImage2 does not take ownership, and keeps a copy of its own ("SetImage for
        // Pix clones its input, so the source pix may be pixDestroyed immediately after", and the
        // thresholder's SetImage "guarantee[s] that we always end up with our own copy"): ours is
        // released before recognition, so a page is not held twice while it is read.
        TessBaseAPISetImage2(handle, pix.pointer)
        _ = consume pix
        // 0 is below Tesseract's credible range: it takes 70 and estimates the resolution from
        // the size of the text lines (pagesegmain.cpp), as its command line does for a file
        // that states none.
        TessBaseAPISetSourceResolution(handle, Int32(dpi ?? 0))
    }

    /// The page Tesseract holds, as it was handed over (inside ``withPage(_:dpi:_:)``).
    func pageImage() -> LeptonicaPix? {
        // GetInputImage returns Tesseract's own reference (pix_original); a clone is ours to destroy.
        guard let held = TessBaseAPIGetInputImage(handle), let clone = pixClone(held) else { return nil }
        return LeptonicaPix(owning: clone)
    }

    /// Recognises the text of the page Tesseract holds (inside ``withPage(_:dpi:_:)``), with
    /// `layout`; a second reading lays the page out again.
    ///
    /// - Parameters:
    ///   - layout: Tesseract's page segmentation mode, and how the lines read are put in order.
    ///   - cpuTime: How much CPU time recognition may take (`nil`: no limit).
    ///   - deadline: When recognition must stop whatever it took (`nil`: never).
    ///   Tesseract's progress monitor (`ETEXT_DESC`) stops it between words at either; what it
    ///   read by then is returned, with ``OCRResult/stopped`` saying which.
    /// - Throws: ``IntakeError`` `ocr_failed` when recognition fails.
    func readPage(
        layout: ExtractionOptions.PageLayout,
        cpuTime: Duration? = nil,
        deadline: ContinuousClock.Instant? = nil
    ) throws(IntakeError) -> OCRResult {
        // Recognize lays the page out again when the mode changed since its last reading
        // (FindLines clears the results of a finished recognition).
        setPageSegmentation(layout.tesseractMode)
        // The page limit is in CPU time of this thread, which recognises the page (one OpenMP
        // thread: the LSTM's sections run here too), so a loaded machine never cuts a page
        // short; the document's deadline is wall-clock time.
        var monitor: OpaquePointer?
        let cpuLimit = UnsafeMutablePointer<Int64>.allocate(capacity: 1)
        defer { cpuLimit.deallocate() }
        if cpuTime != nil || deadline != nil {
            monitor = TessMonitorCreate()
        }
        // TessMonitorCreate: "The caller owns the monitor" (TessMonitorDelete).
        defer { if let monitor { TessMonitorDelete(monitor) } }
        if let cpuTime, let monitor {
            cpuLimit.pointee = Self.threadCPUNanoseconds() + Self.nanoseconds(cpuTime)
            // Called by recog_all_words before each word: true stops recognition there.
            TessMonitorSetCancelFunc(monitor) { context, _ in
                guard let context else { return false }
                return TesseractEngine.threadCPUNanoseconds() >= context.assumingMemoryBound(to: Int64.self).pointee
            }
            TessMonitorSetCancelThis(monitor, cpuLimit)
        }
        if let deadline, let monitor {
            // "deadline_msecs": from now, also checked before each word.
            let left = Self.nanoseconds(deadline - .now) / 1_000_000
            TessMonitorSetDeadlineMSecs(monitor, Int32(max(1, min(Int64(Int32.max), left))))
        }
        var stopped: RecognitionStop?
        if TessBaseAPIRecognize(handle, monitor) != 0 {
            // Recognize returns -1 when the monitor stopped it, with the words read so far kept
            // in the page's results, and -1 when it failed outright.
            if let deadline, ContinuousClock.now >= deadline {
                stopped = .deadline
            } else if cpuTime != nil, Self.threadCPUNanoseconds() >= cpuLimit.pointee {
                stopped = .cpuTime
            } else {
                let image = pageImage()
                throw IntakeError(
                    .ocrFailed,
                    stage: .ocr,
                    "Tesseract failed to recognise a \(image?.width ?? 0) × \(image?.height ?? 0) page"
                )
            }
        }
        var text = ""
        if let utf8 = TessBaseAPIGetUTF8Text(handle) {
            // "Returns: the recognized text; the caller must free it with TessDeleteText."
            defer { TessDeleteText(utf8) }
            text = String(cString: utf8)
        }
        var confidences: [Int32] = []
        if let all = TessBaseAPIAllWordConfidences(handle) {
            // "Returns an array of all word confidences, terminated by -1; free with TessDeleteIntArray."
            defer { TessDeleteIntArray(all) }
            var index = 0
            while all[index] >= 0 {
                confidences.append(all[index])
                index += 1
            }
        }
        let mean = confidences.isEmpty ? nil : Double(confidences.reduce(0, +)) / Double(confidences.count)
        var result = OCRResult(
            text: text,
            meanConfidence: mean.map { ($0 * 10).rounded() / 10 },
            wordCount: confidences.count,
            stopped: stopped
        )
        // A speck is a word Tesseract is unsure of: on a page it is sure of throughout, there is
        // none to look for.
        let specksPossible = confidences.contains { Double($0) < StrayMarks.speckConfidence }
        let read = specksPossible || layout.lineOrder != .tesseract ? lines(withWords: true) : []
        var (cleaned, specks) = (read, 0)
        if specksPossible, layout.lineOrder != .tesseract { (cleaned, specks) = StrayMarks.removeSpecks(from: read) }
        var arranged: (text: String, joined: Int)?
        // A sparse reading is read in rows; a layout reading too where it is not running text.
        var inRows = layout.lineOrder == .rows
        if layout.lineOrder == .formLabels {
            let share = RowReading.proseShare(cleaned)
            result.proseShare = (share * 1000).rounded() / 1000
            inRows = RowReading.readsInRows(cleaned, share: share)
        }
        if inRows, let rows = FormReadingOrder.sparse(cleaned) {
            arranged = (rows.text, rows.joined)
            result.columnsSplit = rows.columns
        } else if layout.lineOrder == .formLabels {
            let columns = ColumnGutter.split(cleaned)
            result.columnsSplit = columns.split
            arranged = FormReadingOrder.arrange(columns.lines)
            if arranged == nil, columns.split > 0 { arranged = (FormReadingOrder.text(columns.lines), 0) }
        }
        if let arranged {
            result.text = arranged.text
            result.formLabelsJoined = arranged.joined
        } else if specksPossible {
            // Tesseract's own text, which an order that found nothing to rearrange keeps.
            (result.text, specks) = StrayMarks.removeSpecks(from: text, lines: read)
        }
        let marks: Int
        (result.text, marks) = StrayMarks.remove(result.text)
        result.strayMarksRemoved = marks + specks
        return result
    }

    /// The recognised page's text lines in reading order, with their blocks, paragraphs and
    /// boxes, and, `withWords`, their words' extents.
    func lines(withWords: Bool = false) -> [OCRLine] {
        var lines: [OCRLine] = []
        // For each line the iterator visits, its index in `lines` (nil: a line without text).
        var visited: [Int?] = []
        var block = -1
        var paragraph = -1
        forEachResult(at: RIL_TEXTLINE) { page, found in
            if TessPageIteratorIsAtBeginningOf(page, RIL_BLOCK) != 0 { block += 1 }
            if TessPageIteratorIsAtBeginningOf(page, RIL_PARA) != 0 { paragraph += 1 }
            visited.append(found == nil ? nil : lines.count)
            guard let found else { return }
            lines.append(
                OCRLine(
                    block: max(0, block),
                    paragraph: max(0, paragraph),
                    left: found.box.left,
                    top: found.box.top,
                    right: found.box.right,
                    bottom: found.box.bottom,
                    text: found.text
                )
            )
        }
        guard withWords else { return lines }
        var line = -1
        forEachResult(at: RIL_WORD, confidences: true) { page, found in
            if TessPageIteratorIsAtBeginningOf(page, RIL_TEXTLINE) != 0 { line += 1 }
            guard let found, visited.indices.contains(line), let index = visited[line] else { return }
            lines[index].words.append(
                OCRLine.Word(
                    left: found.box.left,
                    right: found.box.right,
                    text: found.text,
                    confidence: found.confidence
                )
            )
        }
        // The two walks see the same lines; should they not, no line is given words that may
        // be another's.
        guard line == visited.count - 1 else {
            return lines.map {
                var line = $0
                line.words = []
                return line
            }
        }
        return lines
    }

    /// Layout analysis alone, in `layout`'s mode, before any recognition (inside
    /// ``withPage(_:dpi:_:)``): the number of words of each text line, by block, in
    /// Tesseract's order, as its layout analysis segments words. A reading in the same mode
    /// then reuses this layout (Recognize lays out only a page not yet laid out).
    func layoutWordCounts(layout: ExtractionOptions.PageLayout) -> [[Int]] {
        setPageSegmentation(layout.tesseractMode)
        // "The returned iterator must be deleted after use" (TessPageIteratorDelete); NULL for
        // a page without blocks.
        guard let page = TessBaseAPIAnalyseLayout(handle) else { return [] }
        defer { TessPageIteratorDelete(page) }
        var blocks: [[Int]] = []
        var left: Int32 = 0
        var top: Int32 = 0
        var right: Int32 = 0
        var bottom: Int32 = 0
        repeat {
            // An iterator over blocks without words has no word to be at.
            guard TessPageIteratorBoundingBox(page, RIL_WORD, &left, &top, &right, &bottom) != 0 else { continue }
            if blocks.isEmpty || TessPageIteratorIsAtBeginningOf(page, RIL_BLOCK) != 0 { blocks.append([]) }
            if blocks[blocks.count - 1].isEmpty || TessPageIteratorIsAtBeginningOf(page, RIL_TEXTLINE) != 0 {
                blocks[blocks.count - 1].append(0)
            }
            blocks[blocks.count - 1][blocks[blocks.count - 1].count - 1] += 1
        } while TessPageIteratorNext(page, RIL_WORD) != 0
        return blocks
    }

    /// The boxes of the recognised page's words, in pixels of the page Tesseract holds. A word
    /// recognised as nothing (a rule, a smudge; its line's text lacks it) is left out.
    func wordBoxes() -> [ReadingCoverage.Box] {
        var boxes: [ReadingCoverage.Box] = []
        forEachResult(at: RIL_WORD) { _, found in
            if let found { boxes.append(found.box) }
        }
        return boxes
    }

    /// Walks the last reading's results at `level` in reading order: `body` gets each element's
    /// place in the page, and its box and text (trimmed) when it has a box and its text is not
    /// blank, with Tesseract's confidence in it when `confidences` (else `nil`).
    private func forEachResult(
        at level: TessPageIteratorLevel,
        confidences: Bool = false,
        _ body: (_ page: OpaquePointer?, _ found: (box: ReadingCoverage.Box, text: String, confidence: Double?)?) ->
            Void
    ) {
        // "Returns: an iterator for the results of the last Recognize, or NULL if there are none;
        // the caller must delete it (TessResultIteratorDelete)."
        guard let iterator = TessBaseAPIGetIterator(handle) else { return }
        defer { TessResultIteratorDelete(iterator) }
        let page = TessResultIteratorGetPageIterator(iterator)
        var left: Int32 = 0
        var top: Int32 = 0
        var right: Int32 = 0
        var bottom: Int32 = 0
        repeat {
            guard TessPageIteratorBoundingBox(page, level, &left, &top, &right, &bottom) != 0,
                let utf8 = TessResultIteratorGetUTF8Text(iterator, level)
            else {
                body(page, nil)
                continue
            }
            // "The caller must free it with TessDeleteText."
            defer { TessDeleteText(utf8) }
            let text = String(cString: utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            let box = ReadingCoverage.Box(left: Int(left), top: Int(top), right: Int(right), bottom: Int(bottom))
            // "Returns the mean confidence of the current object at the given level", 0–100.
            let confidence = confidences ? Double(TessResultIteratorConfidence(iterator, level)) : nil
            body(page, text.isEmpty ? nil : (box, text, confidence))
        } while TessResultIteratorNext(iterator, level) != 0
    }

    /// The page as Tesseract binarizes it, before any reading (inside ``withPage(_:dpi:_:)``):
    /// layout analysis later erases from Tesseract's own copy the regions it takes for pictures.
    func binarizedPage() -> LeptonicaPix? {
        // "Get a copy of the internal thresholded image from Tesseract. Caller takes ownership of
        // the Pix and must pixDestroy it. May be called any time after SetImage": it thresholds
        // the page (once; Recognize reuses the result) and returns a clone, whose pixels are
        // Tesseract's. The copy made of it is ours alone.
        guard let clone = TessBaseAPIGetThresholdedImage(handle).map({ LeptonicaPix(owning: $0) }) else { return nil }
        return pixCopy(nil, clone.pointer).map { LeptonicaPix(owning: $0) }
    }

    /// CPU time of the calling thread, in nanoseconds.
    static func threadCPUNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    /// Starts loading libtesseract in the background (it is loaded on first use, not at start-up;
    /// see CTesseractLoader), so that the first document needing it finds it loaded. Call early.
    public static func preloadLibrary() {
        intake_tesseract_preload()
    }

    /// libtesseract's version (waiting for the library to load), or why it could not be loaded.
    public static var tesseractVersion: String {
        // "TessVersion: returns the version string" — static storage, not freed.
        String(cString: TessVersion())
    }

    /// libleptonica's version, without the "leptonica-" prefix.
    public static var leptonicaVersion: String {
        guard let version = getLeptonicaVersion() else { return "unknown" }
        // "Return: string of version number (e.g., 'leptonica-1.74.2'); the caller must free it" (lept_free).
        defer { lept_free(version) }
        let text = String(cString: version)
        return text.hasPrefix("leptonica-") ? String(text.dropFirst("leptonica-".count)) : text
    }
}

@available(*, unavailable)
extension TesseractEngine: Sendable {}
