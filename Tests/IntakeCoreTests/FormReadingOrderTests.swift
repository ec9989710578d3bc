import Testing

@testable import IntakeCore

struct FormReadingOrderTests {
    /// A line `height` px high whose top is at `top`, from `left` to `right`.
    func line(
        _ text: String,
        block: Int,
        paragraph: Int? = nil,
        left: Int,
        right: Int,
        top: Int,
        height: Int = 10
    )
        -> OCRLine
    {
        OCRLine(
            block: block,
            paragraph: paragraph ?? block,
            left: left,
            top: top,
            right: right,
            bottom: top + height,
            text: text
        )
    }

    /// Layout analysis read the labels as one column and the values as another (as Tesseract
    /// does with a real FUNSD form): each label gets its value back on its line.
    @Test func aFormsLabelsAreJoinedToTheirValues() throws {
        let lines = [
            line("CASE FORM", block: 0, left: 300, right: 400, top: 10),
            line("CASE NAME:", block: 1, left: 100, right: 180, top: 40),
            line("DATE FILED:", block: 1, left: 100, right: 185, top: 70),
            line("CASE TYPE:", block: 1, left: 100, right: 180, top: 100),
            line("Wanda G. Robinson v. Raybestos", block: 2, left: 235, right: 500, top: 41),
            line("July 23, 1998", block: 2, left: 235, right: 330, top: 70),
            line("Asbestos", block: 2, left: 235, right: 300, top: 99),
            line("Madelyn J. Chaber", block: 2, left: 235, right: 360, top: 125),
            line("Page 1 of 2", block: 3, left: 100, right: 180, top: 300),
        ]
        let form = try #require(FormReadingOrder.arrange(lines))
        #expect(form.joined == 3)
        #expect(
            form.text == """
                CASE FORM

                CASE NAME: Wanda G. Robinson v. Raybestos
                DATE FILED: July 23, 1998
                CASE TYPE: Asbestos
                Madelyn J. Chaber

                Page 1 of 2

                """
        )
    }

    /// Two columns of running text: a colon line in the left column sits on the row of a
    /// line of the right column's paragraph. One line of many pairs, so nothing is joined.
    @Test func columnsOfRunningTextAreLeftAlone() {
        var lines = (0..<10).map { row in
            line("left column line \(row) of the article", block: 0, left: 100, right: 480, top: 100 + row * 20)
        }
        lines.append(line("as follows:", block: 0, left: 100, right: 190, top: 300))
        lines += (0..<11).map { row in
            line("right column line \(row) of the article", block: 1, left: 560, right: 940, top: 100 + row * 20)
        }
        #expect(FormReadingOrder.arrange(lines) == nil)
        // A one-line block beside a colon line, but across the page: not its value.
        let far = [
            line("Notes:", block: 0, left: 100, right: 150, top: 100),
            line("Figure 3", block: 1, left: 400, right: 480, top: 100),
        ]
        #expect(FormReadingOrder.arrange(far) == nil)
    }

    @Test func aLabelIsShortAndEndsWithAColon() {
        #expect(FormReadingOrder.isLabel(line("DATE SERVED:", block: 0, left: 0, right: 90, top: 0)))
        #expect(!FormReadingOrder.isLabel(line("DATE SERVED", block: 0, left: 0, right: 90, top: 0)))
        #expect(
            !FormReadingOrder.isLabel(
                line("we list the items below as follows:", block: 0, left: 0, right: 300, top: 0)
            )
        )
    }

    /// A column of labels in capitals with no colon beside their values (a real faxed coupon
    /// registration form; layout analysis read every label, then every value): each label gets
    /// its value back on its line, as with colons.
    @Test func aColumnOfLabelsInCapitalsIsJoinedToItsValues() throws {
        let labels = ["BRANDS(S) APPLICABLE", "ISSUE FREQUENCY/YEAR", "COUPON ISSUE DATE", "COUPON VALUE"]
        let values = ["All Kent Family Packings", "September", "September 1, 1992", "Free Pack"]
        var lines = [line("COUPON CODE REGISTRATION FORM", block: 0, left: 300, right: 550, top: 10)]
        for (row, label) in labels.enumerated() {
            lines.append(line(label, block: 1, left: 90, right: 245, top: 60 + row * 35))
        }
        for (row, value) in values.enumerated() {
            lines.append(line(value, block: 2 + row / 2, left: 310, right: 460, top: 61 + row * 35))
        }
        let form = try #require(FormReadingOrder.arrange(lines))
        #expect(form.joined == 4)
        #expect(
            form.text == """
                COUPON CODE REGISTRATION FORM

                BRANDS(S) APPLICABLE All Kent Family Packings
                ISSUE FREQUENCY/YEAR September
                COUPON ISSUE DATE September 1, 1992
                COUPON VALUE Free Pack

                """
        )
    }

    /// Capitals without a colon are also a report's headings and a letterhead's lines: fewer than
    /// ``FormReadingOrder/minCapitalLabels`` of them beside values, a heading beside a colon
    /// line, or capitals beside running text, are left alone.
    @Test func capitalsThatAreNotAColumnOfLabelsAreLeftAlone() {
        let two = [
            line("PRODUCED FROM", block: 0, left: 90, right: 200, top: 60),
            line("MEDIA", block: 0, left: 90, right: 140, top: 95),
            line("BgW WEB SITE", block: 1, left: 310, right: 420, top: 61),
            line("Magazines", block: 1, left: 310, right: 400, top: 96),
        ]
        #expect(FormReadingOrder.arrange(two) == nil)
        let headings = (0..<4).map { row in
            line("SECTION \(row)", block: 0, left: 90, right: 200, top: 60 + row * 35)
        }
        let beside = (0..<4).map { row in
            line("KEY POINT \(row):", block: 1, left: 310, right: 420, top: 61 + row * 35)
        }
        #expect(FormReadingOrder.arrange(headings + beside) == nil)
        let prose = (0..<4).map { row in
            line("the article goes on in this column, line \(row)", block: 1, left: 310, right: 700, top: 61 + row * 35)
        }
        #expect(FormReadingOrder.arrange(headings + prose) == nil)
        #expect(FormReadingOrder.isCapitalLabel(line("COUPON VALUE", block: 0, left: 0, right: 90, top: 0)))
        #expect(!FormReadingOrder.isCapitalLabel(line("Coupon value", block: 0, left: 0, right: 90, top: 0)))
        #expect(!FormReadingOrder.isCapitalLabel(line("DATE SERVED:", block: 0, left: 0, right: 90, top: 0)))
    }

    /// Blocks outside a form keep their paragraph breaks.
    @Test func otherBlocksKeepTheirParagraphs() throws {
        let lines = [
            line("TO:", block: 0, left: 100, right: 130, top: 40),
            line("George Baroody", block: 1, left: 160, right: 300, top: 40),
            line("First paragraph.", block: 2, paragraph: 5, left: 100, right: 300, top: 100),
            line("Still the first.", block: 2, paragraph: 5, left: 100, right: 300, top: 115),
            line("Second paragraph.", block: 2, paragraph: 6, left: 100, right: 300, top: 140),
        ]
        let form = try #require(FormReadingOrder.arrange(lines))
        #expect(form.text == "TO: George Baroody\n\nFirst paragraph.\nStill the first.\n\nSecond paragraph.\n")
    }

    /// Tesseract's sparse mode listed a real fax cover sheet's lines by a coarse grid: the
    /// second line of its notice (starting further left) before the first, each label apart
    /// from its value. Read row by row, the notice is in order and each label is on its value's
    /// line; a gap taller than the lines is a paragraph break.
    @Test func aSparseReadingIsReadRowByRow() throws {
        let lines = [
            line("COVINGTON & BURLING", block: 0, left: 400, right: 1074, top: 332, height: 30),
            line("DEC - 9 1999", block: 1, left: 1176, right: 1332, top: 334, height: 30),
            line("BELOW. IT MAY CONTAIN INFORMATION", block: 2, left: 254, right: 1214, top: 690, height: 20),
            line("THIS TRANSMISSION IS INTENDED ONLY", block: 3, left: 324, right: 1214, top: 668, height: 20),
            line("PROTECTED FROM DISCLOSURE.", block: 4, left: 254, right: 1214, top: 714, height: 20),
            line("Date:", block: 5, left: 334, right: 404, top: 924, height: 24),
            line("December 9, 1999", block: 6, left: 562, right: 820, top: 920, height: 28),
            line("To:", block: 7, left: 338, right: 372, top: 1004, height: 26),
            line("Harvey H. Bell, Esq.", block: 8, left: 562, right: 832, top: 996, height: 44),
        ]
        let sparse = try #require(FormReadingOrder.sparse(lines))
        #expect(
            sparse.text == """
                COVINGTON & BURLING DEC - 9 1999

                THIS TRANSMISSION IS INTENDED ONLY
                BELOW. IT MAY CONTAIN INFORMATION
                PROTECTED FROM DISCLOSURE.

                Date: December 9, 1999

                To: Harvey H. Bell, Esq.

                """
        )
        #expect(sparse.joined == 2)
        #expect(FormReadingOrder.sparse([]) == nil)
    }

    /// A real faxed form left 0.8° askew (under the deskew's minimum), read sparse at twice its
    /// size (the lines' boxes as Tesseract gave them): each line was read in two pieces, and the
    /// right piece of the second line sits as high as the left piece of the first. Rows chained
    /// through it had read "For personal inj Strike" cigarettes … uries resulting"; a line above
    /// another is never on its row.
    @Test func linesOneAboveTheOtherAreNeverOneRow() throws {
        let lines = [
            line("4, Nature of Action: For personal inj", block: 0, left: 116, right: 566, top: 926, height: 30),
            line("uries resulting after smoking", block: 1, left: 568, right: 1332, top: 904, height: 42),
            line("Strike\" cigarettes manufactured", block: 2, left: 130, right: 778, top: 948, height: 38),
            line("wherein plaintiff alleges", block: 3, left: 794, right: 1362, top: 940, height: 32),
            line("trial by jury.", block: 4, left: 940, right: 1122, top: 976, height: 28),
            line("antics, seeks damages", block: 5, left: 130, right: 926, top: 980, height: 38),
        ]
        let sparse = try #require(FormReadingOrder.sparse(lines))
        #expect(
            sparse.text == """
                4, Nature of Action: For personal inj uries resulting after smoking
                Strike" cigarettes manufactured wherein plaintiff alleges
                antics, seeks damages trial by jury.

                """
        )
        #expect(sparse.columns == 0)
    }
}

