import IntakeCore
import IntakeText
import Testing

/// One fixture, written for these tests, per kind of failure seen on real postings (issue 19):
/// front matter, job-board header blocks, API records as "key: value" lines, titles and
/// organisations in prose, closing dates in sentences, the salary formats real postings use,
/// arrangement wording, postings in German and French, and a text that is no posting at all.
struct RealFormatTests {
    static func parse(_ text: String) -> JobPosting {
        let parsed = PostingParser().parse(pages: [text])
        #expect(parsed.evidenceProblems() == [])
        return parsed.posting
    }

    static func ranges(_ posting: JobPosting) -> [SalaryRange] { posting.baseSalary.map(\.value) }

    @Test func yamlFrontMatter() {
        let posting = Self.parse(
            """
            ---
            _id: 7d1e2f00-0000-4000-8000-000000000001
            date_posted: '2023-09-18'
            organization: Lindqvist Bank is hiring for a data engineer.
            title: 'Data Engineer (Full-Time, Stockholm)'
            role: Engineering
            ---
            Lindqvist Bank is looking for a data engineer to build the pipelines behind our credit models.
            """
        )
        #expect(posting.title?.value == "Data Engineer (Full-Time, Stockholm)")
        // "organization: X is hiring for …" names X.
        #expect(posting.hiringOrganization?.value == "Lindqvist Bank")
        #expect(posting.datePosted?.value == "2023-09-18")
        #expect(posting.identifier == nil)
    }

    @Test func tomlFrontMatter() {
        let posting = Self.parse(
            """
            +++
            title = "Platform Engineer"
            company = "Fjordline Analytics"
            date = 2024-03-05T09:00:00Z
            location = "Oslo, Norway"
            remote = "no"
            +++
            Fjordline Analytics builds risk models for Nordic banks. You will run our data platform.
            """
        )
        #expect(posting.title?.value == "Platform Engineer")
        #expect(posting.hiringOrganization?.value == "Fjordline Analytics")
        #expect(posting.datePosted?.value == "2024-03-05")
        // remote = "no".
        #expect(posting.jobLocationType?.value == "on-site")
    }

    static let board = """
        Backend Engineer
        company: Acme Recruitment
        location: Leeds, UK
        date: 2021-06-14
        tags: python, django

        Our client, a Leeds fintech, is looking for a backend engineer. Salary: Leeds £70,000–80,000, London £78,000–88,000.
        Work Location: In person
        """

