public import IntakeCore
import Logging
import PostgresNIO

/// The shared ledger for several hosts on one inbox: PostgreSQL, through postgres-nio.
///
/// Besides the documents (as ``SQLiteLedger`` keeps them), it holds the hosts and their
/// leases. A host registers with a new epoch at start and renews its lease while it runs; a
/// document being extracted or written carries its host and epoch, and counts as held only
/// while that host holds its lease in that epoch. Every change to a document is a
/// compare-and-set on the row (one statement, so atomic), which settles who writes which
/// revision whatever the timing: a host that lost its lease finds the row changed and writes
/// nothing, and a revision another host may have written is never reused.
public final class PostgresLedger: LedgerStore {
    /// This host's name and epoch.
    public let host: String
    public private(set) var epoch = 0
    let lease: Double
    let recordTable: String?
    private let session: PostgresSession

    /// Opens the session (lazily: nothing is sent before ``prepare()``).
    init(session: PostgresSession, host: String, leaseSeconds: Double, recordTable: String?) {
        self.session = session
        self.host = host
        self.lease = leaseSeconds
        self.recordTable = recordTable
    }

    // MARK: - Schema and lease

    /// Creates the tables when missing and registers this host with a new epoch. Returns the epoch.
    @discardableResult
    func prepare() throws(LedgerError) -> Int {
        try createSchema()
        return try register()
    }

    /// Creates the tables when missing (under an advisory lock: several hosts start at once).
    func createSchema() throws(LedgerError) {
        try session.query("SELECT pg_advisory_lock(7316212)")
        do {
            for statement in Self.schema(recordTable: recordTable) {
                try session.query(PostgresQuery(unsafeSQL: statement))
            }
        } catch {
            _ = try? session.query("SELECT pg_advisory_unlock(7316212)")
            throw error
        }
        try session.query("SELECT pg_advisory_unlock(7316212)")
    }

    /// A new epoch for this host, with a fresh lease.
    @discardableResult
    func register() throws(LedgerError) -> Int {
        let rows = try session.query(
            """
            INSERT INTO intake_hosts (host, epoch, lease_until, started)
            VALUES (\(host), 1, now() + make_interval(secs => \(lease)), now())
            ON CONFLICT (host) DO UPDATE SET epoch = intake_hosts.epoch + 1,
                lease_until = excluded.lease_until, started = now(), taken_epoch = NULL
            RETURNING epoch
            """
        )
        epoch = try Self.int(rows.first, 0)
        return epoch
    }

    /// Renews the lease. False when this host was fenced (another host found its lease lapsed
    /// and took its files back): it must drop what it holds and ``register()`` again.
    func renew() throws(LedgerError) -> Bool {
        let rows = try session.query(
            """
            UPDATE intake_hosts SET lease_until = now() + make_interval(secs => \(lease))
            WHERE host = \(host) AND epoch = \(epoch) RETURNING 1
            """
        )
        return !rows.isEmpty
    }

    /// Gives the lease up (a clean stop): the host's documents are free at once. Closes the
    /// connection.
    func resign() throws(LedgerError) {
        defer { session.drop() }
        try session.query("UPDATE intake_hosts SET lease_until = now() WHERE host = \(host) AND epoch = \(epoch)")
    }

    /// Other hosts whose lease lapsed, fenced now if they were not yet (their epoch moves on, so
    /// that one that was only paused learns it on its next renewal). Returns their names.
    func fenceLapsedHosts() throws(LedgerError) -> [String] {
        let rows = try session.query(
            """
            UPDATE intake_hosts SET epoch = CASE WHEN taken_epoch IS DISTINCT FROM epoch THEN epoch + 1 ELSE epoch END,
                taken_epoch = CASE WHEN taken_epoch IS DISTINCT FROM epoch THEN epoch + 1 ELSE taken_epoch END
            WHERE lease_until < now() AND host <> \(host)
            RETURNING host
            """
        )
        return try rows.map { row throws(LedgerError) in try Self.string(row, 0) }
    }

    /// A round trip that touches nothing (for /readyz).
    func ping() throws(LedgerError) {
        try session.query("SELECT 1")
    }

    // MARK: - LedgerStore

