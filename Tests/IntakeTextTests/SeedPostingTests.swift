import IntakeCore
import IntakeText
import Testing

/// The three real postings, with every field they state written out by hand.
@Suite(.enabled(if: Seeds.available))
struct SeedPostingTests {
    @Test func citiSolutionsArchitect() throws {
        let p = try Seeds.parse(1).posting
        #expect(p.title?.value == "GenAI Solutions Architect Lead Engineer Vice President")
        #expect(p.hiringOrganization?.value == "Citi")
        #expect(
            p.jobLocation.map(\.value) == [Place(city: "Jersey City", region: "New Jersey", country: "United States")]
        )
        #expect(p.jobLocationType?.value == "hybrid")
        #expect(p.employmentType.map(\.value) == ["full-time"])
        #expect(p.datePosted?.value == "2026-04-10")
        #expect(p.datePosted?.text == "Apr. 10, 2026")
        #expect(p.validThrough?.value == "2026-04-17")
        #expect(p.validThrough?.text == "abr 17, 2026")
        #expect(p.identifier?.value == "26953775")
        #expect(p.baseSalary.map(\.value) == [SalaryRange(min: 157_040, max: 235_560, currency: "USD", unit: nil)])
        #expect(p.baseSalary.first?.text == "$157 040,00 - $235 560,00")
        #expect(p.experienceRequirements?.value == 6)
        #expect(p.educationRequirements?.value == "bachelor's degree")
        #expect(p.occupationalCategory?.value == "AI/ML Engineer")
        #expect(p.industry == nil)
        #expect(
            Array(p.skills.map(\.value).prefix(10)) == [
                "Aws", "Azure", "Chroma", "Faiss", "Hugging Face", "Langchain", "Llama", "Llamaindex", "Pinecone",
                "Prompt Engineering",
            ]
        )
        let skills = Set(p.skills.map { $0.value.lowercased() })
        for stated in [
            "python", "pytorch", "tensorflow", "scikit-learn", "pandas", "numpy", "fastapi", "git", "aws sagemaker",
            "azure ml",
        ] {
            #expect(skills.contains(stated), "\(stated)")
        }
        #expect(p.responsibilities.count == 16)
        #expect(p.responsibilities.first?.value.hasPrefix("Highly Hands-on GenAI Development: Actively design") == true)
        #expect(p.responsibilities.last?.value.hasPrefix("Risk Assessment: Appropriately assess risk") == true)
        #expect(p.qualifications.required.count == 12)
        #expect(p.qualifications.required.first?.value.hasPrefix("Experience: 6+ years of relevant experience") == true)
        #expect(p.qualifications.preferred.map { String($0.value.prefix(25)) } == ["Subject Matter Expertise:"])
        #expect(
            p.benefits.map(\.value) == [
                "medical, dental & vision coverage", "401(k)", "life, accident, and disability insurance",
                "wellness programs",
            ]
        )
        let boilerplate = p.sections.filter(\.boilerplate).map(\.heading)
        #expect(boilerplate.contains("AI Hiring Overview"))
        #expect(boilerplate.contains("Frequently Asked Questions"))
        #expect(p.sections.contains { $0.boilerplate && $0.kind == "legal" })
        #expect(!p.sections.contains { $0.boilerplate && ["responsibilities", "qualifications"].contains($0.kind) })
    }

    @Test func citiGenAIEngineer() throws {
        let p = try Seeds.parse(2).posting
        #expect(p.title?.value == "Gen AI-ML Engineer")
        // The job board names the organisation in its header ("role at …?").
        #expect(p.hiringOrganization?.value == "Information Technology Senior Management Forum")
        #expect(p.jobLocation.map(\.value) == [Place(city: "Irving", region: "Texas", country: "United States")])
        #expect(p.jobLocationType == nil)
        #expect(p.employmentType.map(\.value) == ["full-time"])
        #expect(p.datePosted?.value == "2026-04-02")
        #expect(p.validThrough?.value == "2026-04-08")
        #expect(p.identifier == nil)
        // Stated twice: once with a currency, once (by the job board) with a unit and no
        // currency, which it takes from the first.
        #expect(
            p.baseSalary.map(\.value) == [
                SalaryRange(min: 107_120, max: 160_680, currency: "USD", unit: nil),
                SalaryRange(min: 107_120, max: 160_680, currency: "USD", unit: "year"),
            ]
        )
        #expect(p.experienceRequirements?.value == 5)
        #expect(p.educationRequirements?.value == "bachelor's degree")
        #expect(p.occupationalCategory?.value == "Applications Development")
        #expect(p.responsibilities.count == 9)
        #expect(p.qualifications.required.count == 9)
        #expect(p.qualifications.preferred.isEmpty)
        let skills = p.skills.map(\.value)
        for stated in [
            "Python", "LangChain", "LlamaIndex", "Flask", "Django", "Pinecone", "Weaviate", "Docker", "Kubernetes",
            "MLflow", "Kubeflow", "Tableau", "Power BI",
        ] {
            #expect(skills.contains(stated), "\(stated)")
        }
        #expect(!skills.contains { $0.hasPrefix("other") || $0 == "similar" })
        // The job board's "Salary Context" restates the range in thousands: boilerplate, not a salary.
        #expect(p.sections.contains { $0.heading == "Salary Context" && $0.boilerplate })
    }

    @Test func capitalOneLeadAIEngineer() throws {
        let p = try Seeds.parse(3).posting
        #expect(p.title?.value == "Lead AI Engineer (AI Foundations, LLM Core and Agentic AI)")
        #expect(p.hiringOrganization?.value == "Capital One")
        #expect(
            p.jobLocation.map(\.value) == [
                Place(city: "Cambridge", region: "MA"), Place(city: "McLean", region: "VA"),
                Place(city: "New York", region: "NY"),
                Place(city: "San Francisco", region: "CA"), Place(city: "San Jose", region: "CA"),
            ]
        )
        #expect(p.jobLocationType == nil)
        #expect(p.employmentType.isEmpty)
        #expect(p.datePosted == nil)
        #expect(p.validThrough == nil)
        #expect(p.identifier == nil)
        #expect(
            p.baseSalary.map(\.value) == [
                SalaryRange(min: 197_300, max: 225_100, currency: "USD", unit: nil, appliesTo: "Cambridge, MA"),
                SalaryRange(min: 197_300, max: 225_100, currency: "USD", unit: nil, appliesTo: "McLean, VA"),
                SalaryRange(min: 215_200, max: 245_600, currency: "USD", unit: nil, appliesTo: "New York, NY"),
                SalaryRange(min: 215_200, max: 245_600, currency: "USD", unit: nil, appliesTo: "San Francisco, CA"),
                SalaryRange(min: 215_200, max: 245_600, currency: "USD", unit: nil, appliesTo: "San Jose, CA"),
            ]
        )
        #expect(p.experienceRequirements?.value == 4)
        #expect(p.educationRequirements?.value == "bachelor's degree")
        #expect(p.occupationalCategory?.value == "AI/ML Engineer")
        #expect(p.responsibilities.count == 5)
        #expect(p.qualifications.required.count == 7)
        #expect(p.qualifications.preferred.count == 5)
        #expect(p.qualifications.preferred.first?.value.hasPrefix("6 years of experience deploying") == true)
        #expect(p.benefits.isEmpty)
        let skills = p.skills.map(\.value)
        for stated in ["Python", "Go", "Scala", "Java", "PyTorch", "AWS", "Azure", "C++"] {
            #expect(skills.contains(stated), "\(stated)")
        }
    }
}
