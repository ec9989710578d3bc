import Foundation
public import IntakeCore

/// Reads salary figures and ranges: "$157 040,00 - $235 560,00", "$107,120.00 - $160,680.00",
/// "107,120.00 - 160,680.00 Annual", "$45/hr", "£45k–£55k", "€50.000 – €60.000",
/// "USD 120K - 150K", "up to $90,000", with hyphens, en and em dashes or "to" between the bounds.
public struct SalaryParser: Sendable {
    /// Creates a parser.
    public init() {}

    /// Every salary figure or range in `string`, in order.
    public func parse(_ string: String) -> [SalaryRange] {
        let text = ScalarText(string)
        return salaries(in: text, range: 0..<text.count).map(\.range)
    }

    private static let symbols: [(String, String)] = [
        ("US$", "USD"), ("CA$", "CAD"), ("C$", "CAD"), ("A$", "AUD"), ("AU$", "AUD"), ("NZ$", "NZD"),
        ("HK$", "HKD"), ("S$", "SGD"), ("R$", "BRL"), ("$", "USD"), ("£", "GBP"), ("€", "EUR"), ("₹", "INR"),
        ("¥", "JPY"), ("₩", "KRW"), ("₽", "RUB"), ("zł", "PLN"), ("CHF", "CHF"), ("Fr.", "CHF"),
    ]
    private static let codes = [
        "USD", "EUR", "GBP", "CAD", "AUD", "NZD", "CHF", "JPY", "INR", "SGD", "HKD", "SEK", "NOK", "DKK", "PLN",
        "BRL", "MXN", "ZAR", "CNY", "KRW", "RMB", "EUROS", "EURO", "WON",
    ]
    /// Words written where a code would be: "250,000RMB", "2500 euros", "48 million won".
    private static let codeAliases = ["RMB": "CNY", "EUROS": "EUR", "EURO": "EUR", "WON": "KRW"]
    /// The dollars a bare "$" can mean where the posting is not in the United States.
    public static let dollarCurrencies: Set<String> = ["AUD", "CAD", "NZD", "SGD", "HKD"]
    /// Currencies whose yearly pay runs into the millions.
    private static let smallUnitCurrencies: Set<String> = ["KRW", "JPY", "INR", "IDR", "HUF", "CLP", "COP", "VND"]

    private static let currency: String = {
        let symbolPattern = symbols.map { NSRegularExpression.escapedPattern(for: $0.0) }.joined(separator: "|")
        let codePattern = codes.sorted { $0.count > $1.count }.joined(separator: "|")
        return "(?:(?:\(codePattern))\\b|\(symbolPattern))"
    }()
    /// 157 040,00 · 107,120.00 · 50.000 · 120K · 45.50 · 90000 · 32318.0000
    private static let number =
        #"\d{1,3}(?:(?:[ ,.\u00A0\u202F])\d{3})+(?:[.,]\d{1,2})?|\d+(?:\.0{4}(?!\d)|[.,]\d{1,2})?"#
    /// "CAD $146,000", "€ 42k", "48 million", "53.950,-€", "250,000RMB".
    private static let amount =
        #"(?:\#(currency)\s?){0,2}(?:\#(number))(?:\s?(?:[kKmM]|million|millions|mio\.?)\b)?(?:,-)?(?:\s?\#(currency))?"#
    /// The English unit words written before or after an amount: "annual", "per annum", "hourly".
    private static let unitAdjectives = #"annual(?:ly)?|yearly|per annum|monthly|weekly|daily|hourly"#
    private static let unitPattern =
        #"(?:(?:per|an|a|/)\s*(?<unit>yearly|monthly|weekly|daily|hourly|year|yr|annum|month|mo|week|wk|day|hour|hr|h|jour|tag|mois|monat|stunde|heure|hora|jahr)\b|\((?<unitparen>mês|mes|month|year|ano|año|mois)\)|(?<unitword>\#(unitAdjectives)|p\.a\.|al año|por año|anual|pro jahr|jährlich|par an|annuel|all'anno|por ano|por mes|pro monat|par mois|por hora|pro stunde|de l'heure))"#

