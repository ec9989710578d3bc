import Testing

@testable import IntakeCore

/// How much of a layout reading is running text (``RowReading``), which decides whether its
/// lines are read in rows.
struct RowReadingTests {
    /// A line of `text` in `block`, `top` px down; its box does not matter to the share.
    func line(_ text: String, block: Int, top: Int) -> OCRLine {
        OCRLine(block: block, paragraph: block, left: 40, top: top, right: 400, bottom: top + 20, text: text)
    }

    /// Lines of `texts` in one block.
    func block(_ texts: [String], _ number: Int) -> [OCRLine] {
        texts.enumerated().map { line($1, block: number, top: 100 * number + 30 * $0) }
    }

    static let paragraph = [
        "The display will be placed on a",
        "self-service basis for a two-week period",
        "and the cartons are shipped to the store",
    ]
    static let labels = ["Brand", "Date issued", "Coupon value", "Retail price", "Store count"]
    static let values = ["True Menthol 100s", "May 1992", "$3.00 off one carton", "$14.50", "1,240"]

    @Test func aFormOfLabelsAndValuesHasNoProse() {
        let lines = block(Self.labels, 0) + block(Self.values, 1)
        #expect(RowReading.proseShare(lines) == 0)
    }

    /// Three lines of six words or more make a block a paragraph; all its words of such lines
    /// count, the block's shorter lines do not.
    @Test func aParagraphsLongLinesAreItsShare() {
        let lines = block(Self.paragraph + ["end."], 0) + block(Self.labels, 1)
        // 7, 6 and 8 words in the paragraph's long lines; 1 in its last; 9 in the labels.
        #expect(RowReading.proseShare(lines) == Double(7 + 6 + 8) / Double(7 + 6 + 8 + 1 + 9))
        #expect(RowReading.proseShare(lines) >= RowReading.maxProseShare)
    }

    /// Two long lines are a caption or an address, not a paragraph.
    @Test func twoLongLinesAreNotAParagraph() {
        let lines = block(Array(Self.paragraph.prefix(2)), 0) + block(Self.labels, 1)
        #expect(RowReading.proseShare(lines) == 0)
    }

    /// A paragraph split by layout analysis into blocks of two lines each is not one.
    @Test func longLinesCountWithinTheirBlockOnly() {
        let lines = block(Array(Self.paragraph.prefix(2)), 0) + block(Array(Self.paragraph.suffix(2)), 1)
        #expect(RowReading.proseShare(lines) == 0)
    }

    /// A page is read in rows when under 40 % of its words are in paragraphs and its letters
    /// are mostly cased; a page of Chinese (lines of one or two words however long) keeps
    /// Tesseract's order, and so does a page without letters.
    @Test func onlyAPageOfLittleProseInACasedScriptIsReadInRows() {
        let form = block(Self.labels, 0) + block(Self.values, 1)
        #expect(RowReading.readsInRows(form, share: RowReading.proseShare(form)))
        let prose = block(Self.paragraph, 0) + block(Self.labels, 1)
        #expect(!RowReading.readsInRows(prose, share: RowReading.proseShare(prose)))
        let chinese = block(["本标准规定了信息技术设备的安全要求", "适用于额定电压不超过六百伏的设备", "本标准不适用于医疗电气设备"], 0)
        #expect(RowReading.proseShare(chinese) == 0)
        #expect(!RowReading.readsInRows(chinese, share: 0))
        let figures = block(["1,240", "$14.50", "05/11/95"], 0)
        #expect(!RowReading.readsInRows(figures, share: 0))
        #expect(!RowReading.readsInRows([], share: 0))
    }

    /// Layout analysis alone gives each line's number of words, by block: the share is the same
    /// as from the lines' text.
    @Test func theShareFromWordCountsIsTheShareFromLines() {
        let lines = block(Self.paragraph + ["end."], 0) + block(Self.labels, 1)
        #expect(RowReading.proseShare(wordCounts: [[7, 6, 8, 1], [1, 2, 2, 2, 2]]) == RowReading.proseShare(lines))
        #expect(RowReading.proseShare(wordCounts: [[7, 6], [8, 9]]) == 0)
        #expect(RowReading.proseShare(wordCounts: []) == 0)
    }

    /// A sparse reading mostly in a script without case is told apart from one in a cased
    /// script; figures alone are neither.
    @Test func aTextMostlyWithoutCaseIsToldApart() {
        #expect(RowReading.isMostlyUncased("本标准规定了信息技术设备的安全要求 GB 4943"))
        #expect(!RowReading.isMostlyUncased("Coupon value $3.00 本标准"))
        #expect(!RowReading.isMostlyUncased("1,240 $14.50 05/11/95"))
        #expect(!RowReading.isMostlyUncased(""))
    }

    @Test func noWordsIsNoProse() {
        #expect(RowReading.proseShare([]) == 0)
        #expect(RowReading.proseShare([line("", block: 0, top: 0)]) == 0)
    }
}
