public import IntakeCore
public import IntakeOCR
import IntakePDF
import IntakePosix
public import IntakeText
public import Logging

/// One worker: a serial queue that owns a ``DocumentExtractor`` and turns a file path into a
/// finished record line. Its pages to OCR go to the ``OCRPool`` all workers share.
///
/// Its jobs run on its own dispatch queue, never on the cooperative pool, because Poppler
/// blocks for as long as a page takes to render.
public actor ExtractionWorker {
    private let executor: DispatchQueueExecutor
    private let extractor: DocumentExtractor
    private let parserOptions: PostingParserOptions
    private var versions: ComponentVersions { .current }
    private let logger: Logger

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    /// Creates a worker.
    ///
    /// - Parameters:
    ///   - index: The worker's number, for its queue label and logs.
    ///   - options: Extraction options.
    ///   - pool: The OCR engines; `nil` makes a pool of one for this worker.
    ///   - parserOptions: Posting parser options.
    ///   - logger: Where per-document debug messages go.
    public init(
        index: Int,
        options: ExtractionOptions,
        pool: OCRPool? = nil,
        parserOptions: PostingParserOptions = PostingParserOptions(),
        logger: Logger
    ) {
        self.executor = DispatchQueueExecutor(label: "intake.worker.\(index)")
        self.extractor = DocumentExtractor(options: options, pool: pool)
        self.parserOptions = parserOptions
        var logger = logger
        logger[metadataKey: "intake.worker"] = "\(index)"
        self.logger = logger
    }

    /// Reads one document whole, with its content hash; a failure is already an error record.
    ///
    /// - Parameters:
    ///   - path: An absolute path to read.
    ///   - recordedPath: The path the record names as its source (default: `path`). The daemon
    ///     reads from processing/ but names the file where it was dropped.
    public func read(path: String, recordedPath: String? = nil) -> ReadOutcome {
        DocumentBytes.read(path: path, recordedPath: recordedPath, maxBytes: extractor.options.maxFileBytes)
    }

    /// Extracts, parses and encodes a document already read. Never throws: a failure becomes an
    /// error record.
    ///
    /// - Parameters:
    ///   - file: What ``read(path:recordedPath:)`` returned.
    ///   - revision: The record's revision (1 unless the document is being reprocessed).
    public func extract(_ file: DocumentBytes, revision: Int = 1) async -> ProcessedDocument {
        let start = ContinuousClock.now
        var source = file.source
        do {
            let document = try await extractor.extract(bytes: file.bytes, name: source.fileName)
            source.mediaType = document.mediaType.rawValue
            let extractMs = milliseconds(since: start)
            var parserOptions = self.parserOptions
            if parserOptions.documentDate == nil { parserOptions.documentDate = document.documentDate }
            let parsed = PostingParser(options: parserOptions).parse(pages: document.pages.map(\.text))
            let timings = DocumentTimings(
                readMs: file.readMs,
                extractMs: extractMs,
                totalMs: rounded(file.readMs + milliseconds(since: start))
            )
            var record = DocumentRecord.make(
                id: file.id,
                source: source,
                document: document,
                parsed: parsed,
                timings: timings,
                versions: versions
            )
            record.revision = revision
            logger.debug(
                "extracted document",
                metadata: ["intake.file.path": "\(source.path)", "intake.pages": "\(document.pages.count)"]
            )
            return ProcessedDocument(line: .document(record))
        } catch {
            if case .supported(let type) = ContentSniffer.sniff(file.bytes) { source.mediaType = type.rawValue }
            return ProcessedDocument.failure(
                source: source,
                id: file.id,
                error: error,
                revision: revision,
                versions: versions
            )
        }
    }
}

/// What reading a document gave.
public enum ReadOutcome: Sendable {
    /// The bytes, ready to extract.
    case read(DocumentBytes)
    /// The error record for a file that could not be read.
    case failed(ProcessedDocument)
}

/// What reads and extracts documents for the batch runner and the daemon: an
/// ``ExtractionWorker`` in this process, or an ``IsolatedWorker`` driving a child process.
public protocol DocumentWorker: Sendable {
    /// Reads one document whole, with its content hash (always in this process: no library
    /// touches the bytes); a failure is already an error record.
    func read(path: String, recordedPath: String?) async -> ReadOutcome
    /// Extracts, parses and encodes a document already read. Never fails: a failure, a crash
    /// or a time limit becomes an error record.
    func extract(_ file: DocumentBytes, revision: Int) async -> ProcessedDocument
}

extension DocumentWorker {
    /// Reads and extracts one document.
    public func process(path: String) async -> ProcessedDocument {
        switch await read(path: path, recordedPath: nil) {
        case .failed(let failure): failure
        case .read(let file): await extract(file, revision: 1)
        }
    }
}

extension ExtractionWorker: DocumentWorker {}

/// A document's bytes as read, before extraction.
public struct DocumentBytes: Sendable {
    /// The whole file.
    public var bytes: [UInt8]
    /// Its SHA-256: the record id.
    public var id: ContentHash
    /// Where it came from, with size and modification time.
    public var source: SourceInfo
    /// Milliseconds spent reading.
    public var readMs: Double

    /// A document already read.
    public init(bytes: [UInt8], id: ContentHash, source: SourceInfo, readMs: Double) {
        self.bytes = bytes
        self.id = id
        self.source = source
        self.readMs = readMs
    }

