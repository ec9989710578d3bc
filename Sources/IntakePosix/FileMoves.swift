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

    /// Writes `bytes` to `path` atomically: a temporary file, synced, renamed over. The
    /// temporary is made in `temporaryFolder` when given (a process killed meanwhile leaves it
    /// there, not beside the path: see ``removeTemporaries(in:olderThan:)``), or hidden beside
    /// the path when the two are on different file systems or no folder is given.
    public static func writeAtomically(_ bytes: [UInt8], to path: String, temporaryFolder: String? = nil) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try makeFolders(folder)
        if let temporaryFolder {
            try makeFolders(temporaryFolder)
            let temporary = (temporaryFolder as NSString).appendingPathComponent(UUID().uuidString + ".tmp")
            do {
                try write(bytes, to: temporary, renamedTo: path)
                return
            } catch let error as Errno where error == .improperLink {
                // Another file system: beside the path, then.
            }
        }
        let temporary = (folder as NSString).appendingPathComponent(
            ".\((path as NSString).lastPathComponent).\(getpid()).tmp"
        )
        try write(bytes, to: temporary, renamedTo: path)
    }

    /// Removes the temporaries of ``writeAtomically(_:to:temporaryFolder:)`` left in `folder`
    /// by a process that died, those not changed for `age` seconds (another process may be
    /// writing one now). Returns how many.
    @discardableResult
    public static func removeTemporaries(in folder: String, olderThan age: Double) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return 0 }
        var removed = 0
        for name in names where name.hasSuffix(".tmp") {
            let path = (folder as NSString).appendingPathComponent(name)
            var info = stat()
            guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
                Double(time(nil) - info.st_mtim.tv_sec) >= age, unlink(path) == 0
            else { continue }
            removed += 1
        }
        return removed
    }

    private static func write(_ bytes: [UInt8], to temporary: String, renamedTo path: String) throws {
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
