import IntakeCore
import Testing

@testable import IntakeText

/// One fixture, written for these tests, per kind of failure seen on real postings from sources
/// outside postings-dev (issue 19, second round: a German non-profit's Hugo pages, US federal job
/// pages printed with their navigation, a French co-operative, a lab's Hugo post, job-board
/// READMEs): nested front matter, hiring sentences as titles, organisation names that do not
/// start with a capital, dates given as a period, pay grades beside amounts, German arrangement
/// wording, a web page's navigation before the posting, and an official title deep in a page.
struct HeldOutFormatTests {
    static func parse(_ text: String) -> JobPosting { RealFormatTests.parse(text) }

    @Test func nestedFrontMatterKeysAreNotThePostingsFields() {
        let posting = Self.parse(
            """
            ---
            authors:
            - Jana Beispiel
            date: 2025-04-02
            image:
              src: /files/team.jpg
              title: "Unser Team beim Sommerfest"
            title: "Die Beispielstiftung sucht eine:n Datenanalyst:in für Open Data"
            ---

            Wir suchen zum 1. Juni eine:n Datenanalyst:in.
            """
        )
        // "image.title" is the photo's caption; the title field is a hiring sentence.
        #expect(posting.title?.value == "Datenanalyst:in")
        #expect(posting.hiringOrganization?.value == "Beispielstiftung")
        #expect(posting.datePosted?.value == "2025-04-02")
    }

    @Test func nestedFrontMatterIsWrittenAsDottedKeys() {
        let text = TextNormalizer().normalize(
            """
            +++
            title = "Join us"
            [design]
              title = "Hero"
            +++
            ---
            """
        )
        #expect(text.contains("design.title = \"Hero\""))
        #expect(text.contains("title = \"Join us\""))
        // Normalising again changes nothing.
        #expect(TextNormalizer().normalize(text) == text)
        let yaml = TextNormalizer().normalize(
            "---\njob:\n  title: Analyst\n  hiringOrganization:\n    name: Acme\n---\n"
        )
        #expect(yaml.contains("job.title: Analyst"))
        #expect(yaml.contains("job.hiringOrganization.name: Acme"))
    }

    @Test func hiringSentencesInTitlesInThreeLanguages() {
        let french = Self.parse(
            """
            ---
            title: atelier9 recrute un⋅e développeur⋅se web back à Lyon
            date: 2021-03-04T10:00:00Z
            ---
            On attend un⋅e candidat⋅e avec deux ans d'expérience.
            """
        )
        #expect(french.title?.value == "développeur⋅se web back")
        // "On attend …" is not an organisation; the lower-case name in the title is.
        #expect(french.hiringOrganization?.value == "atelier9")
        let english = Self.parse(
            """
            ---
            title: 'Hiring our next Research Engineer'
            location: Global
            ---
            rTidyLab seeks a Research Engineer to maintain our packages.
            """
        )
        #expect(english.title?.value == "Research Engineer")
        #expect(english.hiringOrganization?.value == "rTidyLab")
    }

    @Test func acronymsAreSpelledOut() {
        let posting = Self.parse(
            """
            Die Offene Daten Allianz (ODA) ist ein gemeinnütziger Verein mit Sitz in Leipzig.

            Die ODA sucht eine:n Referent:in Datenpolitik.
            """
        )
        #expect(posting.hiringOrganization?.value == "Offene Daten Allianz")

        // The acronym is never put in brackets after the name: the words whose initials it is.
        let initials = Self.parse(
            """
            Senior Developers

            The Northern Water Authority is focused on reliable public services. We're hiring in Oslo.

            At NWA, we celebrate difference.
            """
        )
        #expect(initials.hiringOrganization?.value == "Northern Water Authority")

        // Sentences before the name end with the job title and a call: the name starts after them.
        let afterSentence = Self.parse(
            """
            We are looking for a Media Advisor. Apply Now. The Northern Water Authority (NWA) is changing how
            the region delivers services.

            At NWA, we celebrate difference.
            """
        )
        #expect(afterSentence.hiringOrganization?.value == "Northern Water Authority")
    }

    @Test func anOrganisationDescribingItself() {
        let posting = Self.parse(
            """
            Mitarbeiter:in Buchhaltung

            Wer wir sind

            Die Stiftung Lernwerk ist eine gemeinnützige Stiftung mit Sitz in Kassel.
            """
        )
        #expect(posting.hiringOrganization?.value == "Stiftung Lernwerk")
    }

