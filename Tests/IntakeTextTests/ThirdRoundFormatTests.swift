import IntakeCore
import Testing

@testable import IntakeText

/// One fixture, written for these tests, per kind of failure left on real postings after the
/// second round (issue 19, third round): an organisation named only with the acronym it defines,
/// "We at X", hiring sentences in Italian and French, "Name from X is looking for", "join X",
/// a blog export's HTML in the text, and work arrangements stated in sentences (a schedule in
/// the body against a board's "Remote" badge, "from anywhere in", "expected to work from the
/// office").
struct ThirdRoundFormatTests {
    static func parse(_ text: String) -> JobPosting { RealFormatTests.parse(text) }

    @Test func anOrganisationDefinedWithItsAcronym() {
        let posting = Self.parse(
            """
            ---
            title: 'Analyste principal ou analyste principale des données'
            ---

            Le Bureau national des statistiques agricoles (BNSA) publie chaque mois les chiffres du secteur. Nous avons besoin de vous.

            Hydrogen-deuterium exchange mass spectrometry (HDX-MS) is not an organisation, nor is the Quarterly Business Review (QBR).
            """
        )
        #expect(posting.hiringOrganization?.value == "Bureau national des statistiques agricoles")
    }

    @Test func aDefinedAcronymThatNamesNoBodyIsNoOrganisation() {
        let posting = Self.parse(
            """
            Data Engineer

            You will own our Quarterly Business Review (QBR) dashboards and the Customer Lifetime Value (CLV) model.
            """
        )
        #expect(posting.hiringOrganization == nil)
    }

    @Test func weAtAnOrganisation() {
        let posting = Self.parse(
            """
            Senior Platform Strategist

            Do you want to change how a government serves its residents? We at the Provincial Office of Digital Services (PODS) are excited to open this role.
            """
        )
        #expect(posting.hiringOrganization?.value == "Provincial Office of Digital Services")
    }

    @Test func hiringSentencesInItalianAndFrench() {
        let italian = Self.parse(
            """
            ---
            title: Funzionario contabile
            ---

            ### Descrizione
            Il Nucleo per la Finanza Pubblica è alla ricerca di un funzionario contabile a supporto della struttura.
            """
        )
        #expect(italian.hiringOrganization?.value == "Nucleo per la Finanza Pubblica")
        let french = Self.parse(
            """
            Développeur·euse back-end

            Correcteurs Associés est l'entreprise derrière trois vérificateurs d'orthographe populaires.
            """
        )
        #expect(french.hiringOrganization?.value == "Correcteurs Associés")
    }

    @Test func aPersonFromAnOrganisationIsLookingFor() {
        let posting = Self.parse(
            """
            title: Hiring a Rails developer in Perth

            Mara Quill from Boxwattle is looking for a Rails developer to help them build a ticketing engine.
            """
        )
        #expect(posting.hiringOrganization?.value == "Boxwattle")
    }

    @Test func joinANameTheTextRepeats() {
        let posting = Self.parse(
            """
            Research Associate in Structural Biology

            Located in the heart of Leeds, Aire’s is the hub of a network of academic partners. Aire’s is investing in talent.
            Researchers from across the globe are invited to join Aire’s. We are looking for a strong commitment to research.
            """
        )
        #expect(posting.hiringOrganization?.value == "Aire’s")
        // Named once, after "join", a name is not enough.
        let once = Self.parse(
            """
            Data Analyst

            You will join Slack channels with our users.
            """
        )
        #expect(once.hiringOrganization == nil)
    }

    @Test func htmlLeftInTheText() {
        let text = """
            <p>Dan Ostler from Quokkaware is looking for a Rails developer:</p>
            <blockquote>We&#8217;re looking for someone in Hobart &amp; nearby who&#8217;s keen on Rails.
            An onsite coder is preferred.</blockquote>
            <ul><li>Ruby</li><li>PostgreSQL &lt;13</li></ul>
            """
        let normalized = TextNormalizer().normalize(text)
        #expect(normalized.contains("We’re looking for someone in Hobart & nearby who’s keen on Rails."))
        #expect(!normalized.contains("<p>") && !normalized.contains("</blockquote>"))
        #expect(normalized.contains("- Ruby\n- PostgreSQL &lt;13"))
        // "a < b", "<5 years" and "&amp;lt;" are text, not markup.
        let kept = "Pay < 100k for <5 years of R&D; write &amp;lt; for <."
        #expect(TextNormalizer().normalize(kept) == kept)
        let named = "You know semantic HTML (<section>, <article>, <p>) and CSS grid."
        #expect(TextNormalizer().normalize(named) == named)
        #expect(TextNormalizer().normalize(normalized) == normalized)
        #expect(Self.parse(text).hiringOrganization?.value == "Quokkaware")
    }

