import Foundation
public import IntakeCore

extension FieldReader {
    // MARK: - Salary

    static let salaryWord = GuardedExpression(
        #"\b(salary|salaries|pay|compensation|wage|remuneration|base|rate|ote|sueldo|salario|gehalt|rémunération|retribuzione|salário|range)\b"#,
        words: [
            "salar", "pay", "compensation", "wage", "remuneration", "base", "rate", "ote", "sueldo", "gehalt",
            "retribuzione", "range",
        ]
    )
    private static let forTitle = regex(#"\bfor\s+(?:the\s+)?([A-Z][^.;:$€£]{2,80}?)\s*$"#, [])

    func salaries() -> [Evidence<SalaryRange>] {
        let parser = SalaryParser()
        let lines = document.ordinaryLines
        var found: [Evidence<SalaryRange>] = []
        var lastKeywordLine = -100
        // Whether more than one line states an amount: counted once, when a title after an
        // amount first needs it.
        lazy var severalAmountLines =
            lines.filter { !parser.salaries(in: text, range: $0.contentRange).isEmpty }.count > 1
        for (index, line) in lines.enumerated() {
            let hasKeyword = text.firstMatch(Self.salaryWord, in: line.range) != nil
            let inPaySection = document.kind(of: line) == "compensation"
            let nearKeyword = index - lastKeywordLine <= 6
            if hasKeyword { lastKeywordLine = index }
            // Every amount has a digit; most lines have none.
            guard line.text.utf8.contains(where: { (0x30...0x39).contains($0) }) else { continue }
            let placeLine = text.firstMatch(Self.salaryLinePlace, in: line.contentRange)
            for salary in parser.salaries(in: text, range: line.contentRange) {
                // A line of a list of ranges ("Cambridge, MA: $197,300 - $225,100", or the amount alone)
                // belongs to the pay statement above it.
                let listShaped = placeLine != nil || salary.span.lowerBound - line.contentRange.lowerBound <= 2
                guard hasKeyword || inPaySection || (nearKeyword && listShaped) || salary.range.unit != nil else {
                    continue
                }
                var range = salary.range
                var span = salary.span
                let before = line.contentRange.lowerBound..<salary.span.lowerBound
                let after = salary.span.upperBound..<line.contentRange.upperBound
                if let place = placeLine, let placeRange = place.range(1),
                    placeRange.upperBound <= salary.span.lowerBound,
                    let stated = Gazetteer.place(text.text(tidy(placeRange))),
                    stated.region != nil || stated.country != nil
                {
                    range.appliesTo = text.text(tidy(placeRange))
                    span = line.contentRange.lowerBound..<max(span.upperBound, tidy(line.contentRange).upperBound)
                } else if !before.isEmpty || !after.isEmpty, let title = text.firstMatch(Self.forTitle, in: after),
                    let titleRange = title.range(1),
                    severalAmountLines
                {
                    range.appliesTo = text.text(tidy(titleRange))
                    span = span.lowerBound..<tidy(titleRange).upperBound
                }
                if !found.contains(where: { $0.value == range }) {
                    found.append(evidence(range, span))
                }
            }
        }
        return found
    }
}
