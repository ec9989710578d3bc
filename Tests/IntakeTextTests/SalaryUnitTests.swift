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
}
