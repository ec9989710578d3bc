import Foundation
public import IntakeCore

/// Reads dates in the forms postings use: "Apr. 10, 2026", "abr 17, 2026", "10 April 2026",
/// "17 de abril de 2026", "4/02/2026", "2026-04-10", "10.04.2026", and "Posted 3 days ago"
/// (against a known document date).
public struct DateParser: Sendable {
    /// How an all-numeric date with slashes is read.
    public enum NumericOrder: String, Sendable, Codable, CaseIterable {
        /// `4/02/2026` is April 2nd (the default, as US postings write).
        case monthFirst = "month-first"
        /// `4/02/2026` is February 4th.
        case dayFirst = "day-first"
    }

    /// The order for slashed numeric dates. A date impossible in this order is read in the other
    /// only when that reading is valid (`30/04/2026`); one impossible in both is rejected.
    public var numericOrder: NumericOrder
    /// The date of the document, for relative phrases; `nil` leaves them unresolved.
    public var documentDate: CalendarDate?

    /// Creates a parser.
    public init(numericOrder: NumericOrder = .monthFirst, documentDate: CalendarDate? = nil) {
        self.numericOrder = numericOrder
        self.documentDate = documentDate
    }

    /// Month names and abbreviations in English, Spanish, French, German, Portuguese and Italian.
    static let months: [String: Int] = {
        let table: [[String]] = [
            ["january", "jan", "enero", "ene", "janvier", "janv", "januar", "jänner", "janeiro", "gennaio", "gen"],
            [
                "february", "feb", "febrero", "février", "fevrier", "févr", "fevr", "februar", "fevereiro", "fev",
                "febbraio",
            ],
            ["march", "mar", "marzo", "mars", "märz", "maerz", "mär", "março", "marco"],
            ["april", "apr", "abril", "abr", "avril", "avr", "aprile"],
            ["may", "mayo", "mai", "maio", "maggio", "mag"],
            ["june", "jun", "junio", "juin", "juni", "junho", "giugno", "giu"],
            ["july", "jul", "julio", "juillet", "juil", "juli", "julho", "luglio", "lug"],
            ["august", "aug", "agosto", "ago", "août", "aout"],
            ["september", "sep", "sept", "septiembre", "setiembre", "septembre", "setembro", "set", "settembre"],
            ["october", "oct", "octubre", "octobre", "oktober", "okt", "outubro", "out", "ottobre", "ott"],
            ["november", "nov", "noviembre", "novembre", "novembro"],
            [
                "december", "dec", "diciembre", "dic", "décembre", "decembre", "déc", "dezember", "dez", "dezembro",
                "dicembre",
            ],
        ]
        var months: [String: Int] = [:]
        for (index, names) in table.enumerated() {
            for name in names { months[name] = index + 1 }
        }
        return months
    }()

    static let monthPattern: String = {
        months.keys.sorted { $0.count > $1.count }.map { NSRegularExpression.escapedPattern(for: $0) }.joined(
            separator: "|"
        )
    }()

