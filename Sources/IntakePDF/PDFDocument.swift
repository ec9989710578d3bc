internal import CPoppler
import Glibc
public import IntakeCore
import IntakePosix
import SystemPackage

/// An open PDF: the one owner of a `PopplerDocument`.
///
/// Not `Sendable`: poppler-glib makes no promise about using one document from two threads,
/// so a document stays on the worker that opened it.
public final class PDFDocument {
    let pointer: OpaquePointer
    /// The file name, for error messages.
    private let name: String

    /// Opens a PDF from its bytes.
    ///
    /// The bytes reach Poppler through an in-memory file (`memfd_create`) and
    /// `poppler_document_new_from_fd`, not `poppler_document_new_from_bytes`: in poppler-glib
    /// 22.12 (Debian 12) the bytes and data constructors crash (a NULL dereference) when an
    /// encrypted PDF is opened with a wrong password, while the fd path reports an error. The fd
    /// path calls a wrong password "damaged", so a failure with a password is checked once more
    /// without one to tell the two apart.
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
        _ = Self.popplerSetUp
        let document: OpaquePointer
        switch try Self.open(bytes, password: password, name: name) {
        case .success(let opened):
            document = opened
        case .failure(let error) where error.isEncrypted:
            throw IntakeError(.encrypted, stage: .open, "\(name): the PDF is encrypted and no password was given")
        case .failure(let error):
            if password != nil, case .failure(let probe) = try Self.open(bytes, password: nil, name: name),
                probe.isEncrypted
            {
                throw IntakeError(
                    .wrongPassword,
                    stage: .open,
                    "\(name): the PDF is encrypted and the password does not open it"
                )
            }
            throw IntakeError(
                .corruptPDF,
                stage: .open,
                "\(name): Poppler cannot open the PDF: \(error.message)",
                cause: error
            )
        }
        // From here on `self` owns the reference poppler_document_new_from_fd returned.
        self.pointer = document
        self.name = name
        if pageCount == 0 {
            throw IntakeError(.noPages, stage: .open, "\(name): the PDF has no pages")
        }
    }

    /// Keeps Poppler's global state (its `GlobalParams`: name-to-Unicode tables, encodings)
    /// for the life of the process.
    ///
    /// poppler-glib builds that state when the first document opens and frees it when the last
    /// one closes, so a worker opening PDFs one after another paid for it on every file: 5 % of
    /// the CPU time of a batch of text PDFs, about 1 ms a document. A one-page document opened
    /// here and never closed keeps it built.
    private static let popplerSetUp: Void = {
        guard case .success(let anchor)? = try? open(minimalPDF, password: nil, name: "set-up") else { return }
        _ = anchor  // deliberately never released
    }()

    /// The smallest well-formed PDF: one empty page, with a correct cross-reference table.
    static let minimalPDF = pdf(objects: [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1 1] >>",
    ])

    /// A PDF file of `objects` (numbered from 1; the first is the catalog), with a correct
    /// cross-reference table.
    static func pdf(objects: [String]) -> [UInt8] {
        var text = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(text.utf8.count)
            text += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let table = text.utf8.count
        text += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets {
            let digits = String(offset)
            text += String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n"
        }
        text += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(table)\n%%EOF\n"
        return Array(text.utf8)
    }

    private static func open(
        _ bytes: [UInt8],
        password: String?,
        name: String
    ) throws(IntakeError) -> Result<OpaquePointer, GLibError> {
        let file: OwnedDescriptor
        do {
            file = try MemoryFile.descriptor(containing: bytes, name: "intake-pdf")
        } catch {
            throw IntakeError(.internal, stage: .open, "\(name): cannot make an in-memory file for Poppler: \(error)")
        }
        var error: UnsafeMutablePointer<GError>?
        // "fd: a valid file descriptor … The document takes ownership of fd" — it is closed by
        // Poppler, on failure too, so ownership is handed over with take().
        guard let document = poppler_document_new_from_fd(file.take().rawValue, password, &error) else {
            return .failure(GLibError(consuming: error))
        }
        return .success(document)
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
            throw IntakeError(.corruptPDF, stage: .text, "\(name): page \(index + 1) cannot be loaded")
        }
        return PDFPage(pointer: page, document: self)
    }

    /// The creation date in the document's information dictionary (UTC), if it states one.
    public var creationDate: CalendarDate? {
        // "Returns: the date the document was created, or -1" (a time_t; nothing to free).
        var seconds = time_t(poppler_document_get_creation_date(pointer))
        guard seconds > 0 else { return nil }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return CalendarDate(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))
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
        // A loop over the bytes: the standard library's generic `firstRange(of:)` took about 0.2 ms.
        let marker = Array("%%EOF".utf8)
        let start = max(0, bytes.count - 1024)
        guard bytes.count - start >= marker.count else { return false }
        return bytes.withUnsafeBufferPointer { buffer in
            (start...(buffer.count - marker.count)).contains { offset in
                marker.indices.allSatisfy { buffer[offset + $0] == marker[$0] }
            }
        }
    }
}
