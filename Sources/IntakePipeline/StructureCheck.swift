public import IntakeCore
import IntakeOCR
import IntakePDF
import IntakePosix

/// Whether a file in the inbox looks finished: the daemon's last test before it claims one.
///
/// A scanner or a slow copy can leave a file quiet for a while and still unfinished. So the
/// check looks for the end a finished file has: a PDF's `%%EOF` and a document Poppler opens,
/// a PNG's `IEND` chunk, a JPEG's end-of-image marker, an image header Leptonica reads. A file
/// that is complete but bad in another way (encrypted, unsupported, too large) passes: the
/// pipeline gives it its proper error.
public enum StructureCheck {
    /// The check's answer.
    public enum Verdict: Sendable, Hashable {
        /// Looks finished.
        case complete
        /// Looks unfinished, for the reason given.
        case incomplete(String)
    }

    /// Checks the file at `path`.
    public static func check(path: String, options: ExtractionOptions) -> Verdict {
        switch read(path: path, options: options) {
        case .success(let bytes): check(bytes: bytes, options: options)
        case .failure(let verdict): verdict.verdict
        }
    }

    /// The file's bytes to check, or the verdict when it cannot be read: an empty or vanished
    /// file is incomplete, any other error is for extraction to report.
    public static func read(path: String, options: ExtractionOptions) -> Result<[UInt8], Unread> {
        var source = DocumentFile.source(path: path)
        do {
            return .success(try DocumentFile.read(path: path, maxBytes: options.maxFileBytes, source: &source))
        } catch {
            switch error.code {
            case .empty, .notFound: return .failure(Unread(verdict: .incomplete(error.message)))
            default: return .failure(Unread(verdict: .complete))
            }
        }
    }

    /// A file that could not be read, and the verdict that gives.
    public struct Unread: Error {
        public var verdict: Verdict
    }

    /// Checks a file's bytes.
    public static func check(bytes: [UInt8], options: ExtractionOptions) -> Verdict {
        guard case .supported(let type) = ContentSniffer.sniff(bytes) else { return .complete }
        switch type {
        case .pdf:
            guard PDFStructure.hasEndOfFileMarker(bytes) else { return .incomplete("the PDF has no %%EOF yet") }
            do {
                _ = try PDFDocument(bytes: bytes, password: options.password, name: "")
            } catch {
                if error.code == .encrypted || error.code == .wrongPassword { return .complete }
                return .incomplete("the PDF does not open yet: \(error.message)")
            }
            return .complete
        case .png:
            guard bytes.suffix(12).firstRange(of: Array("IEND".utf8)) != nil else {
                return .incomplete("the PNG has no IEND chunk yet")
            }
        case .jpeg:
            // The end-of-image marker, allowing for padding some writers add after it.
            guard bytes.suffix(64).firstRange(of: [0xFF, 0xD9]) != nil else {
                return .incomplete("the JPEG has no end-of-image marker yet")
            }
        default:
            break
        }
        do {
            _ = try ImageFile(bytes: bytes, mediaType: type, name: "", options: options)
        } catch {
            if error.code == .imageTooLarge { return .complete }
            return .incomplete("the image header does not read yet")
        }
        return .complete
    }
}