    /// "Apr. 10, 2026", "abr 17, 2026", "April 10th 2026".
    static let monthDayYear = regex(
        #"\b(?<month>\#(monthPattern))\.?\s+(?<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<year>\d{4})\b"#
    )
    /// "10 April 2026", "10. April 2026", "17 de abril de 2026", "10-Apr-2026".
    static let dayMonthYear = regex(
        #"\b(?<day>\d{1,2})(?:st|nd|rd|th|\.)?(?:\s+de|\s*-)?\s*(?<month>\#(monthPattern))\.?(?:\s+de\s+|,?\s+|-)(?<year>\d{4})\b"#
    )
    /// "2026-04-10", "2026/04/10".
    static let iso = regex(#"\b(?<year>\d{4})[-/](?<month>\d{1,2})[-/](?<day>\d{1,2})(?:\b|(?=T\d))"#)
    /// "4/02/2026", "04-02-2026", "4/2/26".
    static let slashed = regex(#"(?<![\d/])(?<a>\d{1,2})[/-](?<b>\d{1,2})[/-](?<year>\d{4}|\d{2})(?![\d/])"#)
    /// "10.04.2026" (always day first, as Europe writes it).
    static let dotted = regex(#"(?<![\d.])(?<day>\d{1,2})\.(?<month>\d{1,2})\.(?<year>\d{4})(?![\d.])"#)
    /// "3 days ago", "2 weeks ago", "today", "yesterday", "30+ days ago".
    static let relative = regex(
        #"\b(?:(?<n>\d{1,3}|an?|one)\+?\s+(?<unit>day|week|month|hour)s?\s+ago|(?<today>today|just now)|(?<yesterday>yesterday))\b"#
    )

    /// A date found in a text.
    struct Found {
        var date: CalendarDate
        var range: Range<Int>
    }

    /// The first date in `range` of `text`, whatever its form.
    func firstDate(in text: ScalarText, range: Range<Int>) -> Found? {
        allDates(in: text, range: range).first
    }

    /// Every date in `range`, in order of position.
    func allDates(in text: ScalarText, range: Range<Int>) -> [Found] {
        var found: [Found] = []
        // Every date but a relative one has a year's digits; most lines have none. (A non-ASCII
        // byte may be a digit of another script, which `\d` takes.)
        let sample = text.text(range).utf8
        let hasDigits = sample.contains { (0x30...0x39).contains($0) || $0 >= 0x80 }
        // The numeric forms need their separators: "-" or "/", and ".".
        let hasDash = hasDigits && sample.contains { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "/") }
        let hasDot = hasDigits && sample.contains(UInt8(ascii: "."))
        for match in hasDigits ? text.matches(Self.monthDayYear, in: range) : [] {
            if let date = named(match, month: match.group("month")) {
                found.append(Found(date: date, range: match.range))
            }
        }
        for match in hasDigits ? text.matches(Self.dayMonthYear, in: range) : [] {
            if let date = named(match, month: match.group("month")) {
                found.append(Found(date: date, range: match.range))
            }
        }
        for match in hasDash ? text.matches(Self.iso, in: range) : [] {
            if let year = Int(match.group("year") ?? ""), let month = Int(match.group("month") ?? ""),
                let day = Int(match.group("day") ?? ""), let date = CalendarDate(year: year, month: month, day: day)
            {
                found.append(Found(date: date, range: match.range))
            }
        }
        for match in hasDot ? text.matches(Self.dotted, in: range) : [] {
            if let year = Int(match.group("year") ?? ""), let month = Int(match.group("month") ?? ""),
                let day = Int(match.group("day") ?? ""), let date = CalendarDate(year: year, month: month, day: day)
            {
                found.append(Found(date: date, range: match.range))
            }
        }
        for match in hasDash ? text.matches(Self.slashed, in: range) : [] {
            guard let a = Int(match.group("a") ?? ""), let b = Int(match.group("b") ?? ""),
                var year = Int(match.group("year") ?? "")
            else { continue }
            if year < 100 { year += 2000 }
            let (month, day) = numericOrder == .monthFirst ? (a, b) : (b, a)
            if let date = CalendarDate(year: year, month: month, day: day)
                ?? CalendarDate(year: year, month: day, day: month)
            {
                found.append(Found(date: date, range: match.range))
            }
        }
        if let documentDate {
            for match in text.matches(Self.relative, in: range) {
                if let date = resolve(match, against: documentDate) {
                    found.append(Found(date: date, range: match.range))
                }
            }
        }
        // Overlapping readings of one date (an ISO date inside a longer one): keep the earliest, longest.
        found.sort { ($0.range.lowerBound, -$0.range.count) < ($1.range.lowerBound, -$1.range.count) }
        var kept: [Found] = []
        for candidate in found where !kept.contains(where: { $0.range.overlaps(candidate.range) }) {
            kept.append(candidate)
        }
        return kept
    }

    private func named(_ match: ScalarText.Match, month name: String?) -> CalendarDate? {
        guard let name, let month = Self.months[name.lowercasedFast()], let day = Int(match.group("day") ?? ""),
            let year = Int(match.group("year") ?? "")
        else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    private func resolve(_ match: ScalarText.Match, against reference: CalendarDate) -> CalendarDate? {
        if match.group("today") != nil { return reference }
        if match.group("yesterday") != nil { return reference.subtracting(days: 1) }
        guard let unit = match.group("unit")?.lowercasedFast(), let word = match.group("n")?.lowercasedFast() else {
            return nil
        }
        let n = Int(word) ?? 1
        switch unit {
        case "hour": return reference
        case "day": return reference.subtracting(days: n)
        case "week": return reference.subtracting(days: 7 * n)
        default: return reference.subtracting(days: 30 * n)
        }
    }

    /// Parses `string` as one date (the whole string need not be a date; the first one found counts).
    public func parse(_ string: String) -> CalendarDate? {
        let text = ScalarText(string)
        return firstDate(in: text, range: 0..<text.count)?.date
    }
}
