import Foundation

/// Front matter at the top of a Markdown document: YAML between `---` lines, TOML between `+++`
/// lines. Its nested keys ("image:" then "  title: Team photo", or `title = …` under a `[design]`
/// table) are written as dotted keys ("image.title: Team photo"), because the normaliser trims
/// the indentation that alone tells a nested key from the posting's own `title:`.
extension TextNormalizer {
    /// `text` with the nested keys of its opening front-matter block dotted; any other text as it is.
    static func flattenFrontMatter(_ text: String) -> String {
        // Most documents have none: a block opens with "---" or "+++" after any blank lines.
        guard let first = text.first(where: { !$0.isWhitespace }), first == "-" || first == "+" else { return text }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let open = lines.firstIndex(where: { !$0.allSatisfy(\.isWhitespace) }) else { return text }
        let fence = lines[open].trimmed
        guard fence == "---" || fence == "+++",
            let close = lines[(open + 1)...].firstIndex(where: { $0.trimmed == fence })
        else { return text }
        var changed = false
        if fence == "---" {
            // The keys whose value is the block below them, with their indentation.
            var parents: [(indent: Int, key: String)] = []
            // `field`, the field line `entry`, under the keys above it: "image.title: Team photo".
            func dotted(_ field: FieldLine, of entry: Substring) -> String {
                let value = entry.unicodeScalars.dropFirst(field.valueOffset)
                let path = (parents.map(\.key) + [String(field.key)]).joined(separator: ".")
                return path + ": " + String(String.UnicodeScalarView(value))
            }
            for index in (open + 1)..<close {
                let line = lines[index]
                let indent = line.prefix(while: { $0 == " " }).count
                let content = line.dropFirst(indent)
                guard !content.isEmpty, !content.hasPrefix("#") else { continue }
                if content.hasPrefix("- ") || content == "-" {
                    // A list item belongs to the key above it (written at that key's indentation or
                    // deeper); a mapping that opens it is that key's too: "breadcrumbs:" then
                    // "- title: Home" is "breadcrumbs.title: Home", not the page's title.
                    while let last = parents.last, last.indent > indent { parents.removeLast() }
                    let item = content.dropFirst(2)
                    if !parents.isEmpty, let field = FieldLine.split(item), !field.isTOML {
                        lines[index] = dotted(field, of: item)
                        changed = true
                    }
                    continue
                }
                guard let field = FieldLine.split(content), !field.isTOML else { continue }
                while let last = parents.last, last.indent >= indent { parents.removeLast() }
                if !parents.isEmpty {
                    lines[index] = dotted(field, of: content)
                    changed = true
                }
                if content.unicodeScalars.dropFirst(field.valueOffset).allSatisfy({ $0 == " " }) {
                    parents.append((indent, String(field.key)))
                }
            }
        } else {
            // TOML: keys after a `[table]` or `[[table]]` header belong to it.
            var table: String?
            for index in (open + 1)..<close {
                let content = lines[index].trimmed
                if content.hasPrefix("["), content.hasSuffix("]") {
                    table = content.trimmingCharacters(in: ["[", "]", " "])
                    continue
                }
                guard let table, let field = FieldLine.split(content), field.isTOML else { continue }
                lines[index] = table + "." + content
                changed = true
            }
        }
        return changed ? lines.joined(separator: "\n") : text
    }
}
