/// A value found in a text, with its evidence: where it stands in the normalised text.
///
/// `span` is a half-open range of Unicode scalar offsets (`[start, end)`, as Python's `str`
/// indexes), and `text` is exactly the text at that span.
public struct Evidence<Value: Sendable & Hashable & Codable>: Sendable, Hashable, Codable {
    /// The value, as parsed.
    public var value: Value
    /// `[start, end)` in Unicode scalars of the normalised text.
    public var span: [Int]
    /// The text at `span`.
    public var text: String

    /// Creates a value with its evidence.
    public init(value: Value, span: Range<Int>, text: String) {
        self.value = value
        self.span = [span.lowerBound, span.upperBound]
        self.text = text
    }

    /// `span` as a range.
    public var range: Range<Int> { span[0]..<span[1] }
}

/// A place a job is in, as the posting states it (nothing is looked up or guessed).
public struct Place: Sendable, Hashable, Codable {
    /// The city, when stated.
    public var city: String?
    /// The state, province or region, when stated (as written: "NJ", "New Jersey").
    public var region: String?
    /// The country, when stated (as written: "US", "United States").
    public var country: String?

    /// Creates a place.
    public init(city: String? = nil, region: String? = nil, country: String? = nil) {
        self.city = city
        self.region = region
        self.country = country
    }
}

/// A salary range. `min == max` for a single figure; `min` is `nil` for "up to".
public struct SalaryRange: Sendable, Hashable, Codable {
    /// The lower bound.
    public var min: Double?
    /// The upper bound.
    public var max: Double?
    /// ISO 4217 code (`USD`, `GBP`, `EUR`, …), when a symbol or code states it; for an amount that
    /// states none, the one currency the posting's other amounts state, or else that of the one
    /// country its locations are in.
    public var currency: String?
    /// `year`, `month`, `week`, `day` or `hour`, when stated (or implied by an hourly symbol such as `/hr`).
    public var unit: String?
    /// What the range applies to when a posting gives several ("Cambridge, MA", "Lead AI Engineer").
    public var appliesTo: String?

    /// Creates a range.
    public init(min: Double?, max: Double?, currency: String?, unit: String?, appliesTo: String? = nil) {
        self.min = min
        self.max = max
        self.currency = currency
        self.unit = unit
        self.appliesTo = appliesTo
    }
}

/// A headed part of a posting's text.
public struct PostingSection: Sendable, Hashable, Codable {
    /// What the section is: `responsibilities`, `qualifications`, `preferred_qualifications`,
    /// `education`, `benefits`, `compensation`, `skills`, `about_company`, `about_role`,
    /// `about_team`, `details`, `legal`, `job_board`, or `other`.
    public var kind: String
    /// The heading as written (empty for text before the first heading).
    public var heading: String
    /// `[start, end)` of the whole section (heading and body) in Unicode scalars.
    public var span: [Int]
    /// Whether the section is boilerplate an indexer may drop: equal-opportunity and
    /// accommodation notices, legal notices, job-board marketing. It stays in the text.
    public var boilerplate: Bool

    /// Creates a section.
    public init(kind: String, heading: String, span: Range<Int>, boilerplate: Bool) {
        self.kind = kind
        self.heading = heading
        self.span = [span.lowerBound, span.upperBound]
        self.boilerplate = boilerplate
    }
}

/// The qualifications of a posting, split into required and preferred where it separates them.
public struct Qualifications: Sendable, Hashable, Codable {
    /// Required (or not marked either way).
    public var required: [Evidence<String>]
    /// Marked preferred, desired or nice to have.
    public var preferred: [Evidence<String>]

    /// Creates the lists.
    public init(required: [Evidence<String>] = [], preferred: [Evidence<String>] = []) {
        self.required = required
        self.preferred = preferred
    }
}

/// A job posting's fields, named as schema.org's `JobPosting`. A field the text does not state
/// is `nil` (or an empty list): nothing is guessed.
public struct JobPosting: Sendable, Hashable, Codable {
    public var title: Evidence<String>?
    public var hiringOrganization: Evidence<String>?
    public var jobLocation: [Evidence<Place>] = []
    /// `on-site`, `hybrid` or `remote`.
    public var jobLocationType: Evidence<String>?
    /// `full-time`, `part-time`, `contract`, `internship`, `temporary`.
    public var employmentType: [Evidence<String>] = []
    /// ISO 8601 date (`2026-04-10`).
    public var datePosted: Evidence<String>?
    /// ISO 8601 date: the closing date.
    public var validThrough: Evidence<String>?
    /// The requisition id.
    public var identifier: Evidence<String>?
    /// The posting's language, ISO 639-1 (`und` when the text does not tell), from its body
    /// (the text after any header block, whose keys are often English whatever the posting's language).
    public var inLanguage: String?
    public var baseSalary: [Evidence<SalaryRange>] = []
    /// Minimum years of experience, when stated.
    public var experienceRequirements: Evidence<Int>?
    /// The degree asked for (`high school`, `associate degree`, `bachelor's degree`,
    /// `master's degree`, `doctorate`): the first one the requirements name.
    public var educationRequirements: Evidence<String>?
    public var skills: [Evidence<String>] = []
    public var responsibilities: [Evidence<String>] = []
    public var qualifications = Qualifications()
    public var benefits: [Evidence<String>] = []
    /// The industry, where stated.
    public var industry: Evidence<String>?
    /// The job category, where stated ("AI/ML Engineer", "Technology").
    public var occupationalCategory: Evidence<String>?
    /// The posting's headed sections, with boilerplate marked.
    public var sections: [PostingSection] = []

    /// Creates an empty posting.
    public init() {}
}
