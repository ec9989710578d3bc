import Foundation
import IntakeCore

/// The normalised text seen as lines, each with its span and the section it belongs to.
struct PostingDocument {
    struct Line {
        /// The line's text (without the newline).
        let text: String
        /// Its span in Unicode scalars.
        var range: Range<Int>
        /// The index of its section in `sections`.
        var section: Int
        /// Whether it is a list item ("- ").
        let isListItem: Bool

        init(text: String, range: Range<Int>, section: Int) {
            self.text = text
            self.range = range
            self.section = section
            self.isListItem = text.hasPrefix("- ")
        }
        /// The text without a list marker.
        var content: String { isListItem ? String(text.dropFirst(2)) : text }
        /// The span of ``content``.
        var contentRange: Range<Int> { isListItem ? (range.lowerBound + 2)..<range.upperBound : range }
    }

    let text: ScalarText
    var lines: [Line] = []
    var sections: [PostingSection] = []
    /// The index of each section's heading line (`nil` for the untitled opening section).
    var headingLines: [Int?] = []

    static let boilerplateLine = regex(
        #"equal (?:employment )?opportunit|\bEEO\b|without regard to|reasonable accommodation|know your rights|e-verify|pay transparency|fair chance|criminal histor|drug-free workplace|no agencies|does not provide, endorse|protected veteran|affirmative action|need any adjustments|accessibility at|\bEOE\b|non-discrimination"#
    )

    /// Whether ``boilerplateLine`` matches `line`. On an ASCII line its words are the whole
    /// expression: each alternative is a literal phrase, "equal opportunit" with or without
    /// "employment ", or "eeo" or "eoe" between non-word characters; so a byte search of the
    /// lower-cased line answers without running it. The typographic punctuation legal text is
    /// full of (quotes, dashes, bullets, ™, €, a no-break space) matches no letter of them in any
    /// case and is no word character, so it stands in as a byte that matches nothing; a line
    /// with any other non-ASCII character is searched.
    static func isBoilerplateText(_ line: String) -> Bool {
        guard let lowered = ByteScan.asciiLowercasedSkippingPunctuation(line) else {
            return boilerplateLine.matches(line)
        }
        if ByteScan.containsAny(lowered, of: boilerplatePhrases) { return true }
        return lowered.withUnsafeBufferPointer { bytes in
            boundedBoilerplateWords.contains { word in ByteScan.containsWord(word, in: bytes) }
        }
    }

    /// Whether at least half of a paragraph's sentences are legal text: "Please apply to … This
    /// position pays $50/hour. Acme is an equal opportunity employer." is the posting's own text
    /// with a legal sentence at its end, not a legal paragraph.
    static func isMostlyBoilerplate(_ paragraph: String) -> Bool {
        guard isBoilerplateText(paragraph) else { return false }
        let sentences = paragraph.replacing("! ", with: ". ").replacing("? ", with: ". ").components(separatedBy: ". ")
        guard sentences.count >= 3 else { return true }
        let legal = sentences.filter(isBoilerplateText).count
        return legal * 2 >= sentences.count
    }

    private static let boilerplatePhrases: [[UInt8]] = [
        "equal opportunit", "equal employment opportunit", "without regard to", "reasonable accommodation",
        "know your rights", "e-verify", "pay transparency", "fair chance", "criminal histor", "drug-free workplace",
        "no agencies", "does not provide, endorse", "protected veteran", "affirmative action", "need any adjustments",
        "accessibility at", "non-discrimination",
    ].map { Array($0.utf8) }
    private static let boundedBoilerplateWords: [[UInt8]] = [Array("eeo".utf8), Array("eoe".utf8)]

    init(normalized: String) {
        self.text = ScalarText(normalized)
        splitLines()
        splitSections()
    }

    private mutating func splitLines() {
        var start = 0
        var offset = 0
        for scalar in text.string.unicodeScalars {
            if scalar == "\n" {
                if offset > start {
                    lines.append(Line(text: text.text(start..<offset), range: start..<offset, section: 0))
                }
                start = offset + 1
            }
            offset += 1
        }
        if offset > start { lines.append(Line(text: text.text(start..<offset), range: start..<offset, section: 0)) }
    }

