public import IntakeCore
import Logging

/// What the ledger knows of one document (one content hash).
public struct LedgerEntry: Sendable, Hashable {
    /// Where a document stands.
    public enum Outcome: String, Sendable {
        /// Being extracted by ``LedgerEntry/host`` (PostgreSQL only: with one host, the daemon
        /// keeps this in memory).
        case extracting
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
    /// The host that extracts or writes it (PostgreSQL; `nil` with SQLite).
    public var host: String? = nil
    /// That host's epoch when it took the document.
    public var hostEpoch: Int? = nil
    /// Whether that host still holds its lease in that epoch.
    public var holderAlive = false
    /// Whether reprocessing was asked for.
    public var reprocessingRequested = false
}

/// A ledger operation that failed.
public enum LedgerError: Error, Sendable, CustomStringConvertible {
    /// The SQLite ledger.
    case sqlite(SQLiteError)
    /// The PostgreSQL ledger did not answer, or refused (the daemon retries).
    case unavailable(String)
    /// Another host took the document over (this host's lease lapsed): its record must not
    /// be written here.
    case lostClaim

    public var description: String {
        switch self {
        case .sqlite(let error): "\(error)"
        case .unavailable(let reason): "the ledger is unavailable: \(reason)"
        case .lostClaim: "another host took the document over"
        }
    }
}

/// The daemon's memory: content hash → record id, revision, attempts and outcome.
///
/// Two stores: ``SQLiteLedger`` (the embedded default, one host) and ``PostgresLedger``
/// (several hosts over one inbox). The write protocol is the same, with the JSONL line in the
/// middle:
/// 1. ``beginWrite(id:name:revision:output:offset:)`` commits `writing` and the line's offset;
/// 2. the line is appended (and synced, per the fsync policy), after the document's chunk lines;
/// 3. ``finish(id:revision:outcome:location:chunks:record:)`` commits `done` or `failed`, and the
///    chunk count (so a crash before 3 leaves the old count, and the deletions are written again).
///
/// A crash between 1 and 3 leaves `writing`; recovery reads the output at the offset: the line
/// is there (then the entry is finished) or it is not (then the document is processed again,
/// with the same revision). So a record id is written once per revision.
public protocol LedgerStore: AnyObject {
    /// The entry for `id`, with whether reprocessing was asked for and (PostgreSQL) whether
    /// its holder is alive.
    func entry(_ id: ContentHash) throws(LedgerError) -> LedgerEntry?
    /// This host's entries still `writing` (a crash came between steps 1 and 3).
    func unfinishedWrites() throws(LedgerError) -> [LedgerEntry]
    /// Documents done since `date` (ISO 8601, compared as text), oldest first.
    func done(since date: String) throws(LedgerError) -> [LedgerEntry]
    /// Takes `id` for extraction at `revision`, provided the entry is still as `seen` (`nil`:
    /// no entry yet). Returns false when it changed meanwhile (another host came first); the
    /// caller decides again. The SQLite ledger, with one host, takes everything.
    func acquire(id: ContentHash, name: String, revision: Int, seen: LedgerEntry?) throws(LedgerError) -> Bool
    /// Whether statements go to a server (PostgreSQL), where waiting for each one costs a round
    /// trip: then the daemon takes new content with ``acquireNew(id:name:completion:)`` and sends
    /// step 3 with ``finish(_:completion:)``, and goes on with other work until they answer.
    var answersLater: Bool { get }
    /// Takes `id` at revision 1 if the ledger has no entry for it (true), or says that it has
    /// one (false: look at it and decide). `completion` runs once, on any thread.
    func acquireNew(id: ContentHash, name: String, completion: @escaping @Sendable (Result<Bool, LedgerError>) -> Void)
    /// Step 1. Throws ``LedgerError/lostClaim`` when another host took the document over.
    func beginWrite(id: ContentHash, name: String, revision: Int, output: String, offset: Int) throws(LedgerError)
    /// Step 1 as ``beginWrite(id:name:revision:output:offset:)``; `completion` runs once, on
    /// any thread.
    func beginWrite(
        id: ContentHash,
        name: String,
        revision: Int,
        output: String,
        offset: Int,
        completion: @escaping @Sendable (Result<Void, LedgerError>) -> Void
    )
    /// Step 3, and the reprocessing request is forgotten. `chunks` is the new chunk count
    /// (`nil`: unchanged); `record` is the line, for the PostgreSQL record table when one is
    /// configured. Returns false when the entry was no longer this host's to finish.
    @discardableResult
    func finish(
        id: ContentHash,
        revision: Int,
        outcome: LedgerEntry.Outcome,
        location: String?,
        chunks: Int?,
        record: [UInt8]?
    ) throws(LedgerError) -> Bool
    /// Step 3 as ``finish(id:revision:outcome:location:chunks:record:)``; `completion` runs
    /// once, on any thread.
    func finish(_ finish: LedgerFinish, completion: @escaping @Sendable (Result<Bool, LedgerError>) -> Void)
    /// Records where a document's file is now.
    func move(id: ContentHash, to location: String?) throws(LedgerError)
    /// Asks for `id` to be processed again, with a new revision, even though it is done.
    func requestReprocessing(_ id: ContentHash) throws(LedgerError)
    /// Notes that extraction of the file at `path` starts; returns how many times it has
    /// started without finishing, this one included.
    @discardableResult
    func markStarted(_ path: String) throws(LedgerError) -> Int
    /// How many times extraction of `path` started without finishing (the process died).
    func interruptedStarts(_ path: String) throws(LedgerError) -> Int
    /// Forgets `path`'s starts.
    func markFinished(_ path: String) throws(LedgerError)
}

/// The ledger's side of step 3 for one document, kept to be sent again while the ledger
/// cannot be reached.
public struct LedgerFinish: Sendable {
    public var id: ContentHash
    public var revision: Int
    public var outcome: LedgerEntry.Outcome
    public var location: String?
    public var chunks: Int?
    public var record: [UInt8]?

