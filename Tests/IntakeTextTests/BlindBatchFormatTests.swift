import IntakeCore
import Testing

@testable import IntakeText

/// One fixture, written for these tests, per kind of failure found on two batches of real
/// postings labelled before Intake read them (other files of postings-dev's own sources): a job
/// reference written without a colon or inside a sentence, an arrangement glued to its place
/// with a slash, a Portuguese "vaga remota", an employer the ad keeps secret, a salary whose
/// only mark of pay is the benefits on top of it; a board's role field with an emoji, an
/// exclamation or a French article around the title, "Startup d'État" (a kind of team, not a
/// name), French remote and hybrid wording, and a figure inside a link's address; a bank's
/// programme page (spacer images around the title, "Our Business" under it, the bank named only
/// in passing) and an API's amounts with four decimal places; a front matter's list of
/// breadcrumbs under its title, "bzw." inside a German title, a careers site's "department:
/// jobs", and applications reviewed "on a rolling basis until" a date; a job board's linked
/// title with a tag or an emoji inside the link, and its company line when a field below gives
/// the title; a Hacker News header whose role segment names the teams ("Frontend, Backend, QA");
/// a person's job defined with its acronym ("Chief Operating Officer (COO)"); an acronym whose
/// name has "on" between its words ("Center on Budget and Policy Priorities").
struct BlindBatchFormatTests {
    static func parse(_ text: String) -> JobPosting { RealFormatTests.parse(text) }

    @Test func aJobReferenceWithoutAColonOrInASentence() {
        let board = Self.parse(
            """
            Lecturer in Applied Ethics, University of Exeter

            Job ref 40817 Closing date 5 May 2011. Interviews are expected in June.
            """
        )
        #expect(board.identifier?.value == "40817")
        let sentence = Self.parse(
            """
            Research Fellow in Logic

            Apply online at the university's vacancies page, quoting reference HUM-2231.
            """
        )
        #expect(sentence.identifier?.value == "HUM-2231")
    }

    @Test func anArrangementGluedToItsPlaceAndAPortugueseRemoteVacancy() {
        let office = Self.parse(
            """
            ---
            title: '[RECIFE] Desenvolvedor Python @ Nordeste Dados - Vaga de Emprego'
            createdAt: 2021-05-04
            ---

            # [RECIFE] Desenvolvedor Python @ Nordeste Dados

            ## Descrição da vaga

            Buscamos uma pessoa para manter nossos pipelines de dados.

            ## Requisitos

            - Python
            - PostgreSQL
            - Airflow

            ## Benefícios

            - Plano de saúde
            - Vale refeição

            ## Local

            Presencial/Recife

            ## Contratação

            CLT
            """
        )
        #expect(office.jobLocationType?.value == "on-site")
        let remote = Self.parse(
            """
            # Desenvolvedora Go @ Nordeste Dados

            Esta é uma vaga remota e aberta a pessoas de todo o Brasil.
            """
        )
        #expect(remote.jobLocationType?.value == "remote")
    }

    @Test func anEmployerTheAdKeepsSecretIsNoOrganisation() {
        let posting = Self.parse(
            """
            ---
            title: '[RECIFE] Desenvolvedor PHP @ Confidencial - Vaga de Emprego'
            ---

            # [RECIFE] Desenvolvedor PHP @ Confidencial

            Empresa no ramo de logística.
            """
        )
        #expect(posting.hiringOrganization == nil)
        #expect(posting.title?.value == "Desenvolvedor PHP")
    }

    @Test func theBenefitsOnTopOfAnAmountMarkItAsPay() {
        let posting = Self.parse(
            """
            Visiting Assistant Professor, Millbrook College

            Visiting Assistant Professor of Philosophy, Millbrook College

              • AoS: open
              • Deadline: March 1, 2011

            Millbrook College. Visiting Assistant Professor. One year contract, 3/3 load. AOS: open. PhD in
            philosophy by August 2011. $41K with standard benefits. Send a CV and three letters.
            """
        )
        #expect(RealFormatTests.ranges(posting) == [SalaryRange(min: 41_000, max: 41_000, currency: "USD", unit: nil)])
        // A benefit's own figure stays out: "$1,500 towards benefits" names no "with" or "plus".
        let budget = Self.parse(
            """
            Data Engineer

            Northbridge Financial Group is hiring a data engineer for its document platform.

            You will build the pipelines that feed our search and reporting tools.

            You will work with analysts, product managers and the platform team.

            ## What we offer

            We give each person $1,500 towards benefits of their choice.
            """
        )
        #expect(RealFormatTests.ranges(budget).isEmpty)
    }

