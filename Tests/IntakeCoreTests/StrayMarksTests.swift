import Testing

@testable import IntakeCore

struct StrayMarksTests {
    /// Marks between words go; a line of nothing but marks goes with them; blank lines between
    /// paragraphs, and every other line, stay as they were.
    @Test func marksOfRulesAndSpecksAreRemoved() {
        let text = "DATE: | June 3, 1995 | ___\n==== ~ |\n\nName: Jerome Curry\n"
        let cleaned = StrayMarks.remove(text)
        #expect(cleaned.text == "DATE: June 3, 1995\n\nName: Jerome Curry\n")
        #expect(cleaned.removed == 6)
    }

    /// Words with a mark in them, and marks that are not rules (dashes, dots, brackets), stay.
    @Test func wordsWithMarksAndOtherPunctuationStay() {
        let text = "x=y a_b ~5 June 3 - 5 ... (see) |a|\n"
        let cleaned = StrayMarks.remove(text)
        #expect(cleaned.text == text)
        #expect(cleaned.removed == 0)
    }

    @Test func emptyText() {
        #expect(StrayMarks.remove("").text == "")
        #expect(StrayMarks.remove("|").text == "")
        #expect(StrayMarks.remove("|").removed == 1)
    }

    // MARK: Specks

    static func word(_ text: String, _ confidence: Double?, at left: Int = 0) -> OCRLine.Word {
        OCRLine.Word(left: left, right: left + 10 * text.count, text: text, confidence: confidence)
    }

    static func line(_ words: [OCRLine.Word], top: Int) -> OCRLine {
        OCRLine(
            block: 0,
            paragraph: 0,
            left: words.first?.left ?? 0,
            top: top,
            right: words.last?.right ?? 0,
            bottom: top + 12,
            text: words.map(\.text).joined(separator: " "),
            words: words
        )
    }

    /// A speck is a word of one or two characters, or of signs only, that Tesseract is less than
    /// 50 sure of (the words Tesseract read from a real fax's noise). A longer word with a letter
    /// in it, a surer one, one whose confidence is not known, and a character of a script
    /// written without spaces are not.
    @Test func aSpeckIsAShortWordTesseractIsUnsureOf() {
        for text in ["a", "ee", "oe", "—", ".", "7", "[J", "———", "(*)"] {
            #expect(StrayMarks.isSpeck(Self.word(text, 31)), "\(text)")
        }
        #expect(!StrayMarks.isSpeck(Self.word("ee", StrayMarks.speckConfidence)))
        #expect(!StrayMarks.isSpeck(Self.word("a", 91)))
        #expect(!StrayMarks.isSpeck(Self.word("eee", 12)))
        #expect(!StrayMarks.isSpeck(Self.word("(a)", 12)))
        #expect(!StrayMarks.isSpeck(Self.word("———", 70)))
        #expect(!StrayMarks.isSpeck(Self.word("a", nil)))
        #expect(StrayMarks.isSpeck(Self.word("é", 20)))
        #expect(!StrayMarks.isSpeck(Self.word("年", 20)))
        #expect(!StrayMarks.isSpeck(Self.word("и", 20)))
    }

    /// Specks go from lines before they are put in order: a line of nothing else goes with
    /// them, and a line that keeps words has its text made of the words left.
    @Test func specksAreRemovedFromLines() {
        let lines = [
            Self.line([Self.word("DATE:", 88), Self.word("ee", 21, at: 60), Self.word("June", 90, at: 90)], top: 0),
            Self.line([Self.word("a", 12), Self.word("—", 30, at: 40)], top: 20),
            Self.line([Self.word("to", 93), Self.word("Bob", 90, at: 30)], top: 40),
        ]
        let cleaned = StrayMarks.removeSpecks(from: lines)
        #expect(cleaned.removed == 3)
        #expect(cleaned.lines.map(\.text) == ["DATE: June", "to Bob"])
        #expect(cleaned.lines[0].words.map(\.text) == ["DATE:", "June"])
        #expect(cleaned.lines[1] == lines[2])
    }

    /// On the page as Tesseract wrote it out, each line's specks go where its words are the
    /// line's own; blank lines between paragraphs stay. When the text and the lines do not pair
    /// up, the text is left as it is.
    @Test func specksAreRemovedFromTesseractsText() {
        let lines = [
            Self.line([Self.word("Dear", 95), Self.word("ae", 10, at: 50), Self.word("Sir,", 93, at: 80)], top: 0),
            Self.line([Self.word("ee", 4)], top: 20),
            Self.line([Self.word("Yours", 94)], top: 60),
        ]
        let text = "Dear ae Sir,\nee\n\nYours\n"
        let cleaned = StrayMarks.removeSpecks(from: text, lines: lines)
        #expect(cleaned.text == "Dear Sir,\n\nYours\n")
        #expect(cleaned.removed == 2)
        // A line whose words differ from its text's is kept whole.
        let misread = StrayMarks.removeSpecks(from: "Dear ae Sir.\nee\n\nYours\n", lines: lines)
        #expect(misread.text == "Dear ae Sir.\n\nYours\n")
        #expect(misread.removed == 1)
        // One line more in the text than in the reading: nothing is taken.
        let unpaired = StrayMarks.removeSpecks(from: text + "P.S.\n", lines: lines)
        #expect(unpaired.text == text + "P.S.\n")
        #expect(unpaired.removed == 0)
    }
}
