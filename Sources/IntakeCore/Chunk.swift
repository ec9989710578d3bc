/// The version of the chunk schema (`metadata.schema_version` in every chunk line).
///
/// Bumped when a field changes meaning or is removed; adding a field does not bump it.
public let chunkSchemaVersion = 1

/// How chunks are cut.
public struct ChunkOptions: Sendable, Hashable {
    /// What ``size`` and ``overlap`` count.
    public enum Unit: String, Sendable, Hashable, CaseIterable {
        case characters
        /// Approximate tokens: ``ChunkOptions/charactersPerToken`` characters each (the
        /// average of English text in the tokenizers embedding models use).
        case tokens
    }

    /// Characters per approximate token.
    public static let charactersPerToken = 4

    /// The most a chunk holds, in ``unit``s.
    public var size: Int
    /// About how much a chunk repeats from the end of the one before, in ``unit``s.
    public var overlap: Int
    public var unit: Unit
    /// Whether boilerplate sections (equal-opportunity and legal notices, job-board marketing)
    /// are chunked too.
    public var keepBoilerplate: Bool

    /// Creates options: by default 1,000 characters with 100 of overlap, no boilerplate.
    public init(size: Int = 1000, overlap: Int = 100, unit: Unit = .characters, keepBoilerplate: Bool = false) {
        self.size = size
        self.overlap = overlap
        self.unit = unit
        self.keepBoilerplate = keepBoilerplate
    }

    /// ``size`` in characters.
    public var maxCharacters: Int { unit == .tokens ? size * Self.charactersPerToken : size }
    /// ``overlap`` in characters.
    public var overlapCharacters: Int { unit == .tokens ? overlap * Self.charactersPerToken : overlap }

    /// Throws when the size is too small or the overlap not under half of it.
    public func validate() throws(IntakeError) {
        guard maxCharacters >= 100 else {
            throw IntakeError(
                .invalidConfiguration,
                stage: .configure,
                "the chunk size must be at least 100 characters (25 tokens)"
            )
        }
        guard overlap >= 0, overlap * 2 <= size else {
            throw IntakeError(
                .invalidConfiguration,
                stage: .configure,
                "the chunk overlap must be from 0 to half the chunk size"
            )
        }
    }
}

/// Where a chunk's text stands in its document.
public struct ChunkProvenance: Sendable, Hashable, Codable {
    /// A chunk's part on one page.
    public struct PageSpan: Sendable, Hashable, Codable {
        /// The page number, from 1.
        public var page: Int
        /// `[start, end)` of the part in the document's normalised text, in Unicode scalars.
        public var span: [Int]

        public init(page: Int, span: Range<Int>) {
            self.page = page
            self.span = [span.lowerBound, span.upperBound]
        }
    }

    /// `[start, end)` of the chunk's text in the record's `text`, in Unicode scalars.
    public var span: [Int]
    /// The chunk's part on each page it covers, in order (empty when the record has no page offsets).
    public var pages: [PageSpan]

    public init(span: Range<Int>, pages: [PageSpan]) {
        self.span = [span.lowerBound, span.upperBound]
        self.pages = pages
    }
}

/// One JSONL line of the chunk stream (`"kind": "chunk"`): a piece of a document's text sized for
/// an embedding model, with flat metadata a vector store accepts as it is.
public struct Chunk: Sendable, Hashable, Codable {
    /// Always `"chunk"`.
    public var kind = "chunk"
    /// `DOC_ID:INDEX` (the index zero-padded to four digits): the same for the same document and
    /// index in every run and revision, so that an indexer upserts by it.
    public var id: String
    /// The document's record id (the SHA-256 of its bytes).
    public var docID: String
    /// The revision of the record this chunk comes from.
    public var revision: Int
    /// The chunk's text: exactly the record's `text` at ``provenance``'s span.
    public var text: String
    /// ``text`` with the posting's title and company and the section heading before it.
    public var textForEmbedding: String
    /// String, number, boolean or string-list values only.
    public var metadata: FlatMetadata
    /// Nested, so kept out of ``metadata``.
    public var provenance: ChunkProvenance
    /// Metadata keys an embedding should not see (LlamaIndex's field of the same name).
    public var excludedEmbedMetadataKeys: [String]
    /// Metadata keys an LLM prompt should not see (LlamaIndex's field of the same name).
    public var excludedLLMMetadataKeys: [String]

    public init(
        id: String,
        docID: String,
        revision: Int,
        text: String,
        textForEmbedding: String,
        metadata: FlatMetadata,
        provenance: ChunkProvenance,
        excludedEmbedMetadataKeys: [String],
        excludedLLMMetadataKeys: [String]
    ) {
        self.id = id
        self.docID = docID
        self.revision = revision
        self.text = text
        self.textForEmbedding = textForEmbedding
        self.metadata = metadata
        self.provenance = provenance
        self.excludedEmbedMetadataKeys = excludedEmbedMetadataKeys
        self.excludedLLMMetadataKeys = excludedLLMMetadataKeys
    }

    /// The id of chunk `index` of document `docID`.
    public static func id(docID: String, index: Int) -> String {
        let digits = String(index)
        return docID + ":" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    enum CodingKeys: String, CodingKey {
        case kind, id, revision, text, metadata, provenance
        case docID = "doc_id"
        case textForEmbedding = "text_for_embedding"
        case excludedEmbedMetadataKeys = "excluded_embed_metadata_keys"
        case excludedLLMMetadataKeys = "excluded_llm_metadata_keys"
    }
}

/// A JSONL line of the chunk stream saying that a chunk no longer exists (`"kind": "deleted"`):
/// a new revision of its document has fewer chunks. An indexer removes the id.
public struct DeletedChunk: Sendable, Hashable, Codable {
    /// Always `"deleted"`.
    public var kind = "deleted"
    /// The chunk's id.
    public var id: String
    /// Its document's id.
    public var docID: String
    /// The revision that no longer has it.
    public var revision: Int

    public init(docID: String, index: Int, revision: Int) {
        self.id = Chunk.id(docID: docID, index: index)
        self.docID = docID
        self.revision = revision
    }

    enum CodingKeys: String, CodingKey {
        case kind, id, revision
        case docID = "doc_id"
    }
}
