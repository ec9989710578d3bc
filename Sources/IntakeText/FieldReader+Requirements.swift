import Foundation
import IntakeCore

extension FieldReader {
    // MARK: - Experience and education

    private static let numberWords = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "twelve": 12, "fifteen": 15,
    ]
    static let experiencePattern = GuardedExpression(
        #"\b(?:at least|a minimum of|minimum of|minimum|min\.?|over|more than)?\s*(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen)\s*(?:\+|plus)?\s*(?:-|–|to)?\s*(?:\d{1,2}\s*)?(?:years?|yrs?)\s*\+?\s*(?:of\s+)?(?:[\w/&-]+\s+){0,5}?(?:experience|expérience|experiencia|erfahrung|working)\b"#,
        words: ["year", "yr"]
    )

    private static let yearsToken = regex(
        #"\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen"#,
        []
    )

    static func years(in match: String) -> Int? {
        let lowered = match.lowercasedFast()
        guard
            let token = lowered.firstRange(of: yearsToken)
        else { return nil }
        let word = String(lowered[token])
        return Int(word) ?? numberWords[word]
    }

    func experience() -> Evidence<Int>? {
        let preferred =
            document.lines(inKinds: ["qualifications", "education"])
            + document.ordinaryLines.filter {
                document.kind(of: $0) != "preferred_qualifications"
            }
        for line in preferred {
            if let match = text.firstMatch(Self.experiencePattern, in: line.contentRange),
                let years = Self.years(in: match.string), years > 0
            {
                return evidence(years, tidy(match.range))
            }
        }
        return nil
    }

    static let credentials: [(String, GuardedExpression)] = [
        (
            "doctorate",
            GuardedExpression(
                #"\b(?:ph\.?\s?d\.?|doctorate|doctoral degree|doctorado|promotion)\b"#,
                words: ["ph", "doctor", "promotion"]
            )
        ),
        (
            "master's degree",
            GuardedExpression(
                #"\b(?:master[’']?s?(?:\s+degree)?|msc|mba|máster|maestría)\b|\bm\.sc?\.?(?!\w)"#,
                words: ["master", "m.s", "msc", "mba"]
            )
        ),
        (
            "bachelor's degree",
            GuardedExpression(
                #"\b(?:bachelor[’']?s?(?:\s+degree)?|bsc|undergraduate degree|university degree|college degree|4-year degree|four-year degree|licenciatura|grado universitario)\b|\bb\.(?:sc?|a)\.?(?!\w)"#,
                words: [
                    "bachelor", "b.s", "bsc", "b.a", "undergraduate degree", "university degree",
                    "college degree", "4-year degree", "four-year degree", "licenciatura", "grado universitario",
                ]
            )
        ),
        ("associate degree", GuardedExpression(#"\bassociate[’']?s?\s+degree\b"#, words: ["associate"])),
        (
            "high school",
            GuardedExpression(
                #"\b(?:high school|secondary school|ged)\b"#,
                words: ["high school", "secondary school", "ged"]
            )
        ),
        ("degree", GuardedExpression(#"\b(?:a\s+)?degree\s+in\b"#, words: ["degree"])),
    ]
    private static let preferredWords = regex(#"\b(prefer|preferred|nice to have|a plus|desired|desirable|bonus)"#)

    func education() -> Evidence<String>? {
        let ordered =
            document.lines(inKinds: ["education"]) + document.lines(inKinds: ["qualifications"])
            + document.ordinaryLines
        var fallback: Evidence<String>?
        for line in ordered {
            var earliest: (String, Range<Int>)?
            for (name, pattern) in Self.credentials {
                if let match = text.firstMatch(pattern, in: line.contentRange),
                    earliest == nil || match.range.lowerBound < earliest!.1.lowerBound
                {
                    earliest = (name, tidy(match.range))
                }
            }
            guard let (name, range) = earliest else { continue }
            let isPreferred =
                document.kind(of: line) == "preferred_qualifications"
                || text.firstMatch(Self.preferredWords, in: line.range) != nil
            if !isPreferred { return evidence(name, range) }
            if fallback == nil { fallback = evidence(name, range) }
        }
        return fallback
    }

    static func credential(in value: String) -> String? {
        let text = ScalarText(value)
        var earliest: (String, Int)?
        for (name, pattern) in credentials {
            if let match = text.firstMatch(pattern), earliest == nil || match.range.lowerBound < earliest!.1 {
                earliest = (name, match.range.lowerBound)
            }
        }
        return earliest?.0
    }

    // MARK: - Lists

    /// The items of sections of `kinds`: list items, or each paragraph when a section has none.
    func items(
        in kinds: Set<String>,
        where accept: (PostingDocument.Line) -> Bool = { _ in true }
    ) -> [Evidence<String>] {
        let lines = document.lines(inKinds: kinds).filter(accept)
        var found: [Evidence<String>] = []
        for line in lines {
            let range = tidy(line.contentRange)
            guard !range.isEmpty, text.text(range).count >= 3 else { continue }
            let hasListItems = lines.contains { $0.section == line.section && $0.isListItem }
            // In a section with a list, the items are the list; paragraphs around it are not items.
            if hasListItems && !line.isListItem || line.text.hasSuffix(":") && line.isListItem { continue }
            found.append(evidence(range))
        }
        return found
    }

    func qualifications() -> Qualifications {
        var result = Qualifications()
        for item in items(in: ["qualifications"]) {
            if text.firstMatch(Self.preferredWords, in: item.range) != nil {
                result.preferred.append(item)
            } else {
                result.required.append(item)
            }
        }
        result.preferred += items(in: ["preferred_qualifications"])
        return result
    }

    private static let benefitsSentence = regex(
        #"\bbenefits,?\s+(?:including|include|includes|such as)\s*:?\s*((?:[^.]|\.(?=\S))+)"#
    )
    private static let listSeparator = regex(#"\s*(?:;\s*(?:and\s+)?|,\s+and\s+|,\s+(?!and\b))"#)

    func benefits() -> [Evidence<String>] {
        let parser = SalaryParser()
        let listed = items(in: ["benefits"]).filter { item in
            // "Salary: £65k–£80k plus a bonus" under "Salary and Benefits" is pay, not a benefit.
            text.firstMatch(Self.salaryWord, in: item.range) == nil
                || parser.salaries(in: text, range: item.range).isEmpty
        }
        if !listed.isEmpty { return listed }
        for line in document.ordinaryLines {
            guard let match = text.firstMatch(Self.benefitsSentence, in: line.range), let list = match.range(1) else {
                continue
            }
            let usesSemicolons = text.text(list).contains(";")
            let separator = usesSemicolons ? regex(#"\s*;\s*(?:and\s+)?"#) : Self.listSeparator
            var found: [Evidence<String>] = []
            var start = list.lowerBound
            for split in text.matches(separator, in: list) + [] {
                let range = tidy(start..<split.range.lowerBound)
                if text.text(range).count >= 3 { found.append(evidence(range)) }
                start = split.range.upperBound
            }
            var last = tidy(start..<list.upperBound)
            if text.text(last).lowercasedFast().hasPrefix("and ") { last = (last.lowerBound + 4)..<last.upperBound }
            if text.text(last).count >= 3 { found.append(evidence(last)) }
            return found
        }
        return []
    }
}
