import IntakeCore
import Testing

@testable import IntakeText

/// One fixture, written for these tests, per kind of failure found on a batch of 16 real
/// postings labelled before Intake read them (four more files from each of four postings-dev
/// sources): a job reference written without a colon or inside a sentence, an arrangement glued
/// to its place with a slash, a Portuguese "vaga remota", an employer the ad keeps secret, and a
/// salary whose only mark of pay is the benefits on top of it.
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
}
