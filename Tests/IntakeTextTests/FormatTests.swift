import IntakeCore
import IntakeText
import Testing

struct DateCase: Sendable, CustomTestStringConvertible {
    var text: String
    var expected: String?
    var order: DateParser.NumericOrder = .monthFirst
    var documentDate: CalendarDate? = nil
    var testDescription: String { text }
}

struct SalaryCase: Sendable, CustomTestStringConvertible {
    var text: String
    var expected: [SalaryRange]
    var testDescription: String { text }
}

struct FormatTests {
    static let dates: [DateCase] = [
        DateCase(text: "Apr. 10, 2026", expected: "2026-04-10"),
        DateCase(text: "Apr 08, 2026", expected: "2026-04-08"),
        DateCase(text: "April 8th, 2026", expected: "2026-04-08"),
        DateCase(text: "abr 17, 2026", expected: "2026-04-17"),
        DateCase(text: "17 de abril de 2026", expected: "2026-04-17"),
        DateCase(text: "3 janvier 2026", expected: "2026-01-03"),
        DateCase(text: "le 12 févr. 2026", expected: "2026-02-12"),
        DateCase(text: "10. März 2026", expected: "2026-03-10"),
        DateCase(text: "5 de março de 2026", expected: "2026-03-05"),
        DateCase(text: "21 settembre 2026", expected: "2026-09-21"),
        DateCase(text: "dic 24, 2026", expected: "2026-12-24"),
        DateCase(text: "4/02/2026", expected: "2026-04-02"),
        DateCase(text: "4/02/2026", expected: "2026-02-04", order: .dayFirst),
        DateCase(text: "30/04/2026", expected: "2026-04-30"),
        DateCase(text: "2/30/2026", expected: nil),
        DateCase(text: "13/13/2026", expected: nil),
        DateCase(text: "2/29/2025", expected: nil),
        DateCase(text: "2/29/2028", expected: "2028-02-29"),
        DateCase(text: "2026-04-10", expected: "2026-04-10"),
        // An ISO timestamp, as front matter and APIs write dates.
        DateCase(text: "2021-11-17T12:56:09.964Z", expected: "2021-11-17"),
        DateCase(text: "2026-04-10T09:00:00+02:00", expected: "2026-04-10"),
        DateCase(text: "2026-02-31", expected: nil),
        DateCase(text: "10 April 2026", expected: "2026-04-10"),
        DateCase(text: "10-Apr-2026", expected: "2026-04-10"),
        DateCase(text: "10.04.2026", expected: "2026-04-10"),
        DateCase(
            text: "Posted 3 days ago",
            expected: "2026-04-07",
            documentDate: CalendarDate(year: 2026, month: 4, day: 10)
        ),
        DateCase(
            text: "Posted 2 weeks ago",
            expected: "2026-03-27",
            documentDate: CalendarDate(year: 2026, month: 4, day: 10)
        ),
        DateCase(
            text: "Posted yesterday",
            expected: "2026-03-31",
            documentDate: CalendarDate(year: 2026, month: 4, day: 1)
        ),
        DateCase(text: "Posted 3 days ago", expected: nil),
        DateCase(text: "version 1.2.3 and 42 items", expected: nil),
    ]

    @Test(arguments: dates)
    func readsDate(_ c: DateCase) {
        let parser = DateParser(numericOrder: c.order, documentDate: c.documentDate)
        #expect(parser.parse(c.text)?.description == c.expected)
    }

