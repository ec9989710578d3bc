import Foundation
import Testing

@testable import IntakeText

struct NormalizerCase: Sendable, CustomTestStringConvertible {
    var name: String
    var pages: [String]
    var expected: String
    var testDescription: String { name }

    static let all: [NormalizerCase] = [
        NormalizerCase(name: "NFKC ligatures", pages: ["Oﬃce ﬁnance ﬂow"], expected: "Office finance flow"),
        NormalizerCase(
            name: "soft hyphen and zero-width",
            pages: ["inter\u{00AD}national\u{200B} team\u{FEFF}"],
            expected: "international team"
        ),
        NormalizerCase(
            name: "markdown escapes",
            pages: [##"first\-class \+ 401\(k\) R\&D \#1 C\+\+ 5 years\+"##],
            expected: "first-class + 401(k) R&D #1 C++ 5 years+"
        ),
        NormalizerCase(
            name: "spacer images a text browser printed",
            pages: [
                "[clear]\nRisk Analyst Program                      [clear]\n\nOur Business\n\n[Spacer.gif] [Photo]"
            ],
            expected: "Risk Analyst Program\n\nOur Business\n\n[Photo]"
        ),
        NormalizerCase(
            name: "emphasis line",
            pages: ["*Citi is an equal opportunity employer.*"],
            expected: "Citi is an equal opportunity employer."
        ),
        NormalizerCase(
            name: "bullets become one form",
            pages: ["Duties\n• Build pipelines\n▪ Review code\n‣ Mentor\n* Ship\n+ Measure\n- Test"],
            expected: "Duties\n\n- Build pipelines\n- Review code\n- Mentor\n- Ship\n- Measure\n- Test"
        ),
        NormalizerCase(
            name: "whitespace collapsed",
            pages: ["  Senior   Data\tEngineer  \n\n\n\nCharlotte,  NC "],
            expected: "Senior Data Engineer\n\nCharlotte, NC"
        ),
        NormalizerCase(
            name: "hard-wrapped paragraph joined, heading kept",
            pages: [
                "About the Role\nNorthbridge Financial Group serves more than four million retail and commercial clients across\nthe Southeast. Our Document Intelligence team turns loan files, statements and correspondence\ninto data that analysts and models can trust. We are looking for a senior engineer who enjoys\nbuilding reliable pipelines."
            ],
            expected:
                "About the Role\n\nNorthbridge Financial Group serves more than four million retail and commercial clients across the Southeast. Our Document Intelligence team turns loan files, statements and correspondence into data that analysts and models can trust. We are looking for a senior engineer who enjoys building reliable pipelines."
        ),
        NormalizerCase(
            name: "wrapped bullet joined into its item",
            pages: [
                "Responsibilities\n• Design and operate batch and streaming pipelines that ingest scanned and\ndigital documents.\n• Mentor two to four engineers."
            ],
            expected:
                "Responsibilities\n\n- Design and operate batch and streaming pipelines that ingest scanned and digital documents.\n- Mentor two to four engineers."
        ),
        NormalizerCase(
            name: "line-end hyphen: syllable joined, compound kept",
            pages: [
                "We build docu-\nments pipelines for cross-\nfunctional teams with AI-\npowered tools and pro-\ncessing."
            ],
            expected: "We build documents pipelines for cross-functional teams with AI-powered tools and processing."
        ),
        NormalizerCase(
            name: "running header, footer and page numbers removed",
            pages: [
                "Northbridge Financial Group — Careers\nSenior Data Engineer\nFirst page text.\nPage 1 of 3",
                "Northbridge Financial Group — Careers\nSecond page text.\nPage 2 of 3",
                "Northbridge Financial Group — Careers\nThird page text.\nPage 3 of 3",
            ],
            expected: "Senior Data Engineer\n\nFirst page text.\n\nSecond page text.\n\nThird page text."
        ),
        NormalizerCase(
            name: "OCR confusions inside numbers",
            pages: [
                "Salary: S157,O40.00 - $l60,680.00 posted 2O26-04-1O; also 157.040.00 and 107,120,00 but not S3 or AWS"
            ],
            expected:
                "Salary: $157,040.00 - $160,680.00 posted 2026-04-10; also 157,040.00 and 107,120.00 but not S3 or AWS"
        ),
        // Each repair alone, so a byte scan that wrongly rules one out shows here.
        NormalizerCase(
            name: "OCR confusions after euro and pound signs",
            pages: ["Pay €l5O,000, bonus £O9 and £I2"],
            expected: "Pay €150,000, bonus £09 and £12"
        ),
        NormalizerCase(
            name: "AI read as Al",
            pages: ["Lead Al Engineer for GenAl tools; Al/ML work. Also Alberta and Allen stay."],
            expected: "Lead AI Engineer for GenAI tools; AI/ML work. Also Alberta and Allen stay."
        ),
        NormalizerCase(
            name: "no-break and em spaces collapsed",
            pages: ["Senior\u{00A0}\u{00A0}Data  Engineer\u{2003}in\u{3000}London"],
            expected: "Senior Data Engineer in London"
        ),
        NormalizerCase(
            name: "bullet glyph glued to its text",
            pages: ["•Python and SQL\n▪ Spark"],
            expected: "- Python and SQL\n- Spark"
        ),
        NormalizerCase(
            name: "heading glued to a line",
            pages: ["Lead AI Engineer (AI Foundations, LLM Core and Agentic AI)Overview\nAt Capital One, we build."],
            expected:
                "Lead AI Engineer (AI Foundations, LLM Core and Agentic AI)\n\nOverview\n\nAt Capital One, we build."
        ),
        NormalizerCase(
            name: "separator lines dropped",
            pages: ["Discover your future\n------------\nText.\n\\-\nMore."],
            expected: "Discover your future\n\nText.\n\nMore."
        ),
    ]
}

struct NormalizerTests {
    @Test(arguments: NormalizerCase.all)
    func normalizes(_ c: NormalizerCase) {
        let normalized = TextNormalizer().normalize(pages: c.pages)
        #expect(normalized == c.expected)
        #expect(TextNormalizer().normalize(normalized) == normalized, "idempotent")
    }

