import Foundation
import IntakeCore

extension FieldReader {
    // MARK: - Salary

    static let salaryWord = GuardedExpression(
        #"\b(salary|salaries|pay|pays|compensation|wage|remuneration|base|rate|ote|sueldo|salario|salarial|gehalt|vergütung|entgelt|rémunération|rémunérés?|salaire|tjm|tarif|retribuzione|stipendio|retribución|salário|remuneração|faixa|lön|lønn|range)\b|💰"#,
        words: [
            "salar", "salaire", "pay", "compensation", "wage", "remuneration", "base", "rate", "ote", "sueldo",
            "gehalt",
            "retribuzione", "range", "tjm", "tarif", "stipendio", "entgelt", "faixa",
        ]
    )
    /// Benefits on top of the amount just before: "with standard benefits", "plus benefits", "+ benefits".
    private static let plusBenefits = regex(#"^\s*,?\s*(?:with|plus|\+|and)\s+(?:[\p{L}-]+\s+){0,2}benefits\b"#)
    private static let forTitle = regex(#"\bfor\s+(?:the\s+)?([A-Z][^.;:$€£]{2,80}?)\s*$"#, [])

    func salaries() -> [Evidence<SalaryRange>] {
        let parser = SalaryParser()
        let lines = document.ordinaryLines
        var found: [Evidence<SalaryRange>] = []
        var lastKeywordLine = -100
        // Whether more than one line states an amount: counted once, when a title after an
        // amount first needs it.
        lazy var severalAmountLines =
            lines.filter { !parser.salaries(in: text, range: $0.contentRange).isEmpty }.count > 1
        // The opening lines ("SEC | Developer | New York | $100-140K", a board's "💰" line): an
        // amount with a currency there is the posting's pay.
        let openingEnd = document.lines.prefix(fields.headerEnd + 4).last?.range.upperBound ?? 0
        for (index, line) in lines.enumerated() {
            let hasKeyword = text.firstMatch(Self.salaryWord, in: line.range) != nil
            let inPaySection = document.kind(of: line) == "compensation"
            let nearKeyword = index - lastKeywordLine <= 6
            if hasKeyword { lastKeywordLine = index }
            // Every amount has a digit; most lines have none.
            guard line.text.utf8.contains(where: { (0x30...0x39).contains($0) }) else { continue }
            let placeLine = text.firstMatch(Self.salaryLinePlace, in: line.contentRange)
            for salary in parser.salaries(in: text, range: line.contentRange) {
                // A line of a list of ranges ("Cambridge, MA: $197,300 - $225,100", or the amount alone)
                // belongs to the pay statement above it.
                let lead = SalaryParser.maskingGrades(
                    text.text(line.contentRange.lowerBound..<salary.span.lowerBound)
                )
                // …or behind a short label of its own ("Zone A:", "Tier 2:", "Senior:").
                let label = lead.trimmingCharacters(in: .whitespaces)
                let shortLabel = label.hasSuffix(":") && label.split(separator: " ").count <= 3
                let listShaped =
                    placeLine != nil || lead.allSatisfy { $0 == " " || $0 == ":" } || lead.count <= 2 || shortLabel
                let opening = line.range.upperBound <= openingEnd && salary.range.currency != nil
                // A unit after the amount marks it as pay ("$45/hr"); one ahead of it may be a
                // benefit's ("an annual learning budget of $3,000").
                let unitAfter = salary.range.unit != nil && !salary.unitAhead
                // …and so does a label that is the unit alone ("Hourly: $45 - $60"; the span of an
                // amount with a unit ahead starts at that word).
                let unitLabel =
                    salary.unitAhead && label.isEmpty
                    && text.text(salary.span).split(separator: ":", maxSplits: 1).first.map {
                        SalaryParser.unit($0.trimmingCharacters(in: .whitespaces)) != nil
                    } == true
                // …and so do the benefits that come on top of it ("$32K with standard benefits").
                let withBenefits =
                    text.firstMatch(Self.plusBenefits, in: salary.span.upperBound..<line.contentRange.upperBound)
                    != nil
                guard
                    hasKeyword || inPaySection || (nearKeyword && listShaped) || unitAfter || unitLabel || opening
                        || withBenefits
                else {
                    continue
                }
                var range = salary.range
                var span = salary.span
                let before = line.contentRange.lowerBound..<salary.span.lowerBound
                let after = salary.span.upperBound..<line.contentRange.upperBound
                if let place = placeLine, let placeRange = place.range(1),
                    placeRange.upperBound <= salary.span.lowerBound,
                    let stated = Gazetteer.place(text.text(tidy(placeRange))),
                    stated.region != nil || stated.country != nil
                {
                    range.appliesTo = text.text(tidy(placeRange))
                    span = line.contentRange.lowerBound..<max(span.upperBound, tidy(line.contentRange).upperBound)
                } else if !before.isEmpty || !after.isEmpty, let title = text.firstMatch(Self.forTitle, in: after),
                    let titleRange = title.range(1),
                    severalAmountLines
                {
                    range.appliesTo = text.text(tidy(titleRange))
                    span = span.lowerBound..<tidy(titleRange).upperBound
                }
                if range.unit == nil, index > 0,
                    let stated = headingUnit(above: lines[index - 1], amountAt: salary.span.lowerBound, parser: parser)
                {
                    range.unit = stated.unit
                    span = min(stated.start, span.lowerBound)..<span.upperBound
                }
                if range.currency == "USD", let dollars = localDollars, SalaryParser.hasBareDollar(text.text(span)) {
                    range.currency = dollars
                }
                if !found.contains(where: { $0.value == range }) {
                    found.append(evidence(range, span))
                }
            }
        }
        return Self.withoutRestatedBounds(found)
    }

    /// The unit a pay heading right above an amount states, and where that word starts: "Annual
    /// Salary:" over "$420,000 — $495,000 CAD", "US Hourly Range" over "$26 — $38 USD", as job
    /// boards lay out their pay statements. The heading is short (at most ``headingWords`` words),
    /// has a pay word and no amount of its own, and its unit word is within
    /// ``SalaryParser/unitLeadLimit`` characters of the amount.
    private func headingUnit(
        above heading: PostingDocument.Line,
        amountAt start: Int,
        parser: SalaryParser
    ) -> (unit: String, start: Int)? {
        guard heading.content.split(whereSeparator: \.isWhitespace).count <= Self.headingWords,
            text.firstMatch(Self.salaryWord, in: heading.contentRange) != nil,
            parser.salaries(in: text, range: heading.contentRange).isEmpty
        else { return nil }
        return SalaryParser.unitAhead(of: start, in: text, notBefore: heading.contentRange.lowerBound)
    }

    /// The most words a pay heading over amounts has ("Annual Base Salary Range (USD)").
    static let headingWords = 6

    /// `ranges` without a lone figure that repeats a bound of another of them: "$136,908 to
    /// $183,500 … the maximum salary available for the GS pay system is $183,500", "até R$6.000,00
    /// … Salário: R$ 6.000". The figure restates that range's bound; it is not a second pay. A
    /// figure for a place of its own ("Austin, TX: $150,000") is kept.
    private static func withoutRestatedBounds(_ ranges: [Evidence<SalaryRange>]) -> [Evidence<SalaryRange>] {
        func agree(_ a: String?, _ b: String?) -> Bool { a == nil || b == nil || a == b }
        return ranges.filter { candidate in
            let figure = candidate.value
            guard figure.appliesTo == nil, let amount = figure.min, figure.max == amount else { return true }
            return !ranges.contains { other in
                let range = other.value
                return range.min != range.max && (range.min == amount || range.max == amount)
                    && agree(range.currency, figure.currency) && agree(range.unit, figure.unit)
            }
        }
    }

    /// `ranges` with a currency for each one that states none ("92166 - 161600 Per Year"): the one
    /// currency the posting's other ranges state ("2500 à 3000 brut/mois" beside "entre 30K€ et
    /// 36K€"), or else the currency of the one country all of `locations` are in. A posting whose
    /// ranges state two currencies, or whose places are in two countries, leaves them without.
    func withCurrencies(_ ranges: [Evidence<SalaryRange>], locations: [Evidence<Place>]) -> [Evidence<SalaryRange>] {
        guard ranges.contains(where: { $0.value.currency == nil }) else { return ranges }
        let stated = Set(ranges.compactMap(\.value.currency))
        let countries = Set(locations.map { Gazetteer.countryCode(of: $0.value) })
        let local = countries.count == 1 ? countries.first!.flatMap { Gazetteer.currencies[$0] } : nil
        guard let currency = stated.count == 1 ? stated.first : stated.isEmpty ? local : nil else { return ranges }
        return ranges.map { range in
            var range = range
            if range.value.currency == nil { range.value.currency = currency }
            return range
        }
    }

    /// Places that name each country whose currency is written "$" too.
    private static let dollarCountries: [(code: String, names: NSRegularExpression)] = [
        (
            "AUD",
            #"Australia|Sydney|Melbourne|Brisbane|Perth|Adelaide|Canberra|Queensland|New South Wales|Victoria, Australia"#
        ),
        (
            "CAD",
            #"Canada|Toronto|Vancouver|Montr[eé]al|Ottawa|Calgary|Edmonton|Winnipeg|Ontario|Qu[eé]bec|British Columbia|Alberta"#
        ),
        ("NZD", #"New Zealand|Auckland|Wellington|Christchurch"#),
        ("SGD", #"Singapore"#),
        ("HKD", #"Hong Kong"#),
    ].map { ($0.0, regex("\\b(?:\($0.1))\\b", [])) }
    private static let unitedStates = regex(
        #"\b(?:United States|USA|U\.S\.|US only|[A-Z][a-z]+, (?:AL|AK|AZ|CA|CO|CT|DC|FL|GA|IL|MA|MD|MI|MN|NC|NJ|NY|OH|OR|PA|TX|VA|WA))\b"#,
        []
    )

    /// The "$" currency of a posting outside the United States: the one country among Australia,
    /// Canada, New Zealand, Singapore and Hong Kong its text names, when it names no US place.
    /// A "$" there means that country's dollar (the University of Sydney pays in AUD).
    var localDollars: String? {
        guard text.string.contains("$"), text.firstMatch(Self.unitedStates) == nil else { return nil }
        let named = Self.dollarCountries.filter { text.firstMatch($0.names) != nil }
        return named.count == 1 ? named[0].code : nil
    }
}
