import Foundation
public import IntakeCore

/// Options for reading postings.
public struct PostingParserOptions: Sendable {
    /// How slashed numeric dates are read.
    public var numericDateOrder: DateParser.NumericOrder
    /// The document's own date, for "Posted 3 days ago"; `nil` leaves relative dates unresolved.
    public var documentDate: CalendarDate?
    /// The skills vocabulary.
    public var skills: SkillVocabulary

    /// Creates options with the defaults: month-first dates, no document date, the built-in skills.
    public init(
        numericDateOrder: DateParser.NumericOrder = .monthFirst,
        documentDate: CalendarDate? = nil,
        skills: SkillVocabulary = .builtIn
    ) {
        self.numericDateOrder = numericDateOrder
        self.documentDate = documentDate
        self.skills = skills
    }
}

/// A normalised text and the posting read from it.
public struct ParsedPosting: Sendable {
    /// The normalised text; every evidence span refers to it.
    public var text: String
    /// The fields.
    public var posting: JobPosting
    /// Where each page begins in ``text`` (``TextNormalizer/normalizeWithPages(_:)``).
    public var pageOffsets: [Int] = []
}

/// Reads job postings: normalises the text, then finds each schema.org `JobPosting` field with its
/// evidence. Pure Swift, no C library; a field the text does not state stays empty.
public struct PostingParser: Sendable {
    /// The options.
    public var options: PostingParserOptions

    /// Creates a parser.
    public init(options: PostingParserOptions = PostingParserOptions()) {
        self.options = options
    }

    /// Normalises `pages` and reads the posting.
    public func parse(pages: [String]) -> ParsedPosting {
        let (text, pageOffsets) = TextNormalizer().normalizeWithPages(pages)
        return ParsedPosting(text: text, posting: parse(normalized: text), pageOffsets: pageOffsets)
    }

    /// Reads the posting from already normalised text.
    public func parse(normalized text: String) -> JobPosting {
        var reader = FieldReader(document: PostingDocument(normalized: text), options: options)
        return reader.read()
    }
}

/// The field-by-field reading of one document.
struct FieldReader {
    let document: PostingDocument
    let options: PostingParserOptions
    /// The document's "key: value" lines.
    let fields: PostingFields

    init(document: PostingDocument, options: PostingParserOptions) {
        self.document = document
        self.options = options
        self.fields = PostingFields(document: document)
    }
    var text: ScalarText { document.text }
    var dates: DateParser { DateParser(numericOrder: options.numericDateOrder, documentDate: options.documentDate) }

    mutating func read() -> JobPosting {
        var posting = JobPosting()
        posting.sections = document.sections
        posting.inLanguage = language()
        posting.identifier = identifier()
        posting.datePosted = date(.posted)
        posting.validThrough = date(.closing)
        let (title, organizationInTitle) = titleAndOrganization()
        posting.title = title
        posting.hiringOrganization = organization(after: posting.title, inTitle: organizationInTitle)
        if let title = posting.title, let organization = posting.hiringOrganization {
            posting.title = self.title(title, without: organization.value)
        }
        posting.jobLocation = locations(after: posting.hiringOrganization ?? posting.title)
        posting.jobLocationType = locationType()
        posting.employmentType = employmentTypes()
        posting.baseSalary = salaries()
        posting.experienceRequirements = experience()
        posting.educationRequirements = education()
        posting.skills = skills()
        posting.responsibilities = items(in: ["responsibilities"])
        posting.qualifications = qualifications()
        posting.benefits = benefits()
        posting.industry = labelled(Labels.industry).map { evidence($0.range) }
        posting.occupationalCategory = category()
        return posting
    }

    // MARK: - Language

    /// The language of the text after the header block, or of the whole text when that says too little;
    /// the first 60 lines decide it (a posting does not change language after them).
    func language() -> String {
        let lines = document.lines.dropFirst(fields.headerEnd).prefix(60)
        let body = lines.map { line in
            FieldLine.split(line.content).map { String(line.content.unicodeScalars.dropFirst($0.valueOffset)) }
                ?? line.content
        }.joined(separator: "\n")
        let found = TextLanguage.detect(body).language
        return found == "und" ? TextLanguage.detect(text.string).language : found
    }