    /// Step 3 with these values; false when the entry was no longer this host's to finish.
    @discardableResult
    func run(on ledger: any LedgerStore) throws(LedgerError) -> Bool {
        try ledger.finish(
            id: id,
            revision: revision,
            outcome: outcome,
            location: location,
            chunks: chunks,
            record: record
        )
    }
}

/// A ledger on this machine answers at once: the calls that may answer later run now.
extension LedgerStore {
    public var answersLater: Bool { false }

    public func acquireNew(
        id: ContentHash,
        name: String,
        completion: @escaping @Sendable (Result<Bool, LedgerError>) -> Void
    ) {
        completion(
            Result { () throws(LedgerError) -> Bool in
                guard try entry(id) == nil else { return false }
                return try acquire(id: id, name: name, revision: 1, seen: nil)
            }
        )
    }

    public func beginWrite(
        id: ContentHash,
        name: String,
        revision: Int,
        output: String,
        offset: Int,
        completion: @escaping @Sendable (Result<Void, LedgerError>) -> Void
    ) {
        completion(
            Result { () throws(LedgerError) in
                try beginWrite(id: id, name: name, revision: revision, output: output, offset: offset)
            }
        )
    }

    public func finish(_ finish: LedgerFinish, completion: @escaping @Sendable (Result<Bool, LedgerError>) -> Void) {
        completion(Result { () throws(LedgerError) -> Bool in try finish.run(on: self) })
    }
}

/// What to do with a document whose bytes are read, given its ledger entry: the rules of
/// revisions, duplicates and recovery, without I/O (both stores and the tests use it).
public enum LedgerDecision: Sendable, Hashable {
    /// Extract and write this revision.
    case extract(revision: Int)
    /// This host was writing it when it stopped: look for the line in this host's output.
    case lookForLine
    /// Its record is written: file it without a new one (a file found in processing/ at start).
    case settle
    /// A byte-identical file was done before: a duplicate.
    case duplicate
    /// Another host is extracting or writing it: wait, then decide again.
    case wait

    /// Decides. `host` is this daemon's host name (`nil` with SQLite); `finishing` says that this
    /// host's step 3 for the entry is sent and not yet done (a byte-identical copy that waited on
    /// the first is decided again as soon as the first is written): its `writing` is no crash's.
    public static func decide(
        _ entry: LedgerEntry?,
        recovered: Bool,
        reprocessDuplicates: Bool,
        host: String?,
        finishing: Bool = false
    ) -> LedgerDecision {
        guard let entry else { return .extract(revision: 1) }
        let requested = entry.reprocessingRequested
        switch entry.outcome {
        case .extracting:
            // Never written: the same revision, unless a live host is on it.
            if entry.host != host && entry.holderAlive { return .wait }
            return .extract(revision: entry.revision)
        case .writing:
            if entry.host == host { return finishing ? .wait : .lookForLine }
            // Another host's line may yet appear: never reuse its revision.
            return entry.holderAlive ? .wait : .extract(revision: entry.revision + 1)
        case .done where recovered:
            return .settle
        case .done where !requested && !reprocessDuplicates:
            return .duplicate
        case .failed where recovered && !requested:
            return .settle
        case .done, .failed:
            return .extract(revision: entry.revision + 1)
        }
    }
}

/// Opens the configured ledger.
enum LedgerStores {
    /// The store, and the PostgreSQL ledger itself when shared (nothing is sent to PostgreSQL yet).
    static func open(
        _ config: DaemonConfiguration,
        folders: Folders,
        logger: Logger
    ) throws -> (
        any LedgerStore, PostgresLedger?
    ) {
        switch config.ledgerBackend {
        case .sqlite:
            return (try SQLiteLedger(path: folders.ledger), nil)
        case .postgresql:
            let session = try PostgresSession(
                PostgresSession.Settings(
                    url: config.ledgerURL,
                    tls: config.ledgerTLS,
                    caFile: config.ledgerCAFile,
                    timeoutSeconds: config.ledgerTimeoutSeconds
                ),
                logger: logger
            )
            let postgres = PostgresLedger(
                session: session,
                host: config.hostName,
                leaseSeconds: config.leaseSeconds,
                recordTable: config.postgresqlTable.isEmpty ? nil : config.postgresqlTable
            )
            return (postgres, postgres)
        }
    }
}
