public import IntakeCore
import IntakePosix

/// What the ledger knows of one document (one content hash).
public struct LedgerEntry: Sendable, Hashable {
    /// Where a document stands.
    public enum Outcome: String, Sendable {
        /// Its record line is being appended at ``LedgerEntry/output``, ``LedgerEntry/offset``;
        /// not yet confirmed. After a crash, recovery looks there for the line.
        case writing
        /// A document record was written.
        case done
        /// An error record was written; the file is in failed/.
        case failed
    }

    /// The content hash: the record id.
    public var id: ContentHash
    /// The inbox-relative name of the latest drop.
    public var name: String
    /// The revision of the latest record written (or being written).
    public var revision: Int
    /// How many times a record was written or attempted.
    public var attempts: Int
    /// Where it stands.
    public var outcome: Outcome
    /// The output file the latest line went to, and its byte offset there.
    public var output: String?
    /// See ``output``.
    public var offset: Int?
    /// Where the file was put afterwards (in done/ or failed/), `nil` when deleted.
    public var location: String?
    /// How many chunks the latest document record has in the chunk stream (`nil` when no
    /// chunk stream was written for it).
    public var chunks: Int?
    /// When the ledger first saw this content (ISO 8601 UTC).
    public var firstSeen: String
    /// When the entry last changed (ISO 8601 UTC).
    public var updated: String
}

/// The daemon's memory: content hash → record id, revision, attempts and outcome, in SQLite
/// (WAL, `synchronous=FULL`), so it survives `kill -9` and power loss.
///
/// The write protocol, with the JSONL line in the middle:
/// 1. ``beginWrite(id:name:revision:output:offset:)`` commits `writing` and the line's offset;
/// 2. the line is appended (and synced, per the fsync policy);
/// 3. ``finish(id:outcome:location:)`` commits `done` or `failed`.
///
/// A crash between 1 and 3 leaves `writing`; recovery reads the output at the offset: the line
/// is there (then the entry is finished) or it is not (then the document is processed again,
/// with the same revision). So a record id is written once per revision.
public final class Ledger {
    private let database: SQLiteDatabase

    /// Opens or creates the ledger at `path`.
    public init(path: String) throws(SQLiteError) {
        database = try SQLiteDatabase(path: path)
        try database.transaction { () throws(SQLiteError) in
            try database.execute(
                """
                CREATE TABLE IF NOT EXISTS documents (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    revision INTEGER NOT NULL,
                    attempts INTEGER NOT NULL,
                    outcome TEXT NOT NULL,
                    output TEXT,
                    output_offset INTEGER,
                    location TEXT,
                    first_seen TEXT NOT NULL,
                    updated TEXT NOT NULL
                )
                """
            )
            try database.execute("CREATE INDEX IF NOT EXISTS documents_by_outcome ON documents (outcome, updated)")
            try database.execute(
                "CREATE TABLE IF NOT EXISTS reprocess_requests (id TEXT PRIMARY KEY NOT NULL, requested TEXT NOT NULL)"
            )
            try database.execute(
                "CREATE TABLE IF NOT EXISTS in_progress (path TEXT PRIMARY KEY NOT NULL, starts INTEGER NOT NULL)"
            )
            // Version 2: the chunk count of each document's latest revision.
            let version = try database.query("PRAGMA user_version").first?.first?.int ?? 0
            if version < 2 {
                let columns = try database.query("SELECT name FROM pragma_table_info('documents')")
                if !columns.contains(where: { $0.first?.string == "chunks" }) {
                    try database.execute("ALTER TABLE documents ADD COLUMN chunks INTEGER")
                }
                try database.execute("PRAGMA user_version = 2")
            }
        }
    }

    /// The entry for `id`.
    public func entry(_ id: ContentHash) throws(SQLiteError) -> LedgerEntry? {
        try entries(where: "id = ?", .text(id.hex)).first
    }

    /// Entries still `writing` (a crash came between steps 1 and 3).
    public func unfinishedWrites() throws(SQLiteError) -> [LedgerEntry] {
        try entries(where: "outcome = 'writing'")
    }

    /// Documents done since `date` (ISO 8601, compared as text), oldest first.
    public func done(since date: String) throws(SQLiteError) -> [LedgerEntry] {
        try entries(where: "outcome = 'done' AND updated >= ? ORDER BY updated", .text(date))
    }

    /// Step 1: the record line for `id` at `revision` is about to be appended at `offset`.
    public func beginWrite(
        id: ContentHash,
        name: String,
        revision: Int,
        output: String,
        offset: Int,
        chunks: Int? = nil
    ) throws(SQLiteError) {
        let now = Ledger.timestamp()
        try database.execute(
            """
            INSERT INTO documents (id, name, revision, attempts, outcome, output, output_offset, first_seen, updated, chunks)
            VALUES (?1, ?2, ?3, 1, 'writing', ?4, ?5, ?6, ?6, ?7)
            ON CONFLICT (id) DO UPDATE SET
                name = ?2, revision = ?3, attempts = attempts + 1, outcome = 'writing',
                output = ?4, output_offset = ?5, updated = ?6, chunks = coalesce(?7, chunks)
            """,
            .text(id.hex),
            .text(name),
            .integer(revision),
            .text(output),
            .integer(offset),
            .text(now),
            chunks.map(SQLValue.integer) ?? .null
        )
    }

