import Foundation
import IntakeCore
import IntakePipeline
import IntakeTestSupport
import Testing

@testable import IntakeDaemon

struct ConfigurationTests {
    @Test func exampleFileDocumentsEveryKeyWithItsDefault() throws {
        let path = Fixtures.packageRoot + "/config/intake.toml"
        let example = try DaemonConfiguration.load(path: path)
        #expect(example == DaemonConfiguration())
        // Every key the effective configuration prints is in the example, and the other way round.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        func keys(_ toml: String) -> Set<String> {
            var section = ""
            var keys: Set<String> = []
            for line in toml.split(separator: "\n") where !line.hasPrefix("#") {
                if line.hasPrefix("[") {
                    section = String(line.dropFirst().dropLast())
                } else if let equals = line.firstIndex(of: "=") {
                    keys.insert(section + "." + line[..<equals].trimmingCharacters(in: .whitespaces))
                }
            }
            return keys
        }
        #expect(keys(text) == keys(DaemonConfiguration().effectiveTOML))
        // The effective configuration reads back as itself.
        #expect(try DaemonConfiguration.parse(toml: DaemonConfiguration().effectiveTOML) == DaemonConfiguration())
    }

    @Test(arguments: [
        ("[watch]\nsetle_seconds = 2\n", "watch.setle_seconds: unknown key"),
        ("[wach]\nsettle_seconds = 2\n", "wach: unknown key"),
        ("[watch]\nmode = \"fast\"\n", "watch.mode: 'fast' is not one of auto, inotify, poll"),
        ("[processing]\njobs = \"2\"\n", "processing.jobs: expected an integer, found string"),
        ("[processing]\nmax_attempts = 0\n", "processing.max_attempts: 0 is outside 1…100"),
        ("[output]\nfsync = \"sometimes\"\n", "output.fsync: 'sometimes' is not one of always, never"),
        ("[extraction]\nlanguages = [\"en g\"]\n", "is not a Tesseract language code"),
        ("[folders]\nroot = \"relative\"\n", "folders.root: 'relative' must be an absolute path"),
        ("[preprocessing]\ndenoise = \"yes\"\n", "preprocessing.denoise: 'yes' is not one of auto, always, never"),
        ("[preprocessing]\nrotate = 1\n", "preprocessing.rotate: expected true or false"),
        (
            "[preprocessing]\ntarget_text_height = 50\n",
            "min_text_height (6) ≤ target_text_height (50) ≤ max_text_height (40) does not hold"
        ),
        ("[preprocessing]\nmin_dpi = 200\n", "preprocessing.min_dpi: unknown key"),
        (
            "[extraction]\nlayout = \"grid\"\n",
            "extraction.layout: 'grid' is not one of auto, columns, single-block, sparse"
        ),
        ("[extraction]\nassume_dpi = 20\n", "extraction.assume_dpi must be 0 (none) or within 50…1200"),
        ("[extraction]\nmin_dictionary_ratio = 2\n", "extraction.min_dictionary_ratio: 2.0 is outside"),
        ("watch = 3\n", "watch: expected a [watch] table"),
        ("[watch\n", "line 1"),
    ])
    func badConfigurationsSayWhatIsWrong(toml: String, message: String) {
        #expect {
            _ = try DaemonConfiguration.parse(toml: toml, file: "test.toml")
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test func lifecycleFoldersMustNotBeInsideTheInbox() throws {
        var config = DaemonConfiguration()
        config.root = "/srv/intake"
        config.output = "inbox/out"
        #expect(throws: ConfigurationError.self) { try config.validateFolders() }
        config.output = "out"
        config.processing = "/srv/intake/inbox"
        #expect(throws: ConfigurationError.self) { try config.validateFolders() }
        config.processing = "processing"
        try config.validateFolders()
    }

    @Test func processingOnAnotherFileSystemThanTheInboxIsRefused() throws {
        // /dev/shm is its own tmpfs mount: another device than the temporary folder.
        var config = DaemonConfiguration()
        config.root = NSTemporaryDirectory()
        config.processing = "/dev/shm/intake-processing-test"
        try #require(DaemonConfiguration.device(of: "/dev/shm") != DaemonConfiguration.device(of: config.root))
        #expect {
            try config.validateFolders()
        } throws: { error in
            "\(error)".contains("another file system")
        }
    }

    @Test func defaultIgnoreRulesLetOrdinaryNamesThrough() {
        let walker = FolderWalker(ignore: IgnoreRules(patterns: DaemonConfiguration().ignore), recursive: true)
        let ordinary = [
            "posting.pdf", "Senior Data Engineer (2026).PDF", "scan_0001.tiff", "résumé.png", "report.v2.final.pdf",
            "~draft.pdf", "lock.pdf", "tmp.pdf", "part-time role.jpg", "2026/11/offer letter.pdf", "eaDir.pdf",
            "thumbs.db.pdf",
        ]
        for name in ordinary { #expect(!walker.ignores(relative: name), "\(name) was ignored") }
        let clutter = [
            ".posting.pdf", "posting.pdf.part", "upload.tmp", "file.crdownload", "~$report.docx", ".~lock.report.odt#",
            "Thumbs.db", "desktop.ini", "@eaDir/posting.pdf", "sub/.hidden/posting.pdf",
        ]
        for name in clutter { #expect(walker.ignores(relative: name), "\(name) was taken") }
    }
}

struct OutputLogTests {
    @Test func tornLastLineIsCutAndCompleteLinesAreFound() throws {
        let folder = NSTemporaryDirectory() + "intake-output-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/intake.jsonl"
        try Data("{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c".utf8).write(to: URL(fileURLWithPath: path))
        let output = try OutputLog(
            folder: folder,
            fileName: "intake.jsonl",
            policy: .always,
            rotateBytes: 0,
            rotateDaily: false
        )
        #expect(try output.repairTornTail() == 8)
        #expect(output.size == 22)
        try output.append(Array("{\"id\":\"d\"}".utf8))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"d\"}\n")
        #expect(OutputLog.line(at: 11, in: path) == Array("{\"id\":\"b\"}".utf8))
        #expect(OutputLog.line(at: 33, in: path) == nil)
    }

    @Test func rotationBySizeKeepsWholeLinesAndAStableName() throws {
        let folder = NSTemporaryDirectory() + "intake-rotate-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = try OutputLog(
            folder: folder,
            fileName: "intake.jsonl",
            policy: .never,
            rotateBytes: 100,
            rotateDaily: false
        )
        let line = Array(String(repeating: "x", count: 39).utf8)
        for _ in 0..<5 {
            try output.rotateIfNeeded(before: line.count)
            try output.append(line)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names.count == 3)
        #expect(names.last == "intake.jsonl")
        for name in names.dropLast() {
            #expect(
                name.range(of: #"^intake-\d{8}T\d{6}Z(-\d+)?\.jsonl$"#, options: .regularExpression) != nil,
                "\(name)"
            )
        }
        let sizes = try names.map { try FileManager.default.attributesOfItem(atPath: folder + "/" + $0)[.size] as? Int }
        #expect(sizes.allSatisfy { $0 != nil && $0! <= 100 && $0! % 40 == 0 })
    }
}