    private static let columns = """
        d.id, d.name, d.revision, d.attempts, d.outcome, d.output, d.output_offset, d.location, d.chunks,
        to_char(d.first_seen AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        to_char(d.updated AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        d.host,
        EXISTS (SELECT 1 FROM intake_hosts h
                WHERE h.host = d.host AND h.epoch = d.host_epoch AND h.lease_until > now()),
        EXISTS (SELECT 1 FROM intake_reprocess_requests r WHERE r.id = d.id),
        d.host_epoch
        FROM intake_documents d
        """

    public func entry(_ id: ContentHash) throws(LedgerError) -> LedgerEntry? {
        try entries(try session.query("SELECT \(unescaped: Self.columns) WHERE d.id = \(id.hex)")).first
    }

    public func unfinishedWrites() throws(LedgerError) -> [LedgerEntry] {
        try entries(
            try session.query("SELECT \(unescaped: Self.columns) WHERE d.outcome = 'writing' AND d.host = \(host)")
        )
    }

    public func done(since date: String) throws(LedgerError) -> [LedgerEntry] {
        try entries(
            try session.query(
                """
                SELECT \(unescaped: Self.columns)
                WHERE d.outcome = 'done' AND d.updated >= \(date)::timestamptz ORDER BY d.updated
                """
            )
        )
    }

    /// The take of content with no entry yet: an insert that fails when there is one.
    private func newEntry(id: ContentHash, name: String, revision: Int) -> PostgresQuery {
        """
        INSERT INTO intake_documents (id, name, revision, attempts, outcome, host, host_epoch)
        VALUES (\(id.hex), \(name), \(revision), 0, 'extracting', \(host), \(epoch))
        ON CONFLICT (id) DO NOTHING RETURNING 1
        """
    }

    public func acquire(id: ContentHash, name: String, revision: Int, seen: LedgerEntry?) throws(LedgerError) -> Bool {
        guard let seen else {
            return !(try session.query(newEntry(id: id, name: name, revision: revision))).isEmpty
        }
        return
            !(try session.query(
                """
                UPDATE intake_documents SET name = \(name), revision = \(revision), outcome = 'extracting',
                    host = \(host), host_epoch = \(epoch), updated = now()
                WHERE id = \(id.hex) AND revision = \(seen.revision) AND outcome = \(seen.outcome.rawValue)
                    AND host IS NOT DISTINCT FROM \(seen.host) AND host_epoch IS NOT DISTINCT FROM \(seen.hostEpoch)
                RETURNING 1
                """
            )).isEmpty
    }

    public var answersLater: Bool { true }

    public func acquireNew(
        id: ContentHash,
        name: String,
        completion: @escaping @Sendable (Result<Bool, LedgerError>) -> Void
    ) {
        session.send(newEntry(id: id, name: name, revision: 1)) { result in
            completion(result.map { !$0.isEmpty })
        }
    }

    public func beginWrite(
        id: ContentHash,
        name: String,
        revision: Int,
        output: String,
        offset: Int
    ) throws(LedgerError) {
        let rows = try session.query(
            beginWriteQuery(id: id, name: name, revision: revision, output: output, offset: offset)
        )
        if rows.isEmpty { throw .lostClaim }
    }

    public func beginWrite(
        id: ContentHash,
        name: String,
        revision: Int,
        output: String,
        offset: Int,
        completion: @escaping @Sendable (Result<Void, LedgerError>) -> Void
    ) {
        session.send(beginWriteQuery(id: id, name: name, revision: revision, output: output, offset: offset)) {
            completion($0.flatMap { $0.isEmpty ? .failure(.lostClaim) : .success(()) })
        }
    }

    /// Step 1: this host's own take, in this epoch; or (an error record for a file never taken,
    /// such as one unreadable) a revision above a settled one.
    private func beginWriteQuery(
        id: ContentHash,
        name: String,
        revision: Int,
        output: String,
        offset: Int
    )
        -> PostgresQuery
    {
        """
        INSERT INTO intake_documents AS d
            (id, name, revision, attempts, outcome, host, host_epoch, output, output_offset)
        VALUES (\(id.hex), \(name), \(revision), 1, 'writing', \(host), \(epoch), \(output), \(offset))
        ON CONFLICT (id) DO UPDATE SET outcome = 'writing', name = excluded.name, revision = excluded.revision,
            attempts = d.attempts + 1, output = excluded.output, output_offset = excluded.output_offset,
            host = excluded.host, host_epoch = excluded.host_epoch, updated = now()
        WHERE (d.revision = excluded.revision AND d.host = excluded.host AND d.host_epoch = excluded.host_epoch
                AND d.outcome IN ('extracting', 'writing'))
            OR (d.outcome IN ('done', 'failed') AND d.revision < excluded.revision)
        RETURNING 1
        """
    }

