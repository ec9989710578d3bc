import Foundation
import IntakeCore

extension FieldReader {
    // MARK: - Abbreviated organisation names

    /// Abbreviations a catalogue writes in an organisation's name ("Virginia U.", "Beijing, Inst.
    /// High Energy Phys.", "Munich, Tech. U."), each with the start of the word it stands for.
    private static let abbreviations: [String: String] = [
        "u": "univ", "univ": "univ", "inst": "inst", "phys": "phys", "tech": "tech", "natl": "nation",
        "nat": "nation", "lab": "lab", "coll": "coll", "ctr": "cent", "cent": "cent", "sci": "sci",
        "res": "research", "acad": "acad", "dept": "depart", "math": "math", "astron": "astro", "theor": "theor",
        "nucl": "nucl", "appl": "appl", "polytech": "polytech", "sch": "school", "med": "medic", "hosp": "hosp",
        "fac": "facult", "observ": "observ", "astrophys": "astrophys", "eng": "engin", "intl": "internation",
        "assoc": "associat", "found": "foundation", "soc": "soc", "dep": "dep",
    ]

    /// A header word as the start of the word it is in the name: "Inst." is "inst", "U." "univ",
    /// "Virginia" "virginia".
    private static func stem(_ word: Substring) -> String {
        let stem = word.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        return word.hasSuffix(".") ? abbreviations[stem] ?? stem : stem
    }

    /// Capitalised words, two or more, with "of", "for", "and" … between them: a name as prose writes it.
    private static let proseName = regex(
        #"\b[A-Z][\p{L}'’-]*(?:[ \u00A0]+(?:(?:of|for|and|de|du|des|der|für|di|del|della)[ \u00A0]+)?[A-Z][\p{L}'’-]*)+"#,
        []
    )

    /// The name as the text writes it out, for an organisation a header gives abbreviated:
    /// "University of Virginia" for "Virginia U.", "Institute of High Energy Physics" for "Beijing,
    /// Inst. High Energy Phys.", "Shanghai Jiao Tong University" for "Shanghai Jiaotong U., INPAC".
    ///
    /// Only a name with an abbreviation ending in a full stop is expanded. Each of its
    /// comma-separated parts with one, in order, is looked for in the text: capitalised words
    /// where every word of the part is the start of one of them (an abbreviation the start of the
    /// word it stands for) or is in them with their spaces taken out ("Jiaotong"). The first
    /// such name found is the expansion, without words after it that none of the header's stands for.
    func expandedAbbreviation(_ range: Range<Int>) -> Range<Int>? {
        var written = text.text(range)
        // `tidy` took the final full stop off: "Virginia U." reads "Virginia U".
        if range.upperBound < text.count, text.text(range.upperBound..<(range.upperBound + 1)) == "." {
            written += "."
        }
        guard written.contains(".") else { return nil }
        // Every word of the header, as the start of a word of the name (the place of "Munich,
        // Tech. U." is in "Technical University of Munich").
        let headerStems = written.split(whereSeparator: { $0 == " " || $0 == "," }).map(Self.stem)
        for part in written.split(separator: ",") {
            let words = part.split(separator: " ")
            let abbreviated = words.contains { word in
                word.hasSuffix(".") && Self.abbreviations[String(word.dropLast()).lowercased()] != nil
            }
            guard abbreviated else { continue }
            let needed = words.map(Self.stem)
            for match in text.matches(Self.proseName) where match.range != range {
                var name = match.range
                if let article = text.firstMatch(Self.leadingArticle, in: name) {
                    name = article.range.upperBound..<name.upperBound
                }
                let found = text.text(name).lowercased()
                let foundWords = found.split(separator: " ")
                let squeezed = found.filter { !$0.isWhitespace }
                let spelled = needed.allSatisfy { stem in
                    !stem.isEmpty && (foundWords.contains { $0.hasPrefix(stem) } || squeezed.contains(stem))
                }
                // The name spells out an abbreviation: it is not the header's words again.
                guard spelled, foundWords.count > words.count || found.count > part.count + 2 else { continue }
                // Words after the name that no header word stands for go: "National Taiwan
                // University HEP group" names "National Taiwan University".
                var kept = foundWords.count
                while kept > 1,
                    !headerStems.contains(where: {
                        foundWords[kept - 1].hasPrefix($0) || $0.contains(foundWords[kept - 1])
                    })
                {
                    kept -= 1
                }
                let shortened = foundWords.prefix(kept).joined(separator: " ")
                let end = name.lowerBound + shortened.unicodeScalars.count
                if kept < foundWords.count, text.text(name.lowerBound..<end).lowercased() == shortened {
                    name = name.lowerBound..<end
                }
                return name
            }
        }
        return nil
    }
}