/// When `auto` reads a page again as sparse text, and which reading it keeps.
struct LayoutRuleTests {
    /// `confidence` and `textHeight` on a letter-shaped page (850 × 1,100 px, as a faxed form).
    func readsAgain(_ confidence: Double?, _ textHeight: Double?) -> Bool {
        LayoutRule.readsAgain(confidence: confidence, textHeight: textHeight, width: 850, height: 1100)
    }

    @Test func onlyAnUnsurePageOfSmallTextIsReadAgain() {
        #expect(readsAgain(60, 8))
        #expect(readsAgain(LayoutRule.rereadBelow - 0.1, 11.9))
        #expect(!readsAgain(LayoutRule.rereadBelow, 8))
        #expect(!readsAgain(93, 8))
        // Text of ordinary size, or not measured: one reading, however unsure.
        #expect(!readsAgain(60, LayoutRule.smallTextHeight))
        #expect(!readsAgain(60, 24))
        #expect(!readsAgain(60, nil))
        // Layout analysis found no word: sparse text may.
        #expect(readsAgain(nil, 8))
    }

    /// A page layout analysis read surely is read again when it read only part of the page's
    /// glyphs: the words it kept can be sure when it dropped regions it took for pictures.
    @Test func aPageLayoutAnalysisReadOnlyPartOfIsReadAgain() {
        func readsAgain(_ confidence: Double, coverage: Double?) -> Bool {
            LayoutRule.readsAgain(confidence: confidence, coverage: coverage, textHeight: 8, width: 850, height: 1100)
        }
        let share = LayoutRule.rereadBelowCoverage
        #expect(readsAgain(93, coverage: 0.484))
        #expect(readsAgain(93, coverage: share - 0.001))
        #expect(!readsAgain(93, coverage: share))
        #expect(!readsAgain(93, coverage: nil))
        // Never a strip, nor a page of ordinary-size text.
        #expect(!LayoutRule.readsAgain(confidence: 93, coverage: 0.3, textHeight: 8, width: 463, height: 1000))
        #expect(!LayoutRule.readsAgain(confidence: 93, coverage: 0.3, textHeight: 24, width: 850, height: 1100))
    }