    /// A range or a single figure with an optional "up to" and unit.
    static let pattern = regex(
        #"(?<upto>up to\s+|as much as\s+|até\s+|jusqu'à\s+|jusqu’à\s+|bis zu\s+|hasta\s+)?(?<lo>\#(amount))(?:\s*/\s*(?<unit1>hr|hour|h|yr|year|month|mo|week|wk|day)\b)?(?:\s*(?:-|–|—|~|〜|to|a|bis|à|até)\s*(?<hi>\#(amount))|(?<plus>\+))?\#(unitTail)"#
    )
    /// "between $50 and $60 an hour", "entre 400 et 600€": the bounds joined by a word.
    static let betweenPattern = regex(
        #"\b(?:between|entre|zwischen|tra)\s+(?<lo>\#(amount))\s+(?:and|et|und|e|y)\s+(?<hi>\#(amount))\#(unitTail)"#
    )
    /// A unit after the amounts, with "gross", "net", "HT" before it ("PLN gross/monthly", "€
    /// HT/jour"), and an ISO code in capitals after it ("110,000 - 200,000/year SGD"; a code
    /// ``code(in:)`` does not know names no currency). A Markdown code span that closes around
    /// the amounts comes first: "`HK$15k-30k` per month".
    private static let unitTail =
        #"(?:`?\s*(?:(?:gross|net|brut|brutto|netto|nets?|HT)\s*)?\#(unitPattern)(?:\s?(?<tailcode>(?-i:[A-Z]{3}))\b)?)?"#

    /// A salary found in a text.
    struct Found {
        var range: SalaryRange
        var span: Range<Int>
        /// Whether the unit was stated ahead of the amount ("an annual salary of $X"), not after it.
        var unitAhead = false
    }

    /// Every salary figure in `range` of `text`. A bare number counts only with a currency or a
    /// pay unit next to it, so years, counts and percentages are never taken for salaries.
    func salaries(in text: ScalarText, range: Range<Int>) -> [Found] {
        let (searched, base) = text.searchedText(range)
        guard Self.mayFindPay(in: searched) else { return [] }
        return salaries(in: text, searched: searched, base: base)
    }

