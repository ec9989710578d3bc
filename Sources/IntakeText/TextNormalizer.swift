import Foundation

/// Cleans extracted text for indexing and parsing. Every step is idempotent, and so is the whole:
/// normalising normalised text changes nothing.
///
/// The steps, in order:
/// 1. Unicode NFKC (ligatures such as "ﬁ" become "fi"); soft hyphens, zero-width characters and
///    control characters (other than line and page breaks) removed.
/// 2. A front-matter block's nested keys written as dotted keys ("image:" then "  title: …"
///    becomes "image.title: …"); Markdown escapes (`\-`, `\+`, `\&`, `\#`, `\*`, …) undone; emphasis asterisks around a
///    line dropped; separator lines (`---`, `===`, TOML's `+++`) and empty bullets dropped; HTML
///    tags and character references left in the text removed and decoded (`<p>`, `&#8217;`).
/// 3. Spaces and tabs collapsed, lines trimmed; bullet glyphs (•, ▪, ‣, ◦, -, +, *, –, …) become "- ".
/// 4. With two or more pages: lines repeated at the top or bottom of most pages (running headers,
///    footers) and page numbers removed.
/// 5. Headings glued onto the end of a line ("…)Overview") put on their own line.
/// 6. Hard-wrapped lines joined into paragraphs; bullets, headings and "key: value" field lines
///    (front matter, job-board headers) keep their own lines; a word
///    split by a hyphen at a line end is joined unless the hyphen is a real one ("AI-powered").
/// 7. OCR confusions repaired inside numbers only: O→0 and l/I→1 between digits, S→$ before an
///    amount, and thousands/decimal separators in amounts such as "157.040.00".
///
/// The result has one block per line — a paragraph, a heading, a list item — with a blank line
/// between blocks except between consecutive list items.
public struct TextNormalizer: Sendable {
    /// Creates a normaliser.
    public init() {}

    /// Normalises a document given page by page.
    public func normalize(pages: [String]) -> String {
        normalizeWithPages(pages).text
    }

    /// Normalises a document given page by page, and says where each page's text begins in the
    /// result: `pageOffsets[i]` is the offset, in Unicode scalars, of the first character from
    /// page i + 1 (a page with no text gets the next page's offset, or the text's end). A
    /// paragraph that runs on across a page break is joined, and its page begins inside it.
    public func normalizeWithPages(_ pages: [String]) -> (text: String, pageOffsets: [Int]) {
        var pageLines = pages.enumerated().map { index, page in
            let visible = Self.removeInvisibles(Self.nfkc(page))
            let unescaped = Self.unescapeMarkdown(index == 0 ? Self.flattenFrontMatter(visible) : visible)
            return Self.cleanLines(Self.removeMarkup(unescaped))
        }
        if pageLines.count >= 2 {
            pageLines = Self.removeRunningLines(pageLines)
        }
        var lines: [String] = []
        var linePages: [Int] = []
        for (page, pageText) in pageLines.enumerated() {
            for line in pageText.flatMap(Self.splitGluedHeading) {
                lines.append(line)
                linePages.append(page)
            }
        }
        let blocks = Self.joinLines(lines, pages: linePages)
        let rendered = Self.render(blocks)
        let text = Self.repairOCRDigits(rendered.text)
        return (text, Self.pageOffsets(rendered.marks, in: text, pages: pages.count))
    }

