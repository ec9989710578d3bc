import Foundation

extension TextNormalizer {
    // MARK: - Step 2b: HTML left in the text

    /// HTML tags and character references that real postings carry into plain text (a blog
    /// export's `<p>…</p>`, `&#8217;` for ’, `&eacute;`): a block tag becomes a line break, a list
    /// item a bullet, other known tags go, and a reference becomes its character.
    ///
    /// Only tags with an HTML name are touched, and only in a text with a closing tag in it ("a
    /// <b>c</b>" loses its tags; "a < b", "<5 years" and "HTML (<section>, <article>)" stay),
    /// and a reference is decoded only to a character the later steps leave alone: never to
    /// `&`, `<`, `>`, a backslash, an asterisk or a control character, and to its NFKC form. So a
    /// second pass finds nothing to do; the step runs until nothing changes (a removed tag can
    /// close up another: `<<b>p>`).
    static func removeMarkup(_ text: String) -> String {
        let bytes = text.utf8
        guard bytes.contains(UInt8(ascii: "<")) || bytes.contains(UInt8(ascii: "&")) else { return text }
        var text = text
        while true {
            var next = text
            // Tags only in text that has markup in it (a closing tag): a posting that asks for
            // "semantic HTML (<section>, <article>)" keeps its words.
            if next.utf8.contains(UInt8(ascii: "<")), closingTag.matches(next) {
                next = next.replacing(listItemTag, with: "\n- ").replacing(blockTag, with: "\n")
                    .replacing(inlineTag, with: "")
            }
            if next.utf8.contains(UInt8(ascii: "&")) { next = decodeReferences(next) }
            next = unescapeMarkdown(next)
            if next == text { return text }
            text = next
        }
    }

    private static let blockNames =
        "p|br|div|blockquote|ul|ol|h[1-6]|table|tr|td|th|thead|tbody|section|article|header|footer|hr|pre|dl|dt|dd"
    private static let inlineNames = "span|strong|b|em|i|u|a|font|small|sup|sub|img|code|abbr|cite|mark|s|del|ins"
    /// Attributes as HTML writes them, quoted: a tag never spans lines, and joining lines (which
    /// puts a space where a line break was) cannot make one out of "<a" and "b>".
    private static let attributes = #"(?:[ ]+[A-Za-z-]+=(?:"[^"<>\n]*"|'[^'<>\n]*'))*"#
    private static let listItemTag = regex(#"<li\#(attributes)>"#)
    private static let blockTag = regex(#"</?(?:\#(blockNames)|li)\#(attributes)/?>|<[bh]r ?/>"#)
    private static let inlineTag = regex(#"</?(?:\#(inlineNames))\#(attributes)/?>"#)
    private static let closingTag = regex(#"</(?:\#(blockNames)|li|\#(inlineNames))>"#)
    private static let reference = regex(#"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,7});"#, [])
    /// What an `&amp;` must not stand before to be decoded: "&amp;lt;" is the text "&lt;".
    private static let referenceLike = regex(#"^[#A-Za-z0-9]+;"#, [])

    private static let named: [String: String] = [
        "nbsp": " ", "quot": "\"", "apos": "'", "rsquo": "’", "lsquo": "‘", "rdquo": "”", "ldquo": "“",
        "ndash": "–", "mdash": "—", "hellip": "…", "bull": "•", "middot": "·", "euro": "€", "pound": "£",
        "yen": "¥", "cent": "¢", "copy": "©", "reg": "®", "trade": "™", "deg": "°", "times": "×",
        "eacute": "é", "egrave": "è", "ecirc": "ê", "euml": "ë", "aacute": "á", "agrave": "à", "acirc": "â",
        "auml": "ä", "ccedil": "ç", "iacute": "í", "icirc": "î", "iuml": "ï", "ntilde": "ñ", "oacute": "ó",
        "ocirc": "ô", "ouml": "ö", "uacute": "ú", "ugrave": "ù", "ucirc": "û", "uuml": "ü", "szlig": "ß",
        "Eacute": "É", "Auml": "Ä", "Ouml": "Ö", "Uuml": "Ü", "Ccedil": "Ç", "oslash": "ø", "aring": "å",
    ]

    /// Character references replaced by their characters, where that is safe (see above).
    static func decodeReferences(_ text: String) -> String {
        let source = text as NSString
        var out = ""
        var last = 0
        for match in reference.matches(in: text, range: NSRange(location: 0, length: source.length)) {
            let name = source.substring(with: match.range(at: 1))
            let end = match.range.location + match.range.length
            var decoded: String?
            if name == "amp" {
                let rest = source.substring(from: end)
                decoded = referenceLike.matches(rest) ? nil : "&"
            } else if name.hasPrefix("#") {
                let digits = name.dropFirst()
                let value =
                    digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
                decoded = value.flatMap(Unicode.Scalar.init).flatMap(safeCharacter)
            } else {
                decoded = named[name].flatMap(safeCharacter)
            }
            guard let decoded else { continue }
            out += source.substring(with: NSRange(location: last, length: match.range.location - last)) + decoded
            last = end
        }
        guard last > 0 else { return text }
        return out + source.substring(from: last)
    }

    /// A decoded character in its NFKC form, unless a later step would change it again.
    private static func safeCharacter(_ scalar: Unicode.Scalar) -> String? { safeCharacter(String(scalar)) }

    private static func safeCharacter(_ value: String) -> String? {
        let form = value.precomposedStringWithCompatibilityMapping
        for scalar in form.unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || "&<>\\*".unicodeScalars.contains(scalar)
                || [0xAD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x2028, 0x2029].contains(scalar.value)
            {
                return nil
            }
        }
        return form.isEmpty ? nil : form
    }
}
