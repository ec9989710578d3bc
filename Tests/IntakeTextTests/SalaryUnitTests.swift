import IntakeCore
import IntakeText
import Testing

/// A pay unit stated ahead of the amount: real postings write "with an annual salary of 170k~250k
/// RMB", "the all-in yearly compensation for this position is $135,000", "The annual salary will be
/// in the range of 37.300–53.950,-€", and, in French freelance offers, "TJM envisagé : 450-550 €"
/// (taux journalier moyen: a daily rate).
struct SalaryUnitTests {
    /// The posting's ranges, each read back from its evidence (as in ``SalaryCurrencyTests``).
    static func ranges(_ text: String) -> [SalaryRange] {
        SalaryCurrencyTests.ranges(text)
    }

    @Test func aUnitStatedBeforeTheAmountIsTheAmountsUnit() {
        let found = Self.ranges(
            """
            Postdoctoral Researcher

            The appointment is for two years with an annual salary of 170k~250k RMB and a startup fund.
            """
        )
        #expect(found == [SalaryRange(min: 170_000, max: 250_000, currency: "CNY", unit: "year")], "\(found)")
        let yearly = Self.ranges(
            """
            Staff Engineer

            In both cases, the all-in yearly compensation for this position is $135,000.
            """
        )
        #expect(yearly == [SalaryRange(min: 135_000, max: 135_000, currency: "USD", unit: "year")], "\(yearly)")
    }

    @Test func aFrenchDailyRateIsPayByTheDay() {
        let found = Self.ranges(
            """
            Développeur·se freelance

            * TJM envisagé : 450-550 € selon expérience
            """
        )
        #expect(found == [SalaryRange(min: 450, max: 550, currency: "EUR", unit: "day")], "\(found)")
    }

    /// A unit in an earlier sentence is that sentence's ("annual leave"), and a unit after the
    /// amount is the amount's own.
    @Test func onlyTheAmountsOwnClauseStatesItsUnit() {
        let leave = Self.ranges(
            """
            Data Analyst

            Annual leave is 25 days. Salary: €50,000 to €60,000.
            """
        )
        #expect(leave == [SalaryRange(min: 50_000, max: 60_000, currency: "EUR", unit: nil)], "\(leave)")
        let after = Self.ranges(
            """
            Support Engineer

            Monthly review of pay bands; salary $4,000 - $5,000 per week.
            """
        )
        #expect(after == [SalaryRange(min: 4_000, max: 5_000, currency: "USD", unit: "week")], "\(after)")
    }

    /// A unit ahead of an amount does not make it pay where nothing else does: the project's own
    /// posting offers "an annual learning budget of $3,000", a benefit.
    @Test func aBenefitWithAnAnnualAmountIsNotPay() {
        let found = Self.ranges(
            """
            Data Engineer

            Salary: $142,500 - $186,000 per year.

            About the team
            We build the pipelines that feed our analysts.
            You will own ingestion from forty sources.
            You will review designs with the platform group.
            You will mentor two junior engineers.
            You will keep our data catalogue current.
            You will be on call one week in eight.

            Why join us
            An annual learning budget of $3,000 for courses, books and conferences.
            """
        )
        #expect(found == [SalaryRange(min: 142_500, max: 186_000, currency: "USD", unit: "year")], "\(found)")
    }

