import Foundation
import IntakeCore

extension FieldReader {
    // MARK: - Skills

    private static let notSkills = regex(#"\b(please|see above|contact|recruiter|apply)\b"#)
    private static let gluedWords = regex(#"(?<=[a-z])(?=[A-Z])"#, [])
    private static let skillSplit = regex(#"\s*(?:,|;|\s/\s|(?<=[\p{L}]{3})/(?=[\p{L}]{3})|\band\b|\bor\b)\s*"#)
    private static let vagueSkill = regex(#"^(?:other|similar|relevant|various|any|related|equivalent|etc)\b"#)

    func skills() -> [Evidence<String>] {
        var found: [Evidence<String>] = []
        var seen: Set<String> = []
        func add(_ value: String, _ range: Range<Int>) {
            if seen.insert(value.lowercasedFast()).inserted { found.append(evidence(value, range)) }
        }
        // The posting's own skills section.
        for line in document.lines(inKinds: ["skills"]) where !line.text.hasSuffix(":") {
            if text.firstMatch(Self.notSkills, in: line.range) != nil { continue }
            var range = tidy(line.contentRange)
            if let colon = text.text(range).firstIndex(of: ":") {
                let offset = text.text(range).unicodeScalars.distance(
                    from: text.text(range).unicodeScalars.startIndex,
                    to: colon.samePosition(in: text.text(range).unicodeScalars)!
                )
                range = tidy((range.lowerBound + offset + 1)..<range.upperBound)
            }
            let value = text.text(range)
            if value.split(separator: " ").count > 12 && !value.contains(",") { continue }
            let boundaries = text.matches(Self.gluedWords, in: range)
            if !value.contains(","), boundaries.count >= 2 {
                // "AwsAzureChromaFaiss…": names run together by a job board.
                var start = range.lowerBound
                for boundary in boundaries {
                    add(text.text(start..<boundary.range.lowerBound), start..<boundary.range.lowerBound)
                    start = boundary.range.lowerBound
                }
                add(text.text(start..<range.upperBound), start..<range.upperBound)
                continue
            }
            // "…, Flask/Django, and other relevant data science libraries": the list ends at the
            // first vague piece.
            var start = range.lowerBound
            var pieces: [Range<Int>] = []
            for split in text.matches(Self.skillSplit, in: range) {
                pieces.append(start..<split.range.lowerBound)
                start = split.range.upperBound
            }
            pieces.append(start..<range.upperBound)
            for piece in pieces {
                if text.firstMatch(Self.vagueSkill, in: tidy(piece)) != nil { break }
                addSkillPiece(piece, add)
            }
        }
        // The vocabulary, over the posting's own text.
        var matches: [(Int, String, Range<Int>)] = []
        let ordinary = document.ordinaryLines
        let lowered = ordinary.map { Array($0.text.lowercasedFast().utf8) }
        // An ASCII line's byte offsets are its scalar offsets.
        let asciiBytes = ordinary.map { line in ByteScan.isASCII(line.text) ? Array(line.text.utf8) : nil }
        for skill in options.skills.expressions() {
            for index in ordinary.indices where skill.mayMatch(lowered[index]) {
                let line = ordinary[index]
                let range: Range<Int>?
                if let bytes = asciiBytes[index], skill.asciiSpellings != nil {
                    range = skill.firstMatch(inASCII: bytes, lowered: lowered[index]).map {
                        (line.range.lowerBound + $0.lowerBound)..<(line.range.lowerBound + $0.upperBound)
                    }
                } else {
                    range = text.firstMatch(skill.regex, in: line.range)?.range
                }
                if let range {
                    matches.append((range.lowerBound, skill.name, range))
                    break
                }
            }
        }
        for (_, name, range) in matches.sorted(by: { $0.0 < $1.0 }) { add(name, range) }
        return found
    }

    private func addSkillPiece(_ range: Range<Int>, _ add: (String, Range<Int>) -> Void) {
        var range = tidy(range)
        let value = text.text(range)
        if let paren = value.firstIndex(of: "(") {
            let length = value[..<paren].unicodeScalars.count
            range = tidy(range.lowerBound..<(range.lowerBound + length))
        }
        let piece = text.text(range)
        guard piece.count >= 1, piece.count <= 40, piece.split(separator: " ").count <= 4,
            text.firstMatch(Self.vagueSkill, in: range) == nil,
            piece.first.map({ $0.isLetter || $0.isNumber || $0 == "." }) == true
        else { return }
        add(piece, range)
    }

    // MARK: - Category

    private static let boardCategory = regex(#"\binterested in this\s+(.+?)\s+role\b"#)

    func category() -> Evidence<String>? {
        if let (_, range) = labelled(Labels.category, where: { $0.count <= 60 && !$0.hasSuffix(".") }) {
            return evidence(range)
        }
        for line in document.lines.prefix(6) {
            if let match = text.firstMatch(Self.boardCategory, in: line.range), let range = match.range(1) {
                return evidence(tidy(range))
            }
        }
        return nil
    }
}
