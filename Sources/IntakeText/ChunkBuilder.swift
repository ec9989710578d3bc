public import IntakeCore

/// Cuts a document record into chunks for retrieval: along the posting's sections (boilerplate
/// left out unless asked for), then along paragraphs and headings inside them, at most
/// ``ChunkOptions/maxCharacters`` each (``ChunkSplitter``). A section shorter than a quarter of
/// the size shares its chunk with the sections after it, as far as they fit.
///
/// Every chunk carries the posting's fields as flat metadata, its pages and section, and its
/// span in the record's text.
public struct ChunkBuilder: Sendable {
    public var options: ChunkOptions

    public init(options: ChunkOptions = ChunkOptions()) {
        self.options = options
    }

    /// Metadata keys an embedding should not see: ids, counters, paths and numbers that say
    /// nothing about the text (title, company and section stay, as in ``Chunk/textForEmbedding``).
    public static let excludedEmbedKeys = [
        "chunk_count", "chunk_index", "date_posted", "doc_id", "file_name", "language", "location",
        "ocr_confidence", "page_end", "page_start", "requisition_id", "revision", "salary_currency",
        "salary_max", "salary_min", "salary_unit", "schema_version", "section_kind", "source", "text_source",
        "valid_through", "work_arrangement",
    ]
    /// Metadata keys an LLM prompt should not see: ids, counters and provenance details (the
    /// file name, pages and section stay, for citations).
    public static let excludedLLMKeys = [
        "chunk_count", "chunk_index", "doc_id", "ocr_confidence", "revision", "schema_version", "section_kind",
        "source", "text_source",
    ]

    /// The chunks of `record`, in text order, indexed from 0.
    public func chunks(of record: DocumentRecord) -> [Chunk] {
        let document = ScalarBytes(record.text)
        let scalars = document.scalars
        let splitter = ChunkSplitter(
            maxCharacters: options.maxCharacters,
            overlapCharacters: options.overlapCharacters
        )
        var pieces: [(range: Range<Int>, headings: [Range<Int>], parts: [Part])] = []
        for group in groups(parts(record, document)) {
            let range = group[0].body.lowerBound..<group[group.count - 1].body.upperBound
            // Inside a group, the later sections' heading lines are headings to cut before.
            let headings = group.flatMap { part in (part.headingLine.map { [$0] } ?? []) + part.subheadings }
            for span in splitter.split(scalars, range, headings: headings) {
                pieces.append((span, headings, group))
            }
        }
        let common = commonMetadata(record)
        let pages = PageMap(record)
        var chunks: [Chunk] = []
        chunks.reserveCapacity(pieces.count)
        for (index, piece) in pieces.enumerated() {
            let span = piece.range
            // The section the chunk begins in; its heading, or the last heading line above the
            // chunk inside that section.
            let part = piece.parts.last { $0.start <= span.lowerBound } ?? piece.parts[0]
            var heading = part.heading
            if let label = part.labels.last(where: { $0.lowerBound <= span.lowerBound }) {
                heading = document.text(label)
            }
            let text = document.text(span)
            var metadata = common
            metadata["doc_id"] = .string(record.id.hex)
            metadata["revision"] = .int(record.revision)
            metadata["section"] = .string(heading)
            metadata["section_kind"] = .string(part.kind)
            metadata["chunk_index"] = .int(index)
            metadata["chunk_count"] = .int(pieces.count)
            let pageSpans = pages.spans(span)
            if let first = pageSpans.first, let last = pageSpans.last {
                metadata["page_start"] = .int(first.page)
                metadata["page_end"] = .int(last.page)
                let covered = record.pages[(first.page - 1)...(last.page - 1)]
                let sources = Set(covered.map(\.textSource))
                metadata["text_source"] = .string(sources.count > 1 ? "mixed" : sources.first!.rawValue)
                let confidences = covered.compactMap(\.ocrConfidence)
                if !confidences.isEmpty {
                    let mean = confidences.reduce(0, +) / Double(confidences.count)
                    metadata["ocr_confidence"] = .double((mean * 1000).rounded() / 1000)
                }
            }
            chunks.append(
                Chunk(
                    id: Chunk.id(docID: record.id.hex, index: index),
                    docID: record.id.hex,
                    revision: record.revision,
                    text: text,
                    textForEmbedding: Self.embeddingText(text, record: record, heading: heading),
                    metadata: metadata,
                    provenance: ChunkProvenance(span: span, pages: pageSpans),
                    excludedEmbedMetadataKeys: Self.excludedEmbedKeys,
                    excludedLLMMetadataKeys: Self.excludedLLMKeys
                )
            )
        }
        return chunks
    }

