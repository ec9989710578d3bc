import Foundation
import Glibc
import IntakePosix
import SystemPackage

/// The daemon's JSONL output: one file, one writer, one `write(2)` per line.
///
/// - Durability: with ``FsyncPolicy/always`` each line is `fdatasync`ed before the ledger
///   confirms it, so a confirmed record survives power loss. With ``FsyncPolicy/never`` the line
///   is left to the kernel: it survives a crash of the daemon (even `kill -9`) but not of the
///   machine.
/// - Torn lines: at open the file is cut back to its last newline, so a line half-written when
///   the process died is removed before anything else is appended.
/// - Rotation: when the next line would pass ``rotateBytes``, or the UTC day changed since the
///   first line, the file is renamed to `STEM-YYYYMMDDTHHMMSSZ.jsonl` (the time of rotation; a
///   `-2`, `-3`… suffix if taken) and a new one is started. Readers follow the fixed name or pick
///   up the rotated files in name order.
/// - `SIGHUP`: ``reopen()`` opens the fixed name again, for logrotate's `create` mode.
final class OutputLog {
    /// When lines reach stable storage.
    enum FsyncPolicy: String, Sendable, CaseIterable {
        /// `fdatasync` after every line, before the ledger confirms it.
        case always
        /// Never explicitly: survives a daemon crash, not a power cut.
        case never
    }

    /// The folder holding the output.
    let folder: String
    /// The fixed file name, e.g. `intake.jsonl`.
    let fileName: String
    var policy: FsyncPolicy
    /// Rotate before a line that would make the file larger than this (0: never by size).
    var rotateBytes: Int
    /// Rotate when the UTC day changes.
    var rotateDaily: Bool

    private var descriptor: FileDescriptor
    /// The current file's size in bytes (the single writer keeps it exact).
    private(set) var size: Int
    private var day: String

    /// The current file's path.
    var path: String { (folder as NSString).appendingPathComponent(fileName) }

    /// Opens (creating) the output. Call ``repairTornTail()`` before the first append.
    init(folder: String, fileName: String, policy: FsyncPolicy, rotateBytes: Int, rotateDaily: Bool) throws {
        self.folder = folder
        self.fileName = fileName
        self.policy = policy
        self.rotateBytes = rotateBytes
        self.rotateDaily = rotateDaily
        (descriptor, size, day) = try Self.open((folder as NSString).appendingPathComponent(fileName))
    }

    deinit {
        try? descriptor.close()
    }

    /// Bytes removed from the end of the file at open (a line torn by a crash), 0 normally.
    private(set) var repairedBytes = 0