    /// A US federal job page printed from a browser: the site's navigation first, the posting after
    /// "Back to all jobs", the official title and the application period deep in a details block.
    static let federalPage: String = {
        let navigation = """
            An official website of the United States government

            Here’s how you know

            Official websites use .gov

            Join the Example Service

            Menu

            Open and upcoming jobs

            How we hire

            Hiring process

            Compensation and benefits

            About us

            Our offices

            Sign up for job alerts

            Back to all jobs

            Records Platform - Data Pipeline Engineer

            This job posting has closed.

            Location: Washington, DC; Denver, CO; Virtual (100% remote)

            Salary Range: The base salary range for this position is: GS-14 Step 1 - $117,962 to GS-14 Step 10
            $153,354

            Please note the maximum salary available for the GS pay system is $191,900
            """
        let duties = Array(
            repeating: "You will design and operate the pipelines that move public records between agencies.",
            count: 40
        ).joined(separator: "\n\n")
        let details = """
            Job announcement number: 24XYZ001ABC

            Opening and closing period for this job application: 9:00am on Monday, March 4, 2024 EDT to
            11:59pm on Friday, March 15, 2024 EDT

            Job Title: IT Specialist (DATAMGT)
            """
        return navigation + "\n\n" + duties + "\n\n" + details
    }()

