/// The candidates for one posting field. Each rule that finds a value adds it with a score in
/// 0…1 (how strong its label is, where it stands); the text repeating a value (two rules, or a
/// header and the body, finding the same) adds to its score; the best value wins when it clears
/// the threshold, and otherwise the field stays absent.
struct Ballot<Value> {
    struct Candidate {
        var value: Value
        var range: Range<Int>
        var score: Double
        /// Which rule found it (for `intake parse --explain` and tests).
        var rule: String
    }

    private(set) var candidates: [Candidate] = []

    mutating func add(_ value: Value, _ range: Range<Int>, score: Double, rule: String) {
        candidates.append(Candidate(value: value, range: range, score: score, rule: rule))
    }

    /// The best candidate when it scores at least `threshold`. Candidates with the same `key`
    /// found at different places agree: each place beyond the first adds `agreement` to the best
    /// of them (at most three). Two rules reading the same span are one statement, not two.
    /// Ties go to the candidate found first.
    func winner(threshold: Double = 0.5, agreement: Double = 0.05, key: (Value) -> String) -> Candidate? {
        var best: (candidate: Candidate, score: Double)?
        var places: [String: Set<Int>] = [:]
        for candidate in candidates { places[key(candidate.value), default: []].insert(candidate.range.lowerBound) }
        for candidate in candidates {
            let others = min(3, (places[key(candidate.value)]?.count ?? 1) - 1)
            let score = candidate.score + agreement * Double(others)
            if score >= threshold, best == nil || score > best!.score { best = (candidate, score) }
        }
        return best?.candidate
    }
}