    @Test func aScheduleInTheBodyOutweighsARemoteBadge() {
        let posting = Self.parse(
            """
            # Alternance - Développeur/se Java - Banque - Nantes
            #### `🌎 Remote,Nantes, France`

            ## Avantages
            - Un accord télétravail pour télétravailler jusqu'à 2 jours par semaine selon vos missions.
            """
        )
        #expect(posting.jobLocationType?.value == "hybrid")
    }

    @Test(arguments: [
        ("Ce rôle peut être assumé de n'importe où au Canada, avec des déplacements à Ottawa.", "remote"),
        ("Vous travaillez depuis chez vous, 20 à 40 heures par semaine.", "remote"),
        ("Employees may be duty stationed at headquarters in Denver, CO or at their home of record.", "remote"),
        ("Offices in Austin, Boston, or remote. Full-time.", "remote"),
        ("This role requires you to work in the Ottawa region.", "on-site"),
        ("The role is expected to work from our new office location in Malmö.", "on-site"),
        ("We expect you to be present on a daily basis.", "on-site"),
        ("The fellow is expected to be stationed in Leeds.", "on-site"),
        ("Unsere Teams arbeiten hybrid, mit regelmäßigen Besuchen im Büro.", "hybrid"),
        ("Nous sommes basés à Lyon, mais nous télétravaillons souvent.", "hybrid"),
        ("You can work remote or from one of our offices in Leeds and York.", "hybrid"),
    ])
    func arrangementSentences(_ sentence: String, _ kind: String) {
        let posting = Self.parse("Data Engineer\n\nAbout the role\n\n\(sentence)")
        #expect(posting.jobLocationType?.value == kind, "\(sentence)")
    }

    @Test func expectedToWorkFromHomeIsNotOnSite() {
        let posting = Self.parse("Data Engineer\n\nYou are expected to work from home, with a laptop we send you.")
        #expect(posting.jobLocationType?.value == "remote")
    }

    @Test func aParagraphEndingWithALegalSentenceStillStatesThePay() {
        let posting = Self.parse(
            """
            Data Analyst Consultant

            Please send a resume and a short cover letter to: jobs@ballotwatch.org. This position pays $45/hour (depending on experience); up to 25 hours per week. Ballot Watch is an equal opportunity employer.
            """
        )
        #expect(RealFormatTests.ranges(posting) == [SalaryRange(min: 45, max: 45, currency: "USD", unit: "hour")])
    }

    @Test func aTitleLineEndingWithTheOrganisationAndItsPlace() {
        let posting = Self.parse(
            """
            Associate Professor, Uppsala University, Sweden

            Associate Professor in Philosophy of Mind, Uppsala University, Sweden

            Uppsala University is a public research university. The Department of Philosophy invites applications.
            """
        )
        #expect(posting.title?.value == "Associate Professor")
        #expect(posting.hiringOrganization?.value == "Uppsala University")
        // A tail that is no organisation or place stays: "Senior Data Engineer, Document Intelligence".
        let kept = Self.parse("Senior Data Engineer, Document Intelligence\n\nNorthbridge Financial Group is hiring.")
        #expect(kept.title?.value == "Senior Data Engineer, Document Intelligence")
    }

    @Test func anAbbreviatedInstitutionTheTextSpellsOut() {
        let posting = Self.parse(
            """
            position: Postdoctoral Fellow in Detector Physics
            institutions: Munich, Tech. U.
            ranks: POSTDOC

            description:
            The physics department of the Technical University of Munich invites applications for a postdoctoral fellow.
            """
        )
        #expect(posting.hiringOrganization?.value == "Technical University of Munich")
        // Words after the name that the header does not abbreviate are not the name's.
        let trailing = Self.parse(
            """
            position: Postdoctoral Researcher in Neutrino Physics
            institutions: Korea, Natl. Kyungpook U.

            description:
            The National Kyungpook University HEP group has a postdoctoral position open from March.
            """
        )
        #expect(trailing.hiringOrganization?.value == "National Kyungpook University")
        // A header the text never spells out keeps its own words, and a name with no catalogue
        // abbreviation in it is never expanded.
        let kept = Self.parse(
            "position: Research Associate\ninstitutions: Oslo U.\n\ndescription:\nThe group works on neutrino detectors."
        )
        #expect(kept.hiringOrganization?.value == "Oslo U")
        let company = Self.parse(
            "title: Data Engineer\ncompany: Acme Inc.\n\nAcme Industrial Holdings Inc is a supplier of pumps."
        )
        #expect(company.hiringOrganization?.value == "Acme Inc")
    }
}
