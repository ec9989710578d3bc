import Foundation
import IntakeCore
import IntakeTestSupport
import IntakeText
import Testing

/// The parser on the varied test postings in `scripts/postings/` (never the seeds it was
/// developed on): at least 95% of stated fields right on clean text, none invented.
struct AccuracyTests {
    static func text(_ name: String) throws -> String {
        try String(contentsOfFile: Fixtures.packageRoot + "/scripts/postings/\(name).txt", encoding: .utf8)
    }

    @Test func cleanTextAccuracy() throws {
        var total = PostingExpectation.Score()
        for expectation in PostingExpectation.all {
            let parsed = PostingParser().parse(pages: [try Self.text(expectation.name)])
            #expect(parsed.evidenceProblems() == [], "\(expectation.name)")
            total = total + expectation.score(parsed.posting)
        }
        print(
            "clean-text field accuracy: \(total.statedRight)/\(total.stated) = \(String(format: "%.1f", total.accuracy * 100))%; invented: \(total.invented.count)"
        )
        #expect(total.invented == [])
        #expect(total.wrong == [])
        #expect(total.accuracy >= 0.95)
    }

    @Test func relativeDateResolvesAgainstTheDocumentDate() throws {
        let options = PostingParserOptions(documentDate: CalendarDate(year: 2026, month: 4, day: 10))
        let parsed = PostingParser(options: options).parse(pages: [try Self.text("austin-contract")])
        #expect(parsed.posting.datePosted?.value == "2026-04-07")
        #expect(parsed.posting.datePosted?.text == "3 days ago")
    }

    @Test func configuredSkillsAreMatched() throws {
        var vocabulary = SkillVocabulary.builtIn
        vocabulary.add(parsing: "Credit Scorecards|scorecards\n")
        let parsed = PostingParser(options: PostingParserOptions(skills: vocabulary)).parse(pages: [
            try Self.text("altavista-data-scientist")
        ])
        #expect(parsed.posting.skills.contains { $0.value == "Credit Scorecards" })
        let plain = PostingParser().parse(pages: [try Self.text("altavista-data-scientist")])
        #expect(!plain.posting.skills.contains { $0.value == "Credit Scorecards" })
    }

    @Test func builtInVocabularyIsConfigSkillsFile() throws {
        let file = try String(contentsOfFile: Fixtures.packageRoot + "/config/skills.txt", encoding: .utf8)
        let fromFile = SkillVocabulary(parsing: file).entries.map { "\($0.name)=\($0.spellings)" }
        let builtIn = SkillVocabulary.builtIn.entries.map { "\($0.name)=\($0.spellings)" }
        #expect(fromFile == builtIn)
    }
}
