/// A "key: value" line as front matter, job-board headers and API dumps write them
/// (`title: 'Designer'`, `PositionTitle: IT Specialist`, `Closing Date: 9 May 2024`), or a TOML
/// `key = "value"` line.
///
/// The key is short (at most 40 characters and five words), starts with a letter or `_`, and
/// holds only letters, digits, spaces and `_ - . ( ) / & '`; a colon after it is followed by a
/// space or ends the line (so "https://…" and "10:30" are not keys). A TOML key is one
/// identifier, then " = ".
struct FieldLine: Equatable {
    /// The key as written.
    var key: Substring
    /// The offset, in Unicode scalars from the start of the line, where the value starts (after
    /// the separator and any spaces).
    var valueOffset: Int
    /// Whether the line is TOML (`key = value`).
    var isTOML: Bool

    /// The parts of `line`, or `nil` when it is not a field line.
    static func split(_ line: some StringProtocol) -> FieldLine? {
        let scalars = line.unicodeScalars
        guard let first = scalars.first, first == "_" || first.properties.isAlphabetic else { return nil }
        var index = scalars.startIndex
        var count = 0
        var words = 1
        var previousWasSpace = false
        while index < scalars.endIndex, count <= 40 {
            let scalar = scalars[index]
            if scalar == ":" || scalar == "=" { break }
            if scalar == " " {
                if !previousWasSpace { words += 1 }
                previousWasSpace = true
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || "_-.()/&'’#".unicodeScalars.contains(scalar)
            {
                previousWasSpace = false
            } else {
                return nil
            }
            index = scalars.index(after: index)
            count += 1
        }
        guard index < scalars.endIndex, count > 0, count <= 40, words <= 5 else { return nil }
        let separator = scalars[index]
        let keyEnd = index
        var key = Substring(String(String.UnicodeScalarView(scalars[scalars.startIndex..<keyEnd])))
        while key.last == " " { key = key.dropLast() }
        guard !key.isEmpty else { return nil }
        var after = scalars.index(after: index)
        var offset = count + 1
        if separator == "=" {
            // TOML: one identifier, "key = value".
            guard key.allSatisfy({ $0.isLetter || $0.isNumber || "_-.".contains($0) }),
                after < scalars.endIndex, scalars[after] == " ", keyEnd > scalars.startIndex,
                scalars[scalars.index(before: keyEnd)] == " "
            else { return nil }
        } else if after < scalars.endIndex, scalars[after] != " " {
            return nil
        }
        while after < scalars.endIndex, scalars[after] == " " {
            after = scalars.index(after: after)
            offset += 1
        }
        return FieldLine(key: key, valueOffset: offset, isTOML: separator == "=")
    }

    /// The key as words in lower case: camel case and `_ - .` split ("PositionTitle" → "position
    /// title", "legacy_creation_date" → "legacy creation date", "applicationDue" → "application due").
    static func normalizedKey(_ key: some StringProtocol) -> String {
        var words: [String] = []
        var current = ""
        var previous: Character?
        for character in key {
            if character == "_" || character == "-" || character == "." || character == " " || character == "#" {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else {
                if let previous, character.isUppercase, previous.isLowercase || previous.isNumber, !current.isEmpty {
                    words.append(current)
                    current = ""
                }
                current.append(character)
            }
            previous = character
        }
        if !current.isEmpty { words.append(current) }
        // "PositionID" splits as "position id"; "URLs" stays one word.
        return words.map { $0.lowercased() }.joined(separator: " ")
    }
}