    /// Step 3: the line is written; the document is `done` or `failed`.
    public func finish(id: ContentHash, outcome: LedgerEntry.Outcome, location: String?) throws(SQLiteError) {
        try database.execute(
            "UPDATE documents SET outcome = ?2, location = ?3, updated = ?4 WHERE id = ?1",
            .text(id.hex),
            .text(outcome.rawValue),
            location.map(SQLValue.text) ?? .null,
            .text(Ledger.timestamp())
        )
    }

    /// Records where a document's file is now.
    public func move(id: ContentHash, to location: String?) throws(SQLiteError) {
        try database.execute(
            "UPDATE documents SET location = ?2 WHERE id = ?1",
            .text(id.hex),
            location.map(SQLValue.text) ?? .null
        )
    }

    /// Asks for `id` to be processed again, with a new revision, even though it is done.
    public func requestReprocessing(_ id: ContentHash) throws(SQLiteError) {
        try database.execute(
            "INSERT OR REPLACE INTO reprocess_requests (id, requested) VALUES (?, ?)",
            .text(id.hex),
            .text(Ledger.timestamp())
        )
    }

    /// Whether reprocessing of `id` was asked for.
    public func isReprocessingRequested(_ id: ContentHash) throws(SQLiteError) -> Bool {
        try !database.query("SELECT 1 FROM reprocess_requests WHERE id = ?", .text(id.hex)).isEmpty
    }

    /// Forgets a reprocessing request once its record is written.
    public func clearReprocessingRequest(_ id: ContentHash) throws(SQLiteError) {
        try database.execute("DELETE FROM reprocess_requests WHERE id = ?", .text(id.hex))
    }

    /// Notes that extraction of the file at `path` (in processing/) starts; returns how many
    /// times it has started without finishing, this one included.
    @discardableResult
    public func markStarted(_ path: String) throws(SQLiteError) -> Int {
        let rows = try database.query(
            """
            INSERT INTO in_progress (path, starts) VALUES (?, 1)
            ON CONFLICT (path) DO UPDATE SET starts = starts + 1 RETURNING starts
            """,
            .text(path)
        )
        return rows.first?.first?.int ?? 1
    }

    /// How many times extraction of `path` started without finishing (the process died).
    public func interruptedStarts(_ path: String) throws(SQLiteError) -> Int {
        try database.query("SELECT starts FROM in_progress WHERE path = ?", .text(path)).first?.first?.int ?? 0
    }

    /// Forgets `path`'s starts: it finished, failed, or went back to the inbox.
    public func markFinished(_ path: String) throws(SQLiteError) {
        try database.execute("DELETE FROM in_progress WHERE path = ?", .text(path))
    }

    /// Counts of entries by outcome.
    public func counts() throws(SQLiteError) -> [LedgerEntry.Outcome: Int] {
        var counts: [LedgerEntry.Outcome: Int] = [:]
        for row in try database.query("SELECT outcome, count(*) FROM documents GROUP BY outcome") {
            if let outcome = row[0].string.flatMap(LedgerEntry.Outcome.init(rawValue:)), let count = row[1].int {
                counts[outcome] = count
            }
        }
        return counts
    }

    private func entries(where condition: String, _ bindings: SQLValue...) throws(SQLiteError) -> [LedgerEntry] {
        let sql = """
            SELECT id, name, revision, attempts, outcome, output, output_offset, location, first_seen, updated, chunks
            FROM documents WHERE \(condition)
            """
        var entries: [LedgerEntry] = []
        for row in try database.query(sql, bindings: bindings) {
            guard let hex = row[0].string, let id = ContentHash(hex: hex),
                let outcome = row[4].string.flatMap(LedgerEntry.Outcome.init(rawValue:))
            else { continue }
            entries.append(
                LedgerEntry(
                    id: id,
                    name: row[1].string ?? "",
                    revision: row[2].int ?? 1,
                    attempts: row[3].int ?? 0,
                    outcome: outcome,
                    output: row[5].string,
                    offset: row[6].int,
                    location: row[7].string,
                    chunks: row[10].int,
                    firstSeen: row[8].string ?? "",
                    updated: row[9].string ?? ""
                )
            )
        }
        return entries
    }

    /// Now as ISO 8601 UTC with milliseconds (sorts as text).
    static func timestamp() -> String {
        UTCTime.now(.milliseconds)
    }
}

@available(*, unavailable)
extension Ledger: Sendable {}