    @Test func aRoleFieldWithAnEmojiAnExclamationOrAnArticle() {
        let emoji = Self.parse(
            """
            ---
            roles: 🚀 Responsable des partenariats de MesDémarches.fr !
            open: false
            date: 2022-03-01T09:00:00.000Z
            ---
            ## Qui sommes-nous ?

            La Startup d’État recherche un.e nouveau.elle Responsable des partenariats pour la plateforme.

            ## 🎯 Rôle et mission

            * Identifier les associations et les collectivités partenaires.
            * Suivre les partenariats et en rendre compte à l’équipe.

            ## 📝 Modalités

            Poste ouvert pour un.e indépendant.e. Le télétravail est possible, avec une journée par mois à Lyon.
            """
        )
        #expect(emoji.title?.value == "Responsable des partenariats de MesDémarches.fr")
        // "Startup d’État" is beta.gouv.fr's kind of team: no organisation is better than it.
        #expect(emoji.hiringOrganization == nil)
        #expect(emoji.jobLocationType?.value == "hybrid")
        let article = Self.parse(
            """
            ---
            roles: une ou un chargé de déploiement
            startup: carnet-numerique
            open: false
            ---

            Nous recrutons pour accompagner le déploiement du service dans les départements.

            ## Mode de travail

            * Télétravail par défaut, une journée d’équipe à Paris chaque mois
            """
        )
        #expect(article.title?.value == "chargé de déploiement")
        #expect(article.jobLocationType?.value == "remote")
    }

    @Test func aFigureInsideALinksAddressIsNoPay() {
        let posting = Self.parse(
            """
            ---
            roles: Chargé de mission
            open: false
            ---

            ## Le service
            Cible : [300.000 foyers](https://www.example.fr/article#:~:text=Pour%20les%2030euros%20de%20frais) concernés.

            ## Modalités
            * Freelance, taux jour à discuter
            """
        )
        #expect(RealFormatTests.ranges(posting).isEmpty)
    }

    @Test func aBanksProgrammePage() {
        let posting = Self.parse(
            """
            [clear]
            Treasury Operations Analyst Program                                      [clear]

            Our Business

            Treasury Operations moves the funds of Northfield Bank of Commerce clients across sixty markets
            and keeps the firm's own liquidity where it is needed, every hour of the trading day.

            [clear]

            Overview

            Analysts rotate through payments, liquidity and collateral teams at Bank of Commerce
            before they join one of them. The Global Payments Group (GPG) leads the first rotation.

            Qualifications

              • A bachelor's degree in finance, economics or engineering
            """
        )
        #expect(posting.title?.value == "Treasury Operations Analyst Program")
        #expect(posting.hiringOrganization?.value == "Bank of Commerce")
    }

