public import IntakeCore
import IntakePosix

/// The embedded ledger, for one host: SQLite (WAL, `synchronous=FULL`) in the state folder,
/// so it survives `kill -9` and power loss. See ``LedgerStore`` for the write protocol.
public final class SQLiteLedger: LedgerStore {
    private let database: SQLiteDatabase

    /// Opens or creates the ledger at `path`.
    public init(path: String) throws(LedgerError) {
        do {
            database = try SQLiteDatabase(path: path)
            try Self.migrate(database)
        } catch {
            throw .sqlite(error)
        }
    }

    /// Creates the tables, or brings an older ledger's up to date.
    private static func migrate(_ database: SQLiteDatabase) throws(SQLiteError) {
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

    /// Runs `body`, its SQLite error as a ``LedgerError``.
    private func sqlite<T>(_ body: () throws(SQLiteError) -> T) throws(LedgerError) -> T {
        do {
            return try body()
        } catch {
            throw .sqlite(error)
        }
    }

    public func entry(_ id: ContentHash) throws(LedgerError) -> LedgerEntry? {
        try sqlite { () throws(SQLiteError) in try entries(where: "id = ?", .text(id.hex)).first }
    }

    public func unfinishedWrites() throws(LedgerError) -> [LedgerEntry] {
        try sqlite { () throws(SQLiteError) in try entries(where: "outcome = 'writing'") }
    }

    public func done(since date: String) throws(LedgerError) -> [LedgerEntry] {
        try sqlite { () throws(SQLiteError) in
            try entries(where: "outcome = 'done' AND updated >= ? ORDER BY updated", .text(date))
        }
    }

    /// One host: nothing to take from anyone (the daemon keeps documents in flight in memory).
    public func acquire(id: ContentHash, name: String, revision: Int, seen: LedgerEntry?) throws(LedgerError) -> Bool {
        true
    }

    public func beginWrite(
        id: ContentHash,
        name: String,
        revision: Int,
        output: String,
        offset: Int
    ) throws(LedgerError) {
        let now = Self.timestamp()
        try sqlite { () throws(SQLiteError) in
            try database.execute(
                """
                INSERT INTO documents (id, name, revision, attempts, outcome, output, output_offset, first_seen, updated)
                VALUES (?1, ?2, ?3, 1, 'writing', ?4, ?5, ?6, ?6)
                ON CONFLICT (id) DO UPDATE SET
                    name = ?2, revision = ?3, attempts = attempts + 1, outcome = 'writing',
                    output = ?4, output_offset = ?5, updated = ?6
                """,
                .text(id.hex),
                .text(name),
                .integer(revision),
                .text(output),
                .integer(offset),
                .text(now)
            )
        }
    }

    @discardableResult
    public func finish(
        id: ContentHash,
        revision: Int,
        outcome: LedgerEntry.Outcome,
        location: String?,
        chunks: Int? = nil,
        record: [UInt8]? = nil
    ) throws(LedgerError) -> Bool {
        try sqlite { () throws(SQLiteError) in
            try database.transaction { () throws(SQLiteError) in
                try database.execute(
                    """
                    UPDATE documents SET outcome = ?2, location = ?3, updated = ?4, chunks = coalesce(?5, chunks)
                    WHERE id = ?1
                    """,
                    .text(id.hex),
                    .text(outcome.rawValue),
                    location.map(SQLValue.text) ?? .null,
                    .text(Self.timestamp()),
                    chunks.map(SQLValue.integer) ?? .null
                )
                try database.execute("DELETE FROM reprocess_requests WHERE id = ?", .text(id.hex))
            }
        }
        return true
    }

    public func move(id: ContentHash, to location: String?) throws(LedgerError) {
        try sqlite { () throws(SQLiteError) in
            try database.execute(
                "UPDATE documents SET location = ?2 WHERE id = ?1",
                .text(id.hex),
                location.map(SQLValue.text) ?? .null
            )
        }
    }

    public func requestReprocessing(_ id: ContentHash) throws(LedgerError) {
        try sqlite { () throws(SQLiteError) in
            try database.execute(
                "INSERT OR REPLACE INTO reprocess_requests (id, requested) VALUES (?, ?)",
                .text(id.hex),
                .text(Self.timestamp())
            )
        }
    }

    @discardableResult
    public func markStarted(_ path: String) throws(LedgerError) -> Int {
        try sqlite { () throws(SQLiteError) in
            let rows = try database.query(
                """
                INSERT INTO in_progress (path, starts) VALUES (?, 1)
                ON CONFLICT (path) DO UPDATE SET starts = starts + 1 RETURNING starts
                """,
                .text(path)
            )
            return rows.first?.first?.int ?? 1
        }
    }

    public func interruptedStarts(_ path: String) throws(LedgerError) -> Int {
        try sqlite { () throws(SQLiteError) in
            try database.query("SELECT starts FROM in_progress WHERE path = ?", .text(path)).first?.first?.int ?? 0
        }
    }

    public func markFinished(_ path: String) throws(LedgerError) {
        try sqlite { () throws(SQLiteError) in
            try database.execute("DELETE FROM in_progress WHERE path = ?", .text(path))
        }
    }

    /// Counts of entries by outcome.
    public func counts() throws(LedgerError) -> [LedgerEntry.Outcome: Int] {
        try sqlite { () throws(SQLiteError) in
            var counts: [LedgerEntry.Outcome: Int] = [:]
            for row in try database.query("SELECT outcome, count(*) FROM documents GROUP BY outcome") {
                if let outcome = row[0].string.flatMap(LedgerEntry.Outcome.init(rawValue:)), let count = row[1].int {
                    counts[outcome] = count
                }
            }
            return counts
        }
    }

    private func entries(where condition: String, _ bindings: SQLValue...) throws(SQLiteError) -> [LedgerEntry] {
        let sql = """
            SELECT id, name, revision, attempts, outcome, output, output_offset, location, first_seen, updated, chunks,
                EXISTS (SELECT 1 FROM reprocess_requests r WHERE r.id = documents.id)
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
                    updated: row[9].string ?? "",
                    reprocessingRequested: row[11].int == 1
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
extension SQLiteLedger: Sendable {}
