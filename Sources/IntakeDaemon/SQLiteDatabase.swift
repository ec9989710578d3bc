import CSQLite

/// A value bound to or read from an SQLite statement.
enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int)
    case text(String)

    var int: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }

    var string: String? {
        if case .text(let value) = self { return value }
        return nil
    }
}

/// An SQLite failure, with SQLite's own message.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// The result code (`SQLITE_BUSY`, `SQLITE_IOERR`, …).
    public var code: Int32
    /// SQLite's message and the statement.
    public var message: String

    public var description: String { "sqlite error \(code): \(message)" }
}

/// One SQLite connection: the thin owned boundary around `sqlite3*`, with only what the ledger
/// needs (GRDB's `Database` role, a few dozen lines instead of a package). Not `Sendable`: one
/// owner uses it, on one thread at a time.
final class SQLiteDatabase {
    private let handle: OpaquePointer

    /// Opens (creating) the database at `path`, in WAL mode with `synchronous=FULL`: a commit
    /// is on disk when `COMMIT` returns, and a reader in another process (`intake reprocess`)
    /// never blocks the writer.
    init(path: String) throws(SQLiteError) {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(handle)
            throw SQLiteError(code: status, message: "\(path): \(message)")
        }
        self.handle = handle
        sqlite3_busy_timeout(handle, 10_000)
        try execute("PRAGMA journal_mode = WAL")
        try execute("PRAGMA synchronous = FULL")
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Runs one statement that returns no rows (or whose rows are not wanted).
    func execute(_ sql: String, _ bindings: SQLValue...) throws(SQLiteError) {
        _ = try query(sql, bindings: bindings)
    }

    /// Runs one statement and returns its rows.
    func query(_ sql: String, _ bindings: SQLValue...) throws(SQLiteError) -> [[SQLValue]] {
        try query(sql, bindings: bindings)
    }

    /// Runs `body` in an immediate transaction, committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: () throws(SQLiteError) -> T) throws(SQLiteError) -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs one statement with an array of bindings.
    func query(_ sql: String, bindings: [SQLValue]) throws(SQLiteError) -> [[SQLValue]] {
        var statement: OpaquePointer?
        var status = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard status == SQLITE_OK, let statement else { throw error(status, sql) }
        defer { sqlite3_finalize(statement) }
        for (index, value) in bindings.enumerated() {
            let position = Int32(index + 1)
            switch value {
            case .null: status = sqlite3_bind_null(statement, position)
            case .integer(let number): status = sqlite3_bind_int64(statement, position, Int64(number))
            case .text(let text): status = sqlite3_bind_text(statement, position, text, -1, CSQLite_transient())
            }
            guard status == SQLITE_OK else { throw error(status, sql) }
        }
        var rows: [[SQLValue]] = []
        while true {
            status = sqlite3_step(statement)
            if status == SQLITE_DONE { return rows }
            guard status == SQLITE_ROW else { throw error(status, sql) }
            rows.append(
                (0..<sqlite3_column_count(statement)).map { column in
                    switch sqlite3_column_type(statement, column) {
                    case SQLITE_NULL: .null
                    case SQLITE_INTEGER: .integer(Int(sqlite3_column_int64(statement, column)))
                    default: .text(String(cString: sqlite3_column_text(statement, column)))
                    }
                }
            )
        }
    }

    private func error(_ status: Int32, _ sql: String) -> SQLiteError {
        SQLiteError(code: status, message: "\(String(cString: sqlite3_errmsg(handle))) (in: \(sql))")
    }
}

@available(*, unavailable)
extension SQLiteDatabase: Sendable {}
