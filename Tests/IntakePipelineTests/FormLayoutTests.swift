import Foundation
import IntakeCore
import IntakePipeline
import IntakeTestSupport
import Testing

@testable import IntakePDF

/// A form whose labels are printed in one column and its values typed in another: Tesseract's
/// layout analysis reads all the labels, then all the values (as it did with a real FUNSD
/// form of the development set). Made here as a one-page PDF in Helvetica and read with OCR
/// forced, so the real libraries render and read it.
@Suite(.enabled(if: TestEnvironment.hasTessdata))
struct FormLayoutTests {
    static let rows = [
        ("CASE NAME:", "Wanda G. Robinson v. Raybestos-Manhattan, et al."),
        ("COURT:", "San Francisco Superior Court - No. 996378"),
        ("ENTITIES:", "Lorillard Tobacco Company"),
        ("DATE FILED:", "July 23, 1998"),
        ("DATE SERVED:", "August 3, 1998"),
        ("CASE TYPE:", "Asbestos"),
        ("COUNSEL:", "Wartnick, Chaber, Harowitz, Smith & Tigerman"),
        ("JUDGE:", "Hon. Ellen Chaitin"),
        ("TRIAL DATE:", "March 1, 1999"),
    ]

    /// The form: a title, then each label at 1 inch and its value at 2.8 inches, a row every 28 pt.
    static func formPDF(rows: [(String, String)] = rows) -> [UInt8] {
        var operators = ["BT /F1 14 Tf 230 740 Td (CASE FORM) Tj ET"]
        for (index, row) in rows.enumerated() {
            let y = 700 - 28 * index
            operators.append("BT /F1 10 Tf 72 \(y) Td (\(row.0)) Tj ET")
            operators.append("BT /F1 10 Tf 200 \(y) Td (\(row.1)) Tj ET")
        }
        let content = operators.joined(separator: "\n")
        return PDFDocument.pdf(objects: [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ])
    }

    func read(layout: ExtractionOptions.PageLayout, rows: [(String, String)] = rows) async throws -> ExtractedPage {
        var options = ExtractionOptions(ocrMode: .force)
        options.layout = layout
        let bytes = Self.formPDF(rows: rows)
        let document = try await DocumentExtractor(options: options).extract(bytes: bytes, name: "form.pdf")
        return try #require(document.pages.first)
    }

    /// The line of `text` that starts with `label`.
    static func line(of label: String, in text: String) -> Substring? {
        text.split(separator: "\n").first { $0.hasPrefix(label) }
    }

    /// The last word of `value`, letters and digits only (a misread space or stop aside).
    static func lastWord(_ value: String) -> String {
        String(value.split(separator: " ").last!.filter { $0.isLetter || $0.isNumber })
    }

    @Test func eachLabelIsReadWithItsValue() async throws {
        let page = try await read(layout: .auto)
        #expect(page.textSource == .ocr)
        for (label, value) in Self.rows.prefix(6) {
            let line = Self.line(of: label, in: page.text) ?? ""
            #expect(line.contains(Self.lastWord(value)), "\(label) is not on one line with \(value):\n\(page.text)")
        }
        #expect((page.formLabelsJoined ?? 0) >= 6, "\(String(describing: page.formLabelsJoined))")

        // Tesseract's own order, as `--layout columns` keeps it: the labels apart from their values.
        let columns = try await read(layout: .columns)
        #expect(columns.formLabelsJoined == nil)
        let dateFiled = try #require(Self.line(of: "DATE FILED:", in: columns.text), "\(columns.text)")
        #expect(!dateFiled.contains("1998"), "\(columns.text)")
    }

