import Foundation
import Glibc
import IntakeCore
import IntakeTestSupport
import Testing

/// The real daemon binary on temporary folders.
@Suite(.serialized, .enabled(if: TestEnvironment.hasTessdata))
struct DaemonTests {
    @Test func slowChunkedWriteAndAtomicMoveGiveOneRecordEach() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        defer { daemon.stop() }

        // A scanner appending in chunks: opened, written and closed again each time, with pauses
        // longer than the settle interval. Only the structural check keeps the file from being
        // taken half-written.
        let slow = try DaemonHarness.uniquePDF(1)
        let slowPath = daemon.folder("inbox/scanner.pdf")
        let chunk = slow.count / 4 + 1
        for start in stride(from: 0, to: slow.count, by: chunk) {
            let descriptor = open(slowPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            try #require(descriptor >= 0)
            let piece = Array(slow[start..<min(slow.count, start + chunk)])
            #expect(piece.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) } == piece.count)
            close(descriptor)
            usleep(400_000)
            if start + chunk < slow.count {
                #expect(FileManager.default.fileExists(atPath: slowPath), "a half-written file was taken")
            }
        }
        try daemon.drop("moved.pdf", try DaemonHarness.uniquePDF(2))

        #expect(daemon.wait { daemon.inputs(in: "done").count == 2 }, "\(daemon.log)")
        let records = daemon.records
        #expect(records.count == 2)
        let ids = Set(records.compactMap { $0["id"] as? String })
        #expect(ids == [ContentHash(of: slow).hex, ContentHash(of: try DaemonHarness.uniquePDF(2)).hex])
        #expect(records.allSatisfy { $0["kind"] as? String == "document" && $0["revision"] as? Int == 1 })
        let sources = Set(records.compactMap { ($0["source"] as? [String: Any])?["path"] as? String })
        #expect(sources == [daemon.folder("inbox/scanner.pdf"), daemon.folder("inbox/moved.pdf")])
        #expect(daemon.log.contains("looks unfinished"))
        #expect(daemon.inputs(in: "processing").isEmpty)
    }