    @Test func anAPIsAmountsWithFourDecimalPlaces() {
        let posting = Self.parse(
            """
            PositionTitle: Information Technology Specialist
            OrganizationName: Bureau of Example Statistics
            PositionRemuneration: 32318.0000 - 152593.0000 Per Year
            """
        )
        #expect(
            RealFormatTests.ranges(posting) == [
                SalaryRange(min: 32_318, max: 152_593, currency: nil, unit: "year")
            ]
        )
        // Three decimal places are thousands: "€50.000" is fifty thousand.
        #expect(SalaryParser().parse("Gehalt: €50.000 - €60.000 per year").first?.min == 50_000)
    }

    @Test func aUniversityJobPageWithBreadcrumbsInItsFrontMatter() {
        let posting = Self.parse(
            """
            ---
            layout: job
            title: Wissenschaftliche Mitarbeiterin bzw. Wissenschaftlicher Mitarbeiter (m/w/d) für Hydrologie
            job-category: jobs-wiss
            department: jobs
            section: Jobs
            closing-date: 15.03.2021
            breadcrumbs:
            - title: Home
              url: home.html
            - title: Stellenangebote
              url: /jobs.html
            ---

            Die Universität der Nordheide München ist in der Forschungslandschaft fest verankert. Wir bieten
            Ihnen eine Stelle in unseren Jobs für Hydrologie und Wasserwirtschaft.
            """
        )
        #expect(
            posting.title?.value
                == "Wissenschaftliche Mitarbeiterin bzw. Wissenschaftlicher Mitarbeiter (m/w/d) für Hydrologie"
        )
        // "department: jobs" is the site's section, not the employer.
        #expect(posting.hiringOrganization?.value == "Universität der Nordheide München")
        #expect(posting.validThrough?.value == "2021-03-15")
        let text = TextNormalizer().normalize("---\nbreadcrumbs:\n- title: Home\n  url: home.html\n---\n")
        #expect(text.contains("breadcrumbs.title: Home"))
        #expect(TextNormalizer().normalize(text) == text)
    }

    @Test func applicationsReviewedOnARollingBasisUntilADate() {
        let posting = Self.parse(
            """
            Freelance Technical Writer

            The Example Foundation is looking for a technical writer for its guides.

            We will review applications on a rolling basis until Oct 15, 2023. Please send a portfolio.
            """
        )
        #expect(posting.validThrough?.value == "2023-10-15")
    }

    @Test func aJobBoardsLinkedTitleWithATagOrAnEmojiInside() {
        let tagged = Self.parse(
            """
            # [[NOVA] QA Engineer](https://board.example.com/apply/nova-qa-engineer)
            ### Northwind Labs
            #### `🌎 Remote,Porto, Portugal`

            ### **Company Description**

            Northwind Labs builds booking software for ferry operators.
            """
        )
        #expect(tagged.title?.value == "QA Engineer")
        #expect(tagged.hiringOrganization?.value == "Northwind Labs")
        let emoji = Self.parse(
            """
            # [👌 Senior Backend Engineer (f/m/d)](https://board.example.com/apply/senior-backend-engineer)
            ### Lindqvist Analytics
            #### `🌎 Remote`

            About us: we build dashboards for shipping companies.
            """
        )
        #expect(emoji.title?.value == "Senior Backend Engineer (f/m/d)")
    }

    @Test func aBoardsCompanyLineWhenAFieldGivesTheTitle() {
        let posting = Self.parse(
            """
            # [Senior Full Stack Engineer ](https://board.example.com/apply/senior-full-stack-engineer-4411)
            ### Harborline Talent
            ####

            **Position:** Senior Full-Stack Engineer

            **Salary:** USD$4-4.5k / month + PTO

            **Company location:** USA (remote)
            """
        )
        #expect(posting.hiringOrganization?.value == "Harborline Talent")
        #expect(
            RealFormatTests.ranges(posting) == [SalaryRange(min: 4_000, max: 4_500, currency: "USD", unit: "month")]
        )
    }

    @Test func aHeaderSegmentThatNamesRolesByTheirAcronyms() {
        let posting = Self.parse(
            """
            fernweh_dev 4 months ago

            Fernweh Maps | Backend, SRE, QA | Hamburg, Germany | Full-time, ONSITE

            Fernweh Maps draws hiking maps for alpine clubs. Office in Hamburg, close to the harbour.
            """
        )
        #expect(posting.title?.value == "Backend, SRE, QA")
        #expect(posting.hiringOrganization?.value == "Fernweh Maps")
    }

    @Test func aJobDefinedWithItsAcronymIsNoOrganisation() {
        let posting = Self.parse(
            """
            ---
            title: 'Executive Assistant - Chief Financial Officer'
            description: >-
              The Chief Financial Officer’s office keeps the books of the Northern Data Service (NDS).
            ---

            We are looking for an assistant who will work alongside our Chief Financial Officer (CFO) and the CFO's team.
            """
        )
        #expect(posting.hiringOrganization?.value == "Northern Data Service")
    }

    @Test func anAcronymWhoseNameHasOnBetweenItsWords() {
        let posting = Self.parse(
            """
            ---
            layout: single
            title:  "CFPR: Policy Analyst"
            ---
            The Council on Fiscal and Public Reform studies how states raise revenue and spend it. A key area of work is
            the budgets of the largest cities.

            Salary: Commensurate
            """
        )
        #expect(posting.hiringOrganization?.value == "Council on Fiscal and Public Reform")
        #expect(posting.title?.value == "Policy Analyst")
    }
}