    @discardableResult
    public func finish(
        id: ContentHash,
        revision: Int,
        outcome: LedgerEntry.Outcome,
        location: String?,
        chunks: Int?,
        record: [UInt8]?
    ) throws(LedgerError) -> Bool {
        let finish = LedgerFinish(
            id: id,
            revision: revision,
            outcome: outcome,
            location: location,
            chunks: chunks,
            record: record
        )
        return try Self.int(try session.query(finishQuery(finish)).first, 0) > 0
    }

    public func finish(_ finish: LedgerFinish, completion: @escaping @Sendable (Result<Bool, LedgerError>) -> Void) {
        session.send(finishQuery(finish)) { result in
            completion(
                result.flatMap { rows in
                    Result { () throws(LedgerError) -> Bool in try Self.int(rows.first, 0) > 0 }
                }
            )
        }
    }

    /// Step 3 in one statement: the row (still this host's, still writing this revision), the
    /// reprocessing request, and the record table change together or not at all.
    private func finishQuery(_ finish: LedgerFinish) -> PostgresQuery {
        var binds = PostgresBindings(capacity: 7)
        binds.append(finish.outcome.rawValue)
        binds.append(finish.location)
        binds.append(finish.id.hex)
        binds.append(finish.revision)
        binds.append(host)
        binds.append(finish.chunks)
        var table = ""
        if let recordTable, let record = finish.record {
            binds.append(String(decoding: record, as: UTF8.self))
            table = """
                , t AS (
                    INSERT INTO \(recordTable) (id, revision, kind, host, record, file_name, title, company,
                        location, work_arrangement, salary_min, salary_max, salary_currency, date_posted, language)
                    SELECT d.id, d.revision, j->>'kind', $5, j, j->'metadata'->>'file_name',
                        j->'metadata'->>'title', j->'metadata'->>'company', j->'metadata'->>'location',
                        j->'metadata'->>'work_arrangement', (j->'metadata'->>'salary_min')::float8,
                        (j->'metadata'->>'salary_max')::float8, j->'metadata'->>'salary_currency',
                        j->'metadata'->>'date_posted', j->'metadata'->>'language'
                    FROM d, (SELECT $7::jsonb AS j) x
                    ON CONFLICT (id, revision) DO NOTHING)
                """
        }
        return PostgresQuery(
            unsafeSQL: """
                WITH d AS (
                    UPDATE intake_documents SET outcome = $1, location = $2, updated = now(),
                        chunks = coalesce($6, chunks)
                    WHERE id = $3 AND revision = $4 AND host = $5 AND outcome = 'writing'
                    RETURNING id, revision),
                r AS (DELETE FROM intake_reprocess_requests WHERE id IN (SELECT id FROM d))\(table)
                SELECT count(*) FROM d
                """,
            binds: binds
        )
    }

    public func move(id: ContentHash, to location: String?) throws(LedgerError) {
        try session.query("UPDATE intake_documents SET location = \(location) WHERE id = \(id.hex)")
    }

    public func requestReprocessing(_ id: ContentHash) throws(LedgerError) {
        try session.query(
            """
            INSERT INTO intake_reprocess_requests (id, requested) VALUES (\(id.hex), now())
            ON CONFLICT (id) DO UPDATE SET requested = now()
            """
        )
    }

    @discardableResult
    public func markStarted(_ path: String) throws(LedgerError) -> Int {
        let rows = try session.query(
            """
            INSERT INTO intake_in_progress (path, starts) VALUES (\(path), 1)
            ON CONFLICT (path) DO UPDATE SET starts = intake_in_progress.starts + 1 RETURNING starts
            """
        )
        return try Self.int(rows.first, 0)
    }

    public func interruptedStarts(_ path: String) throws(LedgerError) -> Int {
        let rows = try session.query("SELECT starts FROM intake_in_progress WHERE path = \(path)")
        return rows.isEmpty ? 0 : try Self.int(rows.first, 0)
    }

