import Foundation
import Glibc
public import IntakeCore
import IntakePipeline
public import IntakeText
public import Logging
import TOMLKit

/// Everything `intake watch` runs with: the folders, the watching, the pipeline and the output.
///
/// Read from TOML (`config/intake.toml` documents every key); every key is optional and
/// defaults as below. Relative folder paths are relative to `folders.root`.
public struct DaemonConfiguration: Sendable, Equatable {
    /// What happens to a file whose record was written.
    public enum DoneLayout: String, Sendable, CaseIterable {
        /// done/NAME (the inbox's subfolders are kept).
        case flat
        /// done/YYYY/MM/NAME, by the day it was processed.
        case yearMonth = "year-month"
        /// Deleted once its record is safely written.
        case delete
    }

    /// What happens to a byte-identical file dropped again.
    public enum DuplicatePolicy: String, Sendable, CaseIterable {
        /// Not processed again: the file goes to done/ with a `.duplicate.json` note.
        case skip
        /// Processed again: a new record with the same id and the next revision.
        case reprocess
    }

    /// How the inbox is watched.
    public enum WatchMode: String, Sendable, CaseIterable {
        /// inotify, except on network and FUSE file systems, which are polled.
        case auto
        /// inotify always.
        case inotify
        /// Polling always.
        case poll
    }

    // [folders]
    /// The folder the others are relative to.
    public var root = "/var/lib/intake"
    /// Where files are dropped.
    public var inbox = "inbox"
    /// Where a claimed file sits while it is processed (must be on the inbox's file system).
    public var processing = "processing"
    /// Where processed files go.
    public var done = "done"
    /// Where files that failed go, each beside a `NAME.error.json`.
    public var failed = "failed"
    /// Where the JSONL output is written.
    public var output = "out"
    /// Where the ledger and the lock live.
    public var state = "state"
    /// Whether subfolders of the inbox are watched too.
    public var recursive = true

    // [watch]
    /// auto, inotify or poll.
    public var watchMode = WatchMode.auto
    /// A file must be unchanged (size and mtime) this long before it is taken.
    public var settleSeconds = 1.0
    /// Without an inotify event (found by a rescan), a file must be unchanged this long.
    public var scanSettleSeconds = 30.0
    /// The periodic rescan of the inbox, in inotify mode (0: never).
    public var rescanSeconds = 300.0
    /// The scan interval in poll mode.
    public var pollSeconds = 5.0
    /// How long a file that fails the structural check (a PDF without its end, a cut image) is
    /// re-checked before it is processed anyway (and fails as damaged).
    public var incompleteTimeoutSeconds = 120.0
    /// Names never taken (shell patterns on each path component).
    public var ignore = IgnoreRules.defaultPatterns

    // [processing]
    /// Workers (0: one per core).
    public var jobs = 0
    /// Attempts for transient errors (EAGAIN, EBUSY, …) before a file fails.
    public var maxAttempts = 5
    /// The first retry's delay; each next one doubles (at most 5 minutes).
    public var retryBackoffSeconds = 2.0
    /// See ``DuplicatePolicy``.
    public var duplicates = DuplicatePolicy.skip
    /// See ``DoneLayout``.
    public var doneLayout = DoneLayout.flat
    /// A file that was being extracted when the daemon died this many times is failed (code
    /// `crashed`) instead of tried again, so one poisonous file cannot keep the daemon in a
    /// crash loop.
    public var maxCrashes = 3
    /// On SIGTERM, in-flight documents get this long to finish before they are handed back.
    public var shutdownTimeoutSeconds = 30.0
    /// Where documents are read: in worker processes (the default), or in the daemon's own
    /// process (for debugging: a library crash then takes the daemon down).
    public var isolation = Isolation.process
    /// A worker process over this many MiB resident is killed, and its document fails with
    /// `memory_limit`.
    public var workerMemoryMiB = 1024

    /// Where documents are read.
    public enum Isolation: String, Sendable, CaseIterable {
        case process
        case none
    }

    /// [extraction]
    public var extraction = ExtractionOptions()
    /// [posting] date_order.
    public var dateOrder = DateParser.NumericOrder.monthFirst
    /// [posting] skills: a file of extra skills.
    public var skillsFile: String?

    // [output]
    /// The JSONL file's name in the output folder.
    public var outputFileName = "intake.jsonl"
    /// always or never.
    public var fsync = "always"
    /// Rotate the output when it would pass this many MiB (0: never by size).
    public var rotateMiB = 256
    /// Rotate the output when the UTC day changes.
    public var rotateDaily = false
    /// The chunk stream's file name in the output folder (empty: no chunks). It rotates with
    /// the record output.
    public var chunksFileName = ""