    /// The digit repairs at the start and end of lines, where the whole text has a line feed
    /// next to the character: the same result as inside a line with nothing beyond it.
    @Test func repairsDigitsAtLineEdges() {
        let text = "Pay 12O\nO6 weeks\nS120,000\nAl\nthe Al\n1.000.00\n|5 and 4|\n$l0\n\n2O0O"
        let expected = "Pay 120\nO6 weeks\n$120,000\nAl\nthe AI\n1,000.00\n|5 and 4|\n$10\n\n2000"
        #expect(TextNormalizer.repairOCRDigits(text) == expected)
        #expect(TextNormalizer.repairOCRDigits("no digits here\n") == "no digits here\n")
    }

    /// NFKC line by line is NFKC of the whole text: every scalar at the end of a line and at the
    /// start of the next, and every posting line.
    @Test func compatibilityNormalisationByLineAgreesWithTheWholeText() throws {
        var wrong: [UInt32] = []
        var chunk: [Unicode.Scalar] = []
        func check() {
            var text = ""
            for scalar in chunk { text += "a\(Character(scalar))\n\(Character(scalar))b\n" }
            if TextNormalizer.nfkc(text) != text.precomposedStringWithCompatibilityMapping {
                wrong.append(chunk[0].value)
            }
            chunk.removeAll()
        }
        for value in UInt32(0x80)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            chunk.append(scalar)
            if chunk.count == 4096 { check() }
        }
        check()
        #expect(wrong.isEmpty, "chunks starting at \(wrong)")
        let text = try ByteScanTests.postingLines().joined(separator: "\n") + "\nﬁle\ne\n\u{301}\n\u{1100}\n\u{1161}"
        #expect(TextNormalizer.nfkc(text) == text.precomposedStringWithCompatibilityMapping)
    }
}