    static let salaries: [SalaryCase] = [
        // A code after the amounts names the currency over the symbol before them.
        SalaryCase(
            text: "$75,000 - $100,000 AUD per year",
            expected: [SalaryRange(min: 75_000, max: 100_000, currency: "AUD", unit: "year")]
        ),
        SalaryCase(
            text: "CAD $146,000~$180,000",
            expected: [SalaryRange(min: 146_000, max: 180_000, currency: "CAD", unit: nil)]
        ),
        SalaryCase(
            text: "40,000~45,000 US$",
            expected: [SalaryRange(min: 40_000, max: 45_000, currency: "USD", unit: nil)]
        ),
        SalaryCase(
            text: "45-55 million KRW/year",
            expected: [SalaryRange(min: 45_000_000, max: 55_000_000, currency: "KRW", unit: "year")]
        ),
        SalaryCase(
            text: "250,000RMB - 320,000RMB",
            expected: [SalaryRange(min: 250_000, max: 320_000, currency: "CNY", unit: nil)]
        ),
        SalaryCase(
            text: "$50,000–90,000 + equity",
            expected: [SalaryRange(min: 50_000, max: 90_000, currency: "USD", unit: nil)]
        ),
        SalaryCase(text: "€ 42k+ p.a.", expected: [SalaryRange(min: 42_000, max: nil, currency: "EUR", unit: "year")]),
        SalaryCase(
            text: "entre 400 et 600€ selon expérience",
            expected: [SalaryRange(min: 400, max: 600, currency: "EUR", unit: nil)]
        ),
        SalaryCase(
            text: "13,600 - 16,000 PLN gross/monthly",
            expected: [SalaryRange(min: 13_600, max: 16_000, currency: "PLN", unit: "month")]
        ),
        SalaryCase(
            text: "R$ 15.000,00 (Mês)",
            expected: [SalaryRange(min: 15_000, max: 15_000, currency: "BRL", unit: "month")]
        ),
        SalaryCase(text: "até R$6.000,00", expected: [SalaryRange(min: nil, max: 6_000, currency: "BRL", unit: nil)]),
        SalaryCase(
            text: "37.300–53.950,-€",
            expected: [SalaryRange(min: 37_300, max: 53_950, currency: "EUR", unit: nil)]
        ),
        SalaryCase(
            text: "2500 euros nets",
            expected: [SalaryRange(min: 2_500, max: 2_500, currency: "EUR", unit: nil)]
        ),
        SalaryCase(text: "600€ HT/jour", expected: [SalaryRange(min: 600, max: 600, currency: "EUR", unit: "day")]),
        // Larger sums are not pay.
        SalaryCase(text: "a budget of $3.6 billion", expected: []),
        SalaryCase(text: "over $30B in AUM", expected: []),
        SalaryCase(text: "raised $523 million", expected: []),
        SalaryCase(
            text: "$157 040,00 - $235 560,00",
            expected: [SalaryRange(min: 157_040, max: 235_560, currency: "USD", unit: nil)]
        ),
        SalaryCase(
            text: "$107,120.00 - $160,680.00",
            expected: [SalaryRange(min: 107_120, max: 160_680, currency: "USD", unit: nil)]
        ),
        SalaryCase(
            text: "107,120.00 - 160,680.00 Annual",
            expected: [SalaryRange(min: 107_120, max: 160_680, currency: nil, unit: "year")]
        ),
        SalaryCase(
            text: "$197,300 - $225,100 for Lead AI Engineer",
            expected: [SalaryRange(min: 197_300, max: 225_100, currency: "USD", unit: nil)]
        ),
        SalaryCase(text: "$45/hr", expected: [SalaryRange(min: 45, max: 45, currency: "USD", unit: "hour")]),
        SalaryCase(
            text: "$45.50 per hour",
            expected: [SalaryRange(min: 45.5, max: 45.5, currency: "USD", unit: "hour")]
        ),
        SalaryCase(text: "£45k–£55k", expected: [SalaryRange(min: 45_000, max: 55_000, currency: "GBP", unit: nil)]),
        SalaryCase(
            text: "€50.000 – €60.000",
            expected: [SalaryRange(min: 50_000, max: 60_000, currency: "EUR", unit: nil)]
        ),
        SalaryCase(
            text: "50.000 € - 60.000 € al año",
            expected: [SalaryRange(min: 50_000, max: 60_000, currency: "EUR", unit: "year")]
        ),
        SalaryCase(
            text: "70.000 – 85.000 EUR pro Jahr",
            expected: [SalaryRange(min: 70_000, max: 85_000, currency: "EUR", unit: "year")]
        ),
        SalaryCase(
            text: "USD 120K - 150K",
            expected: [SalaryRange(min: 120_000, max: 150_000, currency: "USD", unit: nil)]
        ),
        SalaryCase(
            text: "$120-150K per year",
            expected: [SalaryRange(min: 120_000, max: 150_000, currency: "USD", unit: "year")]
        ),
        SalaryCase(text: "up to $90,000", expected: [SalaryRange(min: nil, max: 90_000, currency: "USD", unit: nil)]),
        SalaryCase(
            text: "$80,000 to $95,000 a year",
            expected: [SalaryRange(min: 80_000, max: 95_000, currency: "USD", unit: "year")]
        ),
        SalaryCase(
            text: "$140,000 — $175,000",
            expected: [SalaryRange(min: 140_000, max: 175_000, currency: "USD", unit: nil)]
        ),
        SalaryCase(
            text: "CA$95,000 - CA$110,000",
            expected: [SalaryRange(min: 95_000, max: 110_000, currency: "CAD", unit: nil)]
        ),
        SalaryCase(
            text: "4,500 EUR per month",
            expected: [SalaryRange(min: 4_500, max: 4_500, currency: "EUR", unit: "month")]
        ),
        SalaryCase(text: "401(k) with a 6% match and 25 days off", expected: []),
        SalaryCase(text: "In 2026 we hired 1,200 people", expected: []),
        SalaryCase(text: "3 days a week in the office", expected: []),
    ]

    @Test(arguments: salaries)
    func readsSalary(_ c: SalaryCase) {
        #expect(SalaryParser().parse(c.text) == c.expected)
    }

    /// Abbreviated degrees, with the period a sentence or the span's tidying may take off, are
    /// found and their evidence reads back as the degree (a fuzzer found "b.s." whose span,
    /// tidied to "b.s", no longer did).
    @Test(arguments: [
        ("Requirements\nB.S. in Computer Science or related field.", "bachelor's degree", "B.S"),
        ("Requirements\nA B.Sc. in Statistics.", "bachelor's degree", "B.Sc"),
        ("Requirements\nM.S. or PhD in Physics preferred; B.A. in Economics accepted.", "master's degree", "M.S"),
        ("Requirements\nHolds a b.s.ion", "bachelor's degree", "b.s"),
    ])
    func abbreviatedDegreesReadBackFromTheirEvidence(_ text: String, _ degree: String, _ evidence: String) {
        let parsed = PostingParser().parse(pages: [text])
        #expect(parsed.posting.educationRequirements?.value == degree)
        #expect(parsed.posting.educationRequirements?.text == evidence)
        #expect(parsed.evidenceProblems().isEmpty, "\(parsed.evidenceProblems())")
    }
}
