import Foundation
import IntakeCore
import IntakePipeline
import IntakeTestSupport
import IntakeText
import Logging
import Testing

/// Chunks of the samples, read by the real libraries: the text at each chunk's span, its pages
/// and its section checked against the record's text and pages.
@Suite(.enabled(if: TestEnvironment.hasTessdata))
struct ChunkTests {
    static let samples = ["posting-text.pdf", "posting-mixed.pdf", "posting-multipage.tiff", "posting-scanned.pdf"]

    static func record(_ sample: String) async throws -> DocumentRecord {
        let worker = ExtractionWorker(index: 0, options: ExtractionOptions(), logger: Logger(label: "test"))
        let processed = await worker.process(path: Fixtures.packageRoot + "/samples/" + sample)
        guard case .document(let record) = processed.line else {
            Issue.record("\(sample) gave no document record")
            throw CancellationError()
        }
        return record
    }

    /// Words of `text`, lower-cased, without punctuation at their ends.
    static func words(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { $0.isWhitespace }).map {
            String($0.trimmingCharacters(in: .punctuationCharacters))
        }.filter { !$0.isEmpty }
    }

    @Test(arguments: samples) func chunksAreTheTextWithTheirPagesAndSections(sample: String) async throws {
        let record = try await Self.record(sample)
        let chunks = ChunkBuilder().chunks(of: record)
        let scalars = Array(record.text.unicodeScalars)
        #expect(chunks.count >= 3)
        let offsets = try #require(record.pageOffsets)
        #expect(offsets.count == record.pages.count)
        for (index, chunk) in chunks.enumerated() {
            #expect(chunk.id == "\(record.id.hex):" + String(format: "%04d", index))
            #expect(chunk.metadata["chunk_index"] == .int(index))
            #expect(chunk.metadata["chunk_count"] == .int(chunks.count))
            let span = chunk.provenance.span[0]..<chunk.provenance.span[1]
            #expect(String(String.UnicodeScalarView(scalars[span])) == chunk.text)
            #expect(chunk.text.unicodeScalars.count <= 1000)
            // Never inside a word: the chunk begins and ends at white space or the text's ends.
            #expect(span.lowerBound == 0 || scalars[span.lowerBound - 1].properties.isWhitespace)
            #expect(span.upperBound == scalars.count || scalars[span.upperBound].properties.isWhitespace)

            // Pages: each page part's first and last words are on that page's raw text, and the
            // parts tile the chunk.
            let parts = chunk.provenance.pages
            #expect(parts.first?.span[0] == span.lowerBound && parts.last?.span[1] == span.upperBound)
            #expect(chunk.metadata["page_start"] == .int(parts.first!.page))
            #expect(chunk.metadata["page_end"] == .int(parts.last!.page))
            for part in parts {
                let partWords = Self.words(String(String.UnicodeScalarView(scalars[part.span[0]..<part.span[1]])))
                guard let first = partWords.first, let last = partWords.last else { continue }
                let pageWords = Set(Self.words(record.pages[part.page - 1].text))
                #expect(pageWords.contains(first), "\(sample) chunk \(index): '\(first)' not on page \(part.page)")
                #expect(pageWords.contains(last), "\(sample) chunk \(index): '\(last)' not on page \(part.page)")
            }

            // Section: the heading of the section the chunk begins in, or a heading line
            // between that heading and the chunk.
            let section = try #require(record.posting.sections.last { $0.span[0] <= span.lowerBound })
            guard case .string(let heading) = chunk.metadata["section"] else {
                Issue.record("no section")
                continue
            }
            if heading != section.heading {
                let before = String(String.UnicodeScalarView(scalars[section.span[0]..<span.lowerBound]))
                let startsWithHeading = chunk.text.hasPrefix(heading + "\n")
                #expect(
                    before.contains("\n" + heading + "\n") || startsWithHeading,
                    "\(sample) chunk \(index): section '\(heading)', in '\(section.heading)'"
                )
            }
            #expect(chunk.metadata["section_kind"] == .string(section.kind))
            #expect(!section.boilerplate)
        }
        // Every non-boilerplate section's words are in the chunks.
        let chunked = Set(chunks.flatMap { Self.words($0.text) })
        for section in record.posting.sections where !section.boilerplate {
            let text = String(String.UnicodeScalarView(scalars[section.span[0]..<section.span[1]]))
            let body = section.heading.isEmpty ? text : String(text.dropFirst(section.heading.count))
            #expect(Set(Self.words(body)).isSubset(of: chunked), "\(sample): '\(section.heading)' left out")
        }
    }

    /// The posting's fields on every chunk; metadata values only scalars or string lists; the
    /// embedding text names the posting and the section.
    @Test func metadataIsFlatAndCarriesThePosting() async throws {
        let record = try await Self.record("posting-text.pdf")
        let chunks = ChunkBuilder().chunks(of: record)
        let data = RecordEncoder.encode(chunks: chunks)
        for (chunk, line) in zip(chunks, data) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            let metadata = try #require(object["metadata"] as? [String: Any])
            for (key, value) in metadata {
                let scalar = value is String || value is NSNumber
                let list = (value as? [Any])?.allSatisfy { $0 is String || $0 is NSNumber } ?? false
                #expect(scalar || list, "metadata \(key) is \(type(of: value))")
            }
            #expect(metadata["job_title"] as? String == "Senior Data Engineer, Document Intelligence")
            #expect(metadata["company"] as? String == "Northbridge Financial Group")
            #expect(metadata["work_arrangement"] as? String == "hybrid")
            #expect(metadata["salary_min"] as? Double == 142_500)
            #expect(metadata["salary_currency"] as? String == "USD")
            #expect(metadata["text_source"] as? String == "native")
            #expect(metadata["file_name"] as? String == "posting-text.pdf")
            #expect(metadata["schema_version"] as? Int == chunkSchemaVersion)
            for key in chunk.excludedEmbedMetadataKeys + chunk.excludedLLMMetadataKeys {
                #expect(ChunkBuilder.excludedEmbedKeys.contains(key) || ChunkBuilder.excludedLLMKeys.contains(key))
            }
            if case .string(let section) = chunk.metadata["section"], !section.isEmpty {
                #expect(chunk.textForEmbedding.contains(section + "\n"))
            }
            #expect(chunk.textForEmbedding.hasSuffix(chunk.text))
            #expect(chunk.textForEmbedding.hasPrefix("Senior Data Engineer, Document Intelligence"))
        }
    }

    /// Boilerplate is left out unless asked for; the same document always gives the same chunks.
    @Test func boilerplateIsLeftOutByDefault() async throws {
        let record = try await Self.record("posting-text.pdf")
        let legal = try #require(record.posting.sections.first { $0.boilerplate })
        let legalText = String(
            String.UnicodeScalarView(Array(record.text.unicodeScalars)[legal.span[0]..<legal.span[1]])
        )
        let plain = ChunkBuilder().chunks(of: record)
        #expect(!plain.contains { $0.text.contains(legalText.prefix(60)) })
        let kept = ChunkBuilder(options: ChunkOptions(keepBoilerplate: true)).chunks(of: record)
        #expect(kept.contains { $0.text.contains(legalText.prefix(60)) })
        #expect(ChunkBuilder().chunks(of: try await Self.record("posting-text.pdf")) == plain)
    }

    /// Sizes in approximate tokens; overlap repeats the end of the chunk before.
    @Test func tokenSizesAndOverlap() async throws {
        let record = try await Self.record("posting-text.pdf")
        let small = ChunkBuilder(options: ChunkOptions(size: 60, overlap: 15, unit: .tokens)).chunks(of: record)
        #expect(small.allSatisfy { $0.text.unicodeScalars.count <= 240 })
        var overlapping = 0
        for (previous, next) in zip(small, small.dropFirst())
        where previous.metadata["section"] == next.metadata["section"] {
            #expect(next.provenance.span[0] < previous.provenance.span[1])
            overlapping += 1
        }
        #expect(overlapping >= 2)
    }

    /// The direct chunk writer gives `JSONEncoder`'s bytes: on the samples' chunks, and on a
    /// chunk of every kind of character and number.
    @Test func directJSONIsJSONEncoderOutput() async throws {
        var chunks: [Chunk] = []
        for sample in Self.samples { chunks += ChunkBuilder().chunks(of: try await Self.record(sample)) }
        var metadata = FlatMetadata()
        let numbers: [Double] = [
            0, -0.0, 0.1, 94.25, 186_000, -3.5, 1e15, 1e16, 1.5e300, 1e-7, Double.leastNonzeroMagnitude, 123_456.789,
        ]
        for (index, number) in numbers.enumerated() { metadata["n\(index)"] = .double(number) }
        metadata["int"] = .int(-42)
        metadata["yes"] = .bool(true)
        metadata["no"] = .bool(false)
        metadata["list"] = .strings(["a", "", "/slash/", "é"])
        metadata["empty"] = .strings([])
        metadata["Zed"] = .string("upper case sorts first")
        metadata["é-key"] = .string("non-ASCII key")
        let every = String(String.UnicodeScalarView((0..<128).compactMap(Unicode.Scalar.init))) + "é€😀\u{2028}\u{7F}"
        chunks.append(
            Chunk(
                id: "x:0000",
                docID: "x",
                revision: 3,
                text: every,
                textForEmbedding: "\"quoted\" \\ back",
                metadata: metadata,
                provenance: ChunkProvenance(span: 0..<5, pages: []),
                excludedEmbedMetadataKeys: [],
                excludedLLMMetadataKeys: ["a/b"]
            )
        )
        let deleted = [DeletedChunk(docID: "x", index: 12, revision: 4)]
        let direct = deleted.map(ChunkJSON.encode) + chunks.map(ChunkJSON.encode)
        #expect(direct == RecordEncoder.foundationEncode(chunks: chunks, deleted: deleted))
    }

    @Test func invalidOptionsAreRefused() {
        #expect(throws: IntakeError.self) { try ChunkOptions(size: 50).validate() }
        #expect(throws: IntakeError.self) { try ChunkOptions(size: 1000, overlap: 600).validate() }
        #expect(throws: Never.self) { try ChunkOptions(size: 300, overlap: 150, unit: .tokens).validate() }
    }
}
