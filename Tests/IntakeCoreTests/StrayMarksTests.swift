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
}
