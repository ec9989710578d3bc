import IntakeCore

extension ParsedPosting {
    /// Checks every field's evidence against the text: the span lies inside the text, the text
    /// at the span is the evidence text, and that text, read again on its own, gives the value.
    ///
    /// - Returns: A description of each problem; empty when every field is backed by its text.
    public func evidenceProblems(options: PostingParserOptions = PostingParserOptions()) -> [String] {
        let scalars = ScalarText(text)
        var problems: [String] = []
        func check<T>(_ name: String, _ evidence: Evidence<T>?, reads: (String, T) -> Bool) {
            guard let evidence else { return }
            let range = evidence.range
            guard range.lowerBound >= 0, range.upperBound <= scalars.count, range.lowerBound <= range.upperBound else {
                problems.append("\(name): span \(evidence.span) is outside the text (\(scalars.count) scalars)")
                return
            }
            let atSpan = scalars.text(range)
            if atSpan != evidence.text {
                problems.append("\(name): text at span is \"\(atSpan)\", evidence says \"\(evidence.text)\"")
            }
            if !reads(atSpan, evidence.value) {
                problems.append("\(name): \"\(atSpan)\" does not read as \(evidence.value)")
            }
        }
        let same: (String, String) -> Bool = { $0 == $1 }
        let dates = DateParser(numericOrder: options.numericDateOrder, documentDate: options.documentDate)
        let p = posting
        check("title", p.title, reads: same)
        check("hiringOrganization", p.hiringOrganization, reads: same)
        check("identifier", p.identifier, reads: same)
        check("industry", p.industry, reads: same)
        check("occupationalCategory", p.occupationalCategory, reads: same)
        check("datePosted", p.datePosted) { dates.parse($0)?.description == $1 }
        check("validThrough", p.validThrough) { dates.parse($0)?.description == $1 }
        check("jobLocationType", p.jobLocationType) { FieldReader.arrangement($0) == $1 }
        for item in p.employmentType { check("employmentType", item) { FieldReader.employmentKinds($0).contains($1) } }
        for item in p.jobLocation { check("jobLocation", item) { Gazetteer.place($0) == $1 } }
        for item in p.baseSalary {
            check("baseSalary", item) { text, value in
                // A bare "$" reads as USD alone; the posting's country may make it another dollar,
                // and an amount without a currency takes the posting's (`withCurrencies`).
                SalaryParser().parse(text).contains {
                    $0.min == value.min && $0.max == value.max && $0.unit == value.unit
                        && ($0.currency == value.currency || $0.currency == nil
                            || $0.currency == "USD" && SalaryParser.hasBareDollar(text)
                                && SalaryParser.dollarCurrencies.contains(value.currency ?? ""))
                }
            }
        }
        check("experienceRequirements", p.experienceRequirements) { FieldReader.years(in: $0) == $1 }
        check("educationRequirements", p.educationRequirements) { FieldReader.credential(in: $0) == $1 }
        let vocabulary = options.skills.entries
        for item in p.skills {
            check("skills", item) { text, value in
                text == value
                    || vocabulary.contains { entry in
                        entry.name == value && entry.spellings.contains { $0.lowercasedFast() == text.lowercasedFast() }
                    }
            }
        }
        for item in p.responsibilities { check("responsibilities", item, reads: same) }
        for item in p.qualifications.required + p.qualifications.preferred {
            check("qualifications", item, reads: same)
        }
        for item in p.benefits { check("benefits", item, reads: same) }
        for section in p.sections
        where section.span[0] < 0 || section.span[1] > scalars.count || section.span[0] > section.span[1] {
            problems.append("section \(section.heading): span \(section.span) is outside the text")
        }
        return problems
    }
}