    public func markFinished(_ path: String) throws(LedgerError) {
        try session.query("DELETE FROM intake_in_progress WHERE path = \(path)")
    }

    // MARK: - Rows

    private func entries(_ rows: [PostgresRow]) throws(LedgerError) -> [LedgerEntry] {
        var entries: [LedgerEntry] = []
        for row in rows {
            let cells = row.makeRandomAccess()
            do {
                guard let id = ContentHash(hex: try cells[0].decode(String.self)),
                    let outcome = LedgerEntry.Outcome(rawValue: try cells[4].decode(String.self))
                else { continue }
                var entry = LedgerEntry(
                    id: id,
                    name: try cells[1].decode(String.self),
                    revision: try cells[2].decode(Int.self),
                    attempts: try cells[3].decode(Int.self),
                    outcome: outcome,
                    output: try cells[5].decode(String?.self),
                    offset: try cells[6].decode(Int?.self),
                    location: try cells[7].decode(String?.self),
                    chunks: try cells[8].decode(Int?.self),
                    firstSeen: try cells[9].decode(String.self),
                    updated: try cells[10].decode(String.self)
                )
                entry.host = try cells[11].decode(String?.self)
                entry.holderAlive = try cells[12].decode(Bool.self)
                entry.reprocessingRequested = try cells[13].decode(Bool.self)
                entry.hostEpoch = try cells[14].decode(Int?.self)
                entries.append(entry)
            } catch {
                throw .unavailable("an unexpected row in intake_documents: \(error)")
            }
        }
        return entries
    }

    static func int(_ row: PostgresRow?, _ column: Int) throws(LedgerError) -> Int {
        guard let row else { throw .unavailable("PostgreSQL returned no row") }
        do {
            return try row.makeRandomAccess()[column].decode(Int.self)
        } catch {
            throw .unavailable("an unexpected value from PostgreSQL: \(error)")
        }
    }

    static func string(_ row: PostgresRow, _ column: Int) throws(LedgerError) -> String {
        do {
            return try row.makeRandomAccess()[column].decode(String.self)
        } catch {
            throw .unavailable("an unexpected value from PostgreSQL: \(error)")
        }
    }

    // MARK: - Schema

    /// The tables, each statement on its own (the extended protocol runs one at a time).
    static func schema(recordTable: String?) -> [String] {
        var statements = [
            """
            CREATE TABLE IF NOT EXISTS intake_documents (
                id text PRIMARY KEY,
                name text NOT NULL,
                revision bigint NOT NULL,
                attempts bigint NOT NULL DEFAULT 0,
                outcome text NOT NULL,
                host text,
                host_epoch bigint,
                output text,
                output_offset bigint,
                location text,
                chunks bigint,
                first_seen timestamptz NOT NULL DEFAULT now(),
                updated timestamptz NOT NULL DEFAULT now())
            """,
            "CREATE INDEX IF NOT EXISTS intake_documents_by_outcome ON intake_documents (outcome, updated)",
            """
            CREATE TABLE IF NOT EXISTS intake_hosts (
                host text PRIMARY KEY,
                epoch bigint NOT NULL,
                lease_until timestamptz NOT NULL,
                started timestamptz NOT NULL,
                taken_epoch bigint)
            """,
            """
            CREATE TABLE IF NOT EXISTS intake_reprocess_requests (
                id text PRIMARY KEY, requested timestamptz NOT NULL DEFAULT now())
            """,
            "CREATE TABLE IF NOT EXISTS intake_in_progress (path text PRIMARY KEY, starts bigint NOT NULL)",
        ]
        if let recordTable {
            statements.append(
                """
                CREATE TABLE IF NOT EXISTS \(recordTable) (
                    id text NOT NULL,
                    revision bigint NOT NULL,
                    kind text NOT NULL,
                    host text NOT NULL,
                    written_at timestamptz NOT NULL DEFAULT now(),
                    file_name text,
                    title text,
                    company text,
                    location text,
                    work_arrangement text,
                    salary_min double precision,
                    salary_max double precision,
                    salary_currency text,
                    date_posted text,
                    language text,
                    record jsonb NOT NULL,
                    PRIMARY KEY (id, revision))
                """
            )
        }
        return statements
    }
}

@available(*, unavailable)
extension PostgresLedger: Sendable {}
