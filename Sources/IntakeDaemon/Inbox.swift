import Foundation
import Glibc
import IntakePipeline

/// The daemon's folders, resolved to absolute paths.
struct Folders: Sendable {
    let inbox: String
    /// This daemon's claims: processing/, or processing/HOST/ when several hosts share the inbox.
    let processing: String
    /// processing/ itself (holding every host's folder when shared).
    let processingRoot: String
    let done: String
    let failed: String
    let output: String
    let state: String
    /// The instance lock: one daemon per root, or per host name when shared.
    let lock: String

    init(_ config: DaemonConfiguration) {
        inbox = DaemonConfiguration.normalized(config.path(config.inbox))
        processingRoot = DaemonConfiguration.normalized(config.path(config.processing))
        processing = config.isShared ? Self.join(processingRoot, config.hostName) : processingRoot
        done = DaemonConfiguration.normalized(config.path(config.done))
        failed = DaemonConfiguration.normalized(config.path(config.failed))
        output = DaemonConfiguration.normalized(config.path(config.output))
        state = DaemonConfiguration.normalized(config.path(config.state))
        lock = Self.join(state, config.isShared ? "intake-\(config.hostName).lock" : "intake.lock")
    }

    var all: [String] { [inbox, processing, done, failed, output, state] }

    var ledger: String { (state as NSString).appendingPathComponent("ledger.sqlite") }
    /// Where notes are written before they are renamed into done/ or failed/: a note cut off by
    /// a crash is left here (and removed at the next start), not beside the inputs.
    var temporary: String { (state as NSString).appendingPathComponent("tmp") }

    /// `folder/relative`.
    static func join(_ folder: String, _ relative: String) -> String {
        (folder as NSString).appendingPathComponent(relative)
    }

    /// `path` relative to `folder`, or `nil` when it is not inside.
    static func relative(_ path: String, to folder: String) -> String? {
        guard path.hasPrefix(folder + "/") else { return nil }
        return String(path.dropFirst(folder.count + 1))
    }
}

/// One entry found while walking a folder.
struct FoundEntry: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case file
        /// A symlink, FIFO, socket or device: refused.
        case refused(String)
    }

    /// The path relative to the walked folder.
    var relative: String
    var kind: Kind
}

/// Walks a folder the way the daemon sees it: ignore rules on every path component, symlinks
/// never followed, subfolders only when recursive.
struct FolderWalker {
    var ignore: IgnoreRules
    var recursive: Bool

    /// The entries under `folder`, and the subfolders walked (for inotify watches).
    func walk(_ folder: String) -> (entries: [FoundEntry], folders: [String]) {
        var entries: [FoundEntry] = []
        var folders: [String] = [folder]
        walk(folder, prefix: "", entries: &entries, folders: &folders)
        return (entries, folders)
    }

    private func walk(_ folder: String, prefix: String, entries: inout [FoundEntry], folders: inout [String]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names.sorted() where !ignore.ignores(name) {
            let path = Folders.join(folder, name)
            let relative = prefix.isEmpty ? name : prefix + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                entries.append(FoundEntry(relative: relative, kind: .file))
            case S_IFDIR:
                if recursive {
                    folders.append(path)
                    walk(path, prefix: relative, entries: &entries, folders: &folders)
                }
            case S_IFLNK:
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
                entries.append(
                    FoundEntry(
                        relative: relative,
                        kind: .refused("a symbolic link (to \(target)); links are not followed")
                    )
                )
            default:
                entries.append(
                    FoundEntry(relative: relative, kind: .refused("not a regular file (\(Self.kind(info)))"))
                )
            }
        }
    }

    /// Whether the inbox-relative `relative` is ignored (any component matches).
    func ignores(relative: String) -> Bool {
        relative.split(separator: "/").contains { ignore.ignores(String($0)) }
    }

    static func kind(_ info: stat) -> String {
        switch info.st_mode & S_IFMT {
        case S_IFIFO: "a FIFO"
        case S_IFSOCK: "a socket"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFDIR: "a folder"
        case S_IFLNK: "a symbolic link"
        default: "an unknown kind"
        }
    }
}
