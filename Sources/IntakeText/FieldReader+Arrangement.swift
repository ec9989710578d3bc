import Foundation
public import IntakeCore

extension FieldReader {
    // MARK: - Work arrangement and employment type

    static func arrangement(_ value: String) -> String? {
        let lowered = value.lowercasedFast()
        if lowered.contains("hybrid") || lowered.contains("híbrido") || lowered.contains("hybride") { return "hybrid" }
        if onSiteWords.matches(lowered) { return "on-site" }
        if remoteWords.matches(lowered), !negation.matches(lowered) { return "remote" }
        return nil
    }

    private static let onSiteWords = regex(
        #"\b(on-?site|on site|in[- ]office|office[- ]based|presencial|sur site|vor ort)\b"#,
        []
    )
    private static let remoteWords = regex(#"\b(remote|remoto|télétravail|work from home|wfh)\b"#, [])
    private static let negation = regex(#"^(no|not|non)\b"#, [])

    private static let arrangementPhrase = regex(
        #"\b(?:hybrid (?:role|position|schedule|working|work|model|arrangement)|(?:fully|100%) remote|remote[- ]first|remote (?:role|position)|on-?site (?:role|position))\b"#
    )

    func locationType() -> Evidence<String>? {
        for label in Labels.locationType {
            if let (value, range) = labelled([label], where: { Self.arrangement($0) != nil }),
                let kind = Self.arrangement(value)
            {
                return evidence(kind, keywordRange(in: range, for: kind) ?? range)
            }
        }
        // A header line that starts with the arrangement: "Remote (United States)".
        for line in document.lines.prefix(10) where !line.isListItem && line.text.split(separator: " ").count <= 8 {
            if let match = text.firstMatch(Self.arrangementStart, in: line.range),
                let kind = Self.arrangement(match.string)
            {
                return evidence(kind, match.range)
            }
        }
        for line in document.ordinaryLines {
            if let match = text.firstMatch(Self.arrangementPhrase, in: line.range),
                let kind = Self.arrangement(match.string)
            {
                return evidence(kind, match.range)
            }
        }
        return nil
    }

    private static let arrangementStart = regex(#"^(?:fully remote|remote|hybrid|on-?site)\b"#)

    /// The words that give each kind, for the evidence span ("Hybrid" in "Hybrid (three days…)").
    private static let kindWords: [String: NSRegularExpression] = [
        "hybrid": #"hybrid|híbrido|hybride"#,
        "on-site": #"on-?site|on site|in[- ]office|office[- ]based|presencial"#,
        "remote": #"(?:fully |100% )?remote(?: eligible)?|remoto|work from home"#,
        "full-time": #"full[- ]?time|tiempo completo|vollzeit|temps plein"#,
        "part-time": #"part[- ]?time|medio tiempo|teilzeit|temps partiel"#,
        "contract": #"contract(?:or)?|fixed[- ]term|temporal contract|freelance"#,
        "internship": #"intern(?:ship)?|prácticas|praktikum|stage"#,
        "temporary": #"temporary|temp|seasonal"#,
    ].mapValues { regex("\\b(?:\($0))\\b") }

    /// The span of the word that gave `kind` inside `range`.
    func keywordRange(in range: Range<Int>, for kind: String) -> Range<Int>? {
        Self.kindWords[kind].flatMap { text.firstMatch($0, in: range) }.map(\.range)
    }

    /// Employment types in the order they are reported, each with the words that state it.
    private static let employmentWords: [(kind: String, regex: NSRegularExpression)] = [
        ("full-time", regex(#"\bfull[- ]?time\b|tiempo completo|vollzeit|temps plein"#, [])),
        ("part-time", regex(#"\bpart[- ]?time\b|medio tiempo|teilzeit|temps partiel"#, [])),
        ("contract", regex(#"\bcontract(or)?\b|\bfixed[- ]term\b|\bfreelance\b"#, [])),
        ("internship", regex(#"\bintern(ship)?\b|prácticas|praktikum"#, [])),
        ("temporary", regex(#"\btemporary\b|\btemp\b|\bseasonal\b"#, [])),
    ]

    static func employmentKinds(_ value: String) -> [String] {
        let lowered = value.lowercasedFast()
        return employmentWords.filter { $0.regex.matches(lowered) }.map(\.kind)
    }

    private static let employmentStart = regex(#"^(?:full[- ]?time|part[- ]?time|contract|internship|temporary)\b"#)
    private static let employmentPhrase = regex(
        #"\b(?:this|the)\s+(?:is\s+an?\s+|role\s+is\s+an?\s+)?(full[- ]time|part[- ]time|contract|temporary|internship)\s+(?:position|role|job|opportunity|contract)\b"#
    )

    func employmentTypes() -> [Evidence<String>] {
        var found: [Evidence<String>] = []
        for label in Labels.employment {
            guard let (value, range) = labelled([label], where: { !Self.employmentKinds($0).isEmpty && $0.count <= 60 })
            else { continue }
            for kind in Self.employmentKinds(value) where !found.contains(where: { $0.value == kind }) {
                found.append(evidence(kind, keywordRange(in: range, for: kind) ?? range))
            }
        }
        // A short header line that starts with the type: "Internship · 12 weeks", "Full-time".
        if found.isEmpty {
            for line in document.lines.prefix(10) where !line.isListItem && line.text.split(separator: " ").count <= 6 {
                guard let match = text.firstMatch(Self.employmentStart, in: line.range) else { continue }
                for kind in Self.employmentKinds(match.string) where !found.contains(where: { $0.value == kind }) {
                    found.append(evidence(kind, match.range))
                }
            }
        }
        if found.isEmpty {
            for line in document.ordinaryLines {
                if let match = text.firstMatch(Self.employmentPhrase, in: line.range), let range = match.range(1) {
                    for kind in Self.employmentKinds(text.text(range))
                    where !found.contains(where: { $0.value == kind }) {
                        found.append(evidence(kind, range))
                    }
                }
            }
        }
        return found
    }
}