    /// The text an embedding model should see: "Title — Company", the section heading, a blank
    /// line, the text (each part only when there is one).
    static func embeddingText(_ text: String, record: DocumentRecord, heading: String) -> String {
        var lines: [String] = []
        let about = [record.posting.title?.value, record.posting.hiringOrganization?.value].compactMap { $0 }
        // Not again for the chunk that begins with the title.
        if !about.isEmpty && !text.hasPrefix(about[0]) { lines.append(about.joined(separator: " — ")) }
        if !heading.isEmpty && !text.hasPrefix(heading) { lines.append(heading) }
        return lines.isEmpty ? text : lines.joined(separator: "\n") + "\n\n" + text
    }

    /// The record's fields every chunk of it carries.
    private func commonMetadata(_ record: DocumentRecord) -> FlatMetadata {
        var metadata = FlatMetadata()
        let renamed = ["title": "job_title"]
        for key in [
            "file_name", "source", "language", "title", "company", "location", "work_arrangement", "salary_min",
            "salary_max", "salary_currency", "salary_unit", "date_posted", "valid_through", "requisition_id",
        ] {
            metadata[renamed[key] ?? key] = record.metadata[key]
        }
        metadata["schema_version"] = .int(chunkSchemaVersion)
        return metadata
    }

    // MARK: - Sections

    /// A section to chunk: its body (the text after its heading line), the heading, and the
    /// heading-looking lines inside it.
    struct Part {
        var kind: String
        var heading: String
        /// The heading line's span (nil for a section without one).
        var headingLine: Range<Int>?
        var body: Range<Int>
        var subheadings: [Range<Int>]
        /// The subheadings that name the text after them in chunk metadata: all of them, except
        /// in the untitled block a posting begins with, where short lines before the first long
        /// paragraph are the title, company and place, not headings.
        var labels: [Range<Int>]
        /// Whether a boilerplate section was left out just before this one.
        var followsGap: Bool

        /// Where the section begins: its heading line, else its body.
        var start: Int { headingLine?.lowerBound ?? body.lowerBound }
    }

    /// The sections to chunk, in order.
    func parts(_ record: DocumentRecord, _ document: ScalarBytes) -> [Part] {
        let scalars = document.scalars
        var sections = record.posting.sections
        if sections.isEmpty {
            sections = [PostingSection(kind: "other", heading: "", span: 0..<scalars.count, boilerplate: false)]
        }
        var parts: [Part] = []
        var gap = false
        for section in sections {
            if section.boilerplate && !options.keepBoilerplate {
                gap = true
                continue
            }
            let span = max(0, section.span[0])..<min(scalars.count, max(section.span[0], section.span[1]))
            var bodyStart = span.lowerBound
            var headingLine: Range<Int>?
            if !section.heading.isEmpty {
                var end = bodyStart
                while end < span.upperBound, scalars[end] != "\n" { end += 1 }
                headingLine = bodyStart..<end
                bodyStart = end
            }
            while bodyStart < span.upperBound, scalars[bodyStart].properties.isWhitespace { bodyStart += 1 }
            let body = bodyStart..<span.upperBound
            guard !body.isEmpty else { continue }
            let subheadings = Self.headingLines(document, body)
            // A line ending in a colon names what follows only when it reads as a title
            // ("Technical Skills:"), not as a sentence ("The salary varies by location:").
            var labels = subheadings.filter { line in
                guard scalars[line.upperBound - 1] == ":" else { return true }
                return TextNormalizer.looksLikeHeading(document.text(line.lowerBound..<(line.upperBound - 1)))
            }
            if section.kind == "header" {
                let prose = Self.firstParagraph(scalars, body, atLeast: 200)
                labels = labels.filter { $0.lowerBound > prose }
            }
            parts.append(
                Part(
                    kind: section.kind,
                    heading: section.heading,
                    headingLine: headingLine,
                    body: body,
                    subheadings: subheadings,
                    labels: labels,
                    followsGap: gap
                )
            )
            gap = false
        }
        return parts
    }

