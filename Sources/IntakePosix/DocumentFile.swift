import Foundation
import Glibc
public import IntakeCore
import SystemPackage

/// Reads document files whole into memory.
public enum DocumentFile {
    /// The source information for `path` before anything is known about the file.
    public static func source(path: String) -> SourceInfo {
        SourceInfo(path: path, fileName: (path as NSString).lastPathComponent)
    }

    /// Reads the regular file at `path`, filling in `source` (size, modification time) as it
    /// learns them, so that an error record still carries what was found.
    ///
    /// - Parameters:
    ///   - path: An absolute path (symlinks are followed).
    ///   - maxBytes: The largest file accepted; a larger one is refused without reading it.
    ///   - source: Updated with the size and modification time.
    /// - Returns: The bytes.
    /// - Throws: ``IntakeError`` at the `read` stage: `not_found`, `unreadable` (permissions or an
    ///   I/O error, with the errno text), `not_regular_file`, `empty`, `too_large`.
    public static func read(path: String, maxBytes: Int, source: inout SourceInfo) throws(IntakeError) -> [UInt8] {
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec, .nonBlocking])
        } catch {
            let errno = error as? Errno
            if errno == .noSuchFileOrDirectory || errno == .notDirectory {
                throw IntakeError(
                    .notFound,
                    stage: .read,
                    "\(path): no such file",
                    cause: SystemCallError(error, call: "open")
                )
            }
            throw IntakeError(
                .unreadable,
                stage: .read,
                "\(path): cannot open: \(error)",
                cause: SystemCallError(error, call: "open")
            )
        }
        defer { try? descriptor.close() }

        var info = stat()
        guard fstat(descriptor.rawValue, &info) == 0 else {
            let error = Errno(rawValue: Glibc.errno)
            throw IntakeError(
                .unreadable,
                stage: .read,
                "\(path): cannot stat: \(error)",
                cause: SystemCallError(error, call: "fstat")
            )
        }
        source.size = Int(info.st_size)
        source.mtime = iso8601(seconds: Int(info.st_mtim.tv_sec))
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw IntakeError(.notRegularFile, stage: .read, "\(path): not a regular file")
        }
        let size = Int(info.st_size)
        if size == 0 {
            throw IntakeError(.empty, stage: .read, "\(path): the file is empty (0 bytes)")
        }
        if size > maxBytes {
            throw IntakeError(.tooLarge, stage: .read, "\(path): \(size) bytes is over the limit of \(maxBytes) bytes")
        }

        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        do {
            try bytes.withUnsafeMutableBytes { buffer in
                while filled < size {
                    let count = try descriptor.read(
                        into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]),
                        retryOnInterrupt: true
                    )
                    if count == 0 { break }
                    filled += count
                }
            }
        } catch {
            throw IntakeError(
                .unreadable,
                stage: .read,
                "\(path): read failed: \(error)",
                cause: SystemCallError(error, call: "read")
            )
        }
        // The file shrank while we read it (a writer truncated it): keep what is there.
        if filled < size { bytes.removeSubrange(filled...) }
        if bytes.isEmpty {
            throw IntakeError(.empty, stage: .read, "\(path): the file is empty (0 bytes)")
        }
        source.size = bytes.count
        return bytes
    }

    /// `seconds` since the epoch as `YYYY-MM-DDTHH:MM:SSZ`.
    static func iso8601(seconds: Int) -> String {
        UTCTime.format(seconds: seconds, .seconds)
    }
}

extension SystemCallError {
    /// The error `call` just left in `errno`, its text prefixed with `subject` (a path) if given.
    static func lastError(_ call: String, subject: String? = nil) -> SystemCallError {
        let code = Glibc.errno
        let text = String(cString: strerror(code))
        return SystemCallError(systemCall: call, errno: code, reason: subject.map { "\($0): \(text)" } ?? text)
    }

    /// Wraps a swift-system `Errno` from `call`.
    init(_ error: Errno, call: String) {
        self.init(systemCall: call, errno: error.rawValue, reason: error.description)
    }

    /// Wraps an error from a swift-system call (an `Errno`, else errno 0 with its text).
    init(_ error: any Error, call: String) {
        if let errno = error as? Errno {
            self.init(errno, call: call)
        } else {
            self.init(systemCall: call, errno: 0, reason: "\(error)")
        }
    }
}
