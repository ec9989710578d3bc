/// The "key: value" lines of a posting — front matter, a job board's header block, an API record
/// rendered as lines, a labelled details block — each with the posting field its key names and
/// how strongly it names it.
struct PostingFields {
    /// The fields a key can name.
    enum Field: Hashable {
        case title, organization, posted, closing, identifier, arrangement, location, salary
    }

    /// One "key: value" line.
    struct Entry {
        /// The key in lower-case words ("position title").
        var key: String
        /// The value's span (quotes removed, spaces trimmed); empty when the line has no value.
        var value: Range<Int>
        /// The line's span.
        var line: Range<Int>
        /// The line's index in the document.
        var index: Int
        /// Whether the line is in the block of field lines that opens the document.
        var inHeader: Bool
    }

    /// Every field line, in order.
    private(set) var entries: [Entry] = []
    /// The index of the first line of the opening block of field lines, and of the first line
    /// after it (both 0 when there is none).
    private(set) var headerStart = 0
    private(set) var headerEnd = 0

    /// The indices of the lines outside the opening block, in order.
    func linesOutsideHeader(of document: PostingDocument) -> [Int] {
        Array(0..<headerStart) + Array(headerEnd..<document.lines.count)
    }

    init(document: PostingDocument) {
        let text = document.text
        var found: [Entry] = []
        for (index, line) in document.lines.enumerated() where !line.isListItem {
            guard let field = FieldLine.split(line.text) else { continue }
            var lower = line.range.lowerBound + field.valueOffset
            var upper = line.range.upperBound
            while upper > lower, " \t".contains(text.text((upper - 1)..<upper)) { upper -= 1 }
            // 'quoted' and "quoted" values, as YAML and TOML write them.
            if upper - lower >= 2 {
                let open = text.text(lower..<(lower + 1))
                let close = text.text((upper - 1)..<upper)
                if open == close, open == "'" || open == "\"" {
                    lower += 1
                    upper -= 1
                }
            }
            // "image.title: Team photo": a nested front-matter key counts only under the
            // posting's own blocks ("job.title", "hiringOrganization.name").
            var key = FieldLine.normalizedKey(field.key)
            if Self.isDotted(field.key) {
                guard let nested = Self.nestedKey(field.key) else { continue }
                key = nested
            }
            found.append(
                Entry(
                    key: key,
                    value: lower..<max(lower, upper),
                    line: line.range,
                    index: index,
                    inHeader: false
                )
            )
        }
        // The opening block: field lines (and the list items of a YAML list) from the top, after at
        // most two other lines ("All Open Jobs", a link), holding at least two fields.
        let lines = document.lines
        let fieldIndices = Set(found.map(\.index))
        var start = 0
        while start < min(2, lines.count), !fieldIndices.contains(start) { start += 1 }
        var end = start
        var count = 0
        while end < lines.count, fieldIndices.contains(end) || lines[end].isListItem && count > 0 {
            if fieldIndices.contains(end) { count += 1 }
            end += 1
        }
        if count >= 2 || count == 1 && start == 0 {
            headerStart = start
            headerEnd = end
            for index in found.indices where found[index].index < end { found[index].inHeader = true }
        }
        entries = found
    }

    /// Whether `key` is a dotted path of front matter ("image.title"), not "Ref. No.".
    static func isDotted(_ key: Substring) -> Bool {
        key.contains(".") && !key.contains(" ") && !key.hasSuffix(".") && !key.hasPrefix(".")
    }

    /// The key a nested front-matter path stands for, when its first part is a block of the
    /// posting's (`job.title` is "title"; `hiringOrganization.name` is "company";
    /// `jobLocation.address.addressLocality` is "location"); `nil` for any other block
    /// (`image.title`, `author.name`, `seo.description`).
    static func nestedKey(_ key: Substring) -> String? {
        let parts = key.split(separator: ".").map { FieldLine.normalizedKey($0) }
        guard let parent = parts.first, let leaf = parts.last, parts.count >= 2 else { return nil }
        if organizationBlocks.contains(parent) {
            return ["name", "legal name", "title"].contains(leaf) ? "company" : nil
        }
        if locationBlocks.contains(parent) {
            return ["address locality", "locality", "city", "name", "address"].contains(leaf) ? "location" : nil
        }
        if postingBlocks.contains(parent) { return leaf }
        // Another block: only a key that means one field wherever it stands
        // ("application_details.reference", "workplace_address.city"), never "image.title".
        return genericLeaves.contains(leaf) || excludedBlocks.contains(parent) ? nil : leaf
    }

    /// Keys too general to name a posting field outside the posting's own blocks.
    static let genericLeaves: Set<String> = [
        "title", "name", "date", "description", "summary", "text", "url", "id", "type", "src", "alt", "caption",
        "license", "role", "position", "job", "subtitle", "label", "value",
    ]
    /// Blocks that describe the page, never the job.
    static let excludedBlocks: Set<String> = [
        "image", "images", "author", "authors", "seo", "meta", "og", "twitter", "thumbnail", "banner", "logo", "cover",
        "photo", "featured image", "header", "footer", "menu", "nav", "sitemap", "design", "advanced", "social",
    ]

    static let postingBlocks: Set<String> = ["job", "job posting", "posting", "position", "vacancy", "params", "extra"]
    static let organizationBlocks: Set<String> = [
        "hiring organization", "hiring organisation", "organization", "organisation", "company", "employer",
    ]
    static let locationBlocks: Set<String> = ["job location", "location", "address"]

    /// The entries whose key names `field`, with the key's strength (0…1).
    func entries(for field: Field) -> [(entry: Entry, strength: Double)] {
        entries.compactMap { entry in
            guard let (named, strength) = Self.lookUp(entry.key), named == field, !entry.value.isEmpty else {
                return nil
            }
            return (entry, strength)
        }
    }

