internal import IntakeCore

/// How `auto` reads a prepared page: in Tesseract's layout, as sparse text, or both, weighed.
extension PageReader {
    /// What ``recognize(_:dpi:textHeight:cpuLimit:deadline:)`` kept.
    struct Recognition {
        var result: OCRResult
        var layout: ExtractionOptions.PageLayout
        /// Whether the kept reading is of the page at twice its size.
        var doubled = false
        /// Each reading's mean word confidence, by layout, when there were two.
        var confidences: [String: Double]?
        /// Each reading's share of the page's glyphs (``ReadingCoverage``), by layout, when there
        /// were two.
        var coverage: [String: Double]?
    }

    /// A sparse reading, with its words' boxes in pixels of the page it read.
    private struct SparseReading {
        var result: OCRResult
        /// Whether it read the page at twice its size.
        var doubled: Bool
        var words: [ReadingCoverage.Box]
    }

    /// What reading a page as sparse text first came to.
    private enum SparseFirst {
        /// The page is running text, or may be: it is read in its layout (analysed already).
        case notFirst
        /// The sparse reading is kept, without a layout reading.
        case kept(Recognition)
        /// The sparse reading is to be weighed against a layout reading; the page is put back
        /// as it came.
        case weighed(SparseReading)
    }

    /// Recognises the prepared page `pix` in the configured layout.
    ///
    /// In `auto`, a sheet (not a strip) of small text is read as sparse text at twice its size
    /// first when layout analysis finds it is not running text (``readSparseFirst(dpi:cpuTime:deadline:)``).
    /// Otherwise it is read in its layout, and when Tesseract was unsure of that reading, or
    /// layout analysis read only part of the page's glyphs, read again as sparse text; the
    /// sparse reading is kept when it finished and Tesseract is surer of it or it read what
    /// layout analysis dropped (``LayoutRule``).
    ///
    /// - Parameters:
    ///   - textHeight: The page's text height as it is read (`nil`: not measured).
    ///   - cpuLimit: This thread's CPU time, in nanoseconds, at which every reading stops.
    func recognize(
        _ pix: consuming LeptonicaPix,
        dpi: Int?,
        textHeight: Double?,
        cpuLimit: Int64?,
        deadline: ContinuousClock.Instant?
    ) throws(IntakeError) -> Recognition {
        func left() -> Duration? {
            cpuLimit.map { .nanoseconds(max(1, $0 - TesseractEngine.threadCPUNanoseconds())) }
        }
        let (width, height) = (pix.width, pix.height)
        let mayReadAgain =
            layout == .auto && LayoutRule.mayReadAgain(textHeight: textHeight, width: width, height: height)
        return try engine.withPage(consume pix, dpi: dpi) { () throws(IntakeError) -> Recognition in
            var early: SparseReading?
            if mayReadAgain {
                switch try readSparseFirst(dpi: dpi, cpuTime: left(), deadline: deadline) {
                case .kept(let recognition): return recognition
                case .weighed(let sparse): early = sparse
                case .notFirst: break
                }
            }
            // What `auto` may weigh a second reading on: the page as binarized before layout
            // analysis erases what it takes for pictures.
            let binarized = mayReadAgain ? engine.binarizedPage() : nil
            let first = try engine.readPage(
                layout: layout,
                cpuTime: left(),
                deadline: deadline
            )
            var kept = Recognition(result: first, layout: layout)
            guard mayReadAgain, first.stopped == nil else { return kept }
            // The page's glyphs, as Tesseract binarized it, and how many of them each reading read.
            let glyphs = textHeight.flatMap { height in
                binarized.map { ReadingCoverage.glyphCentres(of: $0.componentBoxes(), textHeight: height) }
            }
            func coverage(of words: [ReadingCoverage.Box], scale: Int) -> Double? {
                guard let glyphs, let textHeight else { return nil }
                let boxes = words.map {
                    ReadingCoverage.Box(
                        left: $0.left / scale,
                        top: $0.top / scale,
                        right: $0.right / scale,
                        bottom: $0.bottom / scale
                    )
                }
                return ReadingCoverage.share(of: glyphs, insideAnyOf: boxes, textHeight: textHeight)
            }
            let layoutCoverage = glyphs == nil ? nil : coverage(of: engine.wordBoxes(), scale: 1)
            let auto = ExtractionOptions.PageLayout.auto.rawValue
            // A sparse reading made first is weighed whatever layout analysis read.
            guard
                early != nil
                    || LayoutRule.readsAgain(
                        confidence: first.meanConfidence,
                        coverage: layoutCoverage,
                        textHeight: textHeight,
                        width: width,
                        height: height
                    )
            else {
                // Read once: the share the rule weighed is on the record.
                kept.coverage = layoutCoverage.map { [auto: ($0 * 1000).rounded() / 1000] }
                return kept
            }
            let layoutReading = LayoutRule.Reading(
                confidence: first.meanConfidence,
                coverage: layoutCoverage,
                lowercaseShare: LayoutRule.lowercaseShare(of: first.text),
                lines: LayoutRule.lineCount(of: first.text)
            )
            let sparse: SparseReading
            if let early {
                sparse = early
            } else {
                sparse = try readSparse(dpi: dpi, cpuTime: left(), deadline: deadline)
            }
            // A reading cut short by a limit is not weighed against a whole one.
            guard sparse.result.stopped == nil else { return kept }
            let sparseReading = LayoutRule.Reading(
                confidence: sparse.result.meanConfidence,
                coverage: coverage(of: sparse.words, scale: sparse.doubled ? 2 : 1),
                lines: LayoutRule.lineCount(of: sparse.result.text)
            )
            let sparseName = ExtractionOptions.PageLayout.sparse.rawValue
            kept.confidences = [auto: first.meanConfidence ?? 0, sparseName: sparse.result.meanConfidence ?? 0]
            if let layoutCovered = layoutReading.coverage, let sparseCovered = sparseReading.coverage {
                kept.coverage = [
                    auto: (layoutCovered * 1000).rounded() / 1000,
                    sparseName: (sparseCovered * 1000).rounded() / 1000,
                ]
            }
            if LayoutRule.keepsSparse(layout: layoutReading, sparse: sparseReading) {
                kept.result = sparse.result
                kept.layout = .sparse
                kept.doubled = sparse.doubled
            }
            return kept
        }
    }

