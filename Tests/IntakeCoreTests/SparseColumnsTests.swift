import Testing

@testable import IntakeCore

/// A sparse reading's lines cut into columns of running text (``SparseColumns``), and read so
/// (``FormReadingOrder/sparse(_:)``).
struct SparseColumnsTests {
    /// A line `top` px down starting at `x`: every word 10 px per character wide, 10 px between
    /// words, 20 px high.
    func line(_ text: String, x: Int, top: Int) -> OCRLine {
        var words: [OCRLine.Word] = []
        var left = x
        for word in text.split(separator: " ") {
            words.append(OCRLine.Word(left: left, right: left + 10 * word.count, text: String(word)))
            left += 10 * word.count + 10
        }
        return OCRLine(
            block: 0,
            paragraph: 0,
            left: x,
            top: top,
            right: words.last!.right,
            bottom: top + 20,
            text: text,
            words: words
        )
    }

    /// Lines of `texts` one under another from `top`, 30 px apart, starting at `x`.
    func column(_ texts: [String], x: Int, top: Int = 100) -> [OCRLine] {
        texts.enumerated().map { line($1, x: x, top: top + 30 * $0) }
    }

    static let left = ColumnGutterTests.left + ["and that was the end of it all"]
    static let right = ColumnGutterTests.right + ["and the orders came in again"]

    /// Two columns of prose side by side, their lines a little out of step (as a sparse reading
    /// finds them): the left column is read before the right, where rows would interleave them.
    @Test func twoColumnsOfProseAreReadOneAfterTheOther() throws {
        let lines = column(Self.left, x: 40) + column(Self.right, x: 420, top: 108)
        let (regions, cuts) = SparseColumns.regions(lines)
        #expect(cuts == 1)
        #expect(regions.map { $0.map(\.text) } == [Self.left, Self.right])
        let sparse = try #require(FormReadingOrder.sparse(lines))
        #expect(sparse.columns == 1)
        #expect(sparse.text == Self.left.joined(separator: "\n") + "\n\n" + Self.right.joined(separator: "\n") + "\n")
        // Without the cut, the rows run across the gutter.
        #expect(
            FormReadingOrder.written(FormReadingOrder.inRows(lines)).text.hasPrefix(Self.left[0] + " " + Self.right[0])
        )
    }

    /// A title across both columns is read first, then each column: the title's band is cut off
    /// by the white below it before the columns are cut apart.
    @Test func aTitleAboveTheColumnsComesFirst() {
        let title = line("a heading that runs across both of the columns here", x: 40, top: 20)
        let lines = [title] + column(Self.left, x: 40) + column(Self.right, x: 420)
        let (regions, cuts) = SparseColumns.regions(lines)
        #expect(cuts == 1)
        #expect(regions.map { $0.map(\.text) } == [[title.text], Self.left, Self.right])
    }

    /// A form's labels and values, a table's names and figures: not running text, read in rows.
    @Test func formsAndTablesAreReadInRows() {
        let labels = (1...8).map { "FIELD \($0):" }
        let values = (1...8).map { "VALUE NUMBER \($0)" }
        let form = column(labels, x: 40) + column(values, x: 300)
        #expect(SparseColumns.regions(form).cuts == 0)
        let sparse = FormReadingOrder.sparse(form)
        #expect(sparse?.columns == 0)
        #expect(sparse?.text.hasPrefix("FIELD 1: VALUE NUMBER 1\n") == true)
        let names = (1...8).map { "Branch \($0) Total" }
        let figures = (1...8).map { "\($0),250 \($0 * 3),100" }
        #expect(SparseColumns.regions(column(names, x: 40) + column(figures, x: 300)).cuts == 0)
    }

    /// Prose on both sides of a gap, but one block above the other: not columns.
    @Test func blocksOneBelowTheOtherAreNotColumns() {
        let lines = column(Self.left, x: 40) + column(Self.right, x: 420, top: 400)
        #expect(SparseColumns.regions(lines).cuts == 0)
    }

    /// Too few lines a side, a gap as narrow as a space, or lines without their words: no cut.
    @Test func shortNarrowOrWordlessReadingsAreNotCut() {
        let short = column(Array(Self.left.prefix(4)), x: 40) + column(Array(Self.right.prefix(4)), x: 420)
        #expect(SparseColumns.regions(short).cuts == 0)
        let narrow = column(Self.left, x: 40) + column(Self.right, x: 40 + 350 + 8)
        #expect(SparseColumns.regions(narrow).cuts == 0)
        var wordless = column(Self.left, x: 40) + column(Self.right, x: 420)
        wordless[3].words = []
        #expect(SparseColumns.regions(wordless).cuts == 0)
    }
}