    @Test func duplicateDropIsFiledWithANoteAndNoSecondRecord() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        defer { daemon.stop() }
        let bytes = try DaemonHarness.uniquePDF(3)
        try daemon.drop("first.pdf", bytes)
        #expect(daemon.wait { daemon.inputs(in: "done").count == 1 }, "\(daemon.log)")
        try daemon.drop("again/second.pdf", bytes)
        // The note is written just after the file is filed: wait for both.
        let notePath = daemon.folder("done/again/second.pdf.duplicate.json")
        #expect(
            daemon.wait { daemon.inputs(in: "done").count == 2 && FileManager.default.fileExists(atPath: notePath) },
            "\(daemon.log)"
        )
        #expect(daemon.records.count == 1)
        let note =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: daemon.folder("done/again/second.pdf.duplicate.json")))
            ) as? [String: Any]
        #expect(note?["id"] as? String == ContentHash(of: bytes).hex)
        #expect(note?["duplicate_of"] as? String == "first.pdf")
    }

    @Test func badFilesGoToFailedWithTheirReasonWhileOthersContinue() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        defer { daemon.stop() }
        try daemon.drop("locked.pdf", try Fixtures.bytes("encrypted.pdf"))
        try daemon.drop("cut.pdf", try Fixtures.bytes("truncated.pdf"))
        try daemon.drop("good.pdf", try DaemonHarness.uniquePDF(4))
        #expect(symlink("/etc/passwd", daemon.folder("inbox/link.pdf")) == 0)
        #expect(mkfifo(daemon.folder("inbox/pipe.pdf"), 0o644) == 0)
        try daemon.drop(".hidden.pdf", try DaemonHarness.uniquePDF(5))
        try daemon.drop("download.pdf.part", try DaemonHarness.uniquePDF(6))

        // Each file and, written just after it is filed, its note.
        #expect(
            daemon.wait {
                daemon.inputs(in: "failed").count == 4 && daemon.inputs(in: "done").count == 1
                    && daemon.files(in: "failed").filter { $0.hasSuffix(".error.json") }.count == 4
            },
            "\(daemon.log)"
        )
        #expect(daemon.inputs(in: "failed") == ["cut.pdf", "link.pdf", "locked.pdf", "pipe.pdf"])
        func note(_ name: String) throws -> [String: Any] {
            let data = try Data(contentsOf: URL(fileURLWithPath: daemon.folder("failed/\(name).error.json")))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
        #expect(try note("locked.pdf")["code"] as? String == "encrypted")
        #expect(try note("locked.pdf")["stage"] as? String == "open")
        #expect(try note("locked.pdf")["attempts"] as? Int == 1)
        #expect(try note("locked.pdf")["failed_at"] is String)
        #expect(try note("locked.pdf")["claimed_at"] is String)
        #expect(try note("cut.pdf")["code"] as? String == "truncated")
        #expect(try note("link.pdf")["code"] as? String == "not_regular_file")
        #expect((try note("link.pdf")["reason"] as? String)?.contains("symbolic link") == true)
        #expect(try note("pipe.pdf")["code"] as? String == "not_regular_file")
        // The symlink itself was moved; its target is untouched.
        #expect(FileManager.default.fileExists(atPath: "/etc/passwd"))
        // Ignored names stay where they are, untouched.
        #expect(daemon.files(in: "inbox") == [".hidden.pdf", "download.pdf.part"])
        let kinds = daemon.records.compactMap { $0["kind"] as? String }.sorted()
        #expect(kinds == ["document", "error", "error"])
    }

    @Test func sigtermDrainsAndExitsZero() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let names = (10..<18).map { "doc-\($0).pdf" }
        for (index, name) in names.enumerated() { try daemon.drop(name, try DaemonHarness.uniquePDF(10 + index)) }
        _ = daemon.wait(seconds: 5) { !daemon.inputs(in: "done").isEmpty }
        #expect(daemon.stop() == 0)
        // Every file is done (with its record) or back in the inbox; nothing is left claimed.
        #expect(daemon.inputs(in: "processing").isEmpty)
        let done = daemon.inputs(in: "done")
        #expect(Set(done + daemon.inputs(in: "inbox")) == Set(names))
        #expect(daemon.records.count == done.count)
        #expect(daemon.log.contains("stopping"))
        #expect(daemon.log.contains("stopped"))
    }

    @Test func notifyProtocolReadyStatusWatchdogStopping() throws {
        let socketPath = NSTemporaryDirectory() + "intake-notify-\(UUID().uuidString.prefix(8)).sock"
        let socket = try NotifySocket(path: socketPath)
        let daemon = try DaemonHarness()
        try daemon.start(environment: ["NOTIFY_SOCKET": socketPath, "WATCHDOG_USEC": "400000"])
        var messages: [String] = []
        _ = daemon.wait(seconds: 10) {
            messages += socket.receiveAll()
            return messages.contains("WATCHDOG=1") && messages.contains { $0.hasPrefix("READY=1") }
        }
        try daemon.drop("one.pdf", try DaemonHarness.uniquePDF(30))
        _ = daemon.wait(seconds: 10) {
            messages += socket.receiveAll()
            return messages.contains { $0.contains("1 done") }
        }
        #expect(daemon.stop() == 0)
        messages += socket.receiveAll()
        let ready = try #require(messages.first { $0.hasPrefix("READY=1") })
        #expect(ready.contains("STATUS="))
        #expect(ready.contains("MAINPID="))
        #expect(messages.contains("WATCHDOG=1"))
        #expect(messages.contains { $0.hasPrefix("STATUS=") && $0.contains("1 done") })
        #expect(messages.last == "STOPPING=1" || messages.contains("STOPPING=1"))
        #expect(messages.firstIndex { $0.hasPrefix("READY=1") }! < messages.firstIndex(of: "STOPPING=1")!)
    }

    @Test func killNineAtRandomMomentsLosesNothingAndWritesNoIdTwice() throws {
        // With worker processes the daemon's deaths are never a document's fault: no file may
        // end in failed/, however often the kills land on it.
        let daemon = try DaemonHarness(settings: ["processing": ["jobs": "2"]])
        var expected: [String: String] = [:]  // name → id
        var generator = SystemRandomNumberGenerator()
        var number = 100
        for round in 0..<50 {
            for _ in 0..<3 {
                let bytes = try DaemonHarness.uniquePDF(number)
                let name = "round-\(round)/doc-\(number).pdf"
                try daemon.drop(name, bytes)
                expected[name] = ContentHash(of: bytes).hex
                number += 1
            }
            // A byte-identical copy, under a new name, of a file dropped just before: often both
            // are in flight at once.
            let copy = try DaemonHarness.uniquePDF(number - 1)
            try daemon.drop("round-\(round)/copy-of-\(number - 1).pdf", copy)
            expected["round-\(round)/copy-of-\(number - 1).pdf"] = ContentHash(of: copy).hex
            try daemon.start()
            usleep(UInt32.random(in: 0..<400_000, using: &generator))
            daemon.killHard()
            // After the kill: every input is somewhere, and no complete line repeats an id.
            let everywhere = ["inbox", "processing", "done", "failed"].flatMap { daemon.inputs(in: $0) }
            #expect(
                Set(everywhere.map(Self.originalName)) == Set(expected.keys),
                "round \(round): an input went missing"
            )
            let ids = daemon.idsAndRevisions
            #expect(Set(ids).count == ids.count, "round \(round): a record id was written twice")
        }
        try daemon.start()
        #expect(daemon.wait(seconds: 120) { daemon.inputs(in: "done").count == expected.count }, "\(daemon.log)")
        #expect(daemon.stop() == 0)
        #expect(daemon.inputs(in: "done").count == expected.count)
        #expect(daemon.inputs(in: "failed").isEmpty, "a good file was failed")
        #expect(daemon.outputBytes.last == 0x0A, "the output ends with a torn line")
        let records = daemon.records
        let ids = records.compactMap { $0["id"] as? String }
        // One record per content: each copy is a duplicate (filed with a note) or, after a kill
        // between the copies, a next revision; never the same id and revision twice.
        #expect(Set(ids) == Set(expected.values))
        #expect(Set(daemon.idsAndRevisions).count == daemon.idsAndRevisions.count)
        #expect(records.allSatisfy { $0["kind"] as? String == "document" })
    }

    @Test func reprocessFailedAfterTheConfigurationGainsAPassword() throws {
        // The daemon is not running: `intake reprocess` does the work itself.
        let daemon = try DaemonHarness()
        try daemon.start()
        let bytes = try Fixtures.bytes("encrypted.pdf")
        try daemon.drop("locked.pdf", bytes)
        #expect(daemon.wait { daemon.inputs(in: "failed") == ["locked.pdf"] }, "\(daemon.log)")
        #expect(daemon.stop() == 0)

        var config = try String(contentsOfFile: daemon.configPath, encoding: .utf8)
        config += "\n[extraction]\npassword = \"secret\"\n"
        try config.write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
        let result = try daemon.run(["reprocess", "failed"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(daemon.inputs(in: "failed").isEmpty)
        #expect(daemon.files(in: "failed").isEmpty, "the error note goes with the file")
        #expect(daemon.inputs(in: "done") == ["locked.pdf"])
        let records = daemon.records
        #expect(records.count == 2)
        #expect(records.map { $0["kind"] as? String } == ["error", "document"])
        #expect(Set(records.compactMap { $0["id"] as? String }) == [ContentHash(of: bytes).hex])
        #expect(records.map { $0["revision"] as? Int } == [1, 2])
    }

    @Test func reprocessDoneHandsFilesToTheRunningDaemon() throws {
        let daemon = try DaemonHarness(settings: ["processing": ["done_layout": "\"year-month\""]])
        try daemon.start()
        defer { daemon.stop() }
        let bytes = try DaemonHarness.uniquePDF(40)
        try daemon.drop("posting.pdf", bytes)
        #expect(daemon.wait { daemon.records.count == 1 }, "\(daemon.log)")
        let result = try daemon.run(["reprocess", "done", "--since", "2000-01-01"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("handed 1 documents to the running daemon (pid \(daemon.pid))"))
        #expect(daemon.wait { daemon.records.count == 2 }, "\(daemon.log)")
        #expect(daemon.idsAndRevisions == ["\(ContentHash(of: bytes).hex)#1", "\(ContentHash(of: bytes).hex)#2"])
        #expect(daemon.wait { daemon.inputs(in: "done").count == 1 })
        let filed = try #require(daemon.inputs(in: "done").first)
        #expect(filed.range(of: #"^\d{4}/\d{2}/posting\.pdf$"#, options: .regularExpression) != nil)
    }

    @Test func reprocessGivenPathsFromDoneAndFromElsewhere() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let bytes = try DaemonHarness.uniquePDF(45)
        try daemon.drop("kept.pdf", bytes)
        #expect(daemon.wait { daemon.inputs(in: "done") == ["kept.pdf"] }, "\(daemon.log)")
        #expect(daemon.stop() == 0)
        // A copy from outside the daemon's folders is copied in; the file in done/ is moved back.
        let outside = daemon.root + "/elsewhere.pdf"
        let other = try DaemonHarness.uniquePDF(46)
        try Data(other).write(to: URL(fileURLWithPath: outside))
        let result = try daemon.run(["reprocess", daemon.folder("done/kept.pdf"), outside])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: outside), "a file from elsewhere is copied, not moved")
        #expect(daemon.inputs(in: "done") == ["elsewhere.pdf", "kept.pdf"])
        #expect(
            daemon.idsAndRevisions == [
                "\(ContentHash(of: bytes).hex)#1", "\(ContentHash(of: bytes).hex)#2", "\(ContentHash(of: other).hex)#1",
            ]
                || daemon.idsAndRevisions == [
                    "\(ContentHash(of: bytes).hex)#1", "\(ContentHash(of: other).hex)#1",
                    "\(ContentHash(of: bytes).hex)#2",
                ]
        )
    }

    @Test func secondDaemonOnTheSameRootIsRefused() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        defer { daemon.stop() }
        let second = try daemon.run(["watch"])
        #expect(second.status == 75)
        #expect(second.stderr.contains("another intake daemon is running"))
    }

    @Test func sighupReopensTheOutputForLogrotate() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        defer { daemon.stop() }
        try daemon.drop("a.pdf", try DaemonHarness.uniquePDF(50))
        #expect(daemon.wait { daemon.records.count == 1 })
        let rotated = daemon.folder("out/intake.jsonl.1")
        #expect(rename(daemon.outputPath, rotated) == 0)
        kill(daemon.pid, SIGHUP)
        #expect(daemon.wait { daemon.log.contains("configuration reloaded, output reopened") })
        try daemon.drop("b.pdf", try DaemonHarness.uniquePDF(51))
        #expect(daemon.wait { daemon.records.count == 1 && daemon.inputs(in: "done").count == 2 }, "\(daemon.log)")
        #expect(try String(contentsOfFile: rotated, encoding: .utf8).split(separator: "\n").count == 1)
    }

    /// `NAME~2.EXT` → `NAME.EXT`: a claim that found its name taken.
    static func originalName(_ name: String) -> String {
        name.replacingOccurrences(of: #"~\d+(\.[^./]+)$"#, with: "$1", options: .regularExpression)
    }
}

