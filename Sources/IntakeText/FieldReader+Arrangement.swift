import Foundation
import IntakeCore

extension FieldReader {
    // MARK: - Work arrangement and employment type

    /// The work arrangement a text states: a phrase of ``arrangementPhrases`` first ("remote
    /// work is not an option" is on-site), then a yes or no under a remote key ("Work Remotely:
    /// Yes"), then the words alone ("Hybrid", "Onsite preferable / limited remote").
    static func arrangement(_ value: String) -> String? {
        let lowered = value.lowercasedFast()
        for (kind, phrase) in arrangementPhrases where phrase.mayMatch(lowered) && phrase.regex.matches(lowered) {
            return kind
        }
        if let match = lowered.firstRange(of: remoteAnswer) {
            let answer = lowered[match].split(whereSeparator: { !$0.isLetter }).last.map(String.init) ?? ""
            return ["no", "nein", "non", "não", "nej", "nei"].contains(answer) ? "on-site" : "remote"
        }
        if namesHybrid(lowered) { return "hybrid" }
        if onSiteWords.matches(lowered) { return "on-site" }
        if remoteWords.matches(lowered), !negation.matches(lowered) { return "remote" }
        return nil
    }

    /// Whether lower-cased text has the word "hybrid" in one of its languages' forms.
    static func namesHybrid(_ lowered: String) -> Bool {
        lowered.contains("hybrid") || lowered.contains("híbrido") || lowered.contains("ibrido")
    }

