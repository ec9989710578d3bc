/// The one error type Intake's modules throw.
///
/// Shaped like NIOFileSystem's `FileSystemError` and ServiceLifecycle's `ServiceGroupError`: a
/// ``Code`` that callers switch on, a message for people, the stage of the pipeline that failed,
/// an optional underlying cause, and where in Intake's source it was thrown.
public struct IntakeError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as a stable, machine-readable code (it appears in error records).
    public var code: Code
    /// A one-line explanation for people; it names the file when there is one.
    public var message: String
    /// The pipeline stage that failed.
    public var stage: Stage
    /// The error that caused this one, if any (a `SystemCallError`, a `GLibError`, …).
    public var cause: (any Error & Sendable)?
    /// Where in Intake's source the error was created.
    public var location: SourceLocation

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The stable code.
    ///   - stage: The pipeline stage that failed.
    ///   - message: A one-line explanation that names the file when there is one.
    ///   - cause: The underlying error, if any.
    public init(
        _ code: Code,
        stage: Stage,
        _ message: String,
        cause: (any Error & Sendable)? = nil,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.stage = stage
        self.message = message
        self.cause = cause
        self.location = SourceLocation(file: file, line: line)
    }

    public var description: String {
        if let cause {
            return "\(message) (\(code), \(stage) stage; cause: \(cause))"
        }
        return "\(message) (\(code), \(stage) stage)"
    }

    /// Where an error was created.
    public struct SourceLocation: Sendable, Hashable {
        /// The `#fileID` of the throwing code.
        public var file: String
        /// The line of the throwing code.
        public var line: Int
    }
}

extension IntakeError {
    /// A stable error code. It wraps a private enum so new codes are not a breaking change.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case notFound = "not_found"
            case unreadable
            case notRegularFile = "not_regular_file"
            case empty
            case tooLarge = "too_large"
            case unsupportedType = "unsupported_type"
            case encrypted
            case wrongPassword = "wrong_password"
            case truncated
            case corruptPDF = "corrupt_pdf"
            case noPages = "no_pages"
            case corruptImage = "corrupt_image"
            case imageTooLarge = "image_too_large"
            case renderFailed = "render_failed"
            case ocrFailed = "ocr_failed"
            case languageMissing = "language_missing"
            case invalidConfiguration = "invalid_configuration"
            case outputFailed = "output_failed"
            case crashed
            case timeout
            case memoryLimit = "memory_limit"
            case tooManyPages = "too_many_pages"
            case `internal`
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The code as written into error records (`snake_case`).
        public var description: String { base.rawValue }

        /// The path does not exist.
        public static var notFound: Self { Self(.notFound) }
        /// The file exists but could not be read (permissions, I/O error).
        public static var unreadable: Self { Self(.unreadable) }
        /// The path is not a regular file (a FIFO, socket, device).
        public static var notRegularFile: Self { Self(.notRegularFile) }
        /// The file has no bytes.
        public static var empty: Self { Self(.empty) }
        /// The file is larger than the configured limit.
        public static var tooLarge: Self { Self(.tooLarge) }
        /// The content is of a type Intake does not extract.
        public static var unsupportedType: Self { Self(.unsupportedType) }
        /// The PDF is encrypted and no password was given.
        public static var encrypted: Self { Self(.encrypted) }
        /// The PDF is encrypted and the given password does not open it.
        public static var wrongPassword: Self { Self(.wrongPassword) }
        /// The file ends before its format says it should (a PDF with no `%%EOF`).
        public static var truncated: Self { Self(.truncated) }
        /// Poppler could not open the PDF.
        public static var corruptPDF: Self { Self(.corruptPDF) }
        /// The PDF opened but has no pages.
        public static var noPages: Self { Self(.noPages) }
        /// Leptonica could not decode the image.
        public static var corruptImage: Self { Self(.corruptImage) }
        /// The image (or a rendered page) exceeds the configured pixel limit.
        public static var imageTooLarge: Self { Self(.imageTooLarge) }
        /// A PDF page could not be rendered for OCR.
        public static var renderFailed: Self { Self(.renderFailed) }
        /// Tesseract failed on a page.
        public static var ocrFailed: Self { Self(.ocrFailed) }
        /// A configured OCR language has no traineddata file.
        public static var languageMissing: Self { Self(.languageMissing) }
        /// An option or configuration value is invalid.
        public static var invalidConfiguration: Self { Self(.invalidConfiguration) }
        /// The output could not be written.
        public static var outputFailed: Self { Self(.outputFailed) }
        /// The daemon died (a crash in a library, the kernel's OOM killer) while this file was
        /// being extracted, as many times as `processing.max_crashes` allows.
        public static var crashed: Self { Self(.crashed) }
        /// The document's pages took longer than `extraction.document_timeout_seconds`.
        public static var timeout: Self { Self(.timeout) }
        /// A worker process went over its resident-memory limit reading the document and was stopped.
        public static var memoryLimit: Self { Self(.memoryLimit) }
        /// The document has more pages than the configured limit.
        public static var tooManyPages: Self { Self(.tooManyPages) }
        /// A bug in Intake: an invariant did not hold.
        public static var `internal`: Self { Self(.internal) }
    }

    /// The pipeline stage an error comes from.
    public enum Stage: String, Hashable, Sendable, Codable {
        /// Reading the file's bytes.
        case read
        /// Detecting the content type.
        case sniff
        /// Opening the PDF with Poppler.
        case open
        /// Taking a PDF page's text layer.
        case text
        /// Rendering a PDF page to an image.
        case render
        /// Decoding an image with Leptonica.
        case decode
        /// Recognising text with Tesseract.
        case ocr
        /// Somewhere in extraction, not known which step (the process died).
        case extract
        /// Writing the output.
        case write
        /// Validating configuration or options.
        case configure
    }
}

/// An error reported by a system call, with the call's name and `errno`.
public struct SystemCallError: Error, Sendable, CustomStringConvertible {
    /// The system call that failed (`open`, `read`, `inotify_add_watch`).
    public var systemCall: String
    /// The `errno` value it reported.
    public var errno: Int32
    /// The C library's text for the error.
    public var reason: String

    /// Creates the error.
    public init(systemCall: String, errno: Int32, reason: String) {
        self.systemCall = systemCall
        self.errno = errno
        self.reason = reason
    }

    public var description: String { "\(systemCall): \(reason) (errno \(errno))" }
}
