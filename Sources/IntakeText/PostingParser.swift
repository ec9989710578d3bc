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
        posting.baseSalary = withCurrencies(salaries(), locations: posting.jobLocation)
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
        let isPlaceList = { (value: String) in Gazetteer.place(value) != nil || value.contains(";") }
        // "key: value" lines whose key names a location ("PositionLocation: Marietta, Georgia").
        for (entry, _) in fields.entries(for: .location) where isPlaceList(text.text(entry.value)) {
            addList(entry.value)
        }
        for label in Labels.location {
            if let (_, range) = labelled([label], where: isPlaceList) {
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
}
