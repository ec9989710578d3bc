public import IntakeCore

/// Hand-written values of every field each test posting in `scripts/postings/` states (and
/// `nil` or empty for the ones it does not), for measuring the parser on clean and OCR text.
public struct PostingExpectation: Sendable {
    public var name: String
    public var title: String?
    public var organization: String?
    /// "city|region|country", each as stated.
    public var locations: [String]
    public var locationType: String?
    public var employment: Set<String>
    public var posted: String?
    public var closing: String?
    public var identifier: String?
    /// "min-max currency unit appliesTo" with absent parts empty.
    public var salaries: [String]
    public var experience: Int?
    public var education: String?

    public static let all: [PostingExpectation] = [
        PostingExpectation(
            name: "northbridge-data-engineer",
            title: "Senior Data Engineer, Document Intelligence",
            organization: "Northbridge Financial Group",
            locations: ["Charlotte|NC|United States"],
            locationType: "hybrid",
            employment: ["full-time"],
            posted: "2026-03-03",
            closing: "2026-04-15",
            identifier: "NB-2026-01457",
            salaries: ["142500-186000 USD year "],
            experience: 6,
            education: "bachelor's degree"
        ),
        PostingExpectation(
            name: "harbor-vale-ml-engineer",
            title: "Machine Learning Engineer – Document AI",
            organization: "Harbor & Vale Bank",
            locations: ["London||United Kingdom"],
            locationType: "hybrid",
            employment: ["full-time"],
            posted: "2026-03-10",
            closing: "2026-04-24",
            identifier: "HV-88213",
            salaries: ["65000-80000 GBP  "],
            experience: 3,
            education: "degree"
        ),
        PostingExpectation(
            name: "meridian-ai-platform",
            title: "Lead AI Platform Engineer",
            organization: "Meridian Trust Company",
            locations: ["New York|NY|", "Austin|TX|"],
            locationType: "remote",
            employment: [],
            posted: "2026-03-12",
            closing: nil,
            identifier: "R-240311",
            salaries: ["198000-240000 USD  New York, NY", "176000-214000 USD  Austin, TX"],
            experience: 8,
            education: "master's degree"
        ),
        PostingExpectation(
            name: "altavista-data-scientist",
            title: "Data Scientist, Credit Risk Models",
            organization: "Banco Altavista",
            locations: ["Madrid||Spain"],
            locationType: "hybrid",
            employment: ["contract"],
            posted: "2026-04-02",
            closing: "2026-04-30",
            identifier: "BA-5521",
            salaries: ["50000-60000 EUR year "],
            experience: 2,
            education: "degree"
        ),
        PostingExpectation(
            name: "frankfurt-quant",
            title: "Quantitative Developer (m/w/d)",
            organization: "Rheinland Kapital AG",
            locations: ["Frankfurt am Main||Deutschland"],
            locationType: "hybrid",
            employment: ["full-time"],
            posted: "2026-04-10",
            closing: "2026-05-15",
            identifier: "RK-2026-077",
            salaries: ["70000-85000 EUR year "],
            experience: 3,
            education: "master's degree"
        ),
        PostingExpectation(
            name: "austin-contract",
            title: "Data Annotation Specialist (Contract)",
            organization: "Lone Star Lending",
            locations: ["Austin|TX|"],
            locationType: "remote",
            employment: ["contract", "part-time"],
            // "Posted 3 days ago" with no document date: unresolved, so null.
            posted: nil,
            closing: nil,
            identifier: "LSL-4410",
            salaries: ["38-45 USD hour "],
            experience: 1,
            education: "high school"
        ),
        PostingExpectation(
            name: "toronto-analyst",
            title: "Senior Credit Risk Analyst",
            organization: "Maple Leaf Savings Bank",
            locations: ["Toronto|Ontario|Canada"],
            locationType: "on-site",
            employment: ["full-time"],
            posted: "2026-02-27",
            closing: "2026-03-31",
            identifier: "88-1120",
            salaries: ["95000-110000 CAD year "],
            experience: 5,
            education: "bachelor's degree"
        ),
        PostingExpectation(
            name: "remote-intern",
            title: "Machine Learning Intern, Summer 2026",
            organization: "Kestrel Payments",
            locations: ["||United States"],
            locationType: "remote",
            employment: ["internship"],
            posted: "2026-01-15",
            closing: "2026-02-20",
            identifier: "KP-INT-2026-19",
            salaries: ["42-42 USD hour "],
            experience: nil,
            education: "bachelor's degree"
        ),
    ]