    /// The same form with its labels in capitals and no colon (as on a real faxed coupon
    /// registration form): each label is read with its value all the same.
    @Test func eachLabelInCapitalsIsReadWithItsValue() async throws {
        let rows = Self.rows.map { (String($0.0.dropLast()), $0.1) }
        let page = try await read(layout: .auto, rows: rows)
        for (label, value) in rows.prefix(6) {
            let line = Self.line(of: label, in: page.text) ?? ""
            #expect(line.contains(Self.lastWord(value)), "\(label) is not on one line with \(value):\n\(page.text)")
        }
        // A page of labels and values is read in rows (``RowReading``), which puts them on one
        // line whatever the labels look like; the column of capitals is joined where the page
        // holds running text too (FormReadingOrderTests).
        #expect(try #require(page.proseShare) < RowReading.maxProseShare)
        let columns = try await read(layout: .columns, rows: rows)
        let dateFiled = try #require(Self.line(of: "DATE FILED", in: columns.text), "\(columns.text)")
        #expect(!dateFiled.contains("1998"), "\(columns.text)")
    }

    /// The same form with its labels in title case and no colon ("Date filed"), which the label
    /// rule does not recognise, and layout analysis reads apart from their values (as it read
    /// "Authorized to Mr." apart from "Charles Burns" on a real faxed change order): the page is
    /// not running text, so its lines are read in rows, each label with its value.
    @Test func aFormOfTitleCaseLabelsIsReadInRows() async throws {
        let rows = Self.rows.map { label, value in
            let name = label.dropLast().lowercased()
            return (name.prefix(1).uppercased() + name.dropFirst(), value)
        }
        let page = try await read(layout: .auto, rows: rows)
        let share = try #require(page.proseShare)
        #expect(share < RowReading.maxProseShare)
        #expect(page.text.hasPrefix("CASE FORM"), "\(page.text)")
        // Each label's line holds its value (spaces aside: OCR reads "J udge").
        let packed = page.text.split(separator: "\n").map { $0.filter { $0 != " " } }
        for (label, value) in rows {
            let line = packed.first { $0.hasPrefix(label.filter { $0 != " " }) } ?? ""
            #expect(line.contains(Self.lastWord(value)), "\(label) is not on one line with \(value):\n\(page.text)")
        }
        // Tesseract's own order reads the labels apart from their values.
        let columns = try await read(layout: .columns, rows: rows)
        #expect(columns.proseShare == nil)
        let apart = rows.filter { label, value in
            !(Self.line(of: label, in: columns.text) ?? "").contains(Self.lastWord(value))
        }
        #expect(apart.count >= rows.count / 2, "\(columns.text)")
    }

