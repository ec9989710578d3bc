import Foundation
import IntakeCore
import IntakePipeline
import IntakeTestSupport
import Logging
import Testing

@Suite(.enabled(if: TestEnvironment.hasTessdata))
struct BatchTests {
    /// Folders are walked in path order; symlinks to files are taken, symlinks to folders are
    /// not walked (they could loop) and count as ignored.
    @Test func collectorWalksFoldersAndFollowsOnlyFileLinks() throws {
        let folder = try TemporaryFolder()
        folder.file("b.pdf", contents: Array("%PDF-".utf8))
        try FileManager.default.createDirectory(atPath: folder.path("a/inner"), withIntermediateDirectories: true)
        folder.file("a/inner/c.png", contents: [0x89])
        try FileManager.default.createSymbolicLink(
            atPath: folder.path("d-link.pdf"),
            withDestinationPath: folder.path("b.pdf")
        )
        try FileManager.default.createSymbolicLink(atPath: folder.path("e-loop"), withDestinationPath: folder.path("a"))
        let collected = InputCollector().collect([folder.path])
        #expect(
            collected.items == [
                .file(folder.path("a/inner/c.png")), .file(folder.path("b.pdf")), .file(folder.path("d-link.pdf")),
            ]
        )
        #expect(collected.ignored == 1)
    }

    @Test func badFilesDoNotStopTheBatch() async throws {
        let folder = try TemporaryFolder()
        try folder.copy(fixture: "text.pdf", as: "a-good.pdf")
        try folder.copy(fixture: "truncated.pdf", as: "b-truncated.pdf")
        try folder.copy(fixture: "corrupt.png", as: "c-corrupt.png")
        try FileManager.default.createDirectory(atPath: folder.path("nested"), withIntermediateDirectories: true)
        try folder.copy(fixture: "scan-clean.png", as: "nested/d-scan.png")
        folder.file("e-empty.pdf", contents: [])
        folder.file(".hidden.pdf", contents: Array("%PDF-".utf8))
        folder.file("upload.pdf.part", contents: Array("%PDF-".utf8))

        let inputs = InputCollector().collect([folder.path, "/nonexistent/x.pdf"])
        #expect(inputs.ignored == 2)
        var lines: [ProcessedDocument] = []
        let runner = BatchRunner(options: ExtractionOptions(), jobs: 2, logger: Logger(label: "test"))
        var progressCalls = 0
        let summary = try await runner.run(inputs, write: { lines.append($0) }, progress: { _ in progressCalls += 1 })

        #expect(lines.count == 6)
        #expect(progressCalls == 6)
        #expect(summary.documentsOK == 2)
        #expect(summary.documentsFailed == 4)
        #expect(summary.nativePages == 1)
        #expect(summary.ocrPages == 1)
        var codes: [String: String] = [:]
        for line in lines {
            switch line.line {
            case .document(let record): codes[record.source.fileName] = "ok"
            case .error(let record): codes[record.source.fileName] = record.error.code
            }
            // Every line is one line of JSON.
            #expect(!line.json.contains(0x0A))
            #expect(try JSONSerialization.jsonObject(with: Data(line.json)) is [String: Any])
        }
        #expect(
            codes == [
                "a-good.pdf": "ok", "b-truncated.pdf": "truncated", "c-corrupt.png": "corrupt_image",
                "d-scan.png": "ok", "e-empty.pdf": "empty", "x.pdf": "not_found",
            ]
        )
    }

    @Test func documentRecordHasFlatMetadataAndVersions() async throws {
        let worker = ExtractionWorker(index: 0, options: ExtractionOptions(), logger: Logger(label: "test"))
        let processed = await worker.process(path: Fixtures.path("mixed.pdf"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(processed.json)) as? [String: Any])
        #expect(object["id"] as? String == ContentHash(of: try Fixtures.bytes("mixed.pdf")).hex)
        let metadata = try #require(object["metadata"] as? [String: Any])
        for (key, value) in metadata {
            let scalar = value is String || value is NSNumber
            let list = (value as? [Any])?.allSatisfy { $0 is String || $0 is NSNumber } ?? false
            #expect(scalar || list, "metadata.\(key) is nested")
        }
        #expect(metadata["page_count"] as? Int == 3)
        #expect(metadata["native_pages"] as? Int == 2)
        #expect(metadata["ocr_pages"] as? Int == 1)
        #expect(metadata["media_type"] as? String == "application/pdf")
        let versions = try #require(object["versions"] as? [String: String])
        #expect(versions["intake"] == intakeVersion)
        #expect(versions["poppler"]?.first?.isNumber == true)
        #expect(versions["tesseract"]?.first?.isNumber == true)
        #expect(versions["leptonica"]?.first?.isNumber == true)
        let timings = try #require(object["timings"] as? [String: Double])
        #expect((timings["total_ms"] ?? 0) > 0)
    }
}

struct IgnoreRulesTests {
    @Test(arguments: [
        ".DS_Store", ".hidden.pdf", "scan.pdf.part", "x.tmp", "~$report.docx", ".~lock.a.odt#", "Thumbs.db", "@eaDir",
        "file.crdownload",
    ])
    func defaultsIgnoreTemporaryAndHiddenFiles(_ name: String) {
        #expect(IgnoreRules().ignores(name))
    }

    @Test(arguments: [
        "scan.pdf", "Posting 2026-04.PDF", "résumé.png", "a.tiff", "partial.pdf", "tmp.pdf", "thumbs.png",
        "my~file.jpg", "2026_03_scan (1).jpg",
    ])
    func defaultsLetOrdinaryNamesThrough(_ name: String) {
        #expect(!IgnoreRules().ignores(name))
    }

    @Test func customPatterns() {
        let rules = IgnoreRules(patterns: ["*.bak", "draft-??.pdf"])
        #expect(rules.ignores("a.bak"))
        #expect(rules.ignores("draft-01.pdf"))
        #expect(!rules.ignores("draft-001.pdf"))
        #expect(!rules.ignores(".hidden"))
    }
}
