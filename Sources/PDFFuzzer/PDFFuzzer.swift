import IntakeFuzzDriver
import IntakeFuzzing

/// Each input opened as a PDF with Poppler, as `intake` does, and every page's size and text
/// layer read; no OCR (Tesseract is fuzzed by its own project) (scripts/fuzz.sh pdf).
@_cdecl("PDFFuzzer_main")
func pdfFuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzDriver.run(argc, argv) { data, size in
        FuzzEntry.readPDF(Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }
}