    /// A strip (a till receipt: the real ones were 2 to 3 times as tall as wide) is read once; a
    /// sheet of legal, A4 or letter paper, and a landscape page, may be read again.
    @Test func aStripIsReadOnce() {
        #expect(!LayoutRule.readsAgain(confidence: 60, textHeight: 8, width: 463, height: 1000))
        #expect(!LayoutRule.mayReadAgain(textHeight: 8, width: 580, height: 1000))
        for (width, height) in [(1000, 1650), (1000, 1414), (850, 1100), (1100, 850)] {
            #expect(LayoutRule.mayReadAgain(textHeight: 8, width: width, height: height), "\(width) × \(height)")
        }
        #expect(!LayoutRule.mayReadAgain(textHeight: 24, width: 850, height: 1100))
    }

    /// A reading of mean word confidence `confidence` that read `coverage` of the page's glyphs.
    func reading(_ confidence: Double?, _ coverage: Double? = nil) -> LayoutRule.Reading {
        LayoutRule.Reading(confidence: confidence, coverage: coverage)
    }

    @Test func theSparseReadingIsKeptWhenTesseractIsClearlySurerOfIt() {
        #expect(LayoutRule.keepsSparse(layout: reading(68.6), sparse: reading(85)))
        #expect(LayoutRule.keepsSparse(layout: reading(70), sparse: reading(70 + LayoutRule.minGain)))
        #expect(!LayoutRule.keepsSparse(layout: reading(70), sparse: reading(70 + LayoutRule.minGain - 0.1)))
        #expect(!LayoutRule.keepsSparse(layout: reading(80), sparse: reading(72)))
        #expect(LayoutRule.keepsSparse(layout: reading(nil), sparse: reading(50)))
        #expect(!LayoutRule.keepsSparse(layout: reading(70), sparse: reading(nil)))
        #expect(!LayoutRule.keepsSparse(layout: reading(nil), sparse: reading(nil)))
        // Surer by the margin: kept whatever each read.
        #expect(LayoutRule.keepsSparse(layout: reading(60, 1), sparse: reading(70, 0.8)))
    }

