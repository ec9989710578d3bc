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

extension DaemonConfiguration {
    /// Reads a TOML configuration; keys that are absent keep their defaults.
    ///
    /// - Throws: ``ConfigurationError`` for a syntax error (with line and column), an unknown
    ///   section or key, or a value of the wrong type or out of range.
    public static func parse(toml text: String, file: String = "configuration") throws(ConfigurationError) -> Self {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch {
            throw ConfigurationError("\(file): \(error)")
        }
        var config = DaemonConfiguration()
        var reader = TableReader(table: table, prefix: "", file: file)
        try reader.section("folders") { (folders: inout TableReader) throws(ConfigurationError) in
            try folders.read("root", into: &config.root)
            try folders.read("inbox", into: &config.inbox)
            try folders.read("processing", into: &config.processing)
            try folders.read("done", into: &config.done)
            try folders.read("failed", into: &config.failed)
            try folders.read("output", into: &config.output)
            try folders.read("state", into: &config.state)
            try folders.read("recursive", into: &config.recursive)
        }
        try reader.section("watch") { (watch: inout TableReader) throws(ConfigurationError) in
            try watch.read("mode", into: &config.watchMode)
            try watch.read("settle_seconds", into: &config.settleSeconds, in: 0...3600)
            try watch.read("scan_settle_seconds", into: &config.scanSettleSeconds, in: 0...86_400)
            try watch.read("rescan_seconds", into: &config.rescanSeconds, in: 0...86_400)
            try watch.read("poll_seconds", into: &config.pollSeconds, in: 0.1...3600)
            try watch.read("incomplete_timeout_seconds", into: &config.incompleteTimeoutSeconds, in: 0...604_800)
            try watch.read("ignore", into: &config.ignore)
        }
        try reader.section("processing") { (processing: inout TableReader) throws(ConfigurationError) in
            try processing.read("jobs", into: &config.jobs, in: 0...256)
            try processing.read("max_attempts", into: &config.maxAttempts, in: 1...100)
            try processing.read("retry_backoff_seconds", into: &config.retryBackoffSeconds, in: 0...3600)
            try processing.read("max_crashes", into: &config.maxCrashes, in: 1...1000)
            try processing.read("duplicates", into: &config.duplicates)
            try processing.read("done_layout", into: &config.doneLayout)
            try processing.read("shutdown_timeout_seconds", into: &config.shutdownTimeoutSeconds, in: 0...3600)
            try processing.read("isolation", into: &config.isolation)
            try processing.read("worker_memory_mib", into: &config.workerMemoryMiB, in: 128...1_048_576)
        }
        try reader.section("extraction") { (extraction: inout TableReader) throws(ConfigurationError) in
            var options = config.extraction
            try extraction.read("languages", into: &options.languages)
            var tessdata = options.tessdataPath ?? ""
            try extraction.read("tessdata", into: &tessdata)
            options.tessdataPath = tessdata.isEmpty ? nil : tessdata
            try extraction.read("ocr", into: &options.ocrMode)
            try extraction.read("layout", into: &options.layout)
            try extraction.read("dpi", into: &options.renderDPI, in: 50...1200)
            var assumed = options.assumedImageDPI ?? 0
            try extraction.read("assume_dpi", into: &assumed, in: 0...1200)
            guard assumed == 0 || assumed >= 50 else {
                throw ConfigurationError(
                    "\(file): extraction.assume_dpi must be 0 (none) or within 50…1200, not \(assumed)"
                )
            }
            options.assumedImageDPI = assumed == 0 ? nil : assumed
            try extraction.read("page_timeout_seconds", into: &options.pageTimeoutSeconds, in: 0...86_400)
            try extraction.read("document_timeout_seconds", into: &options.documentTimeoutSeconds, in: 0...604_800)
            try extraction.read("max_pages", into: &options.maxPages, in: 0...10_000_000)
            try extraction.read("min_chars", into: &options.textLayer.minCharacters, in: 0...100_000)
            try extraction.read("max_unmapped_ratio", into: &options.textLayer.maxUnmappedRatio, in: 0...1)
            try extraction.read("max_glyph_code_ratio", into: &options.textLayer.maxGlyphCodeRatio, in: 0...1)
            try extraction.read("min_dictionary_ratio", into: &options.textLayer.minDictionaryRatio, in: 0...1)
            try extraction.read("max_megapixels", into: &options.maxImageMegapixels, in: 1...10_000)
            try extraction.read("memory_budget_mib", into: &options.memoryBudgetMiB, in: 64...65_536)
            var mib = options.maxFileBytes >> 20
            try extraction.read("max_file_mib", into: &mib, in: 1...65_536)
            options.maxFileBytes = mib << 20
            var password = options.password ?? ""
            try extraction.read("password", into: &password)
            options.password = password.isEmpty ? nil : password
            config.extraction = options
        }
        try reader.section("preprocessing") { (table: inout TableReader) throws(ConfigurationError) in
            var steps = config.extraction.preprocessing
            try table.read("rotate", into: &steps.rotate)
            try table.read("rotate_threshold", into: &steps.rotateThreshold, in: 0...1000)
            try table.read("deskew", into: &steps.deskew)
            try table.read("min_deskew_angle", into: &steps.minDeskewAngle, in: 0...45)
            try table.read("resample", into: &steps.resample)
            try table.read("min_text_height", into: &steps.textHeight.minimum, in: 1...400)
            try table.read("max_text_height", into: &steps.textHeight.maximum, in: 1...400)
            try table.read("target_text_height", into: &steps.textHeight.target, in: 2...400)
            try table.read("denoise", into: &steps.denoise)
            try table.read("binarization", into: &steps.binarization)
            let text = steps.textHeight
            guard text.minimum <= text.target, text.target <= text.maximum else {
                throw ConfigurationError(
                    "\(file): preprocessing: min_text_height (\(text.minimum)) ≤ target_text_height (\(text.target)) ≤ max_text_height (\(text.maximum)) does not hold"
                )
            }
            config.extraction.preprocessing = steps
        }
        try reader.section("posting") { (posting: inout TableReader) throws(ConfigurationError) in
            try posting.read("date_order", into: &config.dateOrder)
            var skills = config.skillsFile ?? ""
            try posting.read("skills", into: &skills)
            config.skillsFile = skills.isEmpty ? nil : skills
        }
        try reader.section("output") { (output: inout TableReader) throws(ConfigurationError) in
            try output.read("file_name", into: &config.outputFileName)
            try output.read("fsync", into: &config.fsync)
            try output.read("rotate_mib", into: &config.rotateMiB, in: 0...1_048_576)
            try output.read("rotate_daily", into: &config.rotateDaily)
            try output.read("chunks", into: &config.chunksFileName)
            try output.read("postgresql_table", into: &config.postgresqlTable)
        }
        try reader.section("chunks") { (chunks: inout TableReader) throws(ConfigurationError) in
            try chunks.read("size", into: &config.chunks.size, in: 25...1_000_000)
            try chunks.read("overlap", into: &config.chunks.overlap, in: 0...500_000)
            try chunks.read("unit", into: &config.chunks.unit)
            try chunks.read("keep_boilerplate", into: &config.chunks.keepBoilerplate)
        }
        try reader.section("ledger") { (ledger: inout TableReader) throws(ConfigurationError) in
            try ledger.read("backend", into: &config.ledgerBackend)
            try ledger.read("url", into: &config.ledgerURL)
            try ledger.read("host", into: &config.ledgerHost)
            try ledger.read("lease_seconds", into: &config.leaseSeconds, in: 1...3600)
            try ledger.read("tls", into: &config.ledgerTLS)
            try ledger.read("ca_file", into: &config.ledgerCAFile)
            try ledger.read("timeout_seconds", into: &config.ledgerTimeoutSeconds, in: 0.1...600)
        }
        try reader.section("http") { (http: inout TableReader) throws(ConfigurationError) in
            try http.read("listen", into: &config.httpListen)
        }
        try reader.section("log") { (log: inout TableReader) throws(ConfigurationError) in
            try log.read("level", into: &config.logLevel)
        }
        try reader.rejectUnknownKeys()
        try config.validateValues()
        return config
    }