    /// ``salaries(in:range:)`` without the ``mayFindPay(in:)`` guard: `searched` is the
    /// searched part of `text`, starting at UTF-16 offset `base`.
    func salaries(in text: ScalarText, searched: String, base: Int) -> [Found] {
        var found: [Found] = []
        let searched = Self.maskingGrades(searched)
        let between = text.matches(Self.betweenPattern, in: searched, base: base)
        let single = text.matches(Self.pattern, in: searched, base: base).filter { match in
            !between.contains { $0.range.overlaps(match.range) }
        }
        let floor = text.scalars(NSRange(location: base, length: 0)).lowerBound
        for match in (between + single).sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            guard let lowText = match.group("lo"), !Self.isLargerSum(text, after: match.range),
                !Self.isInAddress(text, at: match.range.lowerBound)
            else { continue }
            let highText = match.group("hi")
            var unit = Self.unit(
                match.group("unit") ?? match.group("unitword") ?? match.group("unit1") ?? match.group("unitparen")
            )
            // A code names the currency over a symbol: "$75,000 - $100,000 AUD" is in Australian dollars.
            let currency =
                Self.code(in: lowText) ?? highText.flatMap(Self.code(in:))
                ?? match.group("tailcode").flatMap(Self.code(in:)) ?? Self.symbol(in: lowText)
                ?? highText.flatMap(Self.symbol(in:))
            guard currency != nil || unit != nil else { continue }
            // An amount of money with no unit after it takes one its clause states ahead of it, and
            // its span then starts at that word.
            var span = match.range
            let ahead = unit == nil ? Self.unitAhead(of: span.lowerBound, in: text, notBefore: floor) : nil
            if let ahead {
                unit = ahead.unit
                span = ahead.start..<span.upperBound
            }
            guard var low = Self.value(lowText) else { continue }
            var high: Double?
            if let highText {
                guard let value = Self.value(highText) else { continue }
                high = value
                // "120-150K": a multiplier written once applies to both bounds.
                if Self.multiplier(highText) > 1, Self.multiplier(lowText) == 1, low * 100 < value {
                    low *= Self.multiplier(highText)
                }
                if value < low { continue }
            }
            let salary: SalaryRange
            if high == nil && match.group("upto") != nil {
                salary = SalaryRange(min: nil, max: low, currency: currency, unit: unit)
            } else if high == nil && match.group("plus") != nil {
                // "€ 42k+": a floor.
                salary = SalaryRange(min: low, max: nil, currency: currency, unit: unit)
            } else {
                salary = SalaryRange(min: low, max: high ?? low, currency: currency, unit: unit)
            }
            guard Self.plausible(salary) else { continue }
            found.append(Found(range: salary, span: span, unitAhead: ahead != nil))
        }
        return Self.sharingUnits(found, in: text)
    }

    /// `found` with the unit of the last of several amounts in other currencies, written one after
    /// another with "/" between them, given to the others: "3,850 USD / 2,310 GBP / 4,300 CAD per
    /// week" is a weekly pay in three currencies. Each such amount's span then runs on to the unit.
    private static func sharingUnits(_ found: [Found], in text: ScalarText) -> [Found] {
        var found = found
        for index in found.indices.dropLast().reversed() {
            let next = found[index + 1]
            guard found[index].range.unit == nil, let unit = next.range.unit, !next.unitAhead,
                let currency = found[index].range.currency, let nextCurrency = next.range.currency,
                currency != nextCurrency
            else { continue }
            let between = text.text(found[index].span.upperBound..<next.span.lowerBound)
            guard between.trimmingCharacters(in: .whitespaces) == "/" else { continue }
            found[index].range.unit = unit
            found[index].span = found[index].span.lowerBound..<next.span.upperBound
        }
        return found
    }

    /// A pay grade or step: "GS-15", "Step 10", "E 13", "TV-L E12", "Band 7", "Stufe 2".
    private static let grade = regex(
        #"\b(?:GS|GG|GL|GM|SES|EG|E|W|TV-?L|TVöD|Entgeltgruppe|Grade|Step|Stufe|Level|Band|Tier|Scale|Spine point|Pay band)[- ]?\d{1,2}\b(?:\s*(?:Step|Stufe|Level|/\s?S?)\s*\d{1,2}\b)?"#,
        []
    )

    /// `text` with its pay grades blanked out, so that "GS-15 Step 1 - $105,123 to GS-15 Step 10
    /// $136,659" reads as "$105,123 to $136,659", not as a range from 1 to 105,123. Every blanked
    /// UTF-16 unit becomes one space, so offsets stay those of `text`.
    static func maskingGrades(_ text: String) -> String {
        let matches = grade.matches(in: text, range: NSRange(location: 0, length: text.utf16.count))
        guard !matches.isEmpty else { return text }
        let masked = NSMutableString(string: text)
        for match in matches {
            masked.replaceCharacters(in: match.range, with: String(repeating: " ", count: match.range.length))
        }
        return masked as String
    }

    /// Whether the figure starting at `start` is part of a web address: "%20euros" in a link's
    /// "…#:~:text=Pour%20r%C3%A9duire%2020euros" is no pay.
    private static func isInAddress(_ text: ScalarText, at start: Int) -> Bool {
        let lead = text.text(max(0, start - 300)..<start)
        let token = lead.reversed().prefix { !$0.isWhitespace }
        return String(token.reversed()).contains("://")
    }

    private static let largerSum = regex(#"^(?:\s?(?:billion|trillion|bn|mrd|milliard)|[A-Za-z])"#)

    /// Whether the figure ending at `range` goes on as a larger sum: "$3.6 billion", "$30B".
    private static func isLargerSum(_ text: ScalarText, after range: Range<Int>) -> Bool {
        let rest = range.upperBound..<min(text.count, range.upperBound + 10)
        return !rest.isEmpty && text.firstMatch(largerSum, in: rest) != nil
    }

    /// Whether `text` can hold a salary ``salaries(in:range:)`` keeps: false only when it
    /// certainly cannot, so the expression (which tries its currency alternatives at nearly
    /// every letter) is not run.
    ///
    /// A kept figure has a currency or a pay unit. On an ASCII text with no `$`, no currency
    /// code and no "fr." (in any case), no match has a currency; with no `/` and none of the
    /// unit words, no match has a unit. A unit word ("h", "mo", "year", …) counts only where
    /// the expression can take it: after "per", "an" or "a" (so after an "a", "n" or "r" and
    /// white space) and before a non-word character or the end. Any other text is searched.
    static func mayFindPay(in text: String) -> Bool {
        guard let lowered = ByteScan.asciiLowercased(text) else { return true }
        if lowered.contains(UInt8(ascii: "$")) || lowered.contains(UInt8(ascii: "/")) { return true }
        if ByteScan.containsAny(lowered, of: payNeedles) { return true }
        return lowered.withUnsafeBufferPointer { bytes in
            unitWords.contains { word in Self.hasUnit(word, in: bytes) }
        }
    }

    /// Lower-case ASCII currency codes and symbols, and the ASCII unit words that stand alone.
    private static let payNeedles: [[UInt8]] =
        (codes.map { $0.lowercased() } + ["fr.", "(month)", "(year)", "(mes)", "(ano)", "(mois)"] + unitPhrases).map {
            Array($0.utf8)
        }
    private static let unitPhrases = [
        "annual", "yearly", "per annum", "p.a.", "monthly", "weekly", "daily", "hourly", "anual", "pro jahr", "par an",
        "annuel", "all'anno", "por ano", "por mes", "pro monat", "par mois", "por hora", "pro stunde", "de l'heure",
    ]

    /// The unit words the expression takes after "per", "an" or "a".
    private static let unitWords: [[UInt8]] = [
        "year", "yr", "annum", "month", "mo", "week", "wk", "day", "hour", "hr", "h", "jour", "tag", "mois", "monat",
        "stunde", "heure", "hora", "jahr",
    ]
    .map { Array($0.utf8) }

    /// Whether `word` occurs in `bytes` (lower-cased ASCII) before a non-word byte or the end,
    /// with an "a", "n" or "r" before it once any white space is passed over.
    private static func hasUnit(_ word: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        ByteScan.contains(word, in: bytes) { start, end in
            guard end == bytes.count || !ByteScan.isASCIIWordByte(bytes[end]) else { return false }
            var before = start - 1
            while before >= 0, ByteScan.isASCIIWhiteSpace(bytes[before]) { before -= 1 }
            return before >= 0 && "anr".utf8.contains(bytes[before])
        }
    }

    /// A figure that could be pay: positive and under a billion.
    private static func plausible(_ salary: SalaryRange) -> Bool {
        guard let max = salary.max ?? salary.min, max > 0, max < 1_000_000_000 else { return false }
        // "$523 million" is a funding round, not pay; a won or a yen salary runs into millions.
        if max >= 5_000_000, !smallUnitCurrencies.contains(salary.currency ?? "") { return false }
        // A lone small number with only a unit ("3 days a week") is not pay.
        if salary.currency == nil && max < 1000 && salary.unit != "hour" { return false }
        return true
    }

    /// How far before an amount (in characters) a unit the clause states first is looked for.
    static let unitLeadLimit = 48
    /// A unit stated ahead of the amount: "an annual salary of", "the yearly compensation for this
    /// position is", "Hourly rate:", "TJM" (taux journalier moyen, the French daily rate).
    private static let unitAhead = regex(
        #"\b(\#(unitAdjectives)|tjm|taux journalier|jährlich|monatlich|annuel(?:le)?|mensuel(?:le)?|anual|mensual)\b"#
    )

    /// The unit a clause states ahead of the amount that starts at scalar offset `start`, and
    /// where that word starts: the last unit word within ``unitLeadLimit`` characters before it,
    /// after `floor` and after the last sentence's end ("with an annual salary of 170k~250k RMB" is
    /// yearly pay; in "Annual leave is 25 days. Salary: €50,000" the unit is the leave's).
    static func unitAhead(of start: Int, in text: ScalarText, notBefore floor: Int) -> (unit: String, start: Int)? {
        var from = max(floor, start - unitLeadLimit)
        let lead = text.text(from..<start)
        if let end = lead.range(of: ". ", options: .backwards) {
            from += lead.unicodeScalars[..<end.upperBound].count
        }
        guard let match = text.matches(unitAhead, in: from..<start).last, let unit = unit(match.group(1)) else {
            return nil
        }
        return (unit, match.range.lowerBound)
    }

    static func unit(_ word: String?) -> String? {
        switch word?.lowercasedFast() {
        case "year", "yr", "annum", "annual", "annually", "yearly", "per annum", "p.a.", "al año", "por año", "anual",
            "pro jahr", "jahr", "ano", "año",
            "jährlich", "par an", "annuel", "annuelle", "all'anno", "por ano":
            return "year"
        case "month", "mo", "monthly", "por mes", "pro monat", "par mois", "mês", "mes", "mois", "monat", "monatlich",
            "mensuel", "mensuelle", "mensual":
            return "month"
        case "week", "wk", "weekly": return "week"
        case "day", "daily", "jour", "tag", "tjm", "taux journalier": return "day"
        case "hour", "hr", "h", "hourly", "por hora", "pro stunde", "de l'heure", "stunde", "heure", "hora":
            return "hour"
        default: return nil
        }
    }

    static func currency(in amount: String) -> String? {
        code(in: amount) ?? symbol(in: amount)
    }

    /// The ISO code an amount writes ("USD", "RMB" for CNY, "euros" for EUR).
    static func code(in amount: String) -> String? {
        let upper = amount.uppercased()
        for code in codes where upper.contains(code) { return codeAliases[code] ?? code }
        return nil
    }

    /// The currency of an amount's symbol ("$", "R$", "€").
    static func symbol(in amount: String) -> String? {
        for (symbol, code) in symbols where amount.contains(symbol) { return code }
        return nil
    }

    /// Whether `text` states its dollars only as "$" (not "US$", "USD", "A$", "CAD" …).
    public static func hasBareDollar(_ text: String) -> Bool {
        guard text.contains("$") else { return false }
        let upper = text.uppercased()
        if codes.contains(where: { upper.contains($0) }) { return false }
        return !symbols.contains { $0.0.count > 1 && $0.0.hasSuffix("$") && text.contains($0.0) }
    }

    private static let numberExpression = regex(number, [])

    private static let suffix = regex(#"\d\s?([kKmM])(?![a-zA-Z])"#, [])

    /// 1000 for "120K", a million for "1.2M", else 1.
    static func multiplier(_ amount: String) -> Double {
        let lowered = amount.lowercasedFast()
        if lowered.contains("million") || lowered.contains("mio") { return 1_000_000 }
        let text = ScalarText(amount)
        guard let match = text.firstMatch(suffix), let letter = match.group(1) else { return 1 }
        return letter.lowercasedFast() == "k" ? 1_000 : 1_000_000
    }

    /// The numeric value of an amount, reading its separators: the last `.` or `,` followed by one
    /// or two digits is the decimal point; every other separator (space, `.`, `,`) groups thousands.
    static func value(_ amount: String) -> Double? {
        guard let numberRange = amount.firstRange(of: numberExpression) else { return nil }
        let digits = String(amount[numberRange])
        var integer = ""
        var fraction = ""
        let characters = Array(digits)
        var index = 0
        while index < characters.count {
            let c = characters[index]
            if c.isNumber {
                integer.append(c)
            } else if c == "." || c == "," {
                let rest = characters[(index + 1)...].prefix { $0.isNumber }
                // "45.50", and an API's "32318.0000" (four zeros: three would be "50.000", fifty thousand).
                let zeros = rest.count == 4 && rest.allSatisfy { $0 == "0" }
                if (rest.count <= 2 || zeros) && index + 1 + rest.count == characters.count {
                    fraction = String(rest)
                    break
                }
            }
            index += 1
        }
        guard let whole = Double(integer) else { return nil }
        let value = whole + (fraction.isEmpty ? 0 : (Double("0." + fraction) ?? 0))
        return value * multiplier(amount)
    }
}