/// A datagram socket bound where `$NOTIFY_SOCKET` points, standing in for systemd.
final class NotifySocket {
    private let descriptor: Int32
    private let path: String

    init(path: String) throws {
        self.path = path
        unlink(path)
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        try #require(descriptor >= 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        try #require(bound == 0)
    }

    deinit {
        close(descriptor)
        unlink(path)
    }

    /// Every datagram waiting.
    func receiveAll() -> [String] {
        var messages: [String] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            messages.append(String(decoding: buffer[..<count], as: UTF8.self))
        }
        return messages
    }
}

/// Poll mode, as used on network file systems (forced here; `auto` picks it by `statfs`).
@Suite(.enabled(if: TestEnvironment.hasTessdata))
struct PollingTests {
    @Test func pollModeFindsDroppedFilesWithoutInotify() throws {
        let daemon = try DaemonHarness(settings: ["watch": ["mode": "\"poll\"", "poll_seconds": "0.2"]])
        try daemon.start()
        defer { daemon.stop() }
        #expect(daemon.log.contains("watching by polling"))
        try daemon.drop("sub/folder/polled.pdf", try DaemonHarness.uniquePDF(60))
        #expect(daemon.wait { daemon.inputs(in: "done") == ["sub/folder/polled.pdf"] }, "\(daemon.log)")
        #expect(daemon.records.count == 1)
    }
}