    /// Reads the file at `path`.
    public static func load(path: String) throws(ConfigurationError) -> Self {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("\(path): cannot read the configuration file")
        }
        return try parse(toml: String(decoding: data, as: UTF8.self), file: path)
    }

    /// Checks values that do not need the file system.
    func validateValues() throws(ConfigurationError) {
        if !["always", "never"].contains(fsync) {
            throw ConfigurationError("output.fsync: '\(fsync)' is not one of always, never")
        }
        if outputFileName.isEmpty || outputFileName.contains("/") {
            throw ConfigurationError("output.file_name: '\(outputFileName)' must be a plain file name")
        }
        if chunksFileName.contains("/") || (!chunksFileName.isEmpty && chunksFileName == outputFileName) {
            throw ConfigurationError(
                "output.chunks: '\(chunksFileName)' must be a plain file name other than output.file_name"
            )
        }
        do {
            try chunks.validate()
        } catch {
            throw ConfigurationError("chunks: \(error.message)")
        }
        try validateSharing()
        if !root.hasPrefix("/") { throw ConfigurationError("folders.root: '\(root)' must be an absolute path") }
        do {
            try extraction.validate()
        } catch {
            throw ConfigurationError("extraction: \(error.message)")
        }
    }

    /// Checks the [ledger], [http] and output.postgresql_table keys.
    func validateSharing() throws(ConfigurationError) {
        if !ledgerHost.isEmpty,
            ledgerHost.range(of: #"^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$"#, options: .regularExpression) == nil
        {
            throw ConfigurationError(
                "ledger.host: '\(ledgerHost)' must be 1-63 letters, digits, '.', '_' or '-' (it names a folder)"
            )
        }
        if !["disable", "prefer", "require"].contains(ledgerTLS) {
            throw ConfigurationError("ledger.tls: '\(ledgerTLS)' is not one of disable, prefer, require")
        }
        switch ledgerBackend {
        case .sqlite:
            if !postgresqlTable.isEmpty {
                throw ConfigurationError("output.postgresql_table needs ledger.backend = \"postgresql\"")
            }
        case .postgresql:
            if ledgerURL.isEmpty {
                throw ConfigurationError("ledger.url: the PostgreSQL ledger needs a postgresql:// URL")
            }
            _ = try PostgresSession.configuration(
                PostgresSession.Settings(url: ledgerURL, tls: ledgerTLS, caFile: ledgerCAFile, timeoutSeconds: 1)
            )
        }
        if !postgresqlTable.isEmpty,
            postgresqlTable.range(
                of: #"^[a-z_][a-z0-9_]{0,62}(\.[a-z_][a-z0-9_]{0,62})?$"#,
                options: .regularExpression
            )
                == nil
        {
            throw ConfigurationError(
                "output.postgresql_table: '\(postgresqlTable)' must be a lower-case SQL name (schema.table allowed)"
            )
        }
        if !httpListen.isEmpty, HTTPAddress(httpListen) == nil {
            throw ConfigurationError("http.listen: '\(httpListen)' is not ADDRESS:PORT (such as 127.0.0.1:9464)")
        }
    }

    /// Checks the folders: distinct, none inside the inbox (it would be watched), and
    /// processing/ on the inbox's file system (else a claim by rename is not atomic).
    public func validateFolders() throws(ConfigurationError) {
        let inboxPath = Self.normalized(path(inbox))
        let others: [(String, String)] = [
            ("processing", processing), ("done", done), ("failed", failed), ("output", output), ("state", state),
        ]
        for (key, folder) in others {
            let other = Self.normalized(path(folder))
            if other == inboxPath {
                throw ConfigurationError("folders.\(key): \(other) is the inbox; it must be a folder of its own")
            }
            if other.hasPrefix(inboxPath + "/") {
                throw ConfigurationError(
                    "folders.\(key): \(other) is inside the inbox \(inboxPath); the daemon would take its own files"
                )
            }
            if inboxPath.hasPrefix(other + "/") {
                throw ConfigurationError("folders.inbox: \(inboxPath) is inside folders.\(key) (\(other))")
            }
        }
        guard let inboxDevice = Self.device(of: inboxPath), let processingDevice = Self.device(of: path(processing))
        else { return }
        if inboxDevice != processingDevice {
            throw ConfigurationError(
                "folders.processing: \(path(processing)) is on another file system than the inbox \(inboxPath); "
                    + "claiming a file by rename would not be atomic"
            )
        }
    }

    /// The device of `path`, or of its nearest existing ancestor (the folder may not exist yet).
    static func device(of path: String) -> UInt? {
        var current = path
        while true {
            var info = stat()
            if stat(current, &info) == 0 { return UInt(info.st_dev) }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { return nil }
            current = parent
        }
    }

    /// `url` with its password replaced by `********`.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "********"
        return components.string ?? url
    }

    static func normalized(_ path: String) -> String {
        var path = (path as NSString).standardizingPath
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }

    /// The configuration as TOML, every key with its effective value (`intake check-config`).
    public var effectiveTOML: String {
        func quote(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        func list(_ items: [String]) -> String { "[" + items.map(quote).joined(separator: ", ") + "]" }
        let preprocessing = extraction.preprocessing
        return """
            [folders]
            root = \(quote(root))
            inbox = \(quote(inbox))
            processing = \(quote(processing))
            done = \(quote(done))
            failed = \(quote(failed))
            output = \(quote(output))
            state = \(quote(state))
            recursive = \(recursive)

            [watch]
            mode = \(quote(watchMode.rawValue))
            settle_seconds = \(settleSeconds)
            scan_settle_seconds = \(scanSettleSeconds)
            rescan_seconds = \(rescanSeconds)
            poll_seconds = \(pollSeconds)
            incomplete_timeout_seconds = \(incompleteTimeoutSeconds)
            ignore = \(list(ignore))

            [processing]
            jobs = \(jobs)
            max_attempts = \(maxAttempts)
            retry_backoff_seconds = \(retryBackoffSeconds)
            max_crashes = \(maxCrashes)
            duplicates = \(quote(duplicates.rawValue))
            done_layout = \(quote(doneLayout.rawValue))
            shutdown_timeout_seconds = \(shutdownTimeoutSeconds)
            isolation = \(quote(isolation.rawValue))
            worker_memory_mib = \(workerMemoryMiB)

            [extraction]
            languages = \(list(extraction.languages))
            tessdata = \(quote(extraction.tessdataPath ?? ""))
            ocr = \(quote(extraction.ocrMode.rawValue))
            layout = \(quote(extraction.layout.rawValue))
            dpi = \(extraction.renderDPI)
            assume_dpi = \(extraction.assumedImageDPI ?? 0)
            page_timeout_seconds = \(extraction.pageTimeoutSeconds)
            document_timeout_seconds = \(extraction.documentTimeoutSeconds)
            max_pages = \(extraction.maxPages)
            min_chars = \(extraction.textLayer.minCharacters)
            max_unmapped_ratio = \(extraction.textLayer.maxUnmappedRatio)
            max_glyph_code_ratio = \(extraction.textLayer.maxGlyphCodeRatio)
            min_dictionary_ratio = \(extraction.textLayer.minDictionaryRatio)
            max_megapixels = \(extraction.maxImageMegapixels)
            memory_budget_mib = \(extraction.memoryBudgetMiB)
            max_file_mib = \(extraction.maxFileBytes >> 20)
            password = \(quote(extraction.password == nil ? "" : "********"))

            [preprocessing]
            rotate = \(preprocessing.rotate)
            rotate_threshold = \(preprocessing.rotateThreshold)
            deskew = \(preprocessing.deskew)
            min_deskew_angle = \(preprocessing.minDeskewAngle)
            resample = \(preprocessing.resample)
            min_text_height = \(preprocessing.textHeight.minimum)
            max_text_height = \(preprocessing.textHeight.maximum)
            target_text_height = \(preprocessing.textHeight.target)
            denoise = \(quote(preprocessing.denoise.rawValue))
            binarization = \(quote(preprocessing.binarization.rawValue))

            [posting]
            date_order = \(quote(dateOrder.rawValue))
            skills = \(quote(skillsFile ?? ""))

            [output]
            file_name = \(quote(outputFileName))
            fsync = \(quote(fsync))
            rotate_mib = \(rotateMiB)
            rotate_daily = \(rotateDaily)
            chunks = \(quote(chunksFileName))
            postgresql_table = \(quote(postgresqlTable))

            [chunks]
            size = \(chunks.size)
            overlap = \(chunks.overlap)
            unit = \(quote(chunks.unit.rawValue))
            keep_boilerplate = \(chunks.keepBoilerplate)

            [ledger]
            backend = \(quote(ledgerBackend.rawValue))
            url = \(quote(Self.redacted(ledgerURL)))
            host = \(quote(ledgerHost))
            lease_seconds = \(leaseSeconds)
            tls = \(quote(ledgerTLS))
            ca_file = \(quote(ledgerCAFile))
            timeout_seconds = \(ledgerTimeoutSeconds)

            [http]
            listen = \(quote(httpListen))

            [log]
            level = \(quote(logLevel.rawValue))

            """
    }
}
