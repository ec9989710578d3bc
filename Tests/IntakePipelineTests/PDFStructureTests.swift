import IntakePDF
import Testing

/// The `%%EOF` check that tells a cut-off or still-written PDF from a whole one.
struct PDFStructureTests {
    /// Found anywhere in the last 1024 bytes, its last byte included; not before them, not cut.
    @Test func endOfFileMarkerIsLookedForInTheLast1024Bytes() {
        let marker = Array("%%EOF".utf8)
        let filler = [UInt8](repeating: UInt8(ascii: "x"), count: 2000)
        #expect(PDFStructure.hasEndOfFileMarker(marker))
        #expect(PDFStructure.hasEndOfFileMarker(filler + marker))
        #expect(PDFStructure.hasEndOfFileMarker(filler + marker + [0x0A]))
        // Starting exactly 1024 bytes from the end, and one byte earlier.
        #expect(PDFStructure.hasEndOfFileMarker(filler + marker + Array(filler.prefix(1019))))
        #expect(!PDFStructure.hasEndOfFileMarker(filler + marker + Array(filler.prefix(1020))))
        #expect(!PDFStructure.hasEndOfFileMarker([]))
        #expect(!PDFStructure.hasEndOfFileMarker(Array("%%EO".utf8)))
        #expect(!PDFStructure.hasEndOfFileMarker(filler + Array("%%EO".utf8)))
        #expect(!PDFStructure.hasEndOfFileMarker(filler + Array("%EOF %%EOX".utf8)))
    }
}