/// Without worker processes, a file the daemon keeps dying on must not keep it in a crash loop.
@Suite(.enabled(if: TestEnvironment.hasTessdata))
struct CrashLoopTests {
    @Test func inProcessAFileInProgressAtThreeCrashesIsFailedAsCrashed() throws {
        let daemon = try DaemonHarness(settings: ["processing": ["max_crashes": "3", "isolation": "\"none\""]])
        // Two pages of OCR: seconds of work, so the kill lands while it is being extracted.
        let bytes = try Fixtures.bytes("multipage.tiff")
        try daemon.drop("slow.tiff", bytes)
        for round in 1...3 {
            try daemon.start()
            #expect(daemon.wait(seconds: 10) { daemon.inputs(in: "processing") == ["slow.tiff"] }, "round \(round)")
            usleep(300_000)
            #expect(daemon.inputs(in: "done").isEmpty, "round \(round): extraction finished before the kill")
            daemon.killHard()
        }
        try daemon.start()
        defer { daemon.stop() }
        #expect(daemon.wait { daemon.inputs(in: "failed") == ["slow.tiff"] }, "\(daemon.log)")
        let note = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: daemon.awaitNote("failed/slow.tiff.error.json")))
            ) as? [String: Any]
        )
        #expect(note["code"] as? String == "crashed")
        #expect(note["stage"] as? String == "extract")
        let record = try #require(daemon.records.last)
        #expect(record["kind"] as? String == "error")
        #expect(record["id"] as? String == ContentHash(of: bytes).hex)
    }
}