    /// [chunks]
    public var chunks = ChunkOptions()

    /// [output] postgresql_table: with the PostgreSQL ledger, every record is also upserted
    /// into this table (keyed by id and revision) when its document is marked done (empty: no table).
    public var postgresqlTable = ""

    // [ledger]
    /// Where the ledger lives.
    public enum LedgerBackend: String, Sendable, CaseIterable {
        /// A file in the state folder: one host.
        case sqlite
        /// A PostgreSQL database shared by several hosts on one inbox.
        case postgresql
    }

    public var ledgerBackend = LedgerBackend.sqlite
    /// `postgresql://user[:password]@host[:port]/database` (or `?host=/socket/folder`).
    public var ledgerURL = ""
    /// This daemon's host name among several (empty: the machine's). It names
    /// processing/HOST/ and out/intake-HOST.jsonl.
    public var ledgerHost = ""
    /// A host that has not renewed its lease for this long is taken for dead: its files go back
    /// to the inbox and its documents to the others.
    public var leaseSeconds = 30.0
    /// disable, prefer or require.
    public var ledgerTLS = "disable"
    /// The CA certificates to verify the server with (empty: the system's).
    public var ledgerCAFile = ""
    /// A ledger statement that takes longer fails (and is retried).
    public var ledgerTimeoutSeconds = 5.0

    // [http]
    /// `address:port` for /metrics, /healthz and /readyz (empty: no listener).
    public var httpListen = ""

    // [log]
    /// trace, debug, info, notice, warning, error, critical.
    public var logLevel = Logger.Level.info

    /// The host name in effect: ``ledgerHost``, or the machine's.
    public var hostName: String {
        if !ledgerHost.isEmpty { return ledgerHost }
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return String(name.split(separator: ".").first ?? "localhost")
    }

    /// Whether several hosts share the inbox (the PostgreSQL ledger).
    public var isShared: Bool { ledgerBackend == .postgresql }

    /// The file name of the record output: with a shared ledger, each host writes its own
    /// (`intake-HOST.jsonl`).
    public var effectiveOutputFileName: String { Self.perHost(outputFileName, isShared ? hostName : nil) }

    /// The chunk stream's file name, likewise (empty when off).
    public var effectiveChunksFileName: String {
        chunksFileName.isEmpty ? "" : Self.perHost(chunksFileName, isShared ? hostName : nil)
    }

    static func perHost(_ fileName: String, _ host: String?) -> String {
        guard let host else { return fileName }
        let stem = (fileName as NSString).deletingPathExtension
        let ext = (fileName as NSString).pathExtension
        return stem + "-" + host + (ext.isEmpty ? "" : "." + ext)
    }

    /// The defaults.
    public init() {}

    /// A folder key resolved against ``root``.
    public func path(_ folder: String) -> String {
        folder.hasPrefix("/") ? folder : (root as NSString).appendingPathComponent(folder)
    }

    /// The effective worker count.
    public var workerCount: Int {
        jobs > 0 ? jobs : ProcessInfo.processInfo.activeProcessorCount
    }

    /// The posting parser's options (reads the skills file).
    public func parserOptions() throws(ConfigurationError) -> PostingParserOptions {
        var vocabulary = SkillVocabulary.builtIn
        if let skillsFile {
            guard let text = try? String(contentsOfFile: path(skillsFile), encoding: .utf8) else {
                throw ConfigurationError("posting.skills: cannot read \(path(skillsFile))")
            }
            vocabulary.add(parsing: text)
        }
        return PostingParserOptions(numericDateOrder: dateOrder, skills: vocabulary)
    }

    /// The keys that take effect on SIGHUP; the others need a restart.
    public static let liveKeys = [
        "watch.settle_seconds", "watch.scan_settle_seconds", "watch.rescan_seconds", "watch.poll_seconds",
        "watch.incomplete_timeout_seconds", "watch.ignore", "processing.max_attempts",
        "processing.retry_backoff_seconds", "processing.max_crashes", "processing.duplicates", "processing.done_layout",
        "processing.shutdown_timeout_seconds", "extraction.*", "preprocessing.*", "posting.*", "output.fsync",
        "output.rotate_mib",
        "output.rotate_daily", "chunks.*", "log.level",
    ]
}

/// A configuration problem, worded for the person who wrote the file.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The message.
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
