import Foundation
import Glibc
import IntakeCore
import IntakePipeline
import IntakePosix
import Logging
import SystemPackage

/// `intake reprocess`: puts processed documents back into the inbox, asking (in the ledger) for
/// a new revision of their records.
///
/// The request row is committed before the file reaches the inbox, so a running daemon that
/// takes the file at once already sees it. The files move by rename (or an atomic copy from
/// outside the daemon's file system), so the daemon never sees half a file.
public struct Reprocessing {
    /// What to reprocess.
    public enum Selection: Sendable, Hashable {
        /// Every file in failed/.
        case failed
        /// Files in done/ whose records were written on or after a date (YYYY-MM-DD).
        case done(since: String)
        /// These files (in done/, failed/, or anywhere else: then copied).
        case paths([String])
    }

    let config: DaemonConfiguration
    let folders: Folders

    /// Prepares reprocessing with `config`'s folders.
    public init(config: DaemonConfiguration) {
        self.config = config
        self.folders = Folders(config)
    }

    /// The instance lock's path.
    public var lockPath: String { folders.lock }

    /// Creates the folders (as the daemon would).
    public func makeFolders() throws {
        for folder in folders.all { try FileMoves.makeFolders(folder) }
    }

    /// Moves (or copies) the selected files into the inbox and records a reprocessing request
    /// for each. Returns the inbox-relative names they got, and messages about files skipped.
    public func handOver(_ selection: Selection) throws -> (names: [String], skipped: [String]) {
        let (ledger, postgres) = try LedgerStores.open(config, folders: folders, logger: Logger(label: "intake"))
        try postgres?.createSchema()
        var skipped: [String] = []
        var sources: [(path: String, relative: String)] = []
        switch selection {
        case .failed:
            let walker = FolderWalker(ignore: IgnoreRules(patterns: []), recursive: true)
            for entry in walker.walk(folders.failed).entries where !entry.relative.hasSuffix(".error.json") {
                sources.append((Folders.join(folders.failed, entry.relative), entry.relative))
            }
        case .done(let since):
            for entry in try ledger.done(since: since) {
                guard let location = entry.location, access(location, F_OK) == 0 else {
                    skipped.append("\(entry.name): its file is no longer kept (done_layout = delete, or moved away)")
                    continue
                }
                sources.append((location, entry.name))
            }
        case .paths(let paths):
            for path in paths {
                let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
                let normalized = DaemonConfiguration.normalized(absolute)
                sources.append((normalized, relativeName(normalized)))
            }
        }
        var names: [String] = []
        for (path, relative) in sources {
            var source = DocumentFile.source(path: path)
            switch Result(catching: { () throws(IntakeError) in
                try DocumentFile.read(path: path, maxBytes: Int.max, source: &source)
            }) {
            case .success(let bytes):
                try ledger.requestReprocessing(ContentHash(of: bytes))
            case .failure(let error) where error.code == .empty:
                // An empty file has no id; it goes back all the same (and fails again as empty).
                break
            case .failure(let error):
                skipped.append("\(path): \(error.message)")
                continue
            }
            let target = try place(path, at: Folders.join(folders.inbox, relative))
            for note in [".error.json", ".duplicate.json"] { unlink(path + note) }
            names.append(Folders.relative(target, to: folders.inbox) ?? relative)
        }
        return (names, skipped)
    }

    /// The inbox name for a file given by path: its path inside done/ (without a YYYY/MM
    /// prefix) or failed/, else its file name.
    func relativeName(_ path: String) -> String {
        if let relative = Folders.relative(path, to: folders.failed) { return relative }
        if var relative = Folders.relative(path, to: folders.done) {
            let parts = relative.split(separator: "/", maxSplits: 2)
            if config.doneLayout == .yearMonth, parts.count == 3, parts[0].count == 4, parts[1].count == 2,
                Int(parts[0]) != nil, Int(parts[1]) != nil
            {
                relative = String(parts[2])
            }
            return relative
        }
        return (path as NSString).lastPathComponent
    }

    /// Renames into the inbox when the file is one of the daemon's; copies otherwise (and across
    /// file systems), through a hidden name the daemon ignores, then renames.
    private func place(_ path: String, at destination: String) throws -> String {
        let ownFile = [folders.done, folders.failed, folders.processing].contains { path.hasPrefix($0 + "/") }
        if ownFile {
            do {
                return try FileMoves.move(path, to: destination)
            } catch {
                // done/ on another file system: copy below, then remove the original.
                guard error == .improperLink else { throw error }
            }
        }
        let folder = (destination as NSString).deletingLastPathComponent
        try FileMoves.makeFolders(folder)
        let temporary = Folders.join(
            folder,
            ".intake-reprocess-\(getpid())-\((destination as NSString).lastPathComponent)"
        )
        unlink(temporary)
        try FileManager.default.copyItem(atPath: path, toPath: temporary)
        let target = try FileMoves.move(temporary, to: destination)
        if ownFile { unlink(path) }
        return target
    }
}