    // MARK: - Evidence

    func evidence(_ range: Range<Int>) -> Evidence<String> {
        Evidence(value: text.text(range), span: range, text: text.text(range))
    }

    func evidence<T>(_ value: T, _ range: Range<Int>) -> Evidence<T> {
        Evidence(value: value, span: range, text: text.text(range))
    }

    /// `range` without leading and trailing spaces and final punctuation.
    func tidy(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, " \t".contains(text.text(lower..<(lower + 1))) { lower += 1 }
        while upper > lower, " \t.;,:".contains(text.text((upper - 1)..<upper)) { upper -= 1 }
        return lower..<upper
    }

    // MARK: - Labels

    /// A label's value: "Label: value" on one line, "Label:" with the value on the next line, or —
    /// in a details block — "Label value".
    func labelled(
        _ labels: [String],
        where accept: (String) -> Bool = { _ in true }
    ) -> (value: String, range: Range<Int>)? {
        let lines = document.lines
        let prefix = LabelPatterns.shared.prefix(for: labels)
        let candidates = lines.indices.filter { index in
            let line = lines[index]
            return prefix.matches(line, in: text) && (!line.isListItem || line.content.characterCount < 120)
        }
        // A label's expressions are compiled on first use: most labels start no line of a document.
        guard !candidates.isEmpty else { return nil }
        for label in labels {
            let (inline, alone, spaced) = LabelPatterns.shared.patterns(for: label)
            for index in candidates {
                let line = lines[index]
                let range = line.contentRange
                if let match = text.firstMatch(inline, in: range), let value = match.range(1) {
                    let tidied = tidy(value)
                    if !tidied.isEmpty, accept(text.text(tidied)) { return (text.text(tidied), tidied) }
                } else if text.firstMatch(alone, in: range) != nil, index + 1 < lines.count {
                    let next = lines[index + 1]
                    let nextKind = SectionVocabulary.kind(of: next.text)
                    if nextKind == nil, !next.text.hasSuffix(":") || next.text.count > 40 {
                        let tidied = tidy(next.contentRange)
                        if !tidied.isEmpty, accept(text.text(tidied)) { return (text.text(tidied), tidied) }
                    }
                } else if document.kind(of: line) == "details", !document.isHeading(line),
                    let match = text.firstMatch(spaced, in: range), let value = match.range(1)
                {
                    let tidied = tidy(value)
                    if !tidied.isEmpty, accept(text.text(tidied)) { return (text.text(tidied), tidied) }
                }
            }
        }
        return nil
    }

    enum Labels {
        static let identifier = [
            "job req id", "req id", "requisition id", "requisition number", "requisition", "req #", "req", "job id",
            "job number", "job no", "job code", "job reference", "reference number", "reference", "ref", "posting id",
            "vacancy id", "vacancy number", "id de la oferta", "referencia", "référence", "kennziffer",
        ]
        static let posted = [
            "posted date", "date posted", "posting date", "posted on", "posted", "publication date", "date published",
            "published", "fecha de publicación", "fecha de publicacion", "publicado", "publié le",
            "date de publication",
            "veröffentlicht am", "veröffentlicht", "data de publicação", "data di pubblicazione", "opening date",
        ]
        static let closing = [
            "anticipated posting close date", "posting close date", "posting end date", "close date", "closing date",
            "closing", "application deadline", "deadline", "apply by", "applications close", "valid through",
            "expiration date", "expires", "expiry date", "fecha de cierre", "fecha límite", "date limite",
            "bewerbungsschluss", "data de encerramento", "scadenza",
        ]
        static let title = ["job title", "position title", "title", "position", "role", "puesto", "stellenbezeichnung"]
        static let organization = [
            "hiring organization", "company name", "company", "employer", "organization", "organisation", "empresa",
            "entreprise", "unternehmen",
        ]
        static let location = [
            "location(s)", "locations", "primary location", "job location", "work location", "office location",
            "location", "city", "ubicación", "ubicacion", "lieu", "standort", "arbeitsort",
        ]
        static let locationType = [
            "job type", "workplace type", "work arrangement", "work model", "work mode", "location type", "remote",
            "work setting", "workplace", "modalidad", "modalité", "arbeitsmodell", "remote work", "on-site/remote",
        ]
        static let employment = [
            "employment type", "time type", "job type", "type", "contract type", "contract", "schedule",
            "work schedule", "position type", "job schedule", "tipo de contrato", "tipo de empleo", "jornada",
            "type de contrat", "vertragsart", "anstellungsart",
        ]
        static let industry = ["industry", "industries", "sector"]
        static let category = [
            "category", "job category", "job family", "job function", "function", "job family group",
        ]
    }

