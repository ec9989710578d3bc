import Foundation
import IntakeCore
import IntakePipeline
import IntakeTestSupport
import IntakeText
import Testing

/// The parser on OCR text: the test postings and the first seed, printed and scanned (bilevel,
/// speckled, 300 dpi; made by scripts/make-documents.sh), read by Tesseract, then parsed.
@Suite(.enabled(if: TestEnvironment.hasTessdata))
struct OCRParsingTests {
    func parse(_ fixture: String) async throws -> ParsedPosting {
        let document = try await DocumentExtractor(options: ExtractionOptions())
            .extract(bytes: try Fixtures.bytes("ocr/\(fixture)"), name: fixture)
        #expect(document.pages.allSatisfy { $0.textSource == .ocr })
        return PostingParser().parse(pages: document.pages.map(\.text))
    }

    @Test func scannedPostingsKeepAtLeastNinetyPercentOfFields() async throws {
        var total = PostingExpectation.Score()
        for expectation in PostingExpectation.all {
            let parsed = try await parse("\(expectation.name).tiff")
            #expect(parsed.evidenceProblems() == [], "\(expectation.name)")
            total = total + expectation.score(parsed.posting, fold: true)
        }
        print(
            "OCR field accuracy: \(total.statedRight)/\(total.stated) = \(String(format: "%.1f", total.accuracy * 100))%; invented: \(total.invented.count); wrong: \(total.wrong)"
        )
        #expect(total.invented == [])
        #expect(total.accuracy >= 0.90)
    }

    @Test func scannedSeedYieldsTheSameDatesAndSalary() async throws {
        let posting = try await parse("seed-1.tiff").posting
        #expect(posting.datePosted?.value == "2026-04-10")
        #expect(posting.validThrough?.value == "2026-04-17")
        #expect(
            posting.baseSalary.map(\.value) == [SalaryRange(min: 157_040, max: 235_560, currency: "USD", unit: nil)]
        )
        #expect(posting.identifier?.value == "26953775")
        #expect(posting.experienceRequirements?.value == 6)
    }
}
