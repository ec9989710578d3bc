internal import CIntakeLinux
import Foundation
import Glibc
public import SystemPackage

/// Moving files between the daemon's folders: atomic renames that never replace a file.
public enum FileMoves {
    /// Renames `source` to `destination`, or to `NAME~2.EXT`, `NAME~3.EXT`… beside it when that
    /// name is taken, creating the destination's folders. Never replaces an existing file
    /// (`renameat2(RENAME_NOREPLACE)`).
    ///
    /// - Returns: The path the file now has.
    /// - Throws: `Errno` (`ENOENT` when `source` is gone, `EXDEV` across file systems).
    public static func move(_ source: String, to destination: String) throws(Errno) -> String {
        let folder = (destination as NSString).deletingLastPathComponent
        try makeFolders(folder)
        for attempt in 1...10_000 {
            let target = attempt == 1 ? destination : numbered(destination, attempt)
            let result = valueOrErrno { CIntakeLinux_rename_noreplace(source, target) }
            switch result {
            case .success:
                return target
            case .failure(.fileExists):
                continue
            case .failure(.invalidArgument):
                // A file system without RENAME_NOREPLACE: check, then rename (one writer here).
                if access(target, F_OK) == 0 { continue }
                guard rename(source, target) == 0 else { throw Errno(rawValue: errno) }
                return target
            case .failure(let error):
                throw error
            }
        }
        throw Errno.fileExists
    }

    /// The path `move(_:to:)` would try as its `attempt`th choice: `NAME~N.EXT`.
    static func numbered(_ path: String, _ attempt: Int) -> String {
        renamingStem(of: path) { $0 + "~\(attempt)" }
    }

    /// The inverse of the numbering `move(_:to:)` does: `NAME~2.EXT` is `NAME.EXT`; any other
    /// path is itself.
    public static func unnumbered(_ path: String) -> String {
        renamingStem(of: path) { stem in
            guard let tilde = stem.lastIndex(of: "~"), Int(stem[stem.index(after: tilde)...]) != nil else {
                return stem
            }
            return String(stem[..<tilde])
        }
    }

    /// `path` with its file name's stem (the name without its extension) replaced.
    private static func renamingStem(of path: String, _ change: (String) -> String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let ext = (name as NSString).pathExtension
        let stem = ext.isEmpty ? name : String(name.dropLast(ext.count + 1))
        let newName = change(stem) + (ext.isEmpty ? "" : "." + ext)
        return folder.isEmpty ? newName : (folder as NSString).appendingPathComponent(newName)
    }

    /// `mkdir -p`.
    public static func makeFolders(_ folder: String) throws(Errno) {
        var info = stat()
        if stat(folder, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR { return }
        let parent = (folder as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != folder { try makeFolders(parent) }
        if mkdir(folder, 0o755) != 0 && errno != EEXIST { throw Errno(rawValue: errno) }
    }

    /// Writes `bytes` to `path` atomically: a hidden temporary file beside it, synced, renamed over.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try makeFolders(folder)
        let temporary = (folder as NSString).appendingPathComponent(
            ".\((path as NSString).lastPathComponent).\(getpid()).tmp"
        )
        let descriptor = try FileDescriptor.open(
            FilePath(temporary),
            .writeOnly,
            options: [.create, .truncate, .closeOnExec],
            permissions: [.ownerReadWrite, .groupRead, .otherRead]
        )
        do {
            try descriptor.closeAfter {
                _ = try descriptor.writeAll(bytes)
                guard fsync(descriptor.rawValue) == 0 else { throw Errno(rawValue: errno) }
            }
            guard rename(temporary, path) == 0 else { throw Errno(rawValue: errno) }
        } catch {
            unlink(temporary)
            throw error
        }
    }
}
