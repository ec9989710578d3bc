/// The version of the record schema this build writes (`schema_version` in every line).
///
/// Bumped when a field changes meaning or is removed; adding a field does not bump it.
/// The schema is `schema/intake-record.schema.json`. Version 2: `text` is the normalised text
/// (version 1 had the raw pages joined) and `posting` holds the parsed fields.
public let recordSchemaVersion = 3

/// Where a document came from.
public struct SourceInfo: Sendable, Hashable, Codable {
    /// The absolute path the document was read from.
    public var path: String
    /// The last path component.
    public var fileName: String
    /// Size in bytes, when the file could be examined.
    public var size: Int?
    /// The detected type (`nil` when detection did not get that far).
    public var mediaType: String?
    /// Modification time, ISO 8601 in UTC, when the file could be examined.
    public var mtime: String?

    /// Creates source information.
    public init(path: String, fileName: String, size: Int? = nil, mediaType: String? = nil, mtime: String? = nil) {
        self.path = path
        self.fileName = fileName
        self.size = size
        self.mediaType = mediaType
        self.mtime = mtime
    }

    enum CodingKeys: String, CodingKey {
        case path
        case fileName = "file_name"
        case size
        case mediaType = "media_type"
        case mtime
    }
}

/// Versions of Intake and of the libraries that produced a record.
public struct ComponentVersions: Sendable, Hashable, Codable {
    /// Intake's version.
    public var intake: String
    /// libpoppler-glib's version.
    public var poppler: String
    /// libtesseract's version.
    public var tesseract: String
    /// libleptonica's version.
    public var leptonica: String

    /// Creates the versions.
    public init(intake: String = intakeVersion, poppler: String, tesseract: String, leptonica: String) {
        self.intake = intake
        self.poppler = poppler
        self.tesseract = tesseract
        self.leptonica = leptonica
    }
}

/// Milliseconds spent on a whole document.
public struct DocumentTimings: Sendable, Hashable, Codable {
    /// Reading and hashing the file.
    public var readMs: Double
    /// Extracting text from every page.
    public var extractMs: Double
    /// From the start of reading to a finished record.
    public var totalMs: Double

    /// Creates timings.
    public init(readMs: Double, extractMs: Double, totalMs: Double) {
        self.readMs = readMs
        self.extractMs = extractMs
        self.totalMs = totalMs
    }

    enum CodingKeys: String, CodingKey {
        case readMs = "read_ms"
        case extractMs = "extract_ms"
        case totalMs = "total_ms"
    }
}

/// One JSONL line for a document whose text was extracted (`"kind": "document"`).
public struct DocumentRecord: Sendable, Hashable, Codable {
    /// ``recordSchemaVersion``.
    public var schemaVersion: Int = recordSchemaVersion
    /// Always `"document"`.
    public var kind: String = "document"
    /// The stable id: the SHA-256 of the file's bytes, in hex.
    public var id: ContentHash
    /// 1 for the first record of this id; each reprocessing writes the same id with the next
    /// revision, so an indexer upserts by id and keeps the highest revision.
    public var revision: Int = 1
    /// Where the document came from.
    public var source: SourceInfo
    /// Every page, in order, with its raw text and how it was obtained.
    public var pages: [ExtractedPage]
    /// The normalised text of the whole document (see `TextNormalizer`); every evidence span in
    /// ``posting`` refers to it. Each page's raw text is in ``pages``.
    public var text: String
    /// Where each page begins in ``text``: the offset, in Unicode scalars, of the first character
    /// from page i + 1 (a page without text has the next page's offset).
    public var pageOffsets: [Int]?
    /// The job posting read from ``text``.
    public var posting: JobPosting
    /// Time spent.
    public var timings: DocumentTimings
    /// Versions of Intake and its libraries.
    public var versions: ComponentVersions
    /// Things worth knowing about the extraction (empty when there are none).
    public var warnings: [String]
    /// Flat, scalar-only fields for vector-store metadata.
    public var metadata: FlatMetadata

    /// Creates a record.
    public init(
        id: ContentHash,
        source: SourceInfo,
        pages: [ExtractedPage],
        text: String,
        posting: JobPosting,
        timings: DocumentTimings,
        versions: ComponentVersions,
        warnings: [String],
        metadata: FlatMetadata
    ) {
        self.id = id
        self.source = source
        self.pages = pages
        self.text = text
        self.posting = posting
        self.timings = timings
        self.versions = versions
        self.warnings = warnings
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case kind, id, revision, source, pages, text, posting, timings, versions, warnings, metadata
        case pageOffsets = "page_offsets"
    }
}

/// What failed, in an error record.
public struct ErrorDetail: Sendable, Hashable, Codable {
    /// The pipeline stage that failed.
    public var stage: IntakeError.Stage
    /// The stable error code (`encrypted`, `truncated`, `corrupt_image`, …).
    public var code: String
    /// A sentence for people.
    public var reason: String

    /// Creates the detail from an error.
    public init(_ error: IntakeError) {
        self.stage = error.stage
        self.code = error.code.description
        self.reason = error.message
    }
}

/// One JSONL line for a document that could not be extracted (`"kind": "error"`), so that
/// nothing vanishes from the output.
public struct ErrorRecord: Sendable, Hashable, Codable {
    /// ``recordSchemaVersion``.
    public var schemaVersion: Int = recordSchemaVersion
    /// Always `"error"`.
    public var kind: String = "error"
    /// The SHA-256 of the bytes when they could be read, else `nil`.
    public var id: ContentHash?
    /// As in ``DocumentRecord/revision``.
    public var revision: Int = 1
    /// Where the document came from (size, type and mtime as far as they are known).
    public var source: SourceInfo
    /// What failed.
    public var error: ErrorDetail
    /// Versions of Intake and its libraries.
    public var versions: ComponentVersions
    /// Flat fields for vector-store metadata.
    public var metadata: FlatMetadata

    /// Creates an error record.
    public init(id: ContentHash?, source: SourceInfo, error: IntakeError, versions: ComponentVersions) {
        self.id = id
        self.source = source
        self.error = ErrorDetail(error)
        self.versions = versions
        var metadata = FlatMetadata()
        metadata["source"] = .string(source.path)
        metadata["file_name"] = .string(source.fileName)
        metadata["error_stage"] = .string(error.stage.rawValue)
        metadata["error_code"] = .string(error.code.description)
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case kind, id, revision, source, error, versions, metadata
    }
}

/// A line of output: a document or an error.
public enum RecordLine: Sendable, Hashable {
    case document(DocumentRecord)
    case error(ErrorRecord)

    /// The record's id, when it has one.
    public var id: ContentHash? {
        switch self {
        case .document(let record): record.id
        case .error(let record): record.id
        }
    }

    /// The record's revision.
    public var revision: Int {
        switch self {
        case .document(let record): record.revision
        case .error(let record): record.revision
        }
    }
}