    /// `--layout sparse` (Tesseract's PSM 11) finds the text line by line, without columns, and
    /// Intake reads the lines row by row: the form reads top to bottom, the title first and each
    /// label on one line with its value, on the page as a fax has it (100 dpi, text under 12 px
    /// high, read at twice its size), where real faxed forms lost fields to layout analysis.
    @Test func theSparseLayoutReadsAFormRowByRow() async throws {
        func read(dpi: Int) async throws -> ExtractedPage {
            var options = ExtractionOptions(ocrMode: .force)
            options.layout = .sparse
            options.renderDPI = dpi
            let document = try await DocumentExtractor(options: options).extract(
                bytes: Self.formPDF(),
                name: "form.pdf"
            )
            return try #require(document.pages.first)
        }
        let page = try await read(dpi: 100)
        #expect(page.textSource == .ocr)
        #expect(page.preprocessing?.resampleFactor == 2, "\(String(describing: page.preprocessing))")
        #expect(page.preprocessing?.resampledFromDPI == 100)
        #expect(page.dpi == 200)
        // Text of ordinary size is read as it is.
        let large = try await read(dpi: 300)
        #expect(large.preprocessing?.resampleFactor == nil)
        #expect(large.dpi == 300)
        #expect(page.text.hasPrefix("CASE FORM"), "\(page.text)")
        // Each label, then on its line its value (by its last word: at 100 dpi a letter may be
        // misread), then the next label.
        var position = page.text.startIndex
        for (label, value) in Self.rows {
            let name = String(label.dropLast())
            let last = Self.lastWord(value)
            let labelFound = try #require(
                page.text.range(of: name, range: position..<page.text.endIndex),
                "\(name) is missing or out of order:\n\(page.text)"
            )
            let lineEnd = page.text[labelFound.upperBound...].firstIndex(of: "\n") ?? page.text.endIndex
            let valueFound = try #require(
                page.text.range(of: last, range: labelFound.upperBound..<lineEnd),
                "\(last) is not on the line of \(name):\n\(page.text)"
            )
            position = valueFound.upperBound
        }
        #expect((page.formLabelsJoined ?? 0) >= Self.rows.count - 1, "\(String(describing: page.formLabelsJoined))")
    }

    /// `auto` reads a form faxed at low resolution (72 dpi: text 7 px high), which layout
    /// analysis finds is not running text, once, as sparse text with its small text doubled; the
    /// record gives the share of words in paragraphs it decided on. A page of ordinary size is
    /// read once in its layout.
    @Test func autoReadsALowResolutionFormOnceAsSparseText() async throws {
        var options = ExtractionOptions(ocrMode: .force)
        options.renderDPI = 72
        let document = try await DocumentExtractor(options: options).extract(bytes: Self.formPDF(), name: "form.pdf")
        let page = try #require(document.pages.first)
        #expect(page.layout == .sparse, "\(String(describing: page.layoutConfidences))")
        #expect(page.layoutConfidences == nil, "read twice")
        #expect(page.layoutCoverage == nil)
        #expect(try #require(page.proseShare) < RowReading.maxProseShare)
        #expect(page.preprocessing?.resampleFactor == 2)
        #expect(page.preprocessing?.resampledFromDPI == 72)
        #expect(page.dpi == 144)
        #expect(page.text.hasPrefix("CASE FORM"), "\(page.text)")
        // Closer to the form than layout analysis's own reading of the same page.
        var columns = options
        columns.layout = .columns
        let kept = try #require(
            try await DocumentExtractor(options: columns).extract(bytes: Self.formPDF(), name: "form.pdf").pages.first
        )
        let form = (["CASE FORM"] + Self.rows.map { "\($0.0) \($0.1)" }).joined(separator: "\n")
        let sparseError = CharacterErrorRate.of(page.text, against: form)
        let layoutError = CharacterErrorRate.of(kept.text, against: form)
        #expect(sparseError < layoutError, "\(sparseError) against \(layoutError):\n\(page.text)\n---\n\(kept.text)")
        // `columns` never reads a page twice.
        #expect(kept.layout == .columns)
        #expect(kept.layoutConfidences == nil)
        #expect(kept.preprocessing?.resampleFactor == nil)

        // At 300 dpi the text is of ordinary size, and layout analysis reads it surely: one reading.
        let sure = try await read(layout: .auto)
        #expect(sure.layout == .auto)
        #expect(sure.layoutConfidences == nil)
        #expect(!LayoutRule.isSmall(textHeight: sure.preprocessing?.textHeight))
    }

    /// A page that is not a form reads the same in both layouts.
    @Test func aPageWithoutAFormKeepsTesseractsOrder() async throws {
        var auto = ExtractionOptions()
        auto.layout = .auto
        var columns = ExtractionOptions()
        columns.layout = .columns
        let bytes = try Fixtures.bytes("scan-clean.png")
        let joined = try await DocumentExtractor(options: auto).extract(bytes: bytes, name: "scan.png")
        let kept = try await DocumentExtractor(options: columns).extract(bytes: bytes, name: "scan.png")
        #expect(joined.pages.first?.formLabelsJoined == nil)
        #expect(joined.pages.first?.text == kept.pages.first?.text)
        // It is running text: its lines are not read in rows.
        let share = try #require(joined.pages.first?.proseShare)
        #expect(share >= RowReading.maxProseShare)
    }
}