    private static func open(_ path: String) throws -> (FileDescriptor, Int, String) {
        let descriptor = try FileDescriptor.open(
            FilePath(path),
            .readWrite,
            options: [.create, .append, .closeOnExec],
            permissions: [.ownerReadWrite, .groupRead, .otherRead]
        )
        var info = stat()
        guard fstat(descriptor.rawValue, &info) == 0 else { throw Errno(rawValue: errno) }
        let day =
            info.st_size > 0 ? Self.day(Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec))) : Self.day()
        return (descriptor, Int(info.st_size), day)
    }

    /// Cuts the file back to just after its last newline. Returns the bytes removed.
    @discardableResult
    func repairTornTail() throws -> Int {
        guard size > 0 else { return 0 }
        var end = size
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while end > 0 {
            let start = max(0, end - buffer.count)
            let count = try buffer.withUnsafeMutableBytes {
                try descriptor.read(
                    fromAbsoluteOffset: Int64(start),
                    into: UnsafeMutableRawBufferPointer(rebasing: $0[..<(end - start)])
                )
            }
            if let last = buffer[..<count].lastIndex(of: 0x0A) {
                let keep = start + last + 1
                return try cut(to: keep)
            }
            end = start
        }
        return try cut(to: 0)
    }

    private func cut(to length: Int) throws -> Int {
        let removed = size - length
        guard removed > 0 else { return 0 }
        try descriptor.resize(to: Int64(length))
        try descriptor.sync()
        size = length
        repairedBytes += removed
        return removed
    }

    /// Rotates first if the line would pass a limit. Call before taking the offset for a line.
    func rotateIfNeeded(before lineLength: Int) throws {
        guard size > 0 else { return }
        let tooBig = rotateBytes > 0 && size + lineLength + 1 > rotateBytes
        let newDay = rotateDaily && day != Self.day()
        guard tooBig || newDay else { return }
        try rotate()
    }

    /// Renames the current file to its rotated name and starts a new one.
    func rotate() throws {
        try descriptor.sync()
        let stem = (fileName as NSString).deletingPathExtension
        let ext = (fileName as NSString).pathExtension
        let stamp = Self.stamp()
        var target = ""
        for attempt in 1... {
            let name = stem + "-" + stamp + (attempt == 1 ? "" : "-\(attempt)") + (ext.isEmpty ? "" : "." + ext)
            target = (folder as NSString).appendingPathComponent(name)
            if access(target, F_OK) != 0 { break }
        }
        guard Glibc.rename(path, target) == 0 else { throw Errno(rawValue: errno) }
        try? descriptor.close()
        (descriptor, size, day) = try Self.open(path)
        try FolderSync.sync(folder)
    }

    /// Appends `line` and a newline in one `write(2)`, then syncs per the policy. On a failed
    /// or short write the file is cut back, so it never keeps a partial line.
    func append(_ line: [UInt8]) throws {
        var buffer = line
        buffer.append(0x0A)
        let offset = size
        do {
            let written = try buffer.withUnsafeBytes { try descriptor.write($0, retryOnInterrupt: true) }
            guard written == buffer.count else { throw Errno.noSpace }
            size += written
            if policy == .always { try descriptor.sync() }
        } catch {
            try? descriptor.resize(to: Int64(offset))
            size = offset
            throw error
        }
    }

    /// Appends `lines`, each with a newline, in one `write(2)`, then syncs per the policy (once).
    /// On a failed or short write the file is cut back to where it was.
    func append(lines: [[UInt8]]) throws {
        guard !lines.isEmpty else { return }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(lines.reduce(0) { $0 + $1.count + 1 })
        for line in lines {
            buffer.append(contentsOf: line)
            buffer.append(0x0A)
        }
        buffer.removeLast()
        try append(buffer)
    }

    /// Flushes to stable storage whatever the policy.
    func sync() throws {
        try descriptor.sync()
    }

    /// Opens the fixed name again (after logrotate moved the file away).
    func reopen() throws {
        try? descriptor.sync()
        let (descriptor, size, day) = try Self.open(path)
        try? self.descriptor.close()
        (self.descriptor, self.size, self.day) = (descriptor, size, day)
        _ = try repairTornTail()
    }

    /// The complete line (without its newline) that starts at `offset` in the file at `path`,
    /// or `nil` when the file is shorter or the line has no newline.
    static func line(at offset: Int, in path: String, limit: Int = 64 << 20) -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        do {
            try handle.seek(toOffset: UInt64(offset))
            var line: [UInt8] = []
            while line.count < limit {
                guard let chunk = try handle.read(upToCount: 64 * 1024), !chunk.isEmpty else { return nil }
                if let newline = chunk.firstIndex(of: 0x0A) {
                    line.append(contentsOf: chunk[chunk.startIndex..<newline])
                    return line
                }
                line.append(contentsOf: chunk)
            }
        } catch {
            return nil
        }
        return nil
    }

    private static func day(_ date: Date = Date()) -> String {
        String(stamp(date).prefix(8))
    }

    /// `YYYYMMDDTHHMMSSZ` in UTC.
    private static func stamp(_ date: Date = Date()) -> String {
        UTCTime.format(seconds: Int(date.timeIntervalSince1970), .compact)
    }
}

@available(*, unavailable)
extension OutputLog: Sendable {}

/// `fsync` on a folder, so that a rename inside it is durable.
enum FolderSync {
    static func sync(_ folder: String) throws {
        let descriptor = try FileDescriptor.open(FilePath(folder), .readOnly, options: [.directory, .closeOnExec])
        defer { try? descriptor.close() }
        try descriptor.sync()
    }
}

extension FileDescriptor {
    /// `fdatasync(2)`: the data (and the size) on stable storage.
    func sync() throws {
        guard fdatasync(rawValue) == 0 else { throw Errno(rawValue: errno) }
    }
}