    /// The field a key names: the whole key, else its part before a "/" ("Closing Date/Time"),
    /// else its last two words or its last word ("application details reference"), a little weaker.
    static func lookUp(_ key: String) -> (Field, Double)? {
        if let found = vocabulary[key] { return found }
        if let slash = key.firstIndex(of: "/"), let found = vocabulary[String(key[..<slash]).trimmed] {
            return found
        }
        let words = key.split(separator: " ")
        for count in [2, 1] where words.count > count {
            let tail = words.suffix(count).joined(separator: " ")
            // "Effective Date", "Start Date": a date, but not the posting's.
            if Self.genericKeys.contains(tail) { continue }
            if let (field, strength) = vocabulary[tail] {
                return (field, strength * 0.9)
            }
        }
        return nil
    }

    /// Last words too general to name a field in a longer key.
    static let genericKeys: Set<String> = ["date", "data", "datum", "fecha", "name", "id", "type", "end date"]

    /// Keys and the field each names, with its strength: a key that only ever means the field is
    /// 1; one that often means something else ("role", "date") less. The languages are those the
    /// date parser reads, and Swedish and Norwegian job-board fields.
    static let vocabulary: [String: (Field, Double)] = {
        var table: [String: (Field, Double)] = [:]
        func add(_ field: Field, _ strength: Double, _ keys: [String]) {
            for key in keys { table[key] = (field, strength) }
        }
        add(
            .title,
            1,
            [
                "title", "job title", "jobtitle", "position title", "job name", "role title", "stellenbezeichnung",
                "stellentitel", "titre", "titre du poste", "intitulé du poste", "intitulé", "titolo", "título",
                "titulo", "título da vaga", "stillingstittel", "befattning", "headline", "roles",
            ]
        )
        add(
            .title,
            0.85,
            ["position", "job", "vacancy", "stellenanzeige", "stelle", "poste", "puesto", "cargo", "vaga"]
        )
        add(.title, 0.55, ["role", "posizione", "tjänst", "stilling", "name"])
        add(
            .organization,
            1,
            [
                "company", "company name", "hiring organization", "hiring organisation", "employer", "employer name",
                "organization name", "organisation name", "entreprise", "unternehmen", "arbeitgeber", "empresa",
                "azienda", "arbetsgivare", "arbeidsgiver",
            ]
        )
        add(
            .organization,
            0.85,
            ["organization", "organisation", "institution", "institutions", "startup", "agency", "firma", "employeur"]
        )
        add(.organization, 0.5, ["department name", "department", "ente", "società"])
        add(
            .posted,
            1,
            [
                "date posted", "posted date", "posted on", "posted", "posting date", "date published",
                "publication date",
                "publication start date", "published", "published at", "published on", "published date",
                "legacy creation date", "posted at", "date de publication", "publié le", "fecha de publicación",
                "fecha de publicacion", "data de publicação", "data di pubblicazione", "veröffentlicht",
                "veröffentlicht am", "publiceringsdatum", "publicerad", "publisert", "opening date", "open date",
            ]
        )
        add(.posted, 0.8, ["date", "created at", "creation date", "created", "datum", "stand", "fecha", "data"])
        add(
            .closing,
            1,
            [
                "expirydate", "expiry", "valid until", "apply until", "applications until", "until", "deadline",
                "deadline date", "application deadline", "application close date",
                "application closing date",
                "application due", "applications due", "closing date", "close date", "closes", "closing", "apply by",
                "valid through", "expires", "expiry date", "expiration date", "application end date", "last date",
                "last application date", "bewerbungsschluss", "bewerbungsfrist", "einsendeschluss", "date limite",
                "date limite de candidature", "date de clôture", "fecha límite", "fecha limite", "fecha de cierre",
                "scadenza", "data di scadenza", "data limite", "prazo", "sista ansökningsdag", "sista ansökan",
                "ansök senast", "søknadsfrist", "frist",
            ]
        )
        add(.closing, 0.6, ["publication end date", "end date", "expires at"])
        add(
            .identifier,
            1,
            [
                "position id", "job id", "job req id", "req id", "requisition id", "requisition number", "requisition",
                "job requisition id", "reference", "reference no", "reference number", "ref no", "job reference",
                "external job identifier", "vacancy id", "vacancy number", "job number", "job no", "job code",
                "posting id", "announcement number", "job announcement number", "vacancy announcement number",
                "control number", "kennziffer", "referenznummer", "référence", "referencia", "riferimento", "referens",
                "annons id", "annonsid", "req", "req #", "job #", "ref",
            ]
        )
        add(
            .arrangement,
            1,
            [
                "remote", "work remotely", "remote work", "remote ok", "telework", "telecommute", "location type",
                "workplace type", "work arrangement", "work model", "work mode", "work setting", "arbeitsmodell",
                "modalité", "modalidad", "modalità", "modalidade", "mobiles arbeiten", "homeoffice", "home office",
                "télétravail", "teletrabajo", "distansarbete", "on site", "onsite",
            ]
        )
        add(.arrangement, 0.7, ["job type", "workplace"])
        add(
            .location,
            1,
            [
                "location", "locations", "position location", "job location", "work location", "work locations",
                "city", "lieu", "standort", "arbeitsort", "ort", "ubicación", "ubicacion", "sede", "localização",
                "local", "arbetsort", "arbeidssted",
            ]
        )
        add(
            .salary,
            1,
            [
                "salary", "position remuneration", "remuneration", "compensation", "pay", "pay range", "salary range",
                "gehalt", "vergütung", "salaire", "rémunération", "salario", "retribuzione", "salário", "lön", "lønn",
            ]
        )
        return table
    }()
}
