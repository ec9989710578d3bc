/// A content type Intake can extract text from, detected from the bytes (never the file name).
public enum MediaType: String, Sendable, Hashable, Codable, CaseIterable {
    case pdf = "application/pdf"
    case png = "image/png"
    case jpeg = "image/jpeg"
    case tiff = "image/tiff"
    case bmp = "image/bmp"
    case pnm = "image/x-portable-anymap"
    case webp = "image/webp"
    case gif = "image/gif"
    case jp2 = "image/jp2"

    /// Whether this is a raster image (decoded by Leptonica and OCRed) rather than a PDF.
    public var isImage: Bool { self != .pdf }
}

/// What ``ContentSniffer`` found in a file's first bytes.
public enum SniffResult: Sendable, Hashable {
    /// A type Intake extracts.
    case supported(MediaType)
    /// A type Intake recognises but does not extract, with a description ("ZIP archive (application/zip)").
    case unsupported(String)
}

/// Detects a file's type from its leading bytes (magic numbers), as `file(1)` does.
///
/// The file name plays no part: a PDF named `scan.png` is a PDF.
public enum ContentSniffer {
    /// How many leading bytes ``sniff(_:)`` looks at. A PDF header may sit anywhere in the
    /// first 1024 bytes (Acrobat accepts leading junk there, and so do we).
    public static let headerLength = 1024

    /// Detects the type of content that starts with `bytes`.
    ///
    /// - Parameter bytes: The file's first bytes; ``headerLength`` of them are enough.
    /// - Returns: The detected type, or a description of an unsupported one.
    public static func sniff(_ bytes: some Collection<UInt8>) -> SniffResult {
        let head = Array(bytes.prefix(headerLength))
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + magic.count && Array(head[offset..<offset + magic.count]) == magic
        }
        let ascii = { (s: String) in Array(s.utf8) }

        if starts(ascii("%PDF-")) || head.firstRange(of: ascii("%PDF-")) != nil {
            return .supported(.pdf)
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .supported(.png) }
        if starts([0xFF, 0xD8, 0xFF]) { return .supported(.jpeg) }
        if starts(ascii("II*\0")) || starts(ascii("MM\0*")) { return .supported(.tiff) }
        if starts(ascii("GIF87a")) || starts(ascii("GIF89a")) { return .supported(.gif) }
        if starts(ascii("RIFF")) && starts(ascii("WEBP"), at: 8) { return .supported(.webp) }
        if starts([0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20]) || starts([0xFF, 0x4F, 0xFF, 0x51]) {
            return .supported(.jp2)
        }
        if starts(ascii("BM")) && head.count >= 14 { return .supported(.bmp) }
        if head.count >= 3, head[0] == UInt8(ascii: "P"), (UInt8(ascii: "1")...UInt8(ascii: "7")).contains(head[1]),
            [0x20, 0x09, 0x0A, 0x0D].contains(head[2])
        {
            return .supported(.pnm)
        }

        if starts([0x50, 0x4B, 0x03, 0x04]) {
            return .unsupported("ZIP archive (application/zip; DOCX, XLSX and ODT are ZIP files)")
        }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return .unsupported("OLE2 compound file (legacy Microsoft Office, application/x-ole-storage)")
        }
        if starts([0x1F, 0x8B]) { return .unsupported("gzip data (application/gzip)") }
        if starts(ascii("%!PS")) { return .unsupported("PostScript (application/postscript)") }
        if starts(ascii("{\\rtf")) { return .unsupported("rich text (application/rtf)") }
        if !head.contains(0), String(validating: head, as: UTF8.self) != nil || isTruncatedUTF8(head) {
            let lowered = String(decoding: head.prefix(256), as: UTF8.self).lowercased()
            if lowered.contains("<html") || lowered.contains("<!doctype html") {
                return .unsupported("HTML (text/html)")
            }
            if lowered.hasPrefix("<?xml") { return .unsupported("XML (application/xml)") }
            return .unsupported("plain text (text/plain; use `intake parse` for text)")
        }
        return .unsupported("unknown binary data (application/octet-stream)")
    }

    /// Whether `bytes` is valid UTF-8 except for a multi-byte sequence cut off at the end
    /// (the header window may split a character).
    private static func isTruncatedUTF8(_ bytes: [UInt8]) -> Bool {
        for cut in 1...3 where bytes.count > cut {
            if String(validating: bytes.dropLast(cut), as: UTF8.self) != nil { return true }
        }
        return false
    }
}
