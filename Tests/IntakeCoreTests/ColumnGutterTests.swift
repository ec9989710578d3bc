import Testing

@testable import IntakeCore

struct ColumnGutterTests {
    /// A line `top` px down made of `parts`, each a run of words starting at an x: every word
    /// 10 px per character wide, 10 px between words.
    func line(block: Int = 0, paragraph: Int = 0, top: Int, _ parts: [(x: Int, text: String)]) -> OCRLine {
        var words: [OCRLine.Word] = []
        for part in parts {
            var x = part.x
            for word in part.text.split(separator: " ") {
                words.append(OCRLine.Word(left: x, right: x + 10 * word.count, text: String(word)))
                x += 10 * word.count + 10
            }
        }
        return OCRLine(
            block: block,
            paragraph: paragraph,
            left: words.first!.left,
            top: top,
            right: words.last!.right,
            bottom: top + 20,
            text: words.map(\.text).joined(separator: " "),
            words: words
        )
    }

    static let left = [
        "for emails between the two of them",
        "and there were other discussions",
        "whether those were by email because",
        "we had mentioned it to them before",
        "to see if there are any other notes",
        "so at the bottom of that paragraph",
    ]
    static let right = [
        "again it has to do with the orders",
        "if you can get them when we ordered",
        "a particular show in the month of",
        "they would not deliver them to us",
        "get them to send them and you lose",
        "so now that flow of guns is behind",
    ]

    /// Two columns of running text that layout analysis read across, line by line: the block
    /// becomes two, the left column's lines first.
    @Test func twoColumnsOfRunningTextReadAcrossAreSplit() throws {
        let lines = (0..<6).map { row in
            line(top: 100 + 30 * row, [(40, Self.left[row]), (460, Self.right[row])])
        }
        let header = line(block: 0, top: 40, [(40, "A Title")])
        let (split, count) = ColumnGutter.split([header] + lines)
        // The title, the block's first line, has no words right of the gutter; six lines of
        // seven have, enough.
        #expect(count == 1)
        #expect(split.map(\.text) == ["A Title"] + Self.left + Self.right)
        #expect(Set(split.prefix(7).map(\.block)) == [0])
        #expect(Set(split.suffix(6).map(\.block)) == [1])
        #expect(split[7].left == 460)
        let text = FormReadingOrder.text(split)
        #expect(text.hasPrefix("A Title\n" + Self.left[0]))
        #expect(text.contains(Self.left[5] + "\n\n" + Self.right[0]))
    }

    /// Blocks after a split block are renumbered after its two halves.
    @Test func laterBlocksAreRenumbered() {
        let lines = (0..<6).map { row in
            line(top: 100 + 30 * row, [(40, Self.left[row]), (460, Self.right[row])])
        }
        let footer = line(block: 1, paragraph: 1, top: 400, [(40, "page seventeen")])
        let (split, count) = ColumnGutter.split(lines + [footer])
        #expect(count == 1)
        #expect(split.last?.block == 2)
        #expect(split.last?.text == "page seventeen")
    }

    /// Three columns read across: both gutters are found, and the block is read as three.
    @Test func threeColumnsAreReadOneAfterAnother() {
        let middle = [
            "and the notice came after the call", "which was about the first shipment",
            "that we had asked them to send us", "on the day the show began in the",
            "city where they keep their stores", "and we have not heard from them",
        ]
        let lines = (0..<6).map { row in
            line(top: 100 + 30 * row, [(40, Self.left[row]), (460, middle[row]), (880, Self.right[row])])
        }
        let (split, count) = ColumnGutter.split(lines)
        #expect(count == 1)
        #expect(split.map(\.text) == Self.left + middle + Self.right)
        #expect(
            split.map(\.block) == Array(repeating: 0, count: 6) + Array(repeating: 1, count: 6)
                + Array(repeating: 2, count: 6)
        )
    }

    /// A table's cells are names and figures, not running text: left as they are.
    @Test func aTableIsNotSplit() {
        let cells = [
            ("Revenue (US$ m) 915.9", "1,382.7 1,535.0 1,472.1"), ("EBITDA (US$ m) 531.6", "954.7 1,047.0 986.3"),
            ("Net debt (US$ m) -310", "-728 -1,192 -1,659"), ("ROIC (%) 36.42", "52.94 50.82 45.26"),
            ("EPS (CS adj.) 1.35", "2.52 2.82 2.55"), ("P/OCF (x) 10.2", "12.5 12.8 13.5"),
        ]
        let lines = cells.enumerated().map { row, cell in line(top: 100 + 30 * row, [(40, cell.0), (460, cell.1)]) }
        #expect(ColumnGutter.gutter(lines) == nil)
        let (split, count) = ColumnGutter.split(lines)
        #expect(count == 0)
        #expect(split == lines)
    }

    /// The usual space between words is no gutter, however regular: one column of text.
    @Test func ordinarySpacesAreNoGutter() {
        let lines = (0..<6).map { row in line(top: 100 + 30 * row, [(40, Self.left[row] + " " + Self.right[row])]) }
        #expect(ColumnGutter.gutter(lines) == nil)
    }

    /// Too few lines, or lines whose words are not known, are not split.
    @Test func shortBlocksAndLinesWithoutWordsAreLeftAlone() {
        let lines = (0..<6).map { row in
            line(top: 100 + 30 * row, [(40, Self.left[row]), (460, Self.right[row])])
        }
        #expect(ColumnGutter.gutter(Array(lines.prefix(ColumnGutter.minLines - 1))) == nil)
        var unknown = lines
        unknown[2].words = []
        #expect(ColumnGutter.gutter(unknown) == nil)
        #expect(ColumnGutter.gutter(lines) != nil)
    }

    /// A word across the gap (a line running over both columns) means no gutter: the block is
    /// one column with a ragged edge, not two.
    @Test func aWordAcrossTheGapPreventsTheSplit() {
        var lines = (0..<6).map { row in
            line(top: 100 + 30 * row, [(40, Self.left[row]), (460, Self.right[row])])
        }
        lines[3] = line(top: 190, [(40, "a line that runs right"), (370, "everything"), (480, "to the end")])
        #expect(ColumnGutter.gutter(lines) == nil)
    }

    @Test func lowercaseWords() {
        let words = ["whether", "don't", "going,", "CZ", "Jensen", "1998", "re-read", "über", "(x)"].map {
            OCRLine.Word(left: 0, right: 1, text: $0)
        }
        #expect(ColumnGutter.lowercaseShare(words) == 5.0 / 9.0)
        #expect(ColumnGutter.lowercaseShare([]) == 0)
    }
}
