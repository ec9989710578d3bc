import Foundation
import Glibc
import IntakeCore
import IntakePipeline
import IntakeText
import Logging
import TOMLKit

/// Reading, validating and printing the TOML configuration.
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
            try table.read("remove_underlines", into: &steps.removeUnderlines)
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
            remove_underlines = \(preprocessing.removeUnderlines)
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
