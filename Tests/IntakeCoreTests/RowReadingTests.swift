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

    @Test func noWordsIsNoProse() {
        #expect(RowReading.proseShare([]) == 0)
        #expect(RowReading.proseShare([line("", block: 0, top: 0)]) == 0)
    }
}
