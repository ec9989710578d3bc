import Foundation
public import IntakeCore

extension FieldReader {
    // MARK: - Identifier, dates

    private static let identifierToken = regex(#"[A-Za-z0-9][A-Za-z0-9_\-/.#]*\d[A-Za-z0-9_\-/.]*"#)

    func identifier() -> Evidence<String>? {
        guard
            let (_, range) = labelled(
                Labels.identifier,
                where: { value in value.count <= 40 && value.contains(where: \.isNumber) }
            ),
            let token = text.firstMatch(Self.identifierToken, in: range)
        else { return nil }
        return evidence(tidy(token.range))
    }

    static let postedPhrase = regex(#"\bposted\b(?:\s+on)?\s*:?\s*"#)
    static let closingPhrase = regex(
        #"\b(?:apply by|applications close(?:s)?(?: on)?|closing date(?: is)?|deadline(?: is)?)\s*:?\s*"#
    )

    func date(labels: [String], phrase: NSRegularExpression) -> Evidence<String>? {
        if let (_, range) = labelled(labels, where: { dates.parse($0) != nil }),
            let found = dates.firstDate(in: text, range: range)
        {
            return evidence(found.date.description, found.range)
        }
        // "Posted 3 days ago", "Apply by April 30, 2026" inside a sentence.
        for line in document.ordinaryLines {
            for match in text.matches(phrase, in: line.range) {
                let after = match.range.upperBound..<min(line.range.upperBound, match.range.upperBound + 40)
                if let found = dates.firstDate(in: text, range: after), found.range.lowerBound == after.lowerBound {
                    return evidence(found.date.description, found.range)
                }
            }
        }
        return nil
    }

    // MARK: - Title and organisation

    private static let jobNoun = regex(
        #"\b(engineer|developer|scientist|analyst|manager|architect|designer|director|lead|specialist|consultant|administrator|officer|associate|intern|president|head|coordinator|representative|technician|researcher|advisor|adviser|accountant|auditor|programmer|strategist|owner|partner|principal|fellow|assistant|executive|trader|banker|underwriter|actuary|writer|editor|recruiter|nurse|teacher|operator|supervisor|agent|clerk|controller|economist|statistician|modeler|modeller|ingeniero|ingeniera|científico|desarrollador|analista|ingénieur|entwickler)s?\b"#
    )
    private static let titleSentence = regex(#"\bthe\s+(.{3,80}?)\s+is\s+an?\s+(?:\w+[- ])?level\s+position\b"#)
    private static let boardHeader = regex(
        #"^(interested in|apply now|apply|save|share|skills & technologies|view all|back to)"#
    )

    func title() -> Evidence<String>? {
        if let (_, range) = labelled(Labels.title, where: { Self.isTitleLike($0) }) {
            return evidence(range)
        }
        // The first short line near the top that names a job.
        for line in document.lines.prefix(12) where !line.isListItem && !document.isBoilerplate(line) {
            let candidate = line.text
            guard Self.isTitleLike(candidate), text.firstMatch(Self.boardHeader, in: line.range) == nil,
                SectionVocabulary.kind(of: candidate) == nil, text.firstMatch(Self.jobNoun, in: line.range) != nil
            else { continue }
            return evidence(tidy(line.range))
        }
        // "The Gen AI-ML Engineer is an intermediate level position".
        for line in document.ordinaryLines {
            if let match = text.firstMatch(Self.titleSentence, in: line.range), let range = match.range(1) {
                return evidence(tidy(range))
            }
        }
        return nil
    }

    static func isTitleLike(_ value: String) -> Bool {
        guard value.count >= 3, value.count <= 110, let first = value.first, first.isUppercase || first.isNumber else {
            return false
        }
        if value.hasSuffix(".") || value.hasSuffix("?") || value.hasSuffix(":") || value.contains(". ") { return false }
        return value.split(separator: " ").count <= 14
    }

    private static let roleAt = regex(#"\brole at\s+(.+?)\s*\?"#)
    private static let equalOpportunity = regex(
        #"(?:^|\.\s+)([A-Z][\w&.'’-]*(?:\s+[A-Z&][\w&.'’-]*){0,5})\s+(?:is|are)\s+(?:an?\s+|committed to\s+)?equal (?:employment )?opportunit"#,
        []
    )
    private static let atCompany = regex(#"^At\s+([A-Z][\w&.'’-]*(?:\s+[A-Z&][\w&.'’-]*){0,4}),\s+(?:we|you)\b"#, [])

    func organization(after title: Evidence<String>?) -> Evidence<String>? {
        if let (_, range) = labelled(Labels.organization, where: { $0.count <= 80 && !$0.hasSuffix(".") }) {
            return evidence(range)
        }
        for line in document.lines.prefix(6) {
            if let match = text.firstMatch(Self.roleAt, in: line.range), let range = match.range(1) {
                return evidence(tidy(range))
            }
        }
        // "Senior Data Engineer" / "Northbridge Financial Group" / "Charlotte, NC": the line after the title.
        if let title, let index = document.lines.firstIndex(where: { $0.range.contains(title.range.lowerBound) }),
            index + 1 < document.lines.count
        {
            let line = document.lines[index + 1]
            let words = line.text.split(separator: " ")
            if !line.isListItem, words.count <= 6, !line.text.contains(where: \.isNumber), !line.text.contains(":"),
                SectionVocabulary.kind(of: line.text) == nil, TextNormalizer.looksLikeHeading(line.text),
                Gazetteer.place(line.text).map({ $0.region == nil && $0.country == nil }) ?? true
            {
                return evidence(tidy(line.range))
            }
        }
        for line in document.lines {
            if let match = text.firstMatch(Self.equalOpportunity, in: line.range), let range = match.range(1) {
                return evidence(tidy(range))
            }
        }
        for line in document.ordinaryLines {
            if let match = text.firstMatch(Self.atCompany, in: line.range), let range = match.range(1) {
                return evidence(tidy(range))
            }
        }
        return nil
    }
}
