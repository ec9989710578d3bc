import Testing

@testable import IntakePDF

/// The one-page document that keeps Poppler's global state alive between documents.
struct PopplerSetUpTests {
    @Test func minimalPDFOpensWithOnePage() throws {
        let document = try PDFDocument(bytes: PDFDocument.minimalPDF, password: nil, name: "minimal.pdf")
        #expect(document.pageCount == 1)
    }

    /// Poppler silently rebuilds a broken cross-reference table, so opening proves little:
    /// every offset in the table must point at its object.
    @Test func minimalPDFCrossReferencesPointAtTheirObjects() throws {
        let text = String(decoding: PDFDocument.minimalPDF, as: UTF8.self)
        let bytes = PDFDocument.minimalPDF
        let entries = text.split(separator: "\n").filter { $0.hasSuffix(" 00000 n ") }
        #expect(entries.count == 3)
        for (index, entry) in entries.enumerated() {
            let offset = try #require(Int(entry.prefix(10)))
            let header = Array("\(index + 1) 0 obj".utf8)
            #expect(Array(bytes[offset..<offset + header.count]) == header, "object \(index + 1)")
        }
        let startxref = try #require(text.split(separator: "\n").drop { $0 != "startxref" }.dropFirst().first)
        let table = try #require(Int(startxref))
        #expect(Array(bytes[table..<table + 4]) == Array("xref".utf8))
    }
}
