import Foundation
import IntakeCore

extension FieldReader {
    // MARK: - Hiring organisation

    private static let roleAt = regex(#"\brole at\s+(.+?)\s*\?"#)
    static let equalOpportunity = GuardedExpression(
        #"(?:^|\.\s+)([A-Z][\w&.'’-]*(?:\s+[A-Z&][\w&.'’-]*){0,5})\s+(?:is|are)\s+(?:an?\s+|committed to\s+)?equal (?:employment )?opportunit"#,
        words: ["opportunit"],
        options: []
    )
    /// "At Acme, we …", "At [Hack Club](…), a 501(c)(3) nonprofit …".
    private static let atCompany = regex(
        #"^At\s+\[?([A-Z][\w&.'’-]*(?:\s+[A-Z&][\w&.'’-]*){0,4})(?:\]\([^)]*\))?,\s+(?:we|you|an?|the|our)\b"#,
        []
    )
    /// A name: capitalised words, with "of", "for", "de", "der" … between them.
    private static let name =
        #"(?:[A-Z]|\d+\p{L}|[a-z]+[A-Z])[\w&.'’-]*(?:\s+(?:[A-Z&][\w&.'’()-]*|of|for|and|de|du|des|der|für|di|del|della|la|le|the|per|et|und|y|e|van|von))*?"#
    /// "About Acme", "À propos de Dora", "Über uns" (not a name), as a heading.
    static let aboutHeading = GuardedExpression(
        #"^(?:about|à propos de|a propos de|über|acerca de|sobre|om|chi è)\s+(.{2,50}?)\s*:?$"#,
        words: ["about", "propos", "ber", "acerca", "sobre", "om", "chi"]
    )
    static let notNames: Set<String> = [
        "us", "the role", "the job", "the team", "you", "this role", "the position", "the company", "the opportunity",
        "nous", "uns", "nosotros", "nós", "oss", "the project", "the program", "the programme", "this position",
        "the department", "the group", "the lab", "the project", "the organization", "the organisation",
        "we", "wir", "on", "ich", "je", "i", "they", "sie", "ils", "elles", "nosotros",
        // A job board's placeholder where it has no company ("### None").
        "none", "n/a", "na", "null", "nil", "unknown", "not specified", "not disclosed", "-",
        // An employer the ad keeps secret ("@ Confidencial", "Empresa Confidencial").
        "confidential", "confidencial", "confidentiel", "vertraulich", "empresa confidencial",
        "confidential company", "confidential client", "undisclosed", "anonymous",
        // beta.gouv.fr's kind of team, not a name ("La Startup d’État recherche …").
        "startup d'état", "startup d’état", "startup d'etat", "la startup", "the startup",
        // A careers site's section ("department: jobs"), not a department.
        "jobs", "job", "careers", "career", "stellenangebote", "stellen", "karriere", "vacancies", "emplois",
    ]
    /// "Acme is seeking …", "The Department of Physics at X invites applications", "X has a position available".
    static let subjectSentence = GuardedExpression(
        #"^(?:The\s+|Die\s+|Der\s+|La\s+|Le\s+|Les\s+|L['’]|El\s+|Il\s+|Lo\s+)?(\#(name))(?:\s+\([A-Z]{2,8}\))?,?\s+(?:(?:is|are)\s+(?:currently\s+|now\s+)?(?:seeking|looking for|looking to hire|hiring|recruiting|searching for)|seeks|sucht|recrute|recherche|busca|procura|cerca|(?:è|sono) alla ricerca|(?:est|sont) à la recherche|(?:ist|sind) auf der suche|(?:está|están) buscando|(?:está|estão) à procura)\b|^(?:The\s+)?(\#(name))\s+(?:invites applications|has (?:a|an|two|three) (?:\w+\s+)?(?:position|vacanc|opening))|^(?:[A-Z][\w'’-]+\s+){1,3}(?:from|at)\s+(\#(name))\s+(?:is|are)\s+(?:looking for|seeking|hiring|recruiting)\b"#,
        words: [
            "seeking", "looking for", "looking to hire", "hiring", "recruiting", "searching for", "seeks", "sucht",
            "recrute", "recherche", "busca", "procura", "cerca", "invites applications", "has", "auf der suche",
        ],
        options: []
    )
    /// "Die Open Knowledge Foundation Deutschland ist ein gemeinnütziger Verein", "Acme is a fintech
    /// company", "X est une association": an organisation describing itself.
    static let selfDescription = GuardedExpression(
        #"^(?:The\s+|Die\s+|Der\s+|Das\s+|La\s+|Le\s+|L'|El\s+)?(\#(name))(?:\s+\([A-Z]{2,8}\))?\s+(?:is|ist|est|es|è|é)\s+(?:(?:an?|the|ein|eine|une?|una?|um|uma|la|le|el|il|lo|die|der|das)\s+|l['’])(?:[\p{L}\d()-]+\s+){0,4}(?:company|firm|organi[sz]ation|foundation|non-?profit|charity|association|agency|institute|startup|start-up|cooperative|co-operative|Verein|Stiftung|Unternehmen|Organisation|Genossenschaft|entreprise|société|coopérative|empresa|organización|fundación|azienda|fondazione|associazione)\b"#,
        words: ["is", "ist", "est", "es"],
        options: []
    )
    /// A company's legal form: "LanguageTooler GmbH", "Centric Care AB", "Acme Inc.".
    private static let legalName = regex(
        #"\b([A-Z][\w&'’-]*(?:\s+[A-Z&][\w&'’-]*){0,4}\s+(?:GmbH|AG|Inc\.?|Ltd\.?|LLC|e\.\s?V\.|AB|AS|ASA|S\.A\.|SAS|BV|B\.V\.|Corp\.?|plc|S\.p\.A\.|SE|Oy|ApS|GmbH & Co\.(?: KG)?))(?![\w])"#,
        []
    )
    private static let university = regex(
        #"\b(University of [A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}|(?:[A-Z][\w'’-]+\s+){1,3}University|Universit(?:ät|y|é|à|at|ad|ade)\s+(?:(?:der|des|de|di|of)\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})\b"#,
        []
    )
    /// "Bank of America", "Royal Bank of Canada", "Bank of New York Mellon".
    private static let bank = regex(
        #"\b((?:Royal |National |Reserve |Commonwealth )?Bank of (?:New York(?: Mellon)?|[A-Z][\w'’-]+))\b"#,
        []
    )
    private static let mailDomain = regex(#"\b[\w.+-]+@((?:[a-z0-9-]+\.)*?([a-z0-9-]{3,}))\.[a-z]{2,6}\b"#)
    private static let mailProviders: Set<String> = [
        "gmail", "googlemail", "outlook", "hotmail", "yahoo", "icloud", "proton", "protonmail", "gmx", "web", "live",
        "aol", "mail", "example",
    ]

    func organization(after title: Evidence<String>?, inTitle: Range<Int>?) -> Evidence<String>? {
        var ballot = Ballot<Range<Int>>()
        let lowered = Array(text.string.lowercasedFast().utf8)
        let domains = mailDomains()
        /// `repeated`: only a name the text uses more than once.
        func add(
            _ range: Range<Int>,
            _ score: Double,
            _ rule: String,
            capitalised: Bool = false,
            repeated: Bool = false
        ) {
            var range = tidy(range)
            // "EFF is hiring for a designer." under "organization:".
            if let match = text.firstMatch(Self.hiringSentence, in: range), let subject = match.range(1) {
                range = tidy(subject)
            }
            // "Dan Sketcher from Tangelix (is looking for …)": the organisation the person is from.
            if let match = text.firstMatch(Self.personFrom, in: range), let organization = match.range(1) {
                range = tidy(organization)
            }
            let value = text.text(range)
            guard value.count >= 2, value.count <= 100, !Self.notNames.contains(value.lowercasedFast()),
                !capitalised || Self.startsLikeName(value)
            else { return }
            // The text naming it again and again is evidence too, and so is an e-mail domain that
            // agrees with it ("jobs@acme.com" for "Acme Corp").
            let key = value.lowercasedFast()
            let mentions = ByteScan.count(Array(key.utf8), in: lowered)
            if repeated && mentions < 2 { return }
            let squeezed = String(key.filter { $0.isLetter || $0.isNumber })
            let agrees = domains.contains { squeezed.count >= 3 && ($0.contains(squeezed) || squeezed.contains($0)) }
            ballot.add(range, range, score: score + (mentions >= 3 ? 0.05 : 0) + (agrees ? 0.05 : 0), rule: rule)
        }
        for (entry, strength) in fields.entries(for: .organization) {
            add(entry.value, score(entry, strength), "field")
        }
        if let (_, range) = labelled(Labels.organization, where: { $0.count <= 80 && !$0.hasSuffix(".") }) {
            add(range, 0.85, "label")
        }
        if let inTitle { add(inTitle, 0.75, "title") }
        for segments in pipeHeaders() {
            if let first = segments.first, text.firstMatch(Self.jobNoun, in: first) == nil,
                Gazetteer.place(text.text(first)).map({ $0.region == nil && $0.country == nil }) ?? true
            {
                add(first, 0.7, "segment")
            }
        }
        for line in document.lines.prefix(6) {
            if let match = text.firstMatch(Self.roleAt, in: line.range), let range = match.range(1) {
                add(range, 0.7, "role at")
            }
        }
        // "Senior Data Engineer" / "Northbridge Financial Group" / "Charlotte, NC": the line after the
        // title, or after a job board's linked title heading when a field below gave the title
        // ("[Senior Full Stack Engineer](https://…)" / "Typescouts" / … / "Position: …").
        var titleLines: [Int] = []
        if let title, let index = document.lines.firstIndex(where: { $0.range.contains(title.range.lowerBound) }) {
            titleLines.append(index)
        }
        if let first = openingLines().first, !titleLines.contains(first),
            Self.isMarkdownLink(document.lines[first].text)
        {
            titleLines.append(first)
        }
        for index in titleLines where index + 1 < document.lines.count {
            let line = document.lines[index + 1]
            let words = line.text.split(separator: " ")
            if !line.isListItem, words.count <= 6, !line.text.contains(where: \.isNumber), !line.text.contains(":"),
                SectionVocabulary.kind(of: line.text) == nil, TextNormalizer.looksLikeHeading(line.text),
                Gazetteer.place(line.text).map({ $0.region == nil && $0.country == nil }) ?? true
            {
                add(line.range, 0.65, "line after title")
            }
        }
        for line in document.ordinaryLines {
            if document.isHeading(line) || line.text.count <= 60,
                let match = text.firstMatch(Self.aboutHeading, in: line.range), let range = match.range(1),
                text.text(range).first?.isLetter == true
            {
                add(range, 0.62, "about", capitalised: true)
            }
        }
        for line in document.ordinaryLines.prefix(30) {
            // A "summary: The Haskell Foundation seeks …" field's value is a sentence too.
            var searched = line.contentRange
            if let field = FieldLine.split(line.content) {
                searched = (searched.lowerBound + field.valueOffset)..<searched.upperBound
            }
            if let match = text.firstMatch(Self.subjectSentence, in: searched),
                let range = match.range(1) ?? match.range(2) ?? match.range(3)
            {
                add(range, 0.6, "subject", capitalised: true)
            }
        }
        for line in document.ordinaryLines.prefix(60) {
            if let match = text.firstMatch(Self.selfDescription, in: line.contentRange), let range = match.range(1) {
                add(range, 0.58, "self description", capitalised: true)
            }
        }
        for line in document.lines {
            if let match = text.firstMatch(Self.equalOpportunity, in: line.range), let range = match.range(1) {
                add(range, 0.6, "equal opportunity")
            }
        }
        for line in document.ordinaryLines {
            // The expression starts with "^At": no other line can match.
            if line.text.hasPrefix("At"), let match = text.firstMatch(Self.atCompany, in: line.range),
                let range = match.range(1)
            {
                add(range, 0.55, "at company")
            }
        }
        for line in document.ordinaryLines.prefix(12) {
            if let match = text.firstMatch(Self.legalName, in: line.contentRange), let range = match.range(1) {
                add(range, 0.55, "legal name")
                break
            }
        }
        for line in document.lines.prefix(fields.headerEnd + 8) {
            if let match = text.firstMatch(Self.university, in: line.contentRange), let range = match.range(1) {
                add(range, 0.52, "university")
                break
            }
        }
        for line in document.ordinaryLines.prefix(40) {
            if let match = text.firstMatch(Self.weAt, in: line.contentRange), let range = match.range(1) {
                add(range, 0.62, "we at", capitalised: true)
            }
        }
        for range in definedNames() { add(range, 0.55, "defined name") }
        // A bank the text names again and again (its own careers pages name it in passing): the
        // employer, over a division the page defines an acronym for ("Global Corporate & Investment
        // Bank (GCIB)").
        for line in document.ordinaryLines {
            if let match = text.firstMatch(Self.bank, in: line.contentRange), let range = match.range(1) {
                add(range, 0.56, "bank", repeated: true)
                break
            }
        }
        // "… invited to join King’s.", "Join Acme as …": a name the text uses more than once.
        for line in document.ordinaryLines {
            for match in text.matches(Self.joinName, in: line.contentRange) {
                if let range = match.range(1) { add(range, 0.5, "join", capitalised: true, repeated: true) }
            }
        }
        guard let winner = ballot.winner(key: { text.text($0).lowercasedFast() }) else { return nil }
        return evidence(spelledOut(winner.range) ?? expandedAbbreviation(winner.range) ?? winner.range)
    }

    /// Whether a line is a Markdown link and nothing else: "[Senior Engineer](https://…)".
    static func isMarkdownLink(_ line: String) -> Bool {
        line.hasPrefix("[") && line.hasSuffix(")") && line.contains("](http")
    }

    private static let personFrom = regex(#"^(?:[A-Z][\w'’-]+\s+){1,3}from\s+([A-Z].*)$"#, [])
    /// "We at the Treasury Board of Canada Secretariat (TBS) are …", "Nous, chez Acme, …".
    static let weAt = GuardedExpression(
        #"\b(?:[Ww]e(?: here)? at|[Nn]ous,? chez|[Ww]ir(?: hier)? bei)\s+(?:the\s+)?(\#(name))(?:\s+\([A-Z]{2,8}\))?(?:,|\s+(?:are|have|believe|want|know|love|work|build|strive|aim|think|care|value|make|sind|haben|sommes|avons)\b)"#,
        words: ["we at", "we here at", "chez", "bei"],
        options: []
    )
    /// "join King’s.", "Join Acme as a …", "rejoindre Dora,": a name after a verb of joining,
    /// ending there (not "join the Data team").
    static let joinName = GuardedExpression(
        #"\b(?:[Jj]oin(?:ing)?|[Rr]ejoindre|[Rr]ejoignez|[Vv]erstärken Sie|[Uu]nirse a|[Uu]nisciti a)\s+(?:the\s+)?(\#(name))(?=\s+as\b|\s+in\s|\s*[.!,;]|$)"#,
        words: ["join", "rejoi", "verst", "unirse", "unisciti"],
        options: []
    )

    /// Names the text defines an acronym for, where the name is an organisation's ("Service
    /// numérique canadien (SNC)", "Institute of High Energy Physics (IHEP)"): the initials of the
    /// words before the brackets spell the acronym, and one of the words names a kind of body.
    func definedNames() -> [Range<Int>] {
        var found: [Range<Int>] = []
        for line in document.ordinaryLines.prefix(40) where line.text.contains("(") {
            for match in text.matches(Self.acronymInBrackets, in: line.contentRange) {
                guard let acronym = match.group(1),
                    let name = definedName(acronym, before: match.range.lowerBound, from: line.contentRange.lowerBound)
                else { continue }
                found.append(name)
            }
        }
        return found
    }

    private static let acronymInBrackets = regex(#"\s\(([A-Z][A-Z0-9&]{1,7})\)"#, [])
    private static let nameJoiners: Set<String> = [
        "of", "for", "and", "the", "de", "du", "des", "la", "le", "der", "die", "für", "per", "di", "del", "della", "y",
        "et", "und", "&", "on", "in",
    ]
    private static let bodyWords = [
        "service", "board", "institut", "istituto", "department", "départ", "dipartimento", "agency", "agenc", "office",
        "bureau", "bank", "banque", "universit", "college", "collège", "council", "conseil", "centre", "center",
        "centro", "zentrum", "ministr", "minist", "foundation", "fondation", "stiftung", "fundaci", "fondazione",
        "secretariat", "secrétariat", "commission", "authority", "autorité", "association", "laborator", "labor",
        "team", "group", "company", "corporation", "society", "société", "gesellschaft", "academy", "académie",
        "akademie", "school", "école", "hochschule", "hospital", "hôpital", "klinik", "fund", "fonds", "division",
        "organi", "network", "réseau", "netzwerk", "trust", "verein", "amt", "behörde", "servizio", "agenzia",
        "ufficio", "directorate", "administration", "agentur", "bundes",
    ]

    /// The words just before an acronym's bracket whose initials spell it, when they name a body.
    private func definedName(_ acronym: String, before bracket: Int, from start: Int) -> Range<Int>? {
        let preceding = text.text(start..<bracket)
        var words: [(word: Substring, offset: Int)] = []
        var offset = 0
        for piece in preceding.split(separator: " ", omittingEmptySubsequences: false) {
            if !piece.isEmpty { words.append((piece, offset)) }
            offset += piece.unicodeScalars.count + 1
        }
        let letters = Array(acronym.lowercased().filter(\.isLetter))
        var initials: [Character] = []
        for index in words.indices.reversed() {
            let word = words[index].word
            guard word.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "’" || $0 == "'" || $0 == "&" }) else {
                return nil
            }
            if Self.nameJoiners.contains(word.lowercased()) { continue }
            guard let first = word.first?.lowercased().first else { return nil }
            initials.insert(first, at: 0)
            if initials.count > letters.count || initials != Array(letters.suffix(initials.count)) { return nil }
            guard initials.count == letters.count else { continue }
            guard word.first?.isUppercase == true else { return nil }
            let name = (start + words[index].offset)..<bracket
            // A word of the name names a body ("Bureau", "Universität"), not a person's job:
            // "Chief Operating Officer (COO)" starts with "office" but is no office.
            let names = text.text(name).lowercased().split(separator: " ").contains { word in
                Self.bodyWords.contains { word.contains($0) }
                    && !Self.jobNouns.contains(String(word.hasSuffix("s") ? word.dropLast() : word))
            }
            return names ? tidy(name) : nil
        }
        return nil
    }

    /// A title that ends with the organisation and its place ("Associate Professor, Aarhus
    /// University, Denmark"), without them: the organisation is a field of its own.
    func title(_ title: Evidence<String>, without organization: String) -> Evidence<String> {
        let segments = title.value.components(separatedBy: ", ")
        guard segments.count >= 2, let index = segments.lastIndex(of: organization), index >= 1,
            segments[(index + 1)...].allSatisfy({ Gazetteer.place($0) != nil })
        else { return title }
        let kept = segments[..<index].joined(separator: ", ")
        let range = tidy(title.range.lowerBound..<(title.range.lowerBound + kept.unicodeScalars.count))
        return text.text(range) == kept ? evidence(range) : title
    }

    /// Whether a name starts as names do: a capital ("Acme"), a digit ("18F"), or a lower-case
    /// word with a capital in it ("rOpenSci", "eBay").
    static func startsLikeName(_ value: String) -> Bool {
        guard let first = value.first else { return false }
        if first.isUppercase || first.isNumber { return true }
        let word = value.prefix { !$0.isWhitespace }
        return first.isLowercase && word.contains(where: \.isUppercase)
    }

    /// The full name an acronym stands for where the text spells it out: "Open Knowledge
    /// Foundation Deutschland (OKF)" for "OKF"; failing that, capitalised words whose initials
    /// are the acronym's letters ("The Canadian Digital Service is …" for "CDS").
    private func spelledOut(_ range: Range<Int>) -> Range<Int>? {
        let acronym = text.text(range)
        guard (2...6).contains(acronym.count), acronym.allSatisfy({ $0.isUppercase || $0.isNumber }) else { return nil }
        let pattern = regex(
            #"((?:[A-Z][\w.'’&-]*)(?:[ \u00A0]+(?:[A-Z][\w.'’&-]*|\#(Self.nameConnectors))){1,7})[ \u00A0]*\(\#(NSRegularExpression.escapedPattern(for: acronym))\)"#,
            []
        )
        guard let match = text.firstMatch(pattern) ?? initialsMatch(acronym), var name = match.range(1) else {
            return nil
        }
        // "… Media Relations Advisor. The Canadian Digital Service (CDS)": the name starts after
        // the sentence before it ends.
        let found = text.text(name)
        if let start = Self.sentenceStarts(found).last {
            name = (name.lowerBound + found.unicodeScalars[..<start].count)..<name.upperBound
        }
        // "Die Offene Daten Allianz (ODA)": the article is not part of the name.
        if let article = text.firstMatch(Self.leadingArticle, in: name) {
            name = article.range.upperBound..<name.upperBound
        }
        return tidy(name)
    }

    /// Capitalised words, one for each of the acronym's three or more letters, with "of", "for",
    /// "and" … between them.
    private func initialsMatch(_ acronym: String) -> ScalarText.Match? {
        guard acronym.count >= 3, acronym.allSatisfy({ $0.isLetter }) else { return nil }
        let words = acronym.map { #"\#($0)[\p{Ll}'’-]+"# }
        let pattern = regex(#"\b(\#(words.joined(separator: #"(?:\s+(?:\#(Self.nameConnectors)))?\s+"#)))\b"#, [])
        return text.firstMatch(pattern)
    }

    /// The small words a spelled-out name has between its capitalised ones ("Center on Budget and
    /// Policy Priorities").
    private static let nameConnectors = "of|for|and|on|de|der|für|du|des|di"

    static let leadingArticle = regex(#"^(?:The|Die|Der|Das|La|Le|Les|El|Los|Il|Lo|De|Het)\s+"#, [])

    /// The e-mail domains the posting gives (not a mail provider's): "acme" for "jobs@acme.com".
    func mailDomains() -> Set<String> {
        var found: Set<String> = []
        for line in document.ordinaryLines where line.text.contains("@") {
            for match in text.matches(Self.mailDomain, in: line.range) {
                if let label = match.group(2)?.lowercasedFast(), !Self.mailProviders.contains(label) {
                    found.insert(label)
                }
            }
        }
        return found
    }
}