/// Documents read in worker processes (processing.isolation = "process", the default).
@Suite(.enabled(if: TestEnvironment.hasTessdata))
struct IsolatedDaemonTests {
    @Test func theDaemonsOwnDeathsNeverFailAFileInFlight() throws {
        let daemon = try DaemonHarness(settings: ["processing": ["max_crashes": "3"]])
        // Two pages of OCR: seconds of work, so each kill lands while it is being extracted.
        let bytes = try Fixtures.bytes("multipage.tiff")
        try daemon.drop("slow.tiff", bytes)
        for round in 1...4 {
            try daemon.start()
            #expect(daemon.wait(seconds: 10) { daemon.inputs(in: "processing") == ["slow.tiff"] }, "round \(round)")
            usleep(300_000)
            daemon.killHard()
        }
        try daemon.start()
        defer { daemon.stop() }
        #expect(daemon.wait { daemon.inputs(in: "done") == ["slow.tiff"] }, "\(daemon.log)")
        #expect(daemon.inputs(in: "failed").isEmpty)
        #expect(daemon.records.count == 1)
        #expect(daemon.records.first?["kind"] as? String == "document")
    }

    @Test func aWorkerThatDiesIsFiledWithItsSignalAndTheDaemonGoesOn() throws {
        let daemon = try DaemonHarness()
        try daemon.start(environment: ["INTAKE_TEST_WORKER_FAULT": "segv:poison"])
        let pid = daemon.pid
        defer { daemon.stop() }
        try daemon.drop("poison.pdf", try DaemonHarness.uniquePDF(70))
        for number in 71...73 { try daemon.drop("fine-\(number).pdf", try DaemonHarness.uniquePDF(number)) }
        #expect(
            daemon.wait { daemon.inputs(in: "done").count == 3 && daemon.inputs(in: "failed").count == 1 },
            "\(daemon.log)"
        )
        #expect(daemon.inputs(in: "failed") == ["poison.pdf"])
        let note = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: daemon.awaitNote("failed/poison.pdf.error.json")))
            ) as? [String: Any]
        )
        #expect(note["code"] as? String == "crashed")
        #expect((note["reason"] as? String)?.contains("SIGSEGV") == true, "\(note)")
        // The daemon itself never restarted.
        #expect(daemon.isRunning && daemon.pid == pid)
    }

    @Test func byteIdenticalCopiesInFlightGiveOneRecord() throws {
        let daemon = try DaemonHarness(settings: ["processing": ["jobs": "2"]])
        let bytes = try DaemonHarness.uniquePDF(80)
        // Dropped before the start: all are claimed at once, and two workers read them together.
        for number in 1...6 { try daemon.drop("copy-\(number).pdf", bytes) }
        try daemon.start()
        defer { daemon.stop() }
        // A duplicate's note is written just after the file is filed: wait for both.
        func notes() -> Int { daemon.files(in: "done").filter { $0.hasSuffix(".duplicate.json") }.count }
        #expect(daemon.wait { daemon.inputs(in: "done").count == 6 && notes() == 5 }, "\(daemon.log)")
        #expect(daemon.idsAndRevisions == ["\(ContentHash(of: bytes).hex)#1"])
        #expect(daemon.inputs(in: "done").count == 6)
        #expect(notes() == 5)
    }

    @Test func aStopSignalAtAnyMomentAfterStartIsNeverLost() throws {
        let daemon = try DaemonHarness()
        for round in 0..<20 {
            try daemon.startWithoutWaiting()
            usleep(UInt32(round) * 10_000)
            let status = daemon.stop()
            // Stopped cleanly (exit 0), or by the signal's default action before main started,
            // when nothing at all was open yet; never left running.
            #expect(
                status == 0 || status == SIGTERM && !daemon.log.contains("intake is watching"),
                "round \(round): \(status)"
            )
            #expect(daemon.inputs(in: "processing").isEmpty)
        }
    }
}

