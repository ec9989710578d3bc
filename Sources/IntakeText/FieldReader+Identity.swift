import Foundation
import IntakeCore

extension FieldReader {
    // MARK: - Scores

    /// The score of a "key: value" line: its key's strength, a little more in the opening block.
    func score(_ entry: PostingFields.Entry, _ strength: Double) -> Double {
        strength * (entry.inHeader ? 0.95 : 0.85)
    }

    // MARK: - Identifier

    private static let identifierToken = regex(#"[A-Za-z0-9][A-Za-z0-9_\-/.#]*\d[A-Za-z0-9_\-/.]*"#)
    /// "REFERENCE NO. 2055/1111", "Job ID 4411", "Job ref 312519", "quote reference 1130132",
    /// "Kennziffer 12/2024" inside a line.
    private static let identifierPhrase = regex(
        #"\b(?:(?:reference|ref\.?|job|requisition|req\.?|vacancy|position|posting)\s*(?:no\.?|number|nr\.?|#|id)|job ref(?:erence)?\b\.?|(?:quot(?:e|ing)|using|cit(?:e|ing)) (?:the )?(?:job |vacancy )?(?:reference|ref\b\.?)|kennziffer|referenznummer|aktenzeichen)\s*[:.#]?\s*([A-Z0-9][A-Z0-9_\-/.]*\d[A-Z0-9_\-/]*)"#
    )

    func identifier() -> Evidence<String>? {
        var ballot = Ballot<String>()
        for (entry, strength) in fields.entries(for: .identifier) where entry.value.count <= 40 {
            guard let token = text.firstMatch(Self.identifierToken, in: entry.value) else { continue }
            ballot.add(text.text(tidy(token.range)), tidy(token.range), score: score(entry, strength), rule: "field")
        }
        if let (_, range) = labelled(
            Labels.identifier,
            where: { value in value.count <= 40 && value.contains(where: \.isNumber) }
        ), let token = text.firstMatch(Self.identifierToken, in: range) {
            ballot.add(text.text(tidy(token.range)), tidy(token.range), score: 0.85, rule: "label")
        }
        for line in document.ordinaryLines.prefix(60) {
            if let match = text.firstMatch(Self.identifierPhrase, in: line.contentRange), let range = match.range(1) {
                ballot.add(text.text(tidy(range)), tidy(range), score: 0.75, rule: "phrase")
            }
        }
        return ballot.winner(key: { $0 }).map { evidence($0.range) }
    }

    // MARK: - Dates

    static let postedPhrase = GuardedExpression(
        #"\b(?:posted|published|publié|veröffentlicht|publicado|pubblicato|(?:job |position |role )?open(?:ed)? (?:as of|since))\b(?:\s+(?:on|le|am|el|em|il))?\s*:?\s*"#,
        words: ["posted", "published", "publi", "pubbli", "ffentlicht", "open"]
    )
    /// "Opening and closing period for this job application: … to …", "Bewerbungszeitraum: … bis …":
    /// one label for both dates.
    static let periodPhrase = GuardedExpression(
        #"\b(?:opening and closing (?:period|dates?)|(?:application|posting|advertis(?:ing|ement)|announcement) (?:period|window)|open period|bewerbungszeitraum|ausschreibungszeitraum|période de (?:candidature|publication)|periodo de (?:postulación|convocatoria|inscripción)|periodo di candidatura)\b(?:[^:]{0,40}:|\s+for (?:this |the )?(?:job )?application\b)\s*"#,
        words: ["period", "closing", "window", "zeitraum", "riode", "periodo"]
    )
    static let closingPhrase = GuardedExpression(
        #"\b(?:apply (?:by|before)|applications? (?:close|closes|are due|due|must be received|should be received|will be accepted until|will close|must be submitted|should be submitted|should be sent|must be sent)(?: on| by| before)?|(?:received|submitted|sent|returned) (?:no later than|on or before|by|before)|no later than|prior to|closing date(?: for applications)?(?: is)?|deadline(?: for applications)?(?: is)?|review of applications (?:begins|will begin)(?: on)?|(?:review|accept|consider)(?:ing)? applications (?:on a rolling basis )?until|(?:is |are )?(?:open|accepting applications|accepted) (?:for applications )?(?:until|through)|bewerbungsschluss(?: ist)?|bewerbungsfrist|bis (?:zum|spätestens)|jusqu'au|jusqu’au|avant le|date limite(?: de candidature)?(?: est)?|hasta el|fecha límite|entro il|senast)\s*:?\s*(?:(?:on|the|le|el|den|am)\s+)?"#,
        words: [
            "apply", "application", "received", "submitted", "sent", "returned", "no later than", "prior to",
            "closing date",
            "deadline", "open", "accepting", "accepted", "bewerbungs", "bis ", "jusqu", "avant le", "date limite",
            "hasta el", "fecha l", "entro il", "senast",
        ]
    )
    /// A time of day before a date ("11:59pm ET on Thursday, …", "5 P.M. on …"); the time zone
    /// is upper case only, so that it is not a word.
    private static let timeOfDay = regex(
        #"^(?:\d{1,2}:\d{2}\s*(?i:[ap]\.?m\.?)?|\d{1,2}\s*(?i:[ap]\.?m\.?)|(?i:midnight|noon))\s+(?:[A-Z]{2,4}\s+)?(?i:on\s+)?"#,
        []
    )
    private static let weekday = regex(
        #"^(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+|^(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche),?\s+"#
    )

    /// The posting or closing date: from "key: value" lines, labels, phrases ("applications
    /// should be received by 9 May 2024"), and — for the posting date — a date alone on one of the
    /// first lines.
    func date(_ field: PostingFields.Field) -> Evidence<String>? {
        var ballot = Ballot<DateParser.Found>()
        // A hard-wrapped line goes on in the next ("… to October 6,\n2021 at 11:59 pm"): a date
        // after a phrase is looked for in both.
        let lineAt = Dictionary(document.lines.map { ($0.range.lowerBound, $0) }, uniquingKeysWith: { a, _ in a })
        func wrappedEnd(_ line: PostingDocument.Line) -> Int {
            guard let next = lineAt[line.range.upperBound + 1], !next.isListItem, !next.text.isEmpty else {
                return line.range.upperBound
            }
            return next.range.upperBound
        }
        for (entry, strength) in fields.entries(for: field) {
            guard let found = dates.firstDate(in: text, range: entry.value) else { continue }
            // "date: Applications are reviewed from 1 May…" is prose under a date key.
            let lead = found.range.lowerBound - entry.value.lowerBound
            ballot.add(found, found.range, score: score(entry, strength) - (lead > 12 ? 0.25 : 0), rule: "field")
        }
        let labels = field == .posted ? Labels.posted : Labels.closing
        if let (_, range) = labelled(labels, where: { dates.parse($0) != nil }),
            let found = dates.firstDate(in: text, range: range)
        {
            ballot.add(found, found.range, score: 0.85, rule: "label")
        }
        // "Posted 3 days ago", "Apply by April 30, 2026" inside a sentence.
        let phrase = field == .posted ? Self.postedPhrase : Self.closingPhrase
        for line in document.ordinaryLines {
            for match in text.matches(phrase, in: line.range) {
                let end = wrappedEnd(line)
                var start = match.range.upperBound
                if let time = text.firstMatch(Self.timeOfDay, in: start..<min(end, start + 30)) {
                    start = time.range.upperBound
                }
                let window = start..<min(end, start + 60)
                if let day = text.firstMatch(Self.weekday, in: window) { start = day.range.upperBound }
                let after = start..<min(end, start + 40)
                if let found = dates.firstDate(in: text, range: after), found.range.lowerBound == after.lowerBound {
                    ballot.add(found, found.range, score: 0.7, rule: "phrase")
                }
            }
        }
        // "Opening and closing period …: 8:00am on Monday, December 17, 2018 EDT to 8:00pm on
        // Friday, December 21, 2018 EDT": the first date opens, the second closes.
        for line in document.ordinaryLines {
            guard let match = text.firstMatch(Self.periodPhrase, in: line.range) else { continue }
            var rest = match.range.upperBound..<wrappedEnd(line)
            var found: [DateParser.Found] = []
            while found.count < 2, let date = dates.firstDate(in: text, range: rest) {
                found.append(date)
                rest = date.range.upperBound..<rest.upperBound
            }
            if found.count == 2, found[0].date <= found[1].date {
                let chosen = field == .posted ? found[0] : found[1]
                ballot.add(chosen, chosen.range, score: 0.8, rule: "period")
            }
        }
        if field == .posted {
            // "2020-11-12" alone on one of the first lines, as a job page prints its date.
            for line in document.lines.prefix(fields.headerEnd + 4) where !line.isListItem {
                if let found = dates.firstDate(in: text, range: line.range), found.range == tidy(line.range) {
                    ballot.add(found, found.range, score: 0.55, rule: "date line")
                }
            }
        }
        return ballot.winner(key: { $0.date.description }).map {
            evidence($0.value.date.description, $0.value.range)
        }
    }

    // MARK: - Title and organisation

    /// The nouns that name a job ("engineer", "entwickler" …); a title names one.
    static let jobNouns: [String] = [
        "engineer", "developer", "scientist", "analyst", "manager", "architect", "designer", "director", "lead",
        "specialist", "consultant", "administrator", "officer", "associate", "intern", "president", "head",
        "coordinator", "representative", "technician", "researcher", "advisor", "adviser", "accountant", "auditor",
        "programmer", "strategist", "owner", "partner", "principal", "fellow", "fellowship", "assistant",
        "executive", "trader", "banker", "underwriter", "actuary", "writer", "editor", "recruiter", "nurse",
        "teacher", "operator", "supervisor", "agent", "clerk", "controller", "economist", "statistician", "modeler",
        "modeller", "professor", "lecturer", "lecturing", "postdoc", "postdoctoral", "trainee", "apprentice",
        "devops", "ingeniero", "ingeniera", "científico", "desarrollador", "desarrolladora", "programador",
        "analista", "ingénieur", "ingénieure", "développeur", "développeuse", "chargé", "chargée", "chef",
        "responsable", "concepteur", "conceptrice", "stagiaire", "entwickler", "entwicklerin", "mitarbeiter",
        "mitarbeiterin", "referent", "referentin", "leiter", "leiterin", "praktikum", "praktikant", "werkstudent",
        "desenvolvedor", "sviluppatore", "funzionario", "ricercatore", "sjuksköterska", "utvecklare", "leader",
        "expert", "dev", "qa", "sdet", "sre",
    ]
    /// German nouns that end compounds ("Applikationsentwickler", "Projektleiterin").
    static let jobNounEndings: [String] = [
        "entwickler", "leiter", "referent", "berater", "manager", "ingenieur", "mitarbeiter", "architekt",
        "administrator", "techniker", "informatiker", "sachbearbeiter", "assistent", "koordinator", "designer",
        "analyst",
    ]
    static let jobNoun = GuardedExpression(
        #"\b("# + jobNouns.joined(separator: "|") + #")s?\b|(?:"# + jobNounEndings.joined(separator: "|")
            + #")(?:in(?:nen)?|\*in|:in|_in|/in)?\b"#,
        words: (jobNouns + jobNounEndings).filter { $0.utf8.allSatisfy { $0 < 0x80 } }
    )
    static let titleSentence = GuardedExpression(
        #"\bthe\s+(.{3,80}?)\s+is\s+an?\s+(?:\w+[- ])?level\s+position\b"#,
        words: ["level"]
    )
    static let boardHeader = GuardedExpression(
        #"^(interested in|apply now|apply|save|share|skills & technologies|view all|back to|all open jobs|all jobs|open positions|alle stellenanzeigen|alle stellen|toutes les offres|home\b|jobs$|careers$)"#,
        words: [
            "interested in", "apply", "save", "share", "skills", "view all", "back to", "jobs", "open positions",
            "alle stellen", "toutes les offres", "home", "careers",
        ]
    )
    /// "… position available for a Research Associate who …", "is seeking a Senior Engineer to …",
    /// "We are looking for a DevOps engineer", "invites applications for a …", "Wir suchen einen …",
    /// "recherche un·e …".
    static let titlePhrase = GuardedExpression(
        #"(?:\b(?:position|vacancy|opening|opportunity) available for an?|\b(?:is|are) (?:seeking|looking for|hiring|recruiting)(?: for)?(?: an?| two| three)?|\binvites applications for (?:an?|two|three)|\bwir suchen(?: ab sofort| zum nächstmöglichen zeitpunkt)?(?: eine?n?/?n?| eine/n| einen/eine)|\b(?:recherchons?|recrute|recrutons) (?:un[·⋅]e|une?|des))\s+\#(gradePrefix)(?:(?:full-time|part-time|new|talented|motivated|experienced|passionate)\s+)?(.{3,70}?)(?=\s+(?:to|who|with|for|that|in|at|zur|für|pour|qui|à)\b|[,.;:(]|$)"#,
        words: [
            "available for", "seeking", "looking for", "hiring", "recruiting", "invites applications", "wir suchen",
            "recherch", "recrut",
        ]
    )
    /// A title with an emoji before it, an exclamation after it, or a French indefinite article
    /// (lower case, so "UN Volunteer" keeps its "UN").
    private static let decoratedTitle = regex(
        #"^(?:[\p{So}\p{Sk}\x{FE0F}\x{200D}]+\s*)*(?<article>(?-i:une ou un|un ou une|un[·⋅.]e|une|un)\s+)?(?<title>.+?)(?:\s*!+)?$"#,
        []
    )
    /// A title's parts: "Back-end Developer @ Acme", "Acme: Data Analyst", "Acme is hiring a …".
    private static let atOrganization = regex(#"^(.+?)\s*@\s*([^@\-–|(]+?)(?=\s+[-–|(]|\s*$)"#, [])
    private static let organizationColon = regex(#"^([^:]{2,60}):\s+(\S.*)$"#, [])
    /// The articles a hiring sentence puts before the title, gendered forms included: "a",
    /// "our next", "eine:n", "ein*e", "un⋅e", "une".
    static let titleArticle =
        #"(?:an?|the|our next|our|a new|new|eine?n?|eine?[:*/_](?:n|r|e)|ein[:*/_]e|eine/n|einen/eine|eine?\(n\)|ein\(e\)|un(?:[⋅·.•\-/]e|\(e\))|une?|des|una?|um|uma)"#
    /// The verbs of "Acme is hiring …", "Die OKF sucht …", "commit42 recrute …", "Engel Lab hiring …".
    static let hiringVerb =
        #"(?:(?:is|are)\s+(?:now\s+)?(?:hiring|recruiting|seeking|looking for|searching for)|hiring|seeks|sucht|suchen|recrute|recrutent|recherche|recherchent|busca|buscan|procura|cerca|zoekt|söker|søker)"#
    /// A pay grade written before a title: "GS-14 - Content Strategist".
    static let gradePrefix = #"(?:[A-Z]{1,3}-?\d{1,2}\s*[-–:]\s*)?"#
    static let hiringSentence = GuardedExpression(
        #"^(?:(?:Die|Der|Das|The|La|Le|L'|El|Il)\s+)?(.{2,60}?)\s+\#(hiringVerb)(?:\s+(?:for|nach))?(?:\s+\#(titleArticle)){0,2}\s+\#(gradePrefix)(.+?)(?:\s+(?:to|who|with|that|in|at|for|à|au|zur|zum|für|pour|para|per)\s.*|[,.;:!?](?:\s.*)?|\s*\(.*)?$"#,
        words: [
            "hiring", "recruiting", "seeking", "looking for", "searching for", "seeks", "sucht", "suchen", "recrute",
            "recherche", "busca", "procura", "cerca", "zoekt",
        ]
    )
    /// "Hiring our next Community Manager", "We're hiring: Data Engineer".
    static let hiringHeadline = GuardedExpression(
        #"^(?:now\s+)?(?:we(?:'re| are)\s+)?hiring:?(?:\s+\#(titleArticle))?\s+(.+?)(?:[,.;:!?](?:\s.*)?|\s*\(.*)?$"#,
        words: ["hiring"]
    )
    static let boardSuffix = GuardedExpression(
        #"\s+[-–|]\s+(?:vaga de emprego|job offer|stellenangebot|offre d'emploi|oferta de empleo|offerta di lavoro|jobs?|careers?)$"#,
        words: [
            "vaga de emprego", "job", "stellenangebot", "offre d'emploi", "oferta de empleo", "offerta di lavoro",
            "career",
        ]
    )

    /// A title value made ready: a Markdown link's text, without a "[City]" tag in front or a job
    /// board's " - Vaga de Emprego" after; and the organisation it names, if any.
    func titleParts(_ range: Range<Int>) -> (title: Range<Int>, organization: Range<Int>?, sentence: Bool) {
        var range = tidy(range)
        // "[Mid Software Engineer II](https://…)": a Markdown link's text.
        var value = text.text(range)
        if value.hasPrefix("["), let close = value.range(of: "](", options: .backwards), value.hasSuffix(")") {
            let length = value[value.index(after: value.startIndex)..<close.lowerBound].unicodeScalars.count
            range = tidy((range.lowerBound + 1)..<(range.lowerBound + 1 + length))
            value = text.text(range)
        }
        // "[Porto Alegre] Back-end Developer", "[SKY] Test Engineer": a tag in front.
        if value.hasPrefix("["), let close = value.firstIndex(of: "]") {
            let prefix = value[...close].unicodeScalars.count
            if prefix + 3 < range.count { range = tidy((range.lowerBound + prefix)..<range.upperBound) }
        }
        // "😍 Responsable Communication … !", "une ou un business developer": a board's role
        // field with an emoji before it, an exclamation after it, or the article of the sentence
        // it was cut from (the title then starts in lower case, as in a hiring sentence).
        var article = false
        if let match = text.firstMatch(Self.decoratedTitle, in: range), let inner = match.range("title"),
            inner != range, inner.count >= 3
        {
            article = match.range("article") != nil
            range = tidy(inner)
        }
        if let suffix = text.firstMatch(Self.boardSuffix, in: range) {
            range = tidy(range.lowerBound..<suffix.range.lowerBound)
        }
        // Two of the next expressions need a character: "@", then ":".
        let tidied = text.text(range)
        if tidied.contains("@"), let match = text.firstMatch(Self.atOrganization, in: range),
            let title = match.range(1),
            let organization = match.range(2)
        {
            return (tidy(title), tidy(organization), false)
        }
        if let match = text.firstMatch(Self.hiringSentence, in: range), let organization = match.range(1),
            let title = match.range(2)
        {
            // "Wir suchen …": a pronoun is not an organisation.
            let named =
                Self.notNames.contains(text.text(tidy(organization)).lowercasedFast()) ? nil : tidy(organization)
            return (tidy(title), named, true)
        }
        if let match = text.firstMatch(Self.hiringHeadline, in: range), let title = match.range(1) {
            return (tidy(title), nil, true)
        }
        if article { return (range, nil, true) }
        if tidied.contains(":"), let match = text.firstMatch(Self.organizationColon, in: range),
            let organization = match.range(1),
            let title = match.range(2), text.firstMatch(Self.jobNoun, in: title) != nil,
            text.text(organization).split(separator: " ").count <= 8
        {
            return (tidy(title), tidy(organization), false)
        }
        return (range, nil, false)
    }

    /// The title, and an organisation the chosen title names ("… @ Acme").
    func titleAndOrganization() -> (Evidence<String>?, Range<Int>?) {
        var ballot = Ballot<(Range<Int>, Range<Int>?)>()
        func add(_ range: Range<Int>, _ score: Double, _ rule: String, anyCase: Bool = false, maxLength: Int = 110) {
            let (title, organization, sentence) = titleParts(range)
            let hasNoun = text.firstMatch(Self.jobNoun, in: title) != nil
            // A phrase's title may be in lower case ("is seeking a designer"), when it names a job.
            guard Self.isTitleLike(text.text(title), anyCase: (anyCase || sentence) && hasNoun, maxLength: maxLength)
            else { return }
            let noun = hasNoun ? 0.03 : 0
            ballot.add((title, organization), title, score: score + noun, rule: rule)
        }
        // A field says it is the title: a long one is still the title ("Wissenschaftliche
        // Mitarbeiterin / … für das Spitzenforschungsprojekt SeRANIS").
        for (entry, strength) in fields.entries(for: .title) {
            // A page's title that names no job ("Devenir coopérateur", "Careers") is weaker
            // than a line of the text that does.
            let names = text.firstMatch(Self.jobNoun, in: entry.value) != nil
            // A "Job Title:" line deep in a long page is a details block's official title ("Job
            // Title: IT Specialist" under the advertised "Content Strategist"), weaker than the top's.
            let deep = !entry.inHeader && entry.line.lowerBound > text.count / 3 && text.count > 4000
            add(entry.value, score(entry, strength) - (names ? 0 : 0.3) - (deep ? 0.17 : 0), "field", maxLength: 160)
        }
        // "Citadel | Data Engineer | Chicago; New York | ONSITE": a header line of segments.
        for segments in pipeHeaders() {
            if let title = segments.first(where: { text.firstMatch(Self.jobNoun, in: $0) != nil }) {
                add(title, 0.72, "segment")
            }
        }
        if let (_, range) = labelled(Labels.title, where: { Self.isTitleLike($0) }) {
            // A "Job Title:" deep in a long page is a details block's official title ("Job Title:
            // IT Specialist" under the advertised "Content Strategist"): weaker than the top's.
            let deep = range.lowerBound > text.count / 3 && text.count > 4000
            add(range, deep ? 0.68 : 0.85, "label")
        }
        // The first short lines after any header block: one that names a job, or the very first.
        var position = 0
        for index in openingLines().prefix(12) {
            let line = document.lines[index]
            guard !line.isListItem, !document.isBoilerplate(line) else { continue }
            defer { position += 1 }
            let candidate = line.text
            guard text.firstMatch(Self.boardHeader, in: line.range) == nil,
                SectionVocabulary.kind(of: candidate) == nil,
                FieldLine.split(candidate) == nil || candidate.hasPrefix("["),
                dates.firstDate(in: text, range: line.range)?.range != tidy(line.range)
            else { continue }
            if text.firstMatch(Self.jobNoun, in: line.range) != nil {
                add(line.range, 0.7 - 0.01 * Double(position), "first lines")
            } else if position == 0 && TextNormalizer.looksLikeHeading(text.text(titleParts(line.range).title)) {
                add(line.range, 0.5, "first line")
            }
        }
        // "The Gen AI-ML Engineer is an intermediate level position".
        for line in document.ordinaryLines {
            if let match = text.firstMatch(Self.titleSentence, in: line.range), let range = match.range(1) {
                add(range, 0.6, "sentence")
            }
        }
        for line in document.ordinaryLines.prefix(15) {
            if let match = text.firstMatch(Self.titlePhrase, in: line.contentRange), let range = match.range(1) {
                add(range, 0.5, "phrase", anyCase: true)
            }
        }
        guard let winner = ballot.winner(key: { text.text($0.0).lowercasedFast() }) else { return (nil, nil) }
        return (evidence(winner.range), winner.value.1)
    }

    /// The lines a posting opens with, after any header block — and, in a web page printed with its
    /// navigation, after the "Back to all jobs" line that ends it.
    func openingLines() -> [Int] {
        let lines = fields.linesOutsideHeader(of: document)
        for (position, index) in lines.prefix(80).enumerated()
        where text.firstMatch(Self.backLink, in: document.lines[index].range) != nil {
            return Array(lines[(position + 1)...])
        }
        return lines
    }

    static let backLink = GuardedExpression(
        #"^(?:←\s*|<\s*)?(?:back to (?:all )?(?:jobs|job listings|positions|openings|vacancies|careers|search results)|zurück zu(?:r)? (?:allen )?(?:stellen|jobs|übersicht)|retour aux offres|volver a (?:las )?ofertas)\b"#,
        words: ["back to", "retour aux", "volver a"]
    )

    static func isTitleLike(_ value: String, anyCase: Bool = false, maxLength: Int = 110) -> Bool {
        // A field's title may be long ("Mitarbeiter:in Finanzen (TVL E12/S1 mit 28-40h/Woche, …)").
        let maxWords = maxLength > 110 ? 24 : 14
        guard value.count >= 3, value.count <= maxLength, let first = value.first,
            first.isUppercase || first.isNumber || anyCase && first.isLetter || first == "("
        else {
            return false
        }
        if value.hasSuffix(".") || value.hasSuffix("?") || value.hasSuffix(":") || hasSentenceBreak(value) {
            return false
        }
        return value.split(separator: " ").count <= maxWords
    }

    /// The abbreviations job titles and names use before a full stop ("Sr. QA Engineer").
    static let titleAbbreviations: Set<String> = [
        "sr", "snr", "jr", "jnr", "asst", "assoc", "mgr", "dir", "exec", "eng", "engr", "dept", "dr", "prof",
        "dipl", "ing", "spec", "tech", "coord", "rep", "admin", "st", "co", "inc", "ltd", "corp", "no", "nr",
        // "Mitarbeiterin bzw. Mitarbeiter", "ggf.", "inkl.".
        "bzw", "ggf", "evtl", "inkl", "ca",
    ]

    /// Whether `value` has a full stop and a space that end a sentence (``sentenceStarts(_:)``).
    static func hasSentenceBreak(_ value: String) -> Bool { !sentenceStarts(value).isEmpty }

    /// Where each sentence of `value` after its first starts: after a full stop and a space, but
    /// not one after an abbreviation of ``titleAbbreviations`` or an initial ("J. Smith", "U.S. Army").
    static func sentenceStarts(_ value: String) -> [String.Index] {
        var starts: [String.Index] = []
        var rest = value[...]
        while let stop = rest.range(of: ". ") {
            let word = value[..<stop.lowerBound].reversed().prefix { $0.isLetter }
            let isInitial = word.count == 1 && word.first!.isUppercase
            if !isInitial && !titleAbbreviations.contains(String(word.reversed()).lowercased()) {
                starts.append(stop.upperBound)
            }
            rest = value[stop.upperBound...]
        }
        return starts
    }

    /// Header lines of three or more segments between "|" near the top ("Acme | Engineer | Remote").
    func pipeHeaders() -> [[Range<Int>]] {
        var found: [[Range<Int>]] = []
        for line in document.lines.prefix(fields.headerEnd + 4) where !line.isListItem {
            guard line.text.contains("|") else { continue }
            var segments: [Range<Int>] = []
            var start = line.range.lowerBound
            for (offset, scalar) in line.text.unicodeScalars.enumerated() where scalar == "|" {
                segments.append(tidy(start..<(line.range.lowerBound + offset)))
                start = line.range.lowerBound + offset + 1
            }
            segments.append(tidy(start..<line.range.upperBound))
            segments.removeAll { $0.isEmpty }
            if segments.count >= 3 { found.append(segments) }
        }
        return found
    }
}