    /// A lone figure that repeats a bound of a range the posting states is that bound said again
    /// (a pay system's ceiling, a title's "up to"), not a second pay; a figure of its own, or one
    /// for a place of its own, is kept.
    @Test func aFigureThatRepeatsARangesBoundIsNotASecondPay() {
        let ceiling = Self.ranges(
            """
            Senior Product Manager

            Salary range: $128,000 to $166,000 per year.
            Note that the most this pay scale allows is $166,000.
            """
        )
        #expect(ceiling == [SalaryRange(min: 128_000, max: 166_000, currency: "USD", unit: "year")], "\(ceiling)")
        let upTo = Self.ranges(
            """
            Desenvolvedor Backend (até R$7.500,00)

            Salário: R$ 7.500
            """
        )
        #expect(upTo == [SalaryRange(min: nil, max: 7_500, currency: "BRL", unit: nil)], "\(upTo)")
        let own = Self.ranges(
            """
            Senior Product Manager

            Salary range: $128,000 to $166,000 per year.
            Signing bonus: $10,000.
            """
        )
        #expect(own.count == 2, "\(own)")
        let place = Self.ranges(
            """
            Senior Product Manager

            Salary:
            New York, NY: $150,000 - $180,000
            Austin, TX: $150,000
            """
        )
        #expect(place.count == 2, "\(place)")
        #expect(place.contains { $0.min == 150_000 && $0.max == 150_000 && $0.appliesTo == "Austin, TX" }, "\(place)")
    }

    /// Job boards set the unit in a heading over the amounts ("Annual Salary:", "US Hourly Range");
    /// a line above the amounts without a pay word states no unit for them.
    @Test func aPayHeadingsUnitIsTheUnitOfTheAmountsUnderIt() {
        let annual = Self.ranges(
            """
            Solutions Architect

            Annual Salary:
            $150,000 — $190,000 USD
            """
        )
        #expect(annual == [SalaryRange(min: 150_000, max: 190_000, currency: "USD", unit: "year")], "\(annual)")
        let hourly = Self.ranges(
            """
            Assembly Technician

            US Hourly Range

            $24 — $31 USD
            """
        )
        #expect(hourly == [SalaryRange(min: 24, max: 31, currency: "USD", unit: "hour")], "\(hourly)")
        let leave = Self.ranges(
            """
            Solutions Architect

            Compensation
            Annual leave: 30 days
            $80,000 - $95,000
            """
        )
        #expect(leave == [SalaryRange(min: 80_000, max: 95_000, currency: "USD", unit: nil)], "\(leave)")
    }

    /// One pay in several currencies, "/" between them, takes the unit written after the last; two
    /// amounts in one currency are two figures, and only the second has it.
    @Test func amountsInOtherCurrenciesShareTheUnitAfterThem() {
        let found = Self.ranges(
            """
            Research Fellow

            Pay: 3,100 USD / 2,450 GBP / 4,250 CAD per week, for four months.
            """
        )
        #expect(
            found == [
                SalaryRange(min: 3_100, max: 3_100, currency: "USD", unit: "week"),
                SalaryRange(min: 2_450, max: 2_450, currency: "GBP", unit: "week"),
                SalaryRange(min: 4_250, max: 4_250, currency: "CAD", unit: "week"),
            ],
            "\(found)"
        )
        let same = Self.ranges(
            """
            Research Fellow

            Salary: $50,000 / $60,000 per year
            """
        )
        #expect(same.map(\.unit) == [nil, "year"], "\(same)")
    }

    /// A label that is the unit alone makes its amount pay, as a pay word would; a unit word that
    /// is part of a longer label does not ("Annual learning budget:" is a benefit's). The line is
    /// below the opening lines, where any amount with a currency is taken for pay.
    @Test func aLabelThatIsTheUnitAloneMarksPay() {
        func offering(_ line: String) -> [SalaryRange] {
            Self.ranges(
                """
                Warehouse Associate

                Northwind Logistics is hiring in Reno, Nevada.

                What you will do

                - Receive, store and ship orders
                - Keep the inventory counts right

                What we offer

                \(line)
                """
            )
        }
        let hourly = offering("Hourly: $21 - $26")
        #expect(hourly == [SalaryRange(min: 21, max: 26, currency: "USD", unit: "hour")], "\(hourly)")
        let budget = offering("Annual learning budget: $1,500")
        #expect(budget.isEmpty, "\(budget)")
    }

    @Test func aUnitAfterAMarkdownCodeSpan() {
        let found = Self.ranges(
            """
            Research Assistant

            Salary: `S$4.5k-6k` per month, depending on experience.
            """
        )
        #expect(found == [SalaryRange(min: 4_500, max: 6_000, currency: "SGD", unit: "month")], "\(found)")
    }
}