    /// The edges of a bound on the sparse reading: kept when it read `gain` more of the glyphs and
    /// is `loss` points less sure; not when it is less sure than that, nor when it read a little
    /// less than `gain` more and is half as much less sure.
    func expectEdges(gain: Double, loss: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        let layout = reading(80, 0.5)
        #expect(
            LayoutRule.keepsSparse(layout: layout, sparse: reading(80 - loss, 0.5 + gain)),
            sourceLocation: sourceLocation
        )
        #expect(
            !LayoutRule.keepsSparse(layout: layout, sparse: reading(80 - loss - 0.1, 0.5 + gain)),
            sourceLocation: sourceLocation
        )
        #expect(
            !LayoutRule.keepsSparse(layout: layout, sparse: reading(80 - loss / 2, 0.5 + gain - 0.001)),
            sourceLocation: sourceLocation
        )
    }

    /// A sparse reading that read clearly more of the page (a real faxed form's layout analysis
    /// read 0.81 of its glyphs, the sparse reading 0.99) is kept when it is nearly as sure; one
    /// much less sure is not (a receipt as wide as a sheet: 0.86 against 0.976, but 74.8 against
    /// 61.2, and 46.8 against 60.1 % CER).
    @Test func theSparseReadingIsKeptWhenItReadClearlyMoreAndIsNearlyAsSure() {
        #expect(LayoutRule.keepsSparse(layout: reading(74.6, 0.807), sparse: reading(70.9, 0.993)))
        #expect(!LayoutRule.keepsSparse(layout: reading(74.8, 0.86), sparse: reading(61.2, 0.976)))
        expectEdges(gain: LayoutRule.minCoverageGain, loss: LayoutRule.maxConfidenceLoss)
        // A share not measured weighs nothing.
        #expect(!LayoutRule.keepsSparse(layout: reading(80, nil), sparse: reading(79, 1)))
        #expect(!LayoutRule.keepsSparse(layout: reading(80, 0.2), sparse: reading(79, nil)))
    }

    /// Where layout analysis dropped whole regions (a real faxed order form: its heading and
    /// signature block, 0.48 of the glyphs read at 85.3; the sparse reading read 0.79 at 76.3,
    /// 12.7 % CER against 52.7 %), the sparse reading is kept though Tesseract is less sure of
    /// it; not when it is far less sure (a table shrunk to fax size, 0.64 at 81 against 0.93 at
    /// 59.2: the sparse reading read its dotted leaders as words), nor when, on running text, it
    /// read columns' lines as one.
    @Test func aSparseReadingOfRegionsLayoutAnalysisDroppedIsKept() {
        #expect(LayoutRule.keepsSparse(layout: reading(85.3, 0.484), sparse: reading(76.3, 0.789)))
        #expect(!LayoutRule.keepsSparse(layout: reading(81, 0.643), sparse: reading(59.2, 0.926)))
        expectEdges(gain: LayoutRule.regionsDroppedGain, loss: LayoutRule.regionsDroppedLoss)
        let prose = LayoutRule.Reading(confidence: 90, coverage: 0.5, lowercaseShare: 0.6, lines: 100)
        #expect(
            !LayoutRule.keepsSparse(layout: prose, sparse: LayoutRule.Reading(confidence: 80, coverage: 0.9, lines: 50))
        )
    }

    /// On a page that is not running text the sparse reading needs no margin: a real faxed
    /// form's layout reading (13 % of its words lowercase) at 74.8, its sparse reading at 77.8
    /// (501 and 244 characters wrong). Running text keeps the margin: on faxed prose, a reading
    /// in rows runs across the columns however sure Tesseract is of its words.
    @Test func onAPageThatIsNotRunningTextTheSparseReadingNeedsNoMargin() {
        func layout(_ confidence: Double, lowercase: Double?) -> LayoutRule.Reading {
            LayoutRule.Reading(confidence: confidence, coverage: 0.965, lowercaseShare: lowercase)
        }
        let sparse = LayoutRule.Reading(confidence: 77.8, coverage: 0.98)
        #expect(LayoutRule.keepsSparse(layout: layout(74.8, lowercase: 0.129), sparse: sparse))
        #expect(LayoutRule.keepsSparse(layout: layout(77.8, lowercase: 0.129), sparse: sparse))
        #expect(!LayoutRule.keepsSparse(layout: layout(77.9, lowercase: 0.129), sparse: sparse))
        let share = LayoutRule.runningTextShare
        #expect(LayoutRule.keepsSparse(layout: layout(77.8, lowercase: share - 0.01), sparse: sparse))
        #expect(!LayoutRule.keepsSparse(layout: layout(74.8, lowercase: share), sparse: sparse))
        #expect(!LayoutRule.keepsSparse(layout: layout(74.8, lowercase: nil), sparse: sparse))
    }

    /// A two-column report shrunk to fax size with noise: Tesseract was 6.7 points surer of the
    /// sparse reading, which read 60 lines where layout analysis read 105, each half of two
    /// sentences across the gutter. On running text a sparse reading with fewer than
    /// ``LayoutRule/joinedLineShare`` of the lines is not kept, however sure; on a form it may be
    /// (a form's fields, read in rows, make fewer lines), and a real form of running text whose
    /// sparse reading had 27 lines to layout analysis's 35 still keeps it.
    @Test func aSparseReadingThatJoinedColumnsLinesIsNotKeptOnRunningText() {
        func reading(_ confidence: Double, lowercase: Double? = nil, lines: Int?) -> LayoutRule.Reading {
            LayoutRule.Reading(confidence: confidence, coverage: 0.99, lowercaseShare: lowercase, lines: lines)
        }
        #expect(
            !LayoutRule.keepsSparse(layout: reading(61, lowercase: 0.54, lines: 105), sparse: reading(67.7, lines: 60))
        )
        #expect(
            LayoutRule.keepsSparse(layout: reading(61, lowercase: 0.54, lines: 105), sparse: reading(67.7, lines: 70))
        )
        #expect(
            LayoutRule.keepsSparse(layout: reading(76.6, lowercase: 0.43, lines: 35), sparse: reading(83.6, lines: 27))
        )
        #expect(
            LayoutRule.keepsSparse(layout: reading(61, lowercase: 0.1, lines: 105), sparse: reading(67.7, lines: 60))
        )
        // Lines not counted weigh nothing.
        #expect(
            LayoutRule.keepsSparse(layout: reading(61, lowercase: 0.54, lines: nil), sparse: reading(67.7, lines: 60))
        )
        #expect(LayoutRule.lineCount(of: "one\n \n\ntwo three\n") == 2)
        #expect(LayoutRule.lineCount(of: "") == 0)
    }

    @Test func theLowercaseShareCountsWordsWrittenInLowercase() {
        #expect(LayoutRule.lowercaseShare(of: "whether don't going,\nNew York 10016") == 0.5)
        #expect(LayoutRule.lowercaseShare(of: "DATE: 1-27-69 TO: The Corporation") == 0)
        #expect(LayoutRule.lowercaseShare(of: " \n") == 0)
    }
}