/// The hostile-input suite (scripts/make-hostile.py): files made to break readers, and workers
/// killed mid-document. The daemon goes on throughout, every input ends in done/ or failed/ with
/// its reason, and the daemon's own memory stays small (the workers have their limit).
@Suite(.enabled(if: TestEnvironment.hasTessdata))
struct HostileInputTests {
    @Test func theDaemonSurvivesTheHostileSuite() throws {
        let generated = NSTemporaryDirectory() + "intake-hostile-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: generated) }
        let script = Fixtures.packageRoot + "/scripts/make-hostile.py"
        let make = Process()
        make.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        make.arguments = ["python3", script, generated]
        make.standardOutput = FileHandle.nullDevice
        try make.run()
        make.waitUntilExit()
        try #require(make.terminationStatus == 0)
        // name → "done", "failed:CODE", "failed" or "either".
        var expected: [String: String] = [:]
        for line in try String(contentsOfFile: generated + "/MANIFEST.tsv", encoding: .utf8).split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            expected[fields[0].replacingOccurrences(of: "\\n", with: "\n")] = String(fields[1])
        }
        #expect(expected.count >= 20)

        let daemon = try DaemonHarness(settings: ["processing": ["jobs": "2"]])
        try daemon.start(environment: ["INTAKE_TEST_WORKER_FAULT": "kill:worker-kill,segv:worker-segv"])
        let pid = daemon.pid
        defer { daemon.stop() }
        for name in expected.keys.sorted() {
            try daemon.drop(name, Array(try Data(contentsOf: URL(fileURLWithPath: generated + "/" + name))))
        }
        let filed = {
            Set(daemon.inputs(in: "done") + daemon.inputs(in: "failed")) == Set(expected.keys)
        }
        #expect(daemon.wait(seconds: 120, until: filed), "\(daemon.log)")
        #expect(daemon.isRunning && daemon.pid == pid, "the daemon restarted")
        #expect(daemon.inputs(in: "inbox").isEmpty && daemon.inputs(in: "processing").isEmpty)
        for (name, outcome) in expected {
            let failed = daemon.inputs(in: "failed").contains(name)
            switch outcome {
            case "done": #expect(!failed, "\(name) should be done")
            case "either": break
            default:
                #expect(failed, "\(name) should be failed")
                let note =
                    try? JSONSerialization.jsonObject(
                        with: Data(contentsOf: URL(fileURLWithPath: daemon.awaitNote("failed/" + name + ".error.json")))
                    ) as? [String: Any]
                #expect(note?["reason"] as? String != nil, "\(name): no reason beside it")
                if outcome.hasPrefix("failed:") {
                    #expect(note?["code"] as? String == String(outcome.dropFirst(7)), "\(name): \(note ?? [:])")
                }
            }
        }
        // Every input has its record, once.
        #expect(daemon.records.count == expected.count)
        // The daemon's own peak resident memory (its workers are held to their limit).
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let peakKiB = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
            .flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") }
        #expect((peakKiB ?? .max) < 100 << 10, "daemon peak \(peakKiB ?? -1) KiB")
    }
}