    /// Reads the file at `path` whole and hashes it.
    ///
    /// - Parameter recordedPath: The path the record names as its source (default: `path`). The
    ///   daemon reads from processing/ but names the file where it was dropped.
    public static func read(path: String, recordedPath: String?, maxBytes: Int) -> ReadOutcome {
        let start = ContinuousClock.now
        var source = DocumentFile.source(path: recordedPath ?? path)
        do {
            let bytes = try DocumentFile.read(path: path, maxBytes: maxBytes, source: &source)
            return .read(
                DocumentBytes(
                    bytes: bytes,
                    id: ContentHash(of: bytes),
                    source: source,
                    readMs: milliseconds(since: start)
                )
            )
        } catch {
            return .failed(ProcessedDocument.failure(source: source, id: nil, error: error))
        }
    }
}

/// A finished record line and its encoded bytes.
public struct ProcessedDocument: Sendable {
    /// The record.
    public var line: RecordLine
    /// The record as one line of JSON, without the newline.
    public var json: [UInt8]

    init(line: RecordLine) {
        self.line = line
        self.json = RecordEncoder.encode(line)
    }

    /// A record a worker process encoded, and its line as read back.
    init(line: RecordLine, json: [UInt8]) {
        self.line = line
        self.json = json
    }

    /// An error record for a document that failed before or during extraction.
    public static func failure(
        source: SourceInfo,
        id: ContentHash?,
        error: IntakeError,
        revision: Int = 1,
        versions: ComponentVersions = .current
    ) -> Self {
        var record = ErrorRecord(id: id, source: source, error: error, versions: versions)
        record.revision = revision
        return ProcessedDocument(line: .error(record))
    }
}

extension ComponentVersions {
    /// The versions of the libraries this process has loaded, read once, when a record first
    /// needs them (libtesseract may still be loading when a worker starts).
    public static let current = ComponentVersions(
        poppler: PDFDocument.popplerVersion,
        tesseract: TesseractEngine.tesseractVersion,
        leptonica: TesseractEngine.leptonicaVersion
    )
}

extension DocumentRecord {
    /// Builds a record, with its flat metadata, from an extraction.
    static func make(
        id: ContentHash,
        source: SourceInfo,
        document: ExtractedDocument,
        parsed: ParsedPosting,
        timings: DocumentTimings,
        versions: ComponentVersions
    ) -> DocumentRecord {
        let ocrPages = document.pages.filter { $0.textSource == .ocr }
        var metadata = FlatMetadata()
        metadata["id"] = .string(id.hex)
        metadata["source"] = .string(source.path)
        metadata["file_name"] = .string(source.fileName)
        metadata["media_type"] = .string(document.mediaType.rawValue)
        metadata["size_bytes"] = source.size.map { .int($0) }
        metadata["mtime"] = source.mtime.map { .string($0) }
        metadata["page_count"] = .int(document.pages.count)
        metadata["native_pages"] = .int(document.pages.count - ocrPages.count)
        metadata["ocr_pages"] = .int(ocrPages.count)
        let confidences = ocrPages.compactMap(\.ocrConfidence)
        if !confidences.isEmpty {
            metadata["ocr_confidence"] = .double(rounded(confidences.reduce(0, +) / Double(confidences.count)))
        }
        let (language, script) = document.pages.mainLanguage
        metadata["language"] = .string(language)
        metadata["script"] = .string(script)
        metadata.addPostingFields(parsed.posting)
        metadata["schema_version"] = .int(recordSchemaVersion)
        var record = DocumentRecord(
            id: id,
            source: source,
            pages: document.pages,
            text: parsed.text,
            posting: parsed.posting,
            timings: timings,
            versions: versions,
            warnings: document.warnings,
            metadata: metadata
        )
        record.pageOffsets = parsed.pageOffsets
        return record
    }
}

extension [ExtractedPage] {
    /// The document's language and script: those of most of its characters, a page's
    /// undetermined language counting only when no page has one.
    var mainLanguage: (language: String, script: String) {
        var languages: [String: Int] = [:]
        var scripts: [String: Int] = [:]
        for page in self {
            languages[page.language, default: 0] += page.characters
            scripts[page.script, default: 0] += page.characters
        }
        let known = languages.filter { $0.key != "und" }
        let language = (known.isEmpty ? languages : known).max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
        let script = scripts.filter { $0.key != "Zyyy" }.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
        return (language ?? "und", script ?? "Zyyy")
    }
}

extension FlatMetadata {
    /// The scalar posting fields an indexer filters on.
    mutating func addPostingFields(_ posting: JobPosting) {
        self["title"] = posting.title.map { .string($0.value) }
        self["company"] = posting.hiringOrganization.map { .string($0.value) }
        if let place = posting.jobLocation.first?.value {
            self["location"] = .string(
                [place.city, place.region, place.country].compactMap { $0 }.joined(separator: ", ")
            )
            self["location_city"] = place.city.map { .string($0) }
            self["location_region"] = place.region.map { .string($0) }
            self["location_country"] = place.country.map { .string($0) }
        }
        self["work_arrangement"] = posting.jobLocationType.map { .string($0.value) }
        if !posting.employmentType.isEmpty {
            self["employment_type"] = .strings(posting.employmentType.map(\.value))
        }
        if let salary = posting.baseSalary.first?.value {
            self["salary_min"] = salary.min.map { .double($0) }
            self["salary_max"] = salary.max.map { .double($0) }
            self["salary_currency"] = salary.currency.map { .string($0) }
            self["salary_unit"] = salary.unit.map { .string($0) }
        }
        self["date_posted"] = posting.datePosted.map { .string($0.value) }
        self["valid_through"] = posting.validThrough.map { .string($0.value) }
        self["requisition_id"] = posting.identifier.map { .string($0.value) }
        self["posting_language"] = posting.inLanguage.map { .string($0) }
        self["experience_years"] = posting.experienceRequirements.map { .int($0.value) }
        self["education"] = posting.educationRequirements.map { .string($0.value) }
        if !posting.skills.isEmpty {
            self["skills"] = .strings(posting.skills.map(\.value))
        }
    }
}
