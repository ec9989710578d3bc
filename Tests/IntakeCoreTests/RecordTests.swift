import Foundation
import IntakeCore
import Testing

struct RecordTests {
    let versions = ComponentVersions(poppler: "22.12.0", tesseract: "5.3.0", leptonica: "1.82.0")

    @Test func contentHashIsTheSHA256OfTheBytes() {
        // FIPS 180-2 test vector.
        #expect(
            ContentHash(of: Array("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        )
    }

    @Test func metadataIsFlatAndDropsNil() throws {
        var metadata = FlatMetadata()
        metadata["source"] = .string("/in/a.pdf")
        metadata["page_count"] = .int(2)
        metadata["mtime"] = nil
        metadata["ocr_confidence"] = .double(91.5)
        metadata["page_count"] = .int(3)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(metadata), as: UTF8.self)
        #expect(json == #"{"ocr_confidence":91.5,"page_count":3,"source":"\/in\/a.pdf"}"#)
    }

    @Test func documentRecordUsesSnakeCase() throws {
        let pages = [
            ExtractedPage(
                number: 1,
                textSource: .native,
                reason: .textLayer,
                text: "first page",
                width: 595,
                height: 842
            ),
            ExtractedPage(
                number: 2,
                textSource: .ocr,
                reason: .tooFewCharacters,
                text: "second",
                width: 595,
                height: 842,
                ocrConfidence: 93,
                wordCount: 1,
                dpi: 300,
                dpiSource: .render
            ),
        ]
        let record = DocumentRecord(
            id: ContentHash(of: [1, 2, 3]),
            source: SourceInfo(
                path: "/in/a.pdf",
                fileName: "a.pdf",
                size: 3,
                mediaType: "application/pdf",
                mtime: "2026-01-01T00:00:00Z"
            ),
            pages: pages,
            text: "first page\n\nsecond",
            posting: JobPosting(),
            timings: DocumentTimings(readMs: 1, extractMs: 2, totalMs: 3),
            versions: versions,
            warnings: [],
            metadata: FlatMetadata()
        )
        #expect(record.text == "first page\n\nsecond")
        let object = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(record)) as? [String: Any]
        )
        #expect(object["schema_version"] as? Int == recordSchemaVersion)
        #expect(object["kind"] as? String == "document")
        let firstPage = try #require((object["pages"] as? [[String: Any]])?.last)
        #expect(firstPage["text_source"] as? String == "ocr")
        #expect(firstPage["reason"] as? String == "too_few_characters")
        #expect(firstPage["dpi_source"] as? String == "render")
        #expect(firstPage["word_count"] as? Int == 1)
        let source = try #require(object["source"] as? [String: Any])
        #expect(source["file_name"] as? String == "a.pdf")
        #expect(source["media_type"] as? String == "application/pdf")
    }

    @Test func errorRecordCarriesStageCodeAndReason() throws {
        let error = IntakeError(.encrypted, stage: .open, "a.pdf: the PDF is encrypted and no password was given")
        let record = ErrorRecord(
            id: nil,
            source: SourceInfo(path: "/in/a.pdf", fileName: "a.pdf"),
            error: error,
            versions: versions
        )
        let object = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(record)) as? [String: Any]
        )
        #expect(object["kind"] as? String == "error")
        let detail = try #require(object["error"] as? [String: Any])
        #expect(detail["stage"] as? String == "open")
        #expect(detail["code"] as? String == "encrypted")
        #expect(detail["reason"] as? String == error.message)
        #expect(record.metadata["error_code"] == .string("encrypted"))
    }

    @Test func pageWithNonFiniteSizeStillEncodes() throws {
        let page = ExtractedPage(
            number: 1,
            textSource: .native,
            reason: .textLayer,
            text: "x",
            width: .infinity,
            height: .nan
        )
        #expect(page.width == 0 && page.height == 0)
        _ = try JSONEncoder().encode(page)
    }
}
