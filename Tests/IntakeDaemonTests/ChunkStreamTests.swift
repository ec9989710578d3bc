import Foundation
import Glibc
import IntakeCore
import IntakeTestSupport
import Testing

@testable import IntakeDaemon

/// The daemon's chunk stream (`output.chunks`): written before each record, replaced by id when
/// a document is reprocessed, with the chunks a new revision no longer has listed as deleted.
@Suite(.serialized, .enabled(if: TestEnvironment.hasTessdata))
struct ChunkStreamTests {
    static func settings(size: Int) -> [String: [String: String]] {
        ["output": ["chunks": "\"chunks.jsonl\""], "chunks": ["size": "\(size)", "overlap": "0"]]
    }

    @Test func reprocessingReplacesChunksAndDeletesTheOnesThatAreGone() throws {
        let daemon = try DaemonHarness(settings: Self.settings(size: 300))
        let chunkPath = daemon.folder("out/chunks.jsonl")
        try daemon.start()
        let bytes = try DaemonHarness.uniquePDF(70)
        let id = ContentHash(of: bytes).hex
        try daemon.drop("posting.pdf", bytes)
        #expect(daemon.wait { daemon.records.count == 1 }, "\(daemon.log)")
        // Written before the record: there as soon as the record is.
        let first = daemon.lines(of: chunkPath)
        #expect(first.count >= 5)
        #expect(first.allSatisfy { $0["kind"] as? String == "chunk" && $0["revision"] as? Int == 1 })
        #expect(first.map { $0["id"] as? String } == first.indices.map { "\(id):" + String(format: "%04d", $0) })
        #expect(daemon.stop() == 0)

        // Bigger chunks, fewer of them: revision 2 deletes the rest.
        try daemon.configure(Self.settings(size: 2000))
        try daemon.start()
        defer { daemon.stop() }
        let result = try daemon.run(["reprocess", "done", "--since", "2000-01-01"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(daemon.wait { daemon.records.count == 2 }, "\(daemon.log)")
        let second = Array(daemon.lines(of: chunkPath).dropFirst(first.count))
        let deleted = second.filter { $0["kind"] as? String == "deleted" }
        let chunks = second.filter { $0["kind"] as? String == "chunk" }
        #expect(chunks.count >= 1 && chunks.count < first.count)
        #expect(deleted.count == first.count - chunks.count)
        #expect(second.allSatisfy { $0["revision"] as? Int == 2 && $0["doc_id"] as? String == id })
        #expect(
            Set(deleted.compactMap { $0["id"] as? String })
                == Set(first[chunks.count...].compactMap { $0["id"] as? String })
        )

        // An indexer replaying the stream (upsert by id, remove on deleted) ends with exactly
        // revision 2's chunks.
        var index: [String: Int] = [:]
        for line in daemon.lines(of: chunkPath) {
            let key = try #require(line["id"] as? String)
            if line["kind"] as? String == "deleted" { index[key] = nil } else { index[key] = line["revision"] as? Int }
        }
        #expect(index.count == chunks.count && index.values.allSatisfy { $0 == 2 })
    }

    /// A ledger written by an older Intake (schema version 1, no chunk column) opens, gains the
    /// column, and keeps its entries.
    @Test func ledgerFromBeforeChunksIsMigrated() throws {
        let folder = NSTemporaryDirectory() + "intake-ledger-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/ledger.sqlite"
        let old = try SQLiteDatabase(path: path)
        try old.execute(
            """
            CREATE TABLE documents (id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, revision INTEGER NOT NULL,
            attempts INTEGER NOT NULL, outcome TEXT NOT NULL, output TEXT, output_offset INTEGER, location TEXT,
            first_seen TEXT NOT NULL, updated TEXT NOT NULL)
            """
        )
        let id = ContentHash(of: Array("old".utf8))
        try old.execute(
            "INSERT INTO documents VALUES (?, 'a.pdf', 1, 1, 'done', 'out.jsonl', 0, NULL, 'then', 'then')",
            SQLValue.text(id.hex)
        )
        try old.execute("PRAGMA user_version = 1")
        let ledger = try SQLiteLedger(path: path)
        #expect(try ledger.entry(id)?.chunks == nil)
        #expect(try ledger.entry(id)?.outcome == .done)
        try ledger.beginWrite(id: id, name: "a.pdf", revision: 2, output: "out.jsonl", offset: 10)
        // The count changes with the finish, not before (a crash in between keeps the old one).
        #expect(try ledger.entry(id)?.chunks == nil)
        try ledger.finish(id: id, revision: 2, outcome: .done, location: nil, chunks: 4)
        #expect(try ledger.entry(id)?.chunks == 4)
        // An error record keeps the count of the last document record.
        try ledger.beginWrite(id: id, name: "a.pdf", revision: 3, output: "out.jsonl", offset: 20)
        try ledger.finish(id: id, revision: 3, outcome: .failed, location: nil)
        #expect(try ledger.entry(id)?.chunks == 4)
        #expect(try SQLiteLedger(path: path).entry(id)?.revision == 3)
    }
}