    @Test func aFederalPagePrintedWithItsNavigation() {
        let posting = Self.parse(Self.federalPage)
        #expect(posting.title?.value == "Records Platform - Data Pipeline Engineer")
        #expect(posting.identifier?.value == "24XYZ001ABC")
        // The period line is wrapped after "to"; the first date opens, the second closes.
        #expect(posting.datePosted?.value == "2024-03-04")
        #expect(posting.validThrough?.value == "2024-03-15")
        // "GS-14 Step 1 - $117,962 to GS-14 Step 10 $153,354" is one range, not 1 to 117,962.
        #expect(
            RealFormatTests.ranges(posting).contains(
                SalaryRange(min: 117_962, max: 153_354, currency: "USD", unit: nil)
            )
        )
        #expect(!RealFormatTests.ranges(posting).contains { $0.min == 1 || $0.min == 10 || $0.min == 14 })
        #expect(posting.jobLocationType?.value == "remote")
    }

    @Test func payGradesAreNotAmounts() {
        // Blanked, not removed: offsets stay those of the text.
        #expect(SalaryParser.maskingGrades("GS-15 Step 10 $136,659") == String(repeating: " ", count: 13) + " $136,659")
        let ranges = SalaryParser().parse("GS-13 Step 1 $94,373 to GS-13 Step 10 $150,703")
        #expect(ranges == [SalaryRange(min: 94_373, max: 150_703, currency: "USD", unit: nil)])
        #expect(SalaryParser().parse("Vergütung nach Entgeltgruppe 13 TV-L, Stufe 2") == [])
    }

    @Test func postedAndClosingPhrases() {
        let posting = Self.parse(
            """
            Operations Associate

            New job open as of May 3rd, 2022.

            This role is open for applications until Wednesday, June 1, 2022 at 11:59PM EDT.
            """
        )
        #expect(posting.datePosted?.value == "2022-05-03")
        #expect(posting.validThrough?.value == "2022-06-01")
    }

    @Test(arguments: [
        ("Ein zentral gelegenes Büro in Berlin und die Möglichkeit, von Zuhause zu arbeiten.", "hybrid"),
        ("Großraumbüro nahe Alexanderplatz mit der Möglichkeit zum Home Office", "hybrid"),
        ("Die Möglichkeit, an 1-2 Tagen in der Woche im Homeoffice zu arbeiten.", "hybrid"),
        ("Homeoffice ist auch möglich.", "hybrid"),
    ])
    func germanArrangementWording(line: String, expected: String) {
        let posting = Self.parse("Referent:in Kommunikation\n\n" + line)
        #expect(posting.jobLocationType?.value == expected)
    }

    /// A team that works distributed, anywhere in a country, is remote.
    @Test(arguments: [
        "While we have offices in Leeds and York, we largely work distributedly and welcome candidates anywhere in the UK.",
        "We are a fully distributed team across four time zones.",
        "Bien que nous ayons des bureaux à Lyon, nous travaillons en grande partie de manière distribuée.",
    ])
    func distributedTeamsAreRemote(line: String) {
        let posting = Self.parse("Policy Advisor\n\n" + line)
        #expect(posting.jobLocationType?.value == "remote")
    }

    @Test func germanCompoundTitlesAndMarkdownLinkHeadings() {
        let posting = Self.parse(
            """
            # [Applikationsentwickler C# (all gender)](https://jobs.example/apply/123)
            ### NORDWERK
            #### `🌎 Remote, Bremen, Germany`

            Wir entwickeln Software für Stadtwerke.
            """
        )
        #expect(posting.title?.value == "Applikationsentwickler C# (all gender)")
        #expect(posting.hiringOrganization?.value == "NORDWERK")
    }

    /// A job board writes "None" where it has no company; the posting names it below.
    @Test func anAbbreviatedTitleAndAPlaceholderCompany() {
        let posting = Self.parse(
            """
            # [Sr. QA Engineer](https://jobs.example/apply/7)
            ### None
            #### `🌎 Poland`

            At Lindqvist Health, we build apps for clinics. Sr. engineers here own their releases.
            """
        )
        #expect(posting.title?.value == "Sr. QA Engineer")
        #expect(posting.hiringOrganization?.value == "Lindqvist Health")
        #expect(FieldReader.hasSentenceBreak("We are hiring. Join us"))
        #expect(!FieldReader.hasSentenceBreak("Asst. Prof. of Chemistry, J. Doe Lab"))
    }

    /// Pay given per zone, each on a line of its own behind a short label, below the sentence that
    /// introduces them, deep in the posting.
    @Test func payRangesBehindShortLabelsBelowThePayStatement() {
        let posting = Self.parse(
            """
            # [Platform Engineer](https://jobs.example/apply/9)
            ### Harbourline
            #### `🌎 Remote,Leeds`

            You will run the services our merchants depend on.

            Harbourline takes a market-based approach to pay, which varies by location. Locations
            fall into one of three zones.

            Zone A: USD $150,000 - USD $210,000
            Zone B: USD $140,000 - USD $196,000
            Tier 3: USD $130,000 - USD $182,000

            We review every application.
            """
        )
        let ranges = posting.baseSalary.map { ($0.value.min, $0.value.max, $0.value.currency) }
        #expect(ranges.count == 3)
        #expect(ranges.contains { $0 == (140_000, 196_000, "USD") })
        #expect(ranges.contains { $0 == (130_000, 182_000, "USD") })
    }

    /// A LinkedIn tag states the arrangement; the word "hybrid" in the employer's sentence outweighs
    /// a job board's one-word "Remote" badge.
    @Test func linkedInTagsAndAHybridSentenceBeatABoardsBadge() {
        let tagged = Self.parse("Data Analyst\n\nNorthgate Bank is hiring in Leeds.\n\n#LI-Hybrid\n")
        #expect(tagged.jobLocationType?.value == "hybrid")
        let badged = Self.parse(
            """
            # [Ingénieur Data - H/F](https://jobs.example/apply/11)
            ### Norvane
            #### `🌎 Remote,Lyon, France`

            Vous rejoignez une équipe en télétravail hybride selon les besoins de nos clients.
            """
        )
        #expect(badged.jobLocationType?.value == "hybrid")
    }

    /// A page printed at 100 columns wraps a date across lines, and its period has no colon; a
    /// deadline gives the time of day before the date.
    @Test func wrappedPeriodDatesAndADeadlineAfterATimeOfDay() {
        let period = Self.parse(
            """
            Product Designer

            Opening and closing period for this job application March 2, 2022 at 9:00 am EDT to March 16,
            2022 at 11:59 pm EDT

            We review every application.
            """
        )
        #expect(period.datePosted?.value == "2022-03-02")
        #expect(period.validThrough?.value == "2022-03-16")
        let deadline = Self.parse(
            """
            Data Steward

            Submit a complete online application prior to 11:59pm ET on Thursday, May 4, 2023. Please
            fill out all applicable fields.
            """
        )
        #expect(deadline.validThrough?.value == "2023-05-04")
        let upper = Self.parse(
            """
            Records Analyst

            Applications must be received by 5:00 P.M. PST on Friday, June 9, 2023.
            """
        )
        #expect(upper.validThrough?.value == "2023-06-09")
    }
}
