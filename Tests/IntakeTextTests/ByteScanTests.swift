import Foundation
import IntakeTestSupport
import Testing

@testable import IntakeText

/// The byte checks that let the normaliser and the parser skip work never skip work that would
/// have changed the result.
struct ByteScanTests {
    /// For every scalar, the invisible-character scan says yes exactly when removing invisibles
    /// changes a text holding it.
    @Test func invisibleScanAgreesWithRemoval() {
        var wrong: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "a" + String(Character(scalar)) + "b"
            let changes = TextNormalizer.removeInvisibles(text) != text
            if ByteScan.mayHaveInvisibles(text.utf8) != changes { wrong.append(value) }
        }
        #expect(wrong.isEmpty)
    }

    /// The fast lower-casing gives the standard library's result for every scalar, alone and
    /// between ASCII letters, and for every line of the posting sources and seeds.
    @Test func fastLowercasingAgreesWithTheStandardLibrary() throws {
        var wrong: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let alone = String(Character(scalar))
            let inside = "Ab" + alone + "ΣZ"
            if alone.lowercasedFast() != alone.lowercased() || inside.lowercasedFast() != inside.lowercased() {
                wrong.append(value)
            }
        }
        #expect(wrong.isEmpty)
        let lines = try Self.postingLines()
        #expect(lines.contains { $0.utf8.contains { $0 >= 0x80 } })
        for line in lines {
            #expect(line.lowercasedFast() == line.lowercased())
            #expect(line.dropFirst().lowercasedFast() == line.dropFirst().lowercased())
        }
    }

    /// The lines of the posting sources (`scripts/postings`) and of the seeds when present.
    static func postingLines() throws -> [String] {
        let folder = (Fixtures.packageRoot as NSString).appendingPathComponent("scripts/postings")
        var texts = try FileManager.default.contentsOfDirectory(atPath: folder).map {
            try String(contentsOfFile: (folder as NSString).appendingPathComponent($0), encoding: .utf8)
        }
        if Seeds.available { texts += try (1...3).map(Seeds.text) }
        return texts.flatMap { $0.split(separator: "\n").map(String.init) }
    }

    static let guarded: [(String, GuardedExpression)] = [
        ("boilerplate line", PostingDocument.boilerplateLine),
        ("salary word", FieldReader.salaryWord),
    ]

    /// Every line of the posting sources and the seeds that an expression matches passes its
    /// guard, in the text's own case and upper-cased.
    @Test func guardsLetEveryMatchThrough() throws {
        var matched = 0
        for line in try Self.postingLines() {
            for variant in [line, line.uppercased()] {
                for (name, pattern) in Self.guarded {
                    let range = NSRange(location: 0, length: variant.utf16.count)
                    guard pattern.regex.firstMatch(in: variant, range: range) != nil else { continue }
                    matched += 1
                    #expect(pattern.mayMatch(variant), "\(name): \(variant)")
                }
            }
        }
        #expect(matched > 20)
    }

    /// On ASCII lines the byte search finds exactly what each skill's expression finds: the
    /// posting sources' and seeds' lines, and each spelling in contexts that probe the boundary
    /// rules (glued to letters, digits, "+", "#", ".", "-", "/", in other case).
    @Test func skillSearchAgreesWithTheExpressions() throws {
        let postingLines = try Self.postingLines()
        var compared = 0
        for skill in SkillVocabulary.builtIn.expressions() where skill.asciiSpellings != nil {
            let spellings = SkillVocabulary.builtIn.entries.first { $0.name == skill.name }!.spellings
            var lines = postingLines
            for spelling in spellings {
                for (before, after) in [
                    ("Use ", " daily."), ("x", ""), ("", "x"), ("1", ""), ("", "2"), ("+", ""), ("", "#"),
                    (".", ""), ("", "."), ("-", ""), ("", "-based"), ("/", ""), ("", "/Go"), ("(", "),"),
                ] {
                    lines += [before + spelling + after, (before + spelling + after).uppercased()]
                    lines.append("\(before)\(spelling.lowercased())\(after) and \(spelling)")
                }
            }
            for line in lines where line.utf8.allSatisfy({ $0 < 0x80 }) {
                let lowered = Array(line.lowercased().utf8)
                guard skill.mayMatch(lowered) else { continue }
                let expected = skill.regex.firstMatch(in: line, range: NSRange(location: 0, length: line.utf16.count))
                    .map { $0.range.location..<($0.range.location + $0.range.length) }
                let found = skill.firstMatch(inASCII: Array(line.utf8), lowered: lowered)
                #expect(found == expected, "\(skill.name) in \(line)")
                compared += 1
            }
        }
        #expect(compared > 1000)
    }

    @Test func guardsSkipLinesWithoutTheirWords() {
        #expect(PostingDocument.boilerplateLine.mayMatch("We are an Equal Opportunity employer."))
        #expect(PostingDocument.boilerplateLine.mayMatch("EEO/AA"))
        #expect(!PostingDocument.boilerplateLine.mayMatch("You will build data pipelines in Spark and dbt."))
        // Any non-ASCII character sends the line to the expression.
        #expect(PostingDocument.boilerplateLine.mayMatch("You will build data pipelines — in Spark."))
        #expect(FieldReader.salaryWord.mayMatch("Base PAY: $120,000"))
        #expect(!FieldReader.salaryWord.mayMatch("5+ years of Python"))
    }
}
