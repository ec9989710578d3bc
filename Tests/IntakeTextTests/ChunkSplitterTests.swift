import Foundation
import IntakeTestSupport
import Testing

@testable import IntakeText

/// Where the splitter cuts: within the size, never inside a word, at the best break it has,
/// with an overlap that starts at a sentence or a word.
struct ChunkSplitterTests {
    static func split(_ text: String, size: Int, overlap: Int = 0, headings: [String] = []) -> [String] {
        let scalars = Array(text.unicodeScalars)
        let headingRanges = headings.map { heading -> Range<Int> in
            let found = text.range(of: heading)!
            let start = text.unicodeScalars.distance(from: text.startIndex, to: found.lowerBound)
            return start..<(start + heading.unicodeScalars.count)
        }
        return ChunkSplitter(maxCharacters: size, overlapCharacters: overlap)
            .split(scalars, 0..<scalars.count, headings: headingRanges)
            .map { String(String.UnicodeScalarView(scalars[$0])) }
    }

    /// Words of random prose, paragraphs and lists: every chunk is within the size, begins and
    /// ends at a word boundary, and the chunks cover every word in order.
    @Test(arguments: [0, 40]) func chunksNeverCutAWord(overlap: Int) {
        var random = SeededGenerator(state: 7)
        let words = ["data", "engineer", "pipelines", "Kafka.", "a", "retrieval;", "PostgreSQL", "bank's", "x"]
        var text = ""
        for index in 0..<600 {
            text += words.randomElement(using: &random)!
            text += index % 37 == 36 ? "\n\n" : index % 11 == 10 ? "\n- " : " "
        }
        let chunks = Self.split(text, size: 200, overlap: overlap)
        #expect(chunks.count >= 15)
        let textWords = Set(text.split(whereSeparator: \.isWhitespace).map(String.init))
        for chunk in chunks {
            #expect(chunk.unicodeScalars.count <= 200)
            for word in chunk.split(whereSeparator: \.isWhitespace) {
                #expect(textWords.contains(String(word)), "cut word \(word) in \(chunk)")
            }
        }
        if overlap == 0 {
            let joined = chunks.flatMap { $0.split(whereSeparator: \.isWhitespace) }
            #expect(joined == text.split(whereSeparator: \.isWhitespace))
        } else {
            // Each chunk repeats a little of the one before, from a word start.
            for (previous, next) in zip(chunks, chunks.dropFirst()) {
                let firstWord = String(next.split(whereSeparator: \.isWhitespace)[0])
                #expect(previous.contains(firstWord))
            }
        }
    }

    /// A paragraph break in the second half wins over a later sentence end; a sentence end over
    /// a later space.
    @Test func prefersParagraphsThenSentences() {
        let first = String(repeating: "alpha ", count: 12) + "ends here."
        let text = first + "\n\nSecond paragraph starts. And goes on without a break for quite a while more words"
        let chunks = Self.split(text, size: 120)
        #expect(chunks.first == first)

        let sentence = String(repeating: "word ", count: 14) + "stop."
        let prose = sentence + " Then more words follow without any stop at all until the end"
        #expect(Self.split(prose, size: 100).first == sentence)
    }

    /// A heading is not left at the end of a chunk: the cut comes before it.
    @Test func cutsBeforeAHeadingNotAfterIt() {
        let body = String(repeating: "Some text of the first part. ", count: 3)
        let text = body + "\n\nRequirements\n\n" + String(repeating: "Python and SQL. ", count: 8)
        let chunks = Self.split(text, size: 140, headings: ["Requirements"])
        #expect(chunks[0] == String(body.dropLast()))
        #expect(chunks[1].hasPrefix("Requirements\n\n"))
    }

    /// Text without spaces (Chinese) is cut after a full stop, not at an arbitrary character.
    @Test func chineseTextIsCutAfterFullStops() {
        let sentence = "负责构建数据管道并维护检索系统。"
        let text = String(repeating: sentence, count: 12)
        let chunks = Self.split(text, size: 50)
        #expect(chunks.count >= 4)
        for chunk in chunks { #expect(chunk.hasSuffix("。")) }
        #expect(chunks.joined() == text)
    }

    /// A word longer than the size is cut at the size: the only place there is.
    @Test func aWordLongerThanTheSizeIsCutAtTheSize() {
        let text = String(repeating: "x", count: 250)
        #expect(Self.split(text, size: 100).map(\.count) == [100, 100, 50])
    }
}