/// How much of a page's glyphs a reading read.
struct ReadingCoverageTests {
    @Test func onlyGlyphSizedComponentsCount() {
        let components: [(x: Int, y: Int, width: Int, height: Int)] = [
            (10, 10, 6, 10),  // a letter
            (20, 10, 25, 12),  // letters touching
            (30, 10, 2, 2),  // a full stop or a speck
            (0, 40, 400, 2),  // a rule
            (50, 0, 3, 30),  // a vertical rule
            (60, 10, 40, 10),  // a dash of underline, four text heights long
        ]
        let centres = ReadingCoverage.glyphCentres(of: components, textHeight: 10)
        #expect(centres.count == 2)
        #expect(centres.first?.x == 13 && centres.first?.y == 15)
    }

    @Test func aGlyphIsReadWhenItsCentreIsInAWordOrBesideIt() throws {
        let glyphs: [(x: Double, y: Double)] = [(15, 15), (48, 15), (200, 15), (15, 300)]
        let words = [ReadingCoverage.Box(left: 10, top: 10, right: 44, bottom: 20)]
        // (48, 15) is 4 px right of the word: within half a text height of 10.
        #expect(ReadingCoverage.share(of: glyphs, insideAnyOf: words, textHeight: 10) == 0.5)
        #expect(ReadingCoverage.share(of: glyphs, insideAnyOf: [], textHeight: 10) == 0)
        #expect(ReadingCoverage.share(of: [], insideAnyOf: words, textHeight: 10) == nil)
    }
}
