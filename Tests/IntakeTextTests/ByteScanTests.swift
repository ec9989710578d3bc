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
        let wrong = Self.scalars { scalar in
            let text = "a" + String(Character(scalar)) + "b"
            return ByteScan.mayHaveInvisibles(text.utf8) != (TextNormalizer.removeInvisibles(text) != text)
        }
        #expect(wrong.isEmpty)
    }

    /// The fast lower-casing gives the standard library's result for every scalar, alone and
    /// between ASCII letters, and for every line of the posting sources and seeds.
    @Test func fastLowercasingAgreesWithTheStandardLibrary() throws {
        let wrong = Self.scalars { scalar in
            let alone = String(Character(scalar))
            let inside = "Ab" + alone + "ΣZ"
            return alone.lowercasedFast() != alone.lowercased() || inside.lowercasedFast() != inside.lowercased()
        }
        #expect(wrong.isEmpty)
        let lines = try Self.postingLines()
        #expect(lines.contains { $0.utf8.contains { $0 >= 0x80 } })
        for line in lines {
            #expect(line.lowercasedFast() == line.lowercased())
            #expect(line.dropFirst().lowercasedFast() == line.dropFirst().lowercased())
        }
    }

    /// The fast character count is the standard library's for every scalar, alone and between
    /// ASCII text, for line breaks written every way, and for every line of the posting sources
    /// and seeds.
    @Test func fastCharacterCountAgreesWithTheStandardLibrary() throws {
        let wrong = Self.scalars { scalar in
            let alone = String(Character(scalar))
            let inside = "a\r" + alone + "\nb"
            return alone.characterCount != alone.count || inside.characterCount != inside.count
        }
        #expect(wrong.isEmpty)
        for text in ["", "\r\n", "a\r\nb", "\r\r\n\n", "e\u{301}", "🇫🇷 x"] {
            #expect(text.characterCount == text.count, "\(text.debugDescription)")
        }
        for line in try Self.postingLines() {
            #expect(line.characterCount == line.count)
            #expect(line.dropFirst(2).characterCount == line.dropFirst(2).count)
        }
    }

    /// The values of the Unicode scalars for which `isWrong` holds.
    static func scalars(where isWrong: (Unicode.Scalar) -> Bool) -> [UInt32] {
        (UInt32(0)...0x10FFFF).filter { value in Unicode.Scalar(value).map(isWrong) ?? false }
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

    static let guarded: [(String, GuardedExpression)] =
        [
            ("salary word", FieldReader.salaryWord),
            ("experience", FieldReader.experiencePattern),
            ("posted phrase", FieldReader.postedPhrase),
            ("period phrase", FieldReader.periodPhrase),
            ("closing phrase", FieldReader.closingPhrase),
            ("title sentence", FieldReader.titleSentence),
            ("title phrase", FieldReader.titlePhrase),
            ("hiring sentence", FieldReader.hiringSentence),
            ("hiring headline", FieldReader.hiringHeadline),
            ("equal opportunity", FieldReader.equalOpportunity),
            ("about heading", FieldReader.aboutHeading),
            ("subject sentence", FieldReader.subjectSentence),
            ("self description", FieldReader.selfDescription),
            ("we at", FieldReader.weAt),
            ("join name", FieldReader.joinName),
            ("hybrid schedule", FieldReader.hybridSchedule),
            ("back link", FieldReader.backLink),
            ("board header", FieldReader.boardHeader),
            ("board suffix", FieldReader.boardSuffix),
            ("job noun", FieldReader.jobNoun),
        ] + FieldReader.credentials
        + FieldReader.arrangementPhrases.enumerated().map { ("arrangement \($0.offset)", $0.element.1) }

    /// Lines each guarded expression matches, in the spellings its guard words must cover.
    static let guardedProbes = [
        "Ph.D. or PhD in physics, a doctorate or doctoral degree",
        "M.S., MSc, M.Sc., MBA or Master’s degree", "B.S., BSc, B.Sc., B.A., a 4-year degree or university degree",
        "an undergraduate degree, college degree or four-year degree", "Associate’s degree", "associates  degree",
        "high school diploma, secondary school or GED", "a degree in statistics",
        "5+ years of experience", "three yrs working with Spark", "minimum 2-3 years’ relevant experience",
        "Base pay range: $120,000", "Compensation is competitive",
        "Posted on March 3, 2024", "New job open as of May 3rd, 2022.", "Opening and closing dates: 1 May to 9 May",
        "Application period: 1 May 2024 - 9 May 2024", "Applications must be received by 9 May 2024",
        "The position is open for applications until June 1.", "The Data Analyst is an entry level position",
        "The Data Analyst is a mid-level position", "A position available for a Research Fellow to join",
        "Acme is seeking a Data Engineer to join", "Acme is hiring a Data Engineer.", "Engel Lab hiring Postdoc!",
        "Hiring our next Community Manager", "We're hiring: Data Engineer",
        "Acme is an equal opportunity employer.", "About Acme", "Sobre Acme",
        "Acme invites applications for two posts", "The Lab has a postdoctoral position available",
        "Acme Corp is a fintech company based in Oslo.", "Acme ist ein gemeinnütziger Verein",
        "remote work is not an option", "no remote", "we offer a hybrid working model", "3 days a week in the office",
        "remote möglich", "home office ist auch möglich", "this role is fully remote", "you can work from home",
        "virtual position", "on-site position", "based in our london office", "on the road most days",
        "Back to all jobs", "← Back to job listings", "Apply now", "Share this job", "Data Engineer - Jobs",
        "Analista de Dados - Vaga de Emprego", "Two fellowships in physics", "Senior Softwareentwicklerin (m/w/d)",
        "We at Acme Corp are excited", "we here at Acme, we build", "join Acme as a data engineer", "Join Acme.",
        "up to two days per week from home", "or at their home of record", "Austin, Boston, or remote",
        "requires you to work in Ottawa", "expected to be stationed in Leeds", "work from our new office in Oslo",
        "present on a daily basis", "regular visits to the office", "remote or from one of our offices",
        "2 tage pro woche im homeoffice", "from anywhere in Canada",
    ]

    /// Every line of the posting sources, the seeds and the probes that an expression matches
    /// passes its guard, in the text's own case and upper-cased; each expression matches some.
    @Test func guardsLetEveryMatchThrough() throws {
        var matched: [String: Int] = [:]
        for line in try Self.postingLines() + Self.guardedProbes {
            for variant in [line, line.uppercased()] {
                for (name, pattern) in Self.guarded {
                    let range = NSRange(location: 0, length: variant.utf16.count)
                    guard pattern.regex.firstMatch(in: variant, range: range) != nil else { continue }
                    matched[name, default: 0] += 1
                    #expect(pattern.mayMatch(variant), "\(name): \(variant)")
                }
            }
        }
        for (name, _) in Self.guarded { #expect(matched[name, default: 0] >= 2, "\(name)") }
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
        #expect(FieldReader.experiencePattern.mayMatch("3 YRS of Go"))
        #expect(!FieldReader.experiencePattern.mayMatch("Experience with Go"))
        // Typographic punctuation does not send a line to the expression; any other non-ASCII
        // character does.
        #expect(!FieldReader.experiencePattern.mayMatch("Experience — “Go” • Rust"))
        #expect(FieldReader.experiencePattern.mayMatch("3 YRS — Go"))
        #expect(FieldReader.experiencePattern.mayMatch("Experiência com Go"))
        #expect(FieldReader.salaryWord.mayMatch("Salaire entre 1950 euros et 2250€ nets"))
        #expect(FieldReader.salaryWord.mayMatch("Base PAY: $120,000"))
        #expect(!FieldReader.salaryWord.mayMatch("5+ years of Python"))
    }

    /// Every label list ``FieldReader/labelled(_:where:)`` is called with: each field's, and each
    /// label alone (locations, arrangements and employment types are looked for label by label).
    static let labelLists: [[String]] = {
        let labels = FieldReader.Labels.self
        let lists = [
            labels.identifier, labels.posted, labels.closing, labels.title, labels.organization, labels.location,
            labels.locationType, labels.employment, labels.industry, labels.category,
        ]
        return lists + lists.joined().map { [$0] }
    }()

    /// The label matcher says what the label expression says: on every line of the posting
    /// sources and seeds, and on each label in other case, behind a list marker, cut short, glued
    /// to letters, with accents, a Kelvin sign or a no-break space, and with each ASCII character
    /// in place of its spaces.
    @Test func labelMatcherAgreesWithTheExpression() throws {
        var probes = try Self.postingLines()
        for label in Set(Self.labelLists.joined()) {
            probes += [
                label, label.uppercased(), label.capitalized, "- \(label): value", "- " + label.uppercased(),
                String(label.dropLast()), "x" + label, label + "x", label + ":",
                label.replacingOccurrences(of: "e", with: "é"),
                label.replacingOccurrences(of: "k", with: "\u{212A}"),
                label.replacingOccurrences(of: " ", with: "\u{A0}"),
                label.replacingOccurrences(of: " ", with: " \u{A0}x"), label.replacingOccurrences(of: "o", with: "ó"),
            ]
            guard label.contains(" ") else { continue }
            for value in UInt8(0)..<0x80 where value != 0x0A {
                let character = String(UnicodeScalar(value))
                probes.append(label.replacingOccurrences(of: " ", with: character) + " value")
                probes.append(label.replacingOccurrences(of: " ", with: " " + character) + " value")
            }
        }
        let document = PostingDocument(normalized: probes.joined(separator: "\n"))
        var matched = 0
        var wrong: [String] = []
        for labels in Self.labelLists {
            let prefix = LabelPatterns.shared.prefix(for: labels)
            for line in document.lines {
                let expected = document.text.firstMatch(prefix.regex, in: line.contentRange) != nil
                if expected { matched += 1 }
                if prefix.matches(line, in: document.text) != expected { wrong.append("\(labels): \(line.text)") }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(20))")
        #expect(matched > 1000)
    }

    /// Headings as written: each phrase in other case, with the punctuation and spaces the key
    /// drops at either end and between words, with a tail, and with characters the byte path
    /// does not take (a curly apostrophe, dashes, a bullet, an accent, a line break).
    static func headingProbes() throws -> [String] {
        var probes = try postingLines()
        for phrase in SectionVocabulary.kinds.flatMap(\.phrases) {
            probes += [
                phrase, phrase.uppercased(), phrase.capitalized + ":", "## " + phrase, "- " + phrase + " -",
                "*" + phrase + "*.", " " + phrase.replacingOccurrences(of: " ", with: "   ") + " : ",
                phrase + " of the role", phrase + " at Northbridge 2026", phrase + "s", "x" + phrase,
                "• " + phrase + " —", phrase.replacingOccurrences(of: "'", with: "’"), phrase + "\r\n",
                phrase + " ai hiring",
                "— " + phrase + ":", phrase.replacingOccurrences(of: "e", with: "é"),
            ]
        }
        return probes
    }

    /// The byte path of a heading's key gives the character path's key for every ASCII heading,
    /// and declines every other.
    @Test func asciiHeadingKeyAgreesWithTheCharacterPath() throws {
        var ascii = 0
        for probe in try Self.headingProbes() {
            if probe.utf8.allSatisfy({ $0 < 0x80 }) {
                ascii += 1
                #expect(SectionVocabulary.asciiKey(probe) == SectionVocabulary.unicodeKey(probe), "\(probe)")
            } else {
                #expect(SectionVocabulary.asciiKey(probe) == nil, "\(probe)")
            }
        }
        #expect(ascii > 1000)
    }

    /// Looking phrases up by first word finds the kind a scan of every phrase in order finds.
    @Test func headingKindAgreesWithAScanOfEveryPhrase() throws {
        func scanned(_ heading: String) -> String? {
            let key = SectionVocabulary.normalizedKey(heading)
            guard !key.isEmpty else { return nil }
            for (kind, phrases) in SectionVocabulary.kinds {
                for phrase in phrases where key == phrase || key.hasPrefix(phrase + " ") {
                    let tail = key.dropFirst(phrase.count)
                    if key == phrase
                        || tail.count <= 40 && !tail.contains(where: \.isNumber)
                            && tail.split(separator: " ").count <= 4
                            && !["not disclosed", "no", "yes", "n/a"].contains(
                                tail.trimmingCharacters(in: .whitespaces)
                            )
                    {
                        return kind
                    }
                }
            }
            return key.hasSuffix(" ai hiring") ? "job_board" : nil
        }
        var known = 0
        for probe in try Self.headingProbes() {
            let kind = SectionVocabulary.kind(of: probe)
            if kind != nil { known += 1 }
            #expect(kind == scanned(probe), "\(probe)")
        }
        #expect(known > 1000)
    }

    /// Where the pay guard says no, the salary parser finds nothing: on every posting line, in
    /// its own case and upper-cased, and on figures with each unit word after each of "per",
    /// "an", "a" and "/", with and without spaces, before punctuation, letters or the end, and
    /// with each currency code and symbol.
    @Test func payGuardSkipsOnlyLinesWithoutPay() throws {
        var probes = try Self.postingLines()
        probes += probes.map { $0.uppercased() }
        let units = ["year", "yr", "annum", "month", "mo", "week", "wk", "day", "hour", "hr", "h", "annually", "p.a."]
        for unit in units {
            for prefix in ["per", "an", "a", "/", "", "the"] {
                for space in ["", " ", "  ", "\t"] {
                    for end in ["", ".", "s", " x", "_", "1"] {
                        probes.append("Pay 52,000 \(prefix)\(space)\(unit)\(end)")
                        probes.append("45 - 60 \(prefix)\(space)\(unit.uppercased())\(end)")
                    }
                }
            }
        }
        for code in ["usd", "EUR", "Chf", "Fr.", "fr.", "$", "£", "€", "zł", "US$"] {
            probes += ["\(code) 120,000", "120k \(code)", "120,000 - 150,000 \(code)"]
        }
        var skipped = 0
        var paid = 0
        let parser = SalaryParser()
        for line in probes {
            let found = parser.salaries(in: ScalarText(line), searched: line, base: 0)
            if !found.isEmpty { paid += 1 }
            if !SalaryParser.mayFindPay(in: line) {
                skipped += 1
                #expect(found.isEmpty, "\(line)")
            }
        }
        #expect(paid > 300)
        #expect(skipped > 300)
    }

    /// The byte test for boilerplate lines says what the expression says: on every posting line
    /// in its own case, upper-cased and lower-cased, and on "EEO" and "EOE" beside each ASCII
    /// character and with accents around them.
    @Test func boilerplateTestAgreesWithTheExpression() throws {
        var probes = try Self.postingLines()
        probes += probes.map { $0.uppercased() } + probes.map { $0.lowercased() }
        for word in ["EEO", "eoe", "Equal Opportunity", "equal  opportunity", "Equal Employment Opportunity"] {
            for value in UInt8(0x20)..<0x7F {
                let character = String(UnicodeScalar(value))
                probes += [
                    character + word, word + character, "We are an " + character + word + character + " employer",
                ]
            }
            probes += ["é" + word, word + "é", word + "\u{301}", "An " + word + " employer"]
            for scalar in "‘’“”–—•…\u{A0}®©™€£·\u{2011}\u{212A}".unicodeScalars {
                let character = String(scalar)
                probes += [character + word + character, word.replacingOccurrences(of: " ", with: character)]
                probes += [
                    "Without regard to" + character, "without" + character + "regard to", "e" + character + "verify",
                ]
            }
        }
        // A Kelvin sign matches "k" in any case.
        probes += ["\u{212A}now your rights", "KNOW YOUR RIGHTS"]
        var matched = 0
        for line in probes {
            let expected = PostingDocument.boilerplateLine.matches(line)
            if expected { matched += 1 }
            #expect(PostingDocument.isBoilerplateText(line) == expected, "\(line)")
        }
        #expect(matched > 300)
    }
}