    @Test func boardHeaderLinesStayLines() {
        let text = TextNormalizer().normalize(Self.board)
        #expect(text.hasPrefix("Backend Engineer\n\ncompany: Acme Recruitment\n\nlocation: Leeds, UK"))
        let posting = Self.parse(Self.board)
        #expect(posting.title?.value == "Backend Engineer")
        #expect(posting.hiringOrganization?.value == "Acme Recruitment")
        #expect(posting.datePosted?.value == "2021-06-14")
        // "Work Location: In person".
        #expect(posting.jobLocationType?.value == "on-site")
        // Location-specific ranges, the currency on the first figure only.
        #expect(
            Self.ranges(posting) == [
                SalaryRange(min: 70_000, max: 80_000, currency: "GBP", unit: nil),
                SalaryRange(min: 78_000, max: 88_000, currency: "GBP", unit: nil),
            ]
        )
    }

    @Test func apiRecordWithCamelCaseKeys() {
        let posting = Self.parse(
            """
            PositionTitle: Data Analyst (Credit Risk)
            OrganizationName: Office of the Comptroller of the Currency
            PositionID: OCC-24-118-DE
            PublicationStartDate: 2024-02-01T00:00:00Z
            ApplicationCloseDate: 2024-02-15T23:59:59Z
            PositionRemuneration: 98,000 - 128,000 USD Per Year
            TeleworkEligible: Yes

            JobSummary:
            The office supervises national banks.
            """
        )
        #expect(posting.title?.value == "Data Analyst (Credit Risk)")
        #expect(posting.hiringOrganization?.value == "Office of the Comptroller of the Currency")
        #expect(posting.identifier?.value == "OCC-24-118-DE")
        #expect(posting.datePosted?.value == "2024-02-01")
        #expect(posting.validThrough?.value == "2024-02-15")
        #expect(posting.jobLocationType?.value == "remote")
        #expect(Self.ranges(posting) == [SalaryRange(min: 98_000, max: 128_000, currency: "USD", unit: "year")])
    }

    @Test func titleOrganisationAndClosingDateInProse() {
        let posting = Self.parse(
            """
            Research Fellow in Computational Finance

            The School of Economics has a position available for a Research Fellow to join the market microstructure group. The post is funded for two years.

            About Harwick University
            Harwick University is a public research university. Applications should be received by 9 May 2024, 5pm AEST.

            The salary is $75,000 - $100,000 AUD per year plus superannuation. Enquiries to recruitment@harwick.edu.au.
            """
        )
        #expect(posting.title?.value == "Research Fellow in Computational Finance")
        #expect(posting.hiringOrganization?.value == "Harwick University")
        #expect(posting.validThrough?.value == "2024-05-09")
        #expect(Self.ranges(posting) == [SalaryRange(min: 75_000, max: 100_000, currency: "AUD", unit: "year")])
    }

    @Test func organisationAndTitleFromSentences() {
        let posting = Self.parse(
            """
            Kestrel Labs is seeking a Senior Data Engineer to join our payments team in Leeds.
            You will own the ingestion of card transactions. Send your CV to careers@kestrellabs.co.uk.
            """
        )
        #expect(posting.title?.value == "Senior Data Engineer")
        #expect(posting.hiringOrganization?.value == "Kestrel Labs")
    }

    @Test func pipeHeader() {
        let posting = Self.parse(
            """
            someuser 3 months ago
            Tarn Capital | Data Engineer | London; New York | ONSITE | $150-190K
            Tarn Capital is a systematic fund. We build data platforms on Snowflake and Airflow.
            """
        )
        #expect(posting.title?.value == "Data Engineer")
        #expect(posting.hiringOrganization?.value == "Tarn Capital")
        #expect(posting.jobLocationType?.value == "on-site")
        #expect(Self.ranges(posting) == [SalaryRange(min: 150_000, max: 190_000, currency: "USD", unit: nil)])
    }

    @Test func salaryFormats() {
        let posting = Self.parse(
            """
            Quant Researcher

            Compensation: 40,000~45,000 US$ (48~54 million won) per year, or 45-55 million KRW/year for local hires.
            Base salary 250,000RMB - 320,000RMB in Shanghai. Seed-stage roles pay $50,000–90,000 + equity; in Austria we pay € 42k+ p.a.
            We raised $30B last year.
            """
        )
        let found = Self.ranges(posting)
        #expect(found.contains(SalaryRange(min: 40_000, max: 45_000, currency: "USD", unit: nil)))
        #expect(found.contains(SalaryRange(min: 48_000_000, max: 54_000_000, currency: "KRW", unit: nil)))
        #expect(found.contains(SalaryRange(min: 45_000_000, max: 55_000_000, currency: "KRW", unit: "year")))
        #expect(found.contains(SalaryRange(min: 250_000, max: 320_000, currency: "CNY", unit: nil)))
        #expect(found.contains(SalaryRange(min: 50_000, max: 90_000, currency: "USD", unit: nil)))
        #expect(found.contains(SalaryRange(min: 42_000, max: nil, currency: "EUR", unit: "year")))
        // "$30B" is a fund's size.
        #expect(found.count == 6)
    }

    @Test func dollarOfTheCountry() {
        let posting = Self.parse(
            """
            Lecturer in Statistics, University of Wollongate, Sydney, Australia

            Remuneration: $98,000 to $112,000 per annum plus superannuation.
            """
        )
        #expect(Self.ranges(posting) == [SalaryRange(min: 98_000, max: 112_000, currency: "AUD", unit: "year")])
    }

    @Test(arguments: [
        ("Work Remotely: Yes", "remote"),
        ("This is a 100% remote position.", "remote"),
        ("Location: Virtual", "remote"),
        ("The role is eligible for telework two days a week.", "remote"),
        ("You will spend 2 days a week in office in Leeds.", "hybrid"),
        ("We meet one week a month on site in Bergen.", "hybrid"),
        ("Work Location: In person", "on-site"),
        ("As the designer works closely with our lawyers, remote work is not an option.", "on-site"),
        ("Arbeitsmodell: Hybrid", "hybrid"),
        ("Le poste est en télétravail partiel.", "hybrid"),
        ("- Remoto", "remote"),
    ])
    func arrangementWording(line: String, expected: String) {
        let posting = Self.parse("Data Engineer\n\nAcme Bank builds credit models.\n\n" + line)
        #expect(posting.jobLocationType?.value == expected)
    }

    @Test func germanPosting() {
        let posting = Self.parse(
            """
            Stellenanzeige: Datenanalyst (m/w/d)
            Arbeitgeber: Nordbank Kiel AG
            Arbeitsort: Kiel
            Bewerbungsschluss: 15.05.2026

            Wir suchen ab sofort einen Datenanalysten für unser Team in Kiel. Sie arbeiten zwei Tage pro Woche im Homeoffice oder in unserem Büro. Das Gehalt beträgt 60.000–70.000 € pro Jahr.
            """
        )
        #expect(posting.title?.value == "Datenanalyst (m/w/d)")
        #expect(posting.hiringOrganization?.value == "Nordbank Kiel AG")
        #expect(posting.validThrough?.value == "2026-05-15")
        #expect(posting.jobLocationType?.value == "hybrid")
        #expect(posting.inLanguage == "de")
        #expect(Self.ranges(posting) == [SalaryRange(min: 60_000, max: 70_000, currency: "EUR", unit: "year")])
    }

    @Test func frenchPosting() {
        let posting = Self.parse(
            """
            Ingénieur données H/F
            Entreprise : Banque du Rhône
            Lieu : Lyon
            Date limite : 23 novembre 2024

            Nous recherchons un ingénieur données pour notre équipe à Lyon. Le poste est en télétravail partiel. TJM envisagé : entre 400 et 600€ selon expérience.
            """
        )
        #expect(posting.title?.value == "Ingénieur données H/F")
        #expect(posting.hiringOrganization?.value == "Banque du Rhône")
        #expect(posting.validThrough?.value == "2024-11-23")
        #expect(posting.jobLocationType?.value == "hybrid")
        #expect(posting.inLanguage == "fr")
        // TJM, taux journalier moyen: a daily rate.
        #expect(Self.ranges(posting) == [SalaryRange(min: 400, max: 600, currency: "EUR", unit: "day")])
    }

    @Test func nothingIsInventedFromAText() {
        let posting = Self.parse(
            """
            Notes from the quarterly planning meeting

            The team reviewed the roadmap and agreed to revisit the storage budget next month. Everyone should read the design document before Friday and send comments to the chair.
            """
        )
        #expect(posting.title == nil)
        #expect(posting.hiringOrganization == nil)
        #expect(posting.jobLocationType == nil)
        #expect(posting.datePosted == nil)
        #expect(posting.validThrough == nil)
        #expect(posting.identifier == nil)
        #expect(posting.baseSalary.isEmpty)
    }

    @Test func effectiveDatesAreNotPostingDates() {
        let posting = Self.parse("Data Engineer\n\nEffective Date: November 21, 2024\nStart date: 2025-01-06")
        #expect(posting.datePosted == nil)
    }
}
