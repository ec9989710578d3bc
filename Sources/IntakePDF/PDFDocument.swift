internal import CPoppler
public import IntakeCore

/// An open PDF: the one owner of a `PopplerDocument`.
///
/// Not `Sendable`: poppler-glib makes no promise about using one document from two threads,
/// so a document stays on the worker that opened it.
public final class PDFDocument {
    let pointer: OpaquePointer

    /// Opens a PDF from its bytes.
    ///
    /// The bytes are copied into a `GBytes` that Poppler keeps for the document's lifetime, so
    /// the caller's array may go away.
    ///
    /// - Parameters:
    ///   - bytes: The whole file.
    ///   - password: The user or owner password of an encrypted PDF.
    ///   - name: The file name, for error messages.
    /// - Throws: ``IntakeError`` with code `truncated` (no `%%EOF` near the end), `encrypted`
    ///   (no password given), `wrong_password`, `corrupt_pdf` (Poppler's own message) or `no_pages`.
    public init(bytes: [UInt8], password: String?, name: String) throws(IntakeError) {
        guard PDFStructure.hasEndOfFileMarker(bytes) else {
            throw IntakeError(
                .truncated,
                stage: .open,
                "\(name): the PDF ends without an %%EOF marker: the file is cut off or still being written"
            )
        }
        let data = bytes.withUnsafeBytes { g_bytes_new($0.baseAddress, gsize($0.count)) }
        // poppler_document_new_from_bytes takes its own reference to the GBytes; ours goes here.
        defer { g_bytes_unref(data) }
        var error: UnsafeMutablePointer<GError>?
        let document = poppler_document_new_from_bytes(data, password, &error)
        guard let document else {
            let glibError = GLibError(consuming: error)
            if glibError.domain == CPoppler_errorQuark(), glibError.code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue) {
                if password == nil {
                    throw IntakeError(.encrypted, stage: .open, "\(name): the PDF is encrypted and no password was given")
                }
                throw IntakeError(.wrongPassword, stage: .open, "\(name): the PDF is encrypted and the password does not open it")
            }
            throw IntakeError(
                .corruptPDF,
                stage: .open,
                "\(name): Poppler cannot open the PDF: \(glibError.message)",
                cause: glibError
            )
        }
        // From here on `self` owns the reference that poppler_document_new_from_bytes returned.
        self.pointer = document
        if pageCount == 0 {
            throw IntakeError(.noPages, stage: .open, "\(name): the PDF has no pages")
        }
    }

    deinit {
        // "Returns: A newly created PopplerDocument, or NULL" — a full reference, released here.
        CPoppler_releaseDocument(pointer)
    }

    /// The number of pages.
    public var pageCount: Int { Int(poppler_document_get_n_pages(pointer)) }

    /// The page at `index` (from 0).
    ///
    /// - Throws: ``IntakeError`` `corrupt_pdf` when Poppler cannot load the page.
    public func page(at index: Int) throws(IntakeError) -> PDFPage {
        guard let page = poppler_document_get_page(pointer, Int32(index)) else {
            throw IntakeError(.corruptPDF, stage: .text, "page \(index + 1) cannot be loaded")
        }
        return PDFPage(pointer: page, document: self)
    }

    /// The version of libpoppler-glib in use.
    public static var popplerVersion: String {
        // "Returns: the version of poppler in use" — a static string, not to be freed.
        String(cString: poppler_get_version())
    }
}

@available(*, unavailable)
extension PDFDocument: Sendable {}

/// Structural checks on PDF bytes that need no parser.
public enum PDFStructure {
    /// Whether `%%EOF` occurs within the last 1024 bytes, where the PDF specification puts it
    /// (readers such as Acrobat accept it anywhere in that window).
    public static func hasEndOfFileMarker(_ bytes: [UInt8]) -> Bool {
        let tail = bytes.suffix(1024)
        return tail.firstRange(of: Array("%%EOF".utf8)) != nil
    }
}
