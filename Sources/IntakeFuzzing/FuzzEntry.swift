import Foundation
import IntakeCore
import IntakePDF
import IntakeText

/// What the libFuzzer targets (Fuzz/, scripts/fuzz.sh) run on each input, and what the
/// regression test runs on each input they once crashed on (Tests/IntakePipelineTests/FuzzRegressions).
public enum FuzzEntry {
    /// Parses the bytes as a posting. The parser's promise is checked too: every field's evidence
    /// span lies in the normalised text and reads back as its value; a broken promise traps.
    public static func parse(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let parsed = PostingParser().parse(pages: text.components(separatedBy: "\u{0C}"))
        let problems = parsed.evidenceProblems()
        precondition(problems.isEmpty, "evidence does not read as its value: \(problems)")
    }

    /// Opens the bytes as a PDF, as `intake` does, and reads every page's size and text layer.
    public static func readPDF(_ bytes: [UInt8]) {
        guard let document = try? PDFDocument(bytes: bytes, password: nil, name: "fuzz") else { return }
        for index in 0..<min(document.pageCount, 64) {
            guard let page = try? document.page(at: index) else { continue }
            _ = page.size
            _ = TextLayerRule.measure(page.text)
        }
    }
}
