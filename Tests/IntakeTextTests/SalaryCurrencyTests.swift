import IntakeCore
import IntakeText
import Testing

/// An amount that states no currency takes the posting's: real USAJobs records give their pay as
/// "92166 - 161600 Per Year" under a `PositionLocation` in the United States, and a French posting
/// gave one of its ranges in words ("2500 à 3000 brut/mois") beside others in euros.
struct SalaryCurrencyTests {
    static func ranges(_ text: String) -> [SalaryRange] {
        let parsed = PostingParser().parse(pages: [text])
        #expect(parsed.evidenceProblems() == [])
        return parsed.posting.baseSalary.map(\.value)
    }

    @Test func aBareAmountTakesTheCurrencyOfTheCountryThePostingIsIn() {
        let text = """
            PositionTitle: IT Specialist (SYSADMIN)
            OrganizationName: Army National Guard Units
            PositionLocation: Marietta, Georgia
            PositionRemuneration: 55670 - 72366 Per Year
            """
        let parsed = PostingParser().parse(pages: [text]).posting
        #expect(parsed.jobLocation.map(\.value) == [Place(city: "Marietta", region: "Georgia")])
        #expect(Self.ranges(text) == [SalaryRange(min: 55_670, max: 72_366, currency: "USD", unit: "year")])
    }

    @Test func aBareAmountTakesTheCurrencyThePostingsOtherAmountsState() {
        let found = Self.ranges(
            """
            Chargé de clientèle

            Rémunération : entre 1950 euros et 2250€ nets par mois.
            Salaire : environ 2500 à 3000 brut/mois, soit entre 30K€ et 36K€ brut annuel.
            """
        )
        #expect(found.contains(SalaryRange(min: 2_500, max: 3_000, currency: "EUR", unit: "month")), "\(found)")
        #expect(found.allSatisfy { $0.currency == "EUR" }, "\(found)")
    }

    @Test func aUSAJobsRecordWithTwoLocationsInTheUnitedStatesPaysInDollars() {
        let text = """
            PositionTitle: IT Specialist (INET) (Web Developer)
            OrganizationName: Consumer Financial Protection Bureau
            PositionLocation: Washington DC, District of Columbia; Location Negotiable After Selection, United States
            PositionRemuneration: 92166 - 161600 Per Year
            """
        let parsed = PostingParser().parse(pages: [text]).posting
        #expect(
            parsed.jobLocation.map(\.value) == [
                Place(city: "Washington DC", region: "District of Columbia"), Place(country: "United States"),
            ]
        )
        #expect(Self.ranges(text) == [SalaryRange(min: 92_166, max: 161_600, currency: "USD", unit: "year")])
    }

    /// Two currencies stated, or places in two countries: nothing tells which the bare amount is in.
    @Test func noCurrencyIsGivenWhereThePostingStatesTwo() {
        let twoCurrencies = Self.ranges(
            """
            Data Engineer

            Salary: 60,000 - 70,000 GBP in London, or $90,000 - $100,000 in New York.
            Bonus: 5000 - 8000 per year.
            """
        )
        #expect(
            twoCurrencies.contains(SalaryRange(min: 5_000, max: 8_000, currency: nil, unit: "year")),
            "\(twoCurrencies)"
        )
        let twoCountries = Self.ranges(
            """
            Data Engineer

            Locations: London, UK; Toronto, Canada
            Salary: 80000 - 95000 per year
            """
        )
        #expect(twoCountries == [SalaryRange(min: 80_000, max: 95_000, currency: nil, unit: "year")])
    }

    /// A code written after the unit ("… /year SGD") names the currency as one written after the
    /// amount does; a word in capitals there that is no currency names none.
    @Test func aCurrencyCodeAfterTheUnitNamesTheCurrency() {
        let found = Self.ranges(
            """
            Platform Engineer

            The salary band for this role is 95,000 - 140,000/year SGD, depending on level.
            """
        )
        #expect(found == [SalaryRange(min: 95_000, max: 140_000, currency: "SGD", unit: "year")], "\(found)")
        let dollars = Self.ranges(
            """
            Platform Engineer

            Pay: $40 - $55/hour CAD for contractors.
            """
        )
        #expect(dollars == [SalaryRange(min: 40, max: 55, currency: "CAD", unit: "hour")], "\(dollars)")
        let notACode = Self.ranges(
            """
            Platform Engineer

            Salary: 70,000 - 80,000 per year ONE team, one budget.
            """
        )
        #expect(notACode == [SalaryRange(min: 70_000, max: 80_000, currency: nil, unit: "year")], "\(notACode)")
    }
}