struct LedgerTests {
    @Test func writeProtocolAndReprocessingRequests() throws {
        let folder = NSTemporaryDirectory() + "intake-ledger-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let ledger = try SQLiteLedger(path: folder + "/ledger.sqlite")
        let id = ContentHash(of: Array("one".utf8))
        #expect(try ledger.entry(id) == nil)
        try ledger.beginWrite(id: id, name: "a.pdf", revision: 1, output: "/o", offset: 0)
        #expect(try ledger.unfinishedWrites().map(\.id) == [id])
        try ledger.finish(id: id, revision: 1, outcome: .done, location: "/done/a.pdf")
        let entry = try #require(try ledger.entry(id))
        #expect(entry.outcome == .done && entry.revision == 1 && entry.attempts == 1 && entry.location == "/done/a.pdf")
        #expect(try ledger.unfinishedWrites().isEmpty)
        #expect(try ledger.done(since: "2000-01-01").map(\.id) == [id])
        #expect(try ledger.done(since: "2999-01-01").isEmpty)

        // Another connection (intake reprocess) asks for a new revision; finishing forgets it.
        try SQLiteLedger(path: folder + "/ledger.sqlite").requestReprocessing(id)
        #expect(try ledger.entry(id)?.reprocessingRequested == true)
        try ledger.beginWrite(id: id, name: "a.pdf", revision: 2, output: "/o", offset: 10)
        try ledger.finish(id: id, revision: 2, outcome: .done, location: nil)
        #expect(try ledger.entry(id)?.reprocessingRequested == false)
        #expect(try ledger.entry(id)?.revision == 2)
        #expect(try ledger.entry(id)?.attempts == 2)
        #expect(try ledger.counts() == [.done: 1])
    }
}