    // MARK: - Places

    private static let placeSeparator = regex(#"\s*(?:;|\||/|\s+or\s+|\s+and\s+)\s*"#)
    static let salaryLinePlace = regex(#"^([A-Z][^:$€£\d]{1,60}):\s*(?=[$€£]|[A-Z]{3}\s?\d)"#, [])

    func locations(after anchor: Evidence<String>?) -> [Evidence<Place>] {
        var found: [Evidence<Place>] = []
        var keys: Set<String> = []
        func add(_ range: Range<Int>) {
            let range = tidy(range)
            guard !range.isEmpty, let place = Gazetteer.place(text.text(range)),
                place.region != nil || place.country != nil
            else {
                return
            }
            if keys.insert(Gazetteer.key(place)).inserted {
                found.append(evidence(place, range))
            }
        }
        func addList(_ range: Range<Int>) {
            var start = range.lowerBound
            for separator in text.matches(Self.placeSeparator, in: range) {
                add(start..<separator.range.lowerBound)
                start = separator.range.upperBound
            }
            add(start..<range.upperBound)
        }
        for label in Labels.location {
            if let (_, range) = labelled([label], where: { Gazetteer.place($0) != nil || $0.contains(";") }) {
                addList(range)
            }
        }
        // The line after the company (or title) at the top: "Charlotte, NC, United States".
        if let anchor, let index = document.lines.firstIndex(where: { $0.range.contains(anchor.range.lowerBound) }),
            index < 8,
            document.lines[index].range == tidy(document.lines[index].range)
                || anchor.range == tidy(document.lines[index].range)
        {
            for line in document.lines[(index + 1)..<min(document.lines.count, index + 3)] where !line.isListItem {
                if !line.text.contains(":") { add(line.range) }
            }
        }
        // Per-location pay lines: "Cambridge, MA: $197,300 - $225,100".
        for line in document.ordinaryLines {
            if let match = text.firstMatch(Self.salaryLinePlace, in: line.contentRange), let range = match.range(1) {
                add(range)
            }
        }
        return found
    }

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

    // MARK: - Skills

    private static let notSkills = regex(#"\b(please|see above|contact|recruiter|apply)\b"#)
    private static let gluedWords = regex(#"(?<=[a-z])(?=[A-Z])"#, [])
    private static let skillSplit = regex(#"\s*(?:,|;|\s/\s|(?<=[\p{L}]{3})/(?=[\p{L}]{3})|\band\b|\bor\b)\s*"#)
    private static let vagueSkill = regex(#"^(?:other|similar|relevant|various|any|related|equivalent|etc)\b"#)

    func skills() -> [Evidence<String>] {
        var found: [Evidence<String>] = []
        var seen: Set<String> = []
        func add(_ value: String, _ range: Range<Int>) {
            if seen.insert(value.lowercasedFast()).inserted { found.append(evidence(value, range)) }
        }
        // The posting's own skills section.
        for line in document.lines(inKinds: ["skills"]) where !line.text.hasSuffix(":") {
            if text.firstMatch(Self.notSkills, in: line.range) != nil { continue }
            var range = tidy(line.contentRange)
            if let colon = text.text(range).firstIndex(of: ":") {
                let offset = text.text(range).unicodeScalars.distance(
                    from: text.text(range).unicodeScalars.startIndex,
                    to: colon.samePosition(in: text.text(range).unicodeScalars)!
                )
                range = tidy((range.lowerBound + offset + 1)..<range.upperBound)
            }
            let value = text.text(range)
            if value.split(separator: " ").count > 12 && !value.contains(",") { continue }
            let boundaries = text.matches(Self.gluedWords, in: range)
            if !value.contains(","), boundaries.count >= 2 {
                // "AwsAzureChromaFaiss…": names run together by a job board.
                var start = range.lowerBound
                for boundary in boundaries {
                    add(text.text(start..<boundary.range.lowerBound), start..<boundary.range.lowerBound)
                    start = boundary.range.lowerBound
                }
                add(text.text(start..<range.upperBound), start..<range.upperBound)
                continue
            }
            // "…, Flask/Django, and other relevant data science libraries": the list ends at the
            // first vague piece.
            var start = range.lowerBound
            var pieces: [Range<Int>] = []
            for split in text.matches(Self.skillSplit, in: range) {
                pieces.append(start..<split.range.lowerBound)
                start = split.range.upperBound
            }
            pieces.append(start..<range.upperBound)
            for piece in pieces {
                if text.firstMatch(Self.vagueSkill, in: tidy(piece)) != nil { break }
                addSkillPiece(piece, add)
            }
        }
        // The vocabulary, over the posting's own text.
        var matches: [(Int, String, Range<Int>)] = []
        let ordinary = document.ordinaryLines
        let lowered = ordinary.map { Array($0.text.lowercasedFast().utf8) }
        // An ASCII line's byte offsets are its scalar offsets.
        let asciiBytes = ordinary.map { line in ByteScan.isASCII(line.text) ? Array(line.text.utf8) : nil }
        for skill in options.skills.expressions() {
            for index in ordinary.indices where skill.mayMatch(lowered[index]) {
                let line = ordinary[index]
                let range: Range<Int>?
                if let bytes = asciiBytes[index], skill.asciiSpellings != nil {
                    range = skill.firstMatch(inASCII: bytes, lowered: lowered[index]).map {
                        (line.range.lowerBound + $0.lowerBound)..<(line.range.lowerBound + $0.upperBound)
                    }
                } else {
                    range = text.firstMatch(skill.regex, in: line.range)?.range
                }
                if let range {
                    matches.append((range.lowerBound, skill.name, range))
                    break
                }
            }
        }
        for (_, name, range) in matches.sorted(by: { $0.0 < $1.0 }) { add(name, range) }
        return found
    }

    private func addSkillPiece(_ range: Range<Int>, _ add: (String, Range<Int>) -> Void) {
        var range = tidy(range)
        let value = text.text(range)
        if let paren = value.firstIndex(of: "(") {
            let length = value[..<paren].unicodeScalars.count
            range = tidy(range.lowerBound..<(range.lowerBound + length))
        }
        let piece = text.text(range)
        guard piece.count >= 1, piece.count <= 40, piece.split(separator: " ").count <= 4,
            text.firstMatch(Self.vagueSkill, in: range) == nil,
            piece.first.map({ $0.isLetter || $0.isNumber || $0 == "." }) == true
        else { return }
        add(piece, range)
    }

    // MARK: - Category

    private static let boardCategory = regex(#"\binterested in this\s+(.+?)\s+role\b"#)

    func category() -> Evidence<String>? {
        if let (_, range) = labelled(Labels.category, where: { $0.count <= 60 && !$0.hasSuffix(".") }) {
            return evidence(range)
        }
        for line in document.lines.prefix(6) {
            if let match = text.firstMatch(Self.boardCategory, in: line.range), let range = match.range(1) {
                return evidence(tidy(range))
            }
        }
        return nil
    }
}