    /// Field-by-field comparison with a parsed posting.
    public struct Score: Sendable {
        /// Fields the posting states that were read right.
        public var statedRight = 0
        /// Fields the posting states.
        public var stated = 0
        /// Fields the posting does not state that the parser filled in anyway.
        public var invented: [String] = []
        /// Fields read wrong, with what was expected and what came out.
        public var wrong: [String] = []

        public var accuracy: Double { stated == 0 ? 1 : Double(statedRight) / Double(stated) }

        public init(statedRight: Int = 0, stated: Int = 0, invented: [String] = [], wrong: [String] = []) {
            self.statedRight = statedRight
            self.stated = stated
            self.invented = invented
            self.wrong = wrong
        }

        public static func + (a: Score, b: Score) -> Score {
            Score(
                statedRight: a.statedRight + b.statedRight,
                stated: a.stated + b.stated,
                invented: a.invented + b.invented,
                wrong: a.wrong + b.wrong
            )
        }
    }

    /// Compares `posting` with the expectation. `fold` makes "–" and "-" alike (OCR reads one as the other).
    public func score(_ posting: JobPosting, fold: Bool = false) -> Score {
        func normal(_ s: String?) -> String? {
            guard let s else { return nil }
            return fold ? s.replacingDashes() : s
        }
        var score = Score()
        func compare<T: Equatable>(_ field: String, expected: T?, got: T?, isEmpty: Bool = false) {
            if let expected, !isEmpty {
                score.stated += 1
                if expected == got {
                    score.statedRight += 1
                } else {
                    score.wrong.append("\(name).\(field): expected \(expected), got \(String(describing: got))")
                }
            } else if let got {
                score.invented.append("\(name).\(field): \(got)")
            }
        }
        compare("title", expected: normal(title), got: normal(posting.title?.value))
        compare("hiringOrganization", expected: organization, got: posting.hiringOrganization?.value)
        let places = posting.jobLocation.map {
            "\($0.value.city ?? "")|\($0.value.region ?? "")|\($0.value.country ?? "")"
        }
        compare("jobLocation", expected: locations.isEmpty ? nil : locations, got: places.isEmpty ? nil : places)
        compare("jobLocationType", expected: locationType, got: posting.jobLocationType?.value)
        let kinds = Set(posting.employmentType.map(\.value))
        compare("employmentType", expected: employment.isEmpty ? nil : employment, got: kinds.isEmpty ? nil : kinds)
        compare("datePosted", expected: posted, got: posting.datePosted?.value)
        compare("validThrough", expected: closing, got: posting.validThrough?.value)
        compare("identifier", expected: identifier, got: posting.identifier?.value)
        let pay = posting.baseSalary.map { Self.describe($0.value) }
        compare("baseSalary", expected: salaries.isEmpty ? nil : salaries, got: pay.isEmpty ? nil : pay)
        compare("experienceRequirements", expected: experience, got: posting.experienceRequirements?.value)
        compare("educationRequirements", expected: education, got: posting.educationRequirements?.value)
        return score
    }

    static func describe(_ salary: SalaryRange) -> String {
        func number(_ value: Double?) -> String { value.map { String(Int($0)) } ?? "" }
        return
            "\(number(salary.min))-\(number(salary.max)) \(salary.currency ?? "") \(salary.unit ?? "") \(salary.appliesTo ?? "")"
    }
}

extension String {
    /// En and em dashes as hyphens.
    func replacingDashes() -> String {
        String(map { $0 == "–" || $0 == "—" ? "-" : $0 })
    }
}
