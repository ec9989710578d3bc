import IntakeCore
import Testing

struct SniffCase: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var expected: SniffResult
    var testDescription: String { name }

    static func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }

    static let all: [SniffCase] = [
        SniffCase(name: "PDF", bytes: ascii("%PDF-1.7\n%âãÏÓ\n1 0 obj"), expected: .supported(.pdf)),
        SniffCase(name: "PDF after junk", bytes: ascii("garbage\r\n%PDF-1.4\n"), expected: .supported(.pdf)),
        SniffCase(
            name: "PNG",
            bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13],
            expected: .supported(.png)
        ),
        SniffCase(name: "JPEG", bytes: [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46], expected: .supported(.jpeg)),
        SniffCase(
            name: "TIFF little-endian",
            bytes: [0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0],
            expected: .supported(.tiff)
        ),
        SniffCase(name: "TIFF big-endian", bytes: [0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8], expected: .supported(.tiff)),
        SniffCase(name: "GIF", bytes: ascii("GIF89a\u{1}\u{0}"), expected: .supported(.gif)),
        SniffCase(
            name: "WebP",
            bytes: ascii("RIFF") + [0x24, 0, 0, 0] + ascii("WEBPVP8 "),
            expected: .supported(.webp)
        ),
        SniffCase(name: "BMP", bytes: ascii("BM") + [UInt8](repeating: 0, count: 40), expected: .supported(.bmp)),
        SniffCase(name: "PGM", bytes: ascii("P5\n640 480\n255\n"), expected: .supported(.pnm)),
        SniffCase(
            name: "JPEG 2000",
            bytes: [0, 0, 0, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A],
            expected: .supported(.jp2)
        ),
        SniffCase(
            name: "ZIP",
            bytes: [0x50, 0x4B, 0x03, 0x04, 20, 0],
            expected: .unsupported("ZIP archive (application/zip; DOCX, XLSX and ODT are ZIP files)")
        ),
        SniffCase(
            name: "HTML",
            bytes: ascii("<!DOCTYPE html><html><body>"),
            expected: .unsupported("HTML (text/html)")
        ),
        SniffCase(
            name: "plain text",
            bytes: ascii("Senior Data Engineer\nCharlotte, NC\n"),
            expected: .unsupported("plain text (text/plain; use `intake parse` for text)")
        ),
        SniffCase(
            name: "binary",
            bytes: [0x00, 0x01, 0x02, 0xFE, 0x80, 0x81],
            expected: .unsupported("unknown binary data (application/octet-stream)")
        ),
    ]
}

struct ContentSnifferTests {
    @Test(arguments: SniffCase.all)
    func detectsTypeFromContent(_ c: SniffCase) {
        #expect(ContentSniffer.sniff(c.bytes) == c.expected)
    }

    @Test func textCutInsideAMultibyteCharacterIsStillText() {
        // 1023 ASCII bytes then "é" (2 bytes): the 1024-byte window ends inside the character.
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 1023) + Array("é and more".utf8)
        #expect(ContentSniffer.sniff(bytes) == .unsupported("plain text (text/plain; use `intake parse` for text)"))
    }
}