    private mutating func splitSections() {
        var current = (kind: "header", heading: "", start: 0, headingLine: Int?.none, boilerplate: false)
        var sawDetails = false
        var inTrailer = false

        func close(at end: Int, into sections: inout [PostingSection], headings: inout [Int?]) {
            guard end > current.start || current.headingLine != nil else { return }
            sections.append(
                PostingSection(
                    kind: current.kind,
                    heading: current.heading,
                    span: current.start..<max(end, current.start),
                    boilerplate: current.boilerplate
                )
            )
            headings.append(current.headingLine)
        }

        for index in lines.indices {
            let line = lines[index]
            var kind = line.isListItem ? nil : TextNormalizer.heading(line.text).kind
            // Inside a details block ("Company Citi", "Salary Not disclosed") only a job board's
            // own headings open a new section.
            if current.kind == "details", let found = kind, found != "job_board",
                !SectionVocabulary.trailerOpeners.contains(SectionVocabulary.normalizedKey(line.text))
            {
                kind = nil
            }
            // An unknown "Label:" line ends a list-like section: what follows is a field, not an item.
            let isLabel =
                kind == nil && !line.isListItem && line.text.hasSuffix(":")
                && line.text.split(separator: " ").count <= 6
            if isLabel
                && [
                    "skills", "responsibilities", "qualifications", "preferred_qualifications", "benefits", "education",
                ].contains(current.kind)
            {
                kind = "other"
            }
            let isBoilerplateLine =
                !line.isListItem && line.text.split(separator: " ").count >= 8
                && Self.isMostlyBoilerplate(line.text)

            if let kind {
                close(at: lines[index].range.lowerBound, into: &sections, headings: &headingLines)
                var effective = kind
                if kind == "details" { sawDetails = true }
                if sawDetails && SectionVocabulary.trailerOpeners.contains(SectionVocabulary.normalizedKey(line.text)) {
                    inTrailer = true
                }
                if inTrailer { effective = "job_board" }
                let heading = kind == "other" ? "" : line.text
                current = (
                    effective, heading, line.range.lowerBound, kind == "other" ? nil : index,
                    effective == "job_board" || effective == "legal"
                )
            } else if isBoilerplateLine && !current.boilerplate {
                // A legal paragraph inside an ordinary section becomes its own boilerplate section.
                close(at: line.range.lowerBound, into: &sections, headings: &headingLines)
                current = ("legal", "", line.range.lowerBound, nil, true)
            } else if !isBoilerplateLine && current.kind == "legal" && current.headingLine == nil {
                // Back to ordinary text after an untitled legal paragraph.
                close(at: line.range.lowerBound, into: &sections, headings: &headingLines)
                current = ("other", "", line.range.lowerBound, nil, false)
            }
            lines[index].section = sections.count
        }
        close(at: text.count, into: &sections, headings: &headingLines)
        // Sections end where the next begins, less the separating newlines.
        for index in sections.indices {
            let end = index + 1 < sections.count ? sections[index + 1].span[0] : text.count
            var trimmedEnd = end
            while trimmedEnd > sections[index].span[0], text.text((trimmedEnd - 1)..<trimmedEnd) == "\n" {
                trimmedEnd -= 1
            }
            sections[index].span[1] = trimmedEnd
        }
    }

    /// The lines of sections of `kinds` that are not boilerplate.
    func lines(inKinds kinds: Set<String>) -> [Line] {
        lines.filter {
            kinds.contains(sections[$0.section].kind) && !sections[$0.section].boilerplate && !isHeading($0)
        }
    }

    /// Lines outside boilerplate sections.
    var ordinaryLines: [Line] {
        lines.filter { !sections[$0.section].boilerplate }
    }

    /// Whether `line` is its section's heading.
    func isHeading(_ line: Line) -> Bool {
        guard let headingIndex = headingLines[line.section] else { return false }
        return lines[headingIndex].range == line.range
    }

    func kind(of line: Line) -> String { sections[line.section].kind }
    func isBoilerplate(_ line: Line) -> Bool { sections[line.section].boilerplate }
}