    /// Reads a sheet of small text as sparse text first when layout analysis, before
    /// recognising anything, finds it is not running text (its share of words in paragraphs,
    /// ``RowReading``, under ``RowReading/maxProseShare``), with that share on the sparse
    /// reading's result. The sparse reading is kept, alone, when Tesseract is sure enough of it
    /// (``LayoutRule/sparseFirstConfidence``) or it stopped at a limit. It is weighed against a
    /// layout reading as before when Tesseract is unsure of it, and when it is mostly in a
    /// script without case (whose lines' words are not what the share counts): the page is
    /// then put back as it came. Any other page is read in the layout analysed.
    private func readSparseFirst(
        dpi: Int?,
        cpuTime: Duration?,
        deadline: ContinuousClock.Instant?
    ) throws(IntakeError) -> SparseFirst {
        let share = RowReading.proseShare(wordCounts: engine.layoutWordCounts(layout: layout))
        guard share < RowReading.maxProseShare else { return .notFirst }
        let page = engine.pageImage()
        var sparse = try readSparse(dpi: dpi, cpuTime: cpuTime, deadline: deadline)
        // The share that sent the page here is on the record when this reading's text is kept.
        sparse.result.proseShare = (share * 1000).rounded() / 1000
        let sure = sparse.result.meanConfidence.map { $0 >= LayoutRule.sparseFirstConfidence } ?? false
        if sparse.result.stopped != nil || (sure && !RowReading.isMostlyUncased(sparse.result.text)) {
            return .kept(Recognition(result: sparse.result, layout: .sparse, doubled: sparse.doubled))
        }
        if let page { engine.setPage(page, dpi: dpi) }
        return .weighed(sparse)
    }

    /// Reads the page Tesseract holds as sparse text, at twice its size when the budget lets
    /// it double (``setSparsePage(dpi:)``), with its words' boxes.
    private func readSparse(
        dpi: Int?,
        cpuTime: Duration?,
        deadline: ContinuousClock.Instant?
    ) throws(IntakeError) -> SparseReading {
        let isDoubled = setSparsePage(dpi: dpi)
        let result = try engine.readPage(layout: .sparse, cpuTime: cpuTime, deadline: deadline)
        return SparseReading(result: result, doubled: isDoubled, words: engine.wordBoxes())
    }

    /// Hands Tesseract the page it holds at twice its size, for a sparse reading, and says
    /// whether it did; a page the budget does not let double is handed over again as it is,
    /// which drops an analysed layout. Tesseract keeps its own copy: ours is gone before it is
    /// read.
    private func setSparsePage(dpi: Int?) -> Bool {
        guard let page = engine.pageImage() else { return false }
        guard let twice = doubled(page) else {
            engine.setPage(page, dpi: dpi)
            return false
        }
        engine.setPage(twice, dpi: dpi.map { $0 * 2 })
        return true
    }

    /// `pix` at twice its size, pixels repeated, unless that would pass the page's pixel budget.
    func doubled(_ pix: LeptonicaPix) -> LeptonicaPix? {
        guard pix.width * pix.height * 4 <= maxPixels else { return nil }
        return pix.doubledByReplication()
    }
}