    private static let onSiteWords = regex(
        #"\b(on-?site|on site|in[- ]office|office[- ]based|presencial|sur site|vor ort|in person|in sede)\b"#,
        []
    )
    private static let remoteWords = regex(
        #"\b(remote|remoto|télétravail|work from home|wfh|telecommute|telework|virtual)\b"#,
        []
    )
    private static let negation = regex(#"^(no|not|non)\b"#, [])
    private static let remoteAnswer = regex(
        #"^(?:remote|work remotely|remote work|remote ok|telework|telecommute|homeoffice|home office|mobiles arbeiten|télétravail|teletrabajo)\s*[:?=]?\s*["']?(?:yes|true|ja|oui|sí|si|sim|ja|no|false|nein|non|não|nej|nei)\b"#,
        []
    )

    /// Sentences and phrases that state an arrangement, in the languages postings use, each
    /// with its kind; matched on lower-cased text. The first that matches a text decides it.
    static let arrangementPhrases: [(String, GuardedExpression)] = [
        (
            "on-site",
            #"remote work is not (?:an option|possible|available)|\bno remote\b|\bnot (?:a )?remote\b|kein(?:e)? (?:homeoffice|remote)|#li-on-?site\b"#
        ),
        (
            "hybrid",
            #"#li-hybrid\b|\(hybrid\)|\bhybrid (?:role|position|schedule|working|work|model|arrangement|workplace|options?|setup|team|job)\b|modelo h[ií]brido|\(h[ií]brido\)|travail hybride|mode hybride|hybrides arbeiten|arbeiten hybrid|en mode hybride|home-?office oder (?:in )?(?:unserem|im|einem) büro|remote möglich|télétravail (?:est )?(?:partiel|possible|occasionnel)|télétravaill\w* (?:souvent|régulièrement|partiellement|occasionnellement)|teilweise remote|möglichkeit,? (?:zum |im |von )?(?:home[- ]?office|mobile[ns]? arbeit|zu ?hause|remote)|(?:home[- ]?office|remote[- ]arbeit(?:en)?|mobiles arbeiten)(?: (?:ist|sind))? (?:auch )?möglich|regelmäßigen? besuche\w* im büro|\bregular (?:visits to|days in|presence in) (?:the |our )?office|\bremote or (?:from |in |at )?(?:one of )?our offices?\b|remote oder (?:von |in |an )?(?:einem |einer )?(?:unserer |unseren |unserem )?(?:büro|standort)|\#(scheduleWords)"#
        ),
        (
            "remote",
            #"#li-remote\b|\b(?:positions?|roles?|jobs?|this (?:position|role|job)) (?:is|are) (?:fully |100% )?remote\b|\b(?:fully|100%|all|full)[- ]remote\b|\bremote[- ](?:first|only|position|role|job|working|setup|team|opportunity|eligible)\b|\bwork(?:ing)? remotely\b|\bwork from (?:home|anywhere)\b|\bfrom anywhere in\b|de n['’]importe où|(?:depuis|de) chez (?:vous|soi)|von überall|desde cualquier lugar|\bor (?:at )?(?:their|your) home\b|,? or remote\b|\bcan live anywhere\b|\btelework|\btelecommut|\bvirtual (?:position|role)\b|travail(?:lent|ler)? (?:principalement |essentiellement )?à distance|\b100 ?% télétravail|télétravail complet|télétravail par défaut|\bda remoto\b|\btrabajo remoto\b|\btrabalho remoto\b|\bvaga (?:100% )?remota\b|\bwork(?:ing)? distributedly\b|\b(?:fully|entirely|100%) distributed (?:team|company|organi[sz]ation)\b|travaill\w* (?:en grande partie |principalement )?de manière distribuée|équipe (?:entièrement )?décentralisée"#
        ),
        (
            "on-site",
            #"\bon-?site (?:full-time |part-time )?(?:position|role|work|employment|coder|only|job)\b|\bbased (?:in|at) our [\p{L} ]{2,30} office\b|\bon the road\b|\bin-person (?:role|position|work)\b|\b(?:requires? you|required|expected) to (?:work|be (?:based|located|stationed|present)|report) (?:in|at|from|on) (?!home|a remote)|\bwork from (?:the|our|a|new|one of our) (?:[\p{L}-]+ )?office\b|\bpresent (?:in the office )?on a daily basis\b"#
        ),
    ].enumerated().map { index, phrase in
        (phrase.0, GuardedExpression(lowercased: phrase.1, words: arrangementWords[index]))
    }
    /// A schedule that mixes office and remote days: "2 days a week in the office", "télétravailler
    /// jusqu'à 2 jours par semaine", "one week a month on site". More specific than a board's
    /// "Remote" badge, so it weighs more than other phrases (``locationType()``).
    static let scheduleWords =
        #"\b(?:\d+|one|two|three|four) days? (?:a|per) week (?:in|at|from) (?:the |our )?(?:office|home)\b|\bup to (?:\d+|one|two|three) days? (?:a|per) week (?:remote(?:ly)?|from home|working from home)\b|\bweeks? a month on[- ]?site\b|télétravail\w* (?:jusqu['’]à |de |à )?\d+ jours?|\b\d+ jours? (?:de télétravail|télétravaillés|en télétravail)|\b\d+(?:[-–]\d+)? tage?n? (?:in der|pro|die) woche (?:im |in |aus dem )?(?:home[- ]?office|remote|mobil)"#
    static let hybridSchedule = GuardedExpression(
        lowercased: scheduleWords,
        words: ["days a week", "days per week", "day a week", "day per week", "a month on", "travail", "woche"]
    )

    /// The words every match of each of ``arrangementPhrases`` contains, in its order.
    static let arrangementWords: [[String]] = [
        ["remote", "homeoffice"],
        [
            "hybrid", "brido", "office", "site", "remote", "travail", "hause", "mobil", "days a week", "days per week",
            "day a week", "day per week", "besuche",
        ],
        [
            "remote", "remoto", "remota", "work from", "anywhere", "telework", "telecommut", "virtual", "travail",
            "importe",
            "chez", "berall", "cualquier", "their home", "your home", "distribu", "décentralisée",
        ],
        [
            "site", "office", "on the road", "in-person", "required to", "require you", "requires you", "expected to",
            "daily basis",
        ],
    ]

    func locationType() -> Evidence<String>? {
        var ballot = Ballot<String>()
        func add(_ range: Range<Int>, _ score: Double, _ rule: String) {
            guard let kind = Self.arrangement(text.text(range)) else { return }
            ballot.add(kind, range, score: score, rule: rule)
        }
        for (entry, strength) in fields.entries(for: .arrangement) {
            // "Work Remotely: Yes" is read as a whole line; "Workplace type: Hybrid" by its value.
            let answer = text.firstMatch(Self.remoteAnswerLine, in: entry.line) != nil
            add(answer ? entry.line : entry.value, score(entry, strength), "field")
        }
        for (entry, _) in fields.entries(for: .location) { add(keywordSpan(entry.value), 0.8, "location field") }
        for label in Labels.locationType {
            if let (_, range) = labelled([label], where: { Self.arrangement($0) != nil }) {
                add(keywordSpan(range), 0.85, "label")
            }
        }
        // The opening lines: "Remote (United States)", "🌎 remote,Krakow", "[Remoto] Developer",
        // a segment of "Acme | Engineer | ONSITE".
        for segments in pipeHeaders() {
            for segment in segments { add(segment, 0.75, "segment") }
        }
        for line in document.lines.prefix(max(10, fields.headerEnd + 4))
        where !line.isListItem && line.text.split(separator: " ").count <= 12 && FieldLine.split(line.text) == nil {
            for match in text.matches(Self.arrangementStart, in: line.range) { add(match.range, 0.7, "opening") }
        }
        for line in document.ordinaryLines {
            // A line that is the arrangement: "- Remoto", "Remote, Canada".
            if Self.mayBeArrangementLine(line.content),
                let match = text.firstMatch(Self.arrangementLine, in: line.contentRange)
            {
                add(match.range(1) ?? match.range, 0.65, "line")
            }
            // Phrases in the order they stand in the line (on the few lines that can hold one).
            let loweredLine = line.text.lowercasedFast()
            guard Self.arrangementPhrases.contains(where: { $0.1.mayMatch(loweredLine) }) else { continue }
            let lowered = ScalarText(loweredLine)
            let found = Self.arrangementPhrases.compactMap { lowered.firstMatch($0.1)?.range }
            for range in found.sorted(by: { $0.lowerBound < $1.lowerBound }) {
                let span = (line.range.lowerBound + range.lowerBound)..<(line.range.lowerBound + range.upperBound)
                // A schedule, or the word "hybrid" in a sentence, is more specific than a board's
                // one-word "Remote" badge (boards list hybrid jobs as remote).
                let schedule = lowered.firstMatch(Self.hybridSchedule, in: range) != nil
                let hybrid = Self.namesHybrid(lowered.text(range))
                add(span, schedule || hybrid ? 0.72 : 0.6, schedule ? "schedule" : "phrase")
            }
        }
        return ballot.winner(key: { $0 }).map { evidence($0.value, $0.range) }
    }

    private static let arrangementLine = regex(
        #"^(fully remote|remote|remoto|hybrid|h[ií]brido|hybride|on-?site|presencial|télétravail|full remote)(?:\s*[,(–/-].{0,40})?$"#
    )
    /// Whether a line can match ``arrangementLine``: it starts with one of its words, up to
    /// case (most lines are sentences, and the expression was run on each of them).
    static func mayBeArrangementLine(_ line: String) -> Bool {
        guard line.count <= 60 else { return false }
        let head = line.prefix(12).lowercasedFast()
        return arrangementLineWords.contains { head.hasPrefix($0) }
    }

    /// The starts of ``arrangementLine``'s words ("hybrid" also starts "hybride").
    private static let arrangementLineWords = [
        "fully remote", "full remote", "remot", "hybrid", "híbrido", "hibrido", "on-site", "onsite", "presencial",
        "télétravail",
    ]
    private static let remoteAnswerLine = regex(
        #"^(?:remote|work remotely|remote work|remote ok|telework|telecommute|homeoffice|home office|mobiles arbeiten|télétravail|teletrabajo)\s*[:=]"#
    )

    /// The span of the arrangement words in `range` ("Remote" in "Remote (United Kingdom)"),
    /// or `range` itself.
    private func keywordSpan(_ range: Range<Int>) -> Range<Int> {
        guard let kind = Self.arrangement(text.text(range)), let word = keywordRange(in: range, for: kind),
            Self.arrangement(text.text(word)) == kind
        else { return range }
        return word
    }

    /// An arrangement word opening a line or a part of one: "Remote (Canada)", "🌎 remote,Krakow",
    /// "[Remoto] …", "TELECOMMUTE Mexico City".
    private static let arrangementStart = regex(
        #"(?:^|(?<=[^\p{L}\s]\s?)|(?<=^\S{1,4}\s))(?:fully remote|remote|hybrid|on-?site|telecommute|remoto|h[ií]brido|presencial|hybride|télétravail)\b"#
    )

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