    /// Sections that go into chunks together: a section shorter than a quarter of the chunk
    /// size takes the sections after it, as long as the whole fits in one chunk and no
    /// left-out section stands between them.
    func groups(_ parts: [Part]) -> [[Part]] {
        var groups: [[Part]] = []
        for part in parts {
            if let group = groups.last, !part.followsGap {
                let start = group[0].body.lowerBound
                let shortSoFar = group[group.count - 1].body.upperBound - start < options.maxCharacters / 4
                if shortSoFar && part.body.upperBound - start <= options.maxCharacters {
                    groups[groups.count - 1].append(part)
                    continue
                }
            }
            groups.append([part])
        }
        return groups
    }

    /// Where the first paragraph in `range` of at least `length` characters begins (the end of
    /// `range` when there is none).
    static func firstParagraph(_ scalars: [Unicode.Scalar], _ range: Range<Int>, atLeast length: Int) -> Int {
        var start = range.lowerBound
        var index = range.lowerBound
        while index < range.upperBound {
            if scalars[index] == "\n", index + 1 < range.upperBound, scalars[index + 1] == "\n" {
                if index - start >= length { return start }
                index += 2
                start = index
            } else {
                index += 1
            }
        }
        return range.upperBound - start >= length ? start : range.upperBound
    }

    /// Lines in `range` that stand as paragraphs of their own and look like headings (not the
    /// last line: a heading has text after it).
    static func headingLines(_ document: ScalarBytes, _ range: Range<Int>) -> [Range<Int>] {
        let scalars = document.scalars
        var headings: [Range<Int>] = []
        var start = range.lowerBound
        while start < range.upperBound {
            var end = start
            while end < range.upperBound, scalars[end] != "\n" { end += 1 }
            let standsAlone =
                (start == range.lowerBound || (start >= 2 && scalars[start - 2] == "\n"))
                && end + 1 < range.upperBound && scalars[end + 1] == "\n"
            if standsAlone, end - start <= 70,
                TextNormalizer.looksLikeHeading(document.text(start..<end))
            {
                headings.append(start..<end)
            }
            start = end + 1
        }
        return headings
    }
}

/// A text's Unicode scalars, and the text of a range of them, copied from its UTF-8 bytes.
struct ScalarBytes {
    let scalars: [Unicode.Scalar]
    private let bytes: [UInt8]
    /// The UTF-8 offset of each scalar, and one past the end.
    private let offsets: [Int]

    init(_ text: String) {
        bytes = Array(text.utf8)
        var scalars: [Unicode.Scalar] = []
        var offsets: [Int] = []
        scalars.reserveCapacity(bytes.count)
        offsets.reserveCapacity(bytes.count + 1)
        var offset = 0
        for scalar in text.unicodeScalars {
            scalars.append(scalar)
            offsets.append(offset)
            offset += UTF8.width(scalar)
        }
        offsets.append(offset)
        self.scalars = scalars
        self.offsets = offsets
    }

    /// The text of the scalars in `range`.
    func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[offsets[range.lowerBound]..<offsets[range.upperBound]], as: UTF8.self)
    }
}

/// Pages of a record's text: which page each offset is on.
struct PageMap {
    /// `offsets[i]`: where page i + 1 begins (``DocumentRecord/pageOffsets``).
    private let offsets: [Int]

    init(_ record: DocumentRecord) {
        offsets = record.pageOffsets ?? []
    }

    /// The page (from 1) the character at `offset` is on: the last page beginning at or before
    /// it (a page without text begins where the next does, so it is never chosen).
    func page(at offset: Int) -> Int? {
        guard !offsets.isEmpty else { return nil }
        var low = 0
        var high = offsets.count
        while low < high {
            let middle = (low + high) / 2
            if offsets[middle] <= offset { low = middle + 1 } else { high = middle }
        }
        return max(low, 1)
    }

    /// The parts of `span` on each page, in order.
    func spans(_ span: Range<Int>) -> [ChunkProvenance.PageSpan] {
        guard !span.isEmpty, let first = page(at: span.lowerBound), let last = page(at: span.upperBound - 1) else {
            return []
        }
        var spans: [ChunkProvenance.PageSpan] = []
        for page in first...last {
            let lower = max(span.lowerBound, offsets[page - 1])
            let upper = page < offsets.count ? min(span.upperBound, offsets[page]) : span.upperBound
            if lower < upper { spans.append(ChunkProvenance.PageSpan(page: page, span: lower..<upper)) }
        }
        return spans
    }
}