    /// Turns page marks (output line, scalar column, page) into offsets in `text` (the repairs
    /// after rendering keep the lines, so a mark's line is the same there).
    static func pageOffsets(_ marks: [PageMark], in text: String, pages: Int) -> [Int] {
        var lineStarts = [0]
        var lineLengths: [Int] = []
        var length = 0
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                lineLengths.append(length)
                lineStarts.append(lineStarts.last! + length + 1)
                length = 0
            } else {
                length += 1
            }
        }
        lineLengths.append(length)
        let end = lineStarts.last! + length
        var offsets = Array(repeating: -1, count: pages)
        for mark in marks where mark.line < lineStarts.count && offsets[mark.page] < 0 {
            offsets[mark.page] = lineStarts[mark.line] + min(mark.column, lineLengths[mark.line])
        }
        var next = end
        for page in offsets.indices.reversed() {
            if offsets[page] < 0 { offsets[page] = next } else { next = offsets[page] }
        }
        return offsets
    }

    /// Where a page's text begins in the rendered output.
    struct PageMark {
        var line: Int
        var column: Int
        var page: Int
    }

    /// Normalises one text; form feeds (U+000C) separate pages.
    public func normalize(_ text: String) -> String {
        normalize(pages: text.components(separatedBy: "\u{0C}"))
    }

    // MARK: - Step 1: Unicode

    /// Unicode compatibility normalisation (NFKC): ligatures, full-width forms, non-breaking spaces.
    ///
    /// Line by line, and only the lines with a non-ASCII character (ASCII text is its own NFKC
    /// form; most lines are): a line feed is unchanged by NFKC and composes with neither
    /// neighbour, so each line normalises alone as it does in the page, and Foundation copies
    /// what it normalises to UTF-16 and back.
    static func nfkc(_ text: String) -> String {
        guard !ByteScan.isASCII(text) else { return text }
        return eachLine(of: text) { ByteScan.isASCII($0) ? $0 : $0.precomposedStringWithCompatibilityMapping }
    }

    /// `text` with each line (between line feeds) replaced by `transform`'s result for it.
    private static func eachLine(of text: String, _ transform: (String) -> String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for (index, line) in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .enumerated()
        {
            if index > 0 { out += "\n" }
            out += transform(String(Substring(line)))
        }
        return out
    }

    /// Removes soft hyphens, zero-width characters, byte-order marks and control characters;
    /// `\r\n` and `\r` become `\n`. Tabs become spaces.
    static func removeInvisibles(_ text: String) -> String {
        guard ByteScan.mayHaveInvisibles(text.utf8) else { return text }
        var out = String.UnicodeScalarView()
        var previousCR = false
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0D:
                out.append("\n")
                previousCR = true
                continue
            case 0x0A:
                if !previousCR { out.append(scalar) }
            case 0x09:
                out.append(" ")
            case 0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00...0x1F, 0x7F...0x9F:
                break
            case 0x2028, 0x2029:
                out.append("\n")
            default:
                out.append(scalar)
            }
            previousCR = false
        }
        return String(out)
    }

    // MARK: - Step 2: Markdown

    /// Backslash escapes before ASCII punctuation: each run of backslashes in front of a
    /// punctuation character goes (so `\\-` and `\-` both become `-`, and a second pass finds none).
    private static let escapeRun = regex(#"\\+(?=[!-/:-@\[\]-`{-~])"#, [])
    /// A whole line in emphasis: `*text*`, `**text**` (and `*text*.` as the seeds write it).
    private static let emphasisLine = regex(#"(?m)^\*+(?=\S)(.*?\S)\*+(\.?)$"#, [])
    /// Emphasis markers between words: `**` anywhere, `*` glued to a word on one side only.
    private static let emphasisMarks = regex(
        #"\*{2,}|(?<=\S)\*(?=[\s.,;:]|$)|(?<=^|\s)\*(?=[^\s*])"#,
        [.anchorsMatchLines]
    )

    /// The alternative text of an invisible spacer image, as a text browser prints it: `[clear]`
    /// after a heading of an old table-laid page, on a line of its own or at a line's end.
    private static let spacerImage = regex(
        #"[ \t]*\[(?:clear|spacer|blank|transparent|pixel|shim|(?:clear|spacer|blank|trans|pixel|dot|shim)\.gif)\]"#,
        [.caseInsensitive]
    )

    static func unescapeMarkdown(_ text: String) -> String {
        // Each expression is run only on text holding its character (a search bridges the text to UTF-16).
        var text = text
        if text.utf8.contains(UInt8(ascii: "\\")) { text = text.replacing(escapeRun, with: "") }
        if text.utf8.contains(UInt8(ascii: "*")) {
            text = text.replacing(emphasisLine, with: "$1$2").replacing(emphasisMarks, with: "")
        }
        if text.utf8.contains(UInt8(ascii: "[")) { text = text.replacing(spacerImage, with: "") }
        return text
    }

    // MARK: - Step 3: lines and bullets

    private static let spaces = regex(#"[ \u00A0\u2000-\u200A\u202F\u205F\u3000]+"#, [])
    private static let separatorLine = regex(#"^[-=_*~.·•+\s]{3,}$|^[-–—•*+]$"#, [])
    /// Bullet glyphs followed by a space, and the unambiguous ones even without.
    // "¢" is how Tesseract often reads a "•" at the start of a line.
    private static let bullet = regex(#"^(?:[-+*–—•·∙◦‣▪▫■□●○►▶➤➢✓✔❖¢](?:\s+)|[•▪‣◦●■►➤✓✔❖](?=\S))"#, [])

    /// Splits into trimmed lines with collapsed spaces; bullets become "- "; separators go.
    static func cleanLines(_ text: String) -> [String] {
        var lines: [String] = []
        // Split on the byte: a line feed is always a grapheme of its own, so this is the same
        // split as by Character, without the grapheme breaking.
        for raw in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            var line = String(Substring(raw))
            if ByteScan.mayHaveSpaceRuns(line.utf8) { line = line.replacing(spaces, with: " ") }
            line = line.trimmed
            // A separator has no letters or digits; a bullet starts with something other than one.
            if !ByteScan.hasASCIIAlphanumeric(line.utf8) && separatorLine.matches(line) {
                line = ""
            }
            // Markdown ATX headings ("## Responsibilities") keep only their text; an empty one goes.
            if !line.isEmpty && line.count <= 6 && line.allSatisfy({ $0 == "#" }) { line = "" }
            while line.hasPrefix("#") {
                let rest = line.drop { $0 == "#" }
                guard line.count - rest.count <= 6, rest.first == " " else { break }
                line = String(rest).trimmed
            }
            if let first = line.utf8.first, !ByteScan.isASCIIAlphanumeric(first), bullet.matches(line) {
                let content = line.replacing(bullet, with: "").trimmed
                // A bullet with nothing but dashes or bullets after it is a separator too.
                line = content.allSatisfy({ "-=_*~.·•–—+ ".contains($0) }) ? "" : "- " + content
            }
            lines.append(line)
        }
        return lines
    }

    static func isBullet(_ line: String) -> Bool { line.hasPrefix("- ") }

    // MARK: - Step 4: running headers and footers

    private static let pageNumber = regex(#"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/|de|von)\s*\d{1,4})?$|^-\s*\d{1,4}\s*-$"#)

    /// Removes, from the first and last two lines of each page, page numbers and lines that
    /// recur (digits aside) on at least half of the pages (and at least two).
    static func removeRunningLines(_ pages: [[String]]) -> [[String]] {
        func key(_ line: String) -> String {
            String(line.lowercasedFast().map { $0.isNumber ? "#" : $0 })
        }
        func edgeIndices(_ lines: [String]) -> [Int] {
            let nonEmpty = lines.indices.filter { !lines[$0].isEmpty }
            return Array(Set(nonEmpty.prefix(2) + nonEmpty.suffix(2))).sorted()
        }
        var counts: [String: Int] = [:]
        for page in pages {
            for k in Set(edgeIndices(page).map { key(page[$0]) }) { counts[k, default: 0] += 1 }
        }
        let threshold = max(2, (pages.count + 1) / 2)
        return pages.map { page in
            var page = page
            for index in edgeIndices(page) {
                let line = page[index]
                if pageNumber.matches(line) || counts[key(line), default: 0] >= threshold {
                    page[index] = ""
                }
            }
            return page
        }
    }

    // MARK: - Step 5: glued headings

    /// Splits "Lead AI Engineer (…)Overview" into the line and the heading glued to its end.
    static func splitGluedHeading(_ line: String) -> [String] {
        for heading in SectionVocabulary.gluedCandidates
        where line.hasSuffix(heading) && line.characterCount > heading.count {
            let head = line.dropLast(heading.count)
            guard let last = head.last, !last.isWhitespace, last.isLowercase || ")]→:.".contains(last) else { continue }
            return [String(head).trimmed, heading]
        }
        return [line]
    }

    // MARK: - Step 6: paragraphs

    /// A block of the output: its lines joined, and whether it is a list item.
    struct Block {
        var text: String
        var isListItem: Bool
        var isHeading: Bool
        /// Where in `text` (scalar offsets) a page's lines begin, with the page.
        var pageMarks: [(offset: Int, page: Int)] = []
    }

    private static let terminalPunctuation: Set<Character> = [".", "!", "?", ":", ";"]

    /// Whether a line reads as a heading: short, no sentence punctuation at the end, and either a
    /// known heading, a label ending in ":", or mostly capitalised words.
    static func looksLikeHeading(_ line: String) -> Bool {
        heading(line).looksLikeHeading
    }

    /// ``looksLikeHeading(_:)``, and the line's section kind when it is a known heading (the kind
    /// is only looked up for a line short enough and without sentence punctuation at its end).
    static func heading(_ line: String) -> (looksLikeHeading: Bool, kind: String?) {
        let length = line.characterCount
        guard length > 0, length <= 70, !isBullet(line), let last = line.last else { return (false, nil) }
        if ".,;!?".contains(last) { return (false, nil) }
        if let kind = SectionVocabulary.kind(of: line) { return (true, kind) }
        if last == ":" { return (length <= 50, nil) }
        let words = line.split(separator: " ")
        guard words.count <= 8, let first = line.first, first.isUppercase || first.isNumber else { return (false, nil) }
        let small: Set<String> = [
            "a", "an", "and", "the", "of", "for", "to", "in", "on", "at", "&", "with", "or", "de", "y",
        ]
        let capitalised = words.filter { word in
            small.contains(word.lowercasedFast())
                || word.first.map { $0.isUppercase || $0.isNumber || !$0.isLetter } ?? false
        }
        return (Double(capitalised.count) >= Double(words.count) * 0.8, nil)
    }

    /// Joins hard-wrapped lines into blocks.
    static func joinLines(_ lines: [String], pages: [Int]? = nil) -> [Block] {
        let lengths = lines.map(\.characterCount).filter { $0 >= 30 }.sorted()
        let reference: Int? = lengths.count >= 3 ? lengths[lengths.count * 9 / 10] : nil
        // Lower-cased once, when the first hyphenated line end needs to look words up in it.
        var lowerDocument: String?
        var blocks: [Block] = []
        var current: Block?
        var currentLast = ""

        func flush() {
            if let block = current { blocks.append(block) }
            current = nil
        }

        var lastPage = -1
        for (index, line) in lines.enumerated() {
            guard !line.isEmpty else {
                flush()
                continue
            }
            let page = pages?[index] ?? 0
            // Every line that reaches here needs it, joined or not: looked up once.
            let lineLooksLikeHeading = looksLikeHeading(line)
            if var block = current,
                shouldJoin(
                    block: block,
                    previous: currentLast,
                    next: line,
                    nextLooksLikeHeading: lineLooksLikeHeading,
                    reference: reference
                )
            {
                block.text = join(block.text, line) {
                    if lowerDocument == nil { lowerDocument = lines.joined(separator: "\n").lowercasedFast() }
                    return lowerDocument!
                }
                block.isHeading = false
                if page != lastPage {
                    // The joined line is appended as it is: its page begins that far from the end.
                    block.pageMarks.append(
                        (block.text.unicodeScalars.count - line.unicodeScalars.count, page)
                    )
                }
                current = block
            } else {
                flush()
                current = Block(text: line, isListItem: isBullet(line), isHeading: lineLooksLikeHeading)
                if page != lastPage { current?.pageMarks.append((0, page)) }
            }
            lastPage = page
            currentLast = line
        }
        flush()
        return blocks
    }

    private static func shouldJoin(
        block: Block,
        previous: String,
        next: String,
        nextLooksLikeHeading: Bool,
        reference: Int?
    ) -> Bool {
        if isBullet(next) || block.isHeading { return false }
        // "… EDT to" / "8:00pm on Friday …": a line ending in a word no sentence or heading ends
        // with goes on in the next line, whatever that line looks like.
        if FieldLine.split(next) == nil, let word = previous.split(separator: " ").last,
            danglingWords.contains(word.lowercased()) || word.hasSuffix(",") && word.count > 1
        {
            return true
        }
        if nextLooksLikeHeading && !startsLowercase(next) { return false }
        // "company: Acme" under "Backend Engineer": a header or front-matter field keeps its line.
        if FieldLine.split(next) != nil { return false }
        guard let last = previous.last else { return false }
        if last == "-", previous.dropLast().last?.isLetter == true, next.first?.isLetter == true { return true }
        let terminal = terminalPunctuation.contains(last)
        if startsLowercase(next) && !(terminal && last != ";") { return true }
        if let reference, !terminal, previous.characterCount * 4 >= reference * 3 { return true }
        return false
    }

    /// Words a wrapped line can end with but a sentence, a heading or a list item cannot.
    private static let danglingWords: Set<String> = [
        "to", "and", "or", "of", "the", "a", "an", "for", "with", "on", "at", "by", "from", "into", "than", "und",
        "oder", "der", "die", "das", "dem", "den", "des", "von", "mit", "für", "zum", "zur", "et", "ou", "de", "du",
        "le", "la", "les", "au", "aux", "pour", "avec", "y", "o", "el", "los", "las", "del", "con", "para", "e",
        "do", "da", "com", "il", "lo", "di", "per",
    ]

    private static func startsLowercase(_ line: String) -> Bool {
        line.first?.isLowercase == true
    }

    /// Second parts after which a line-end hyphen is a real one (a compound).
    private static let compoundSecond: Set<String> = [
        "based", "driven", "powered", "functional", "time", "level", "term", "scale", "party", "facing", "oriented",
        "related", "specific", "edge", "world", "end", "friendly", "ready", "making", "solving", "quality", "class",
        "grade", "wide", "house", "free", "aware", "first", "native", "centric", "managed", "hoc", "service", "site",
        "depth", "known", "date", "hand", "profile", "step", "year", "month", "week", "day", "hour", "risk", "like",
    ]
    /// First parts before which a line-end hyphen is a real one.
    private static let compoundFirst: Set<String> = [
        "self", "non", "co", "cross", "multi", "well", "high", "low", "full", "part", "long", "short", "real", "state",
        "end", "first", "second", "third", "fast", "hands", "on", "off", "mid", "semi", "post", "pre", "ex", "anti",
        "fine", "open", "closed", "up", "top", "world", "data", "client", "customer", "user", "cloud", "cutting",
    ]

    /// Joins two lines of one block: with a space, or — when the first ends in a hyphenated word
    /// part — into one word, keeping the hyphen only where it is a real one.
    static func join(_ first: String, _ second: String, lowerDocument: () -> String) -> String {
        guard first.hasSuffix("-"), first.dropLast().last?.isLetter == true, second.first?.isLetter == true else {
            return first + " " + second
        }
        let lowerDocument = lowerDocument()
        let before = String(first.dropLast().reversed().prefix { $0.isLetter }.reversed())
        let after = String(second.prefix { $0.isLetter })
        let joined = (before + after).lowercasedFast()
        let hyphenated = (before + "-" + after).lowercasedFast()
        let keepHyphen: Bool
        if lowerDocument.contains(hyphenated) && !lowerDocument.contains(joined) {
            keepHyphen = true
        } else if lowerDocument.contains(joined) {
            keepHyphen = false
        } else {
            let upper = before.count >= 2 && before == before.uppercased()
            keepHyphen =
                upper || after.first?.isUppercase == true
                || compoundSecond.contains(after.lowercasedFast()) || compoundFirst.contains(before.lowercasedFast())
        }
        return keepHyphen ? first + second : String(first.dropLast()) + second
    }

    /// Blocks, one per line, with a blank line between them except between list items.
    static func render(_ blocks: [Block]) -> (text: String, marks: [PageMark]) {
        var out = ""
        var marks: [PageMark] = []
        var line = 0
        for (index, block) in blocks.enumerated() {
            if index > 0 {
                let separator = blocks[index - 1].isListItem && block.isListItem ? "\n" : "\n\n"
                out += separator
                line += separator.count
            }
            for mark in block.pageMarks { marks.append(PageMark(line: line, column: mark.offset, page: mark.page)) }
            out += block.text
        }
        return (out, marks)
    }

    // MARK: - Step 7: OCR confusions in numbers

    private static let oBetweenDigits = regex(
        #"(?<=\d)[Oo](?=\d)|(?<=\d[,.])[Oo](?=\d)|(?<=\d)[Oo](?=[,.]\d)|(?<=\d)[Oo](?![\p{L}\d])"#,
        []
    )
    private static let oneBetweenDigits = regex(
        #"(?<=\d)[lI|](?=\d)|(?<=\d[,.])[lI|](?=\d)|(?<=\d)[lI|](?=[,.]\d)"#,
        []
    )
    private static let afterCurrency = regex(#"(?<=[$€£])[lI|](?=[\d,.])"#, [])
    private static let zeroAfterCurrency = regex(#"(?<=[$€£])[Oo](?=[\d,.])"#, [])
    private static let dollarAsS = regex(
        #"(?<![\p{L}\d$])S(?=\d{1,3}(?:,\d{3})+(?:\.\d{2})?(?!\d)|\d+\.\d{2}(?!\d)|\d+[kK]\b)"#,
        []
    )
    /// "Al" for "AI" next to the words it qualifies in postings ("Lead Al Platform Engineer", "GenAl").
    private static let aiAsAl = regex(
        #"(?<=\bGen)Al\b|\bAl(?=/ML\b)|\bAl(?=[ -](?:ML|Engineer|Engineering|Platform|Foundations|Solutions|Research|Scientist|Systems|Models|Hiring|Architect|Product|Software|Safety|Ethics|Agents?|Infrastructure|Strategy|roles|models|systems|tools|technologies|capabilities|applications|solutions|services|components|frameworks)\b)|(?<=\b(?:Document|Generative|Agentic|Applied|Responsible|in|of|and|with|for|the|to) )Al\b(?![a-z])"#,
        []
    )
    private static let dotThousands = regex(#"(?<![\d.,])(\d{1,3})\.(\d{3})\.(\d{2})(?![\d.,])"#, [])
    private static let commaDecimal = regex(#"(?<![\d.,])(\d{1,3}),(\d{3}),(\d{2})(?![\d.,])"#, [])

    /// Repairs OCR confusions where digits make the reading unambiguous.
    ///
    /// Line by line, and only on lines where a byte scan finds something to repair: no
    /// expression's match or look-around can take in a line feed (they look at digits, letters,
    /// separators, currency signs and spaces), so each line repairs the same alone as in the
    /// whole text, and a search of the whole text costs a UTF-16 copy of it.
    static func repairOCRDigits(_ text: String) -> String {
        guard !ByteScan.ocrDigitCandidates(text.utf8).isEmpty else { return text }
        return eachLine(of: text, repairLine)
    }

    private static func repairLine(_ line: String) -> String {
        var current = line
        // A repair can expose another: repeat until nothing changes (bounded).
        // Each expression runs only where a byte scan finds what it needs (most lines need none).
        for _ in 0..<1000 {
            let candidates = ByteScan.ocrDigitCandidates(current.utf8)
            guard !candidates.isEmpty else { break }
            var next = current
            if candidates.contains(.letterByDigit) {
                next = next.replacing(oBetweenDigits, with: "0").replacing(oneBetweenDigits, with: "1")
            }
            if candidates.contains(.letterAfterCurrency) {
                next = next.replacing(afterCurrency, with: "1").replacing(zeroAfterCurrency, with: "0")
            }
            if candidates.contains(.sBeforeDigit) { next = next.replacing(dollarAsS, with: "\\$") }
            if candidates.contains(.standaloneAl) { next = next.replacing(aiAsAl, with: "AI") }
            if candidates.contains(.oddSeparators) {
                next = next.replacing(dotThousands, with: "$1,$2.$3").replacing(commaDecimal, with: "$1,$2.$3")
            }
            if next == current { break }
            current = next
        }
        return current
    }
}
