import Glibc
public import SystemPackage

/// Appends JSON lines to a file or to standard output: one `write(2)` per line.
///
/// One write per line means that a reader never sees half a line from a finished write, and a
/// writer killed mid-line leaves at most one torn line at the end (issue #4 builds its recovery on
/// that). Not `Sendable`: one owner writes.
public final class JSONLWriter {
    private let descriptor: FileDescriptor
    private let ownsDescriptor: Bool
    /// Where the lines go, for messages (`-` for standard output).
    public let displayPath: String

    /// Opens `path` for appending, creating it (mode 0644) if needed.
    ///
    /// - Parameters:
    ///   - path: The output file.
    ///   - truncate: Empties an existing file first (a batch run's fresh output) instead of appending.
    /// - Throws: `Errno` from `open(2)`.
    public init(path: FilePath, truncate: Bool) throws {
        var options: FileDescriptor.OpenOptions = [.create, .append, .closeOnExec]
        if truncate { options.insert(.truncate) }
        self.descriptor = try FileDescriptor.open(
            path,
            .writeOnly,
            options: options,
            permissions: [.ownerReadWrite, .groupRead, .otherRead]
        )
        self.ownsDescriptor = true
        self.displayPath = path.string
    }

    /// Writes to standard output (which stays open afterwards).
    public init(standardOutput: Void = ()) {
        self.descriptor = .standardOutput
        self.ownsDescriptor = false
        self.displayPath = "-"
    }

    deinit {
        if ownsDescriptor { try? descriptor.close() }
    }

    /// Writes `line` and a newline in one call.
    ///
    /// - Important: `line` must not contain a newline (JSONEncoder output never does).
    /// - Throws: `Errno` from `write(2)`.
    public func write(line: [UInt8]) throws {
        var buffer = line
        buffer.append(0x0A)
        try buffer.withUnsafeBytes { bytes in
            var remaining = UnsafeRawBufferPointer(rebasing: bytes[...])
            // write(2) may write less than asked (a pipe, a signal); the rest follows at once.
            while !remaining.isEmpty {
                let written = try descriptor.write(remaining, retryOnInterrupt: true)
                remaining = UnsafeRawBufferPointer(rebasing: remaining[written...])
            }
        }
    }

    /// Flushes the file to stable storage (`fsync(2)`); a no-op for pipes and terminals.
    ///
    /// - Throws: `Errno` from `fsync(2)`, except `EINVAL`/`EROFS` (the descriptor cannot be synced).
    public func sync() throws {
        guard fsync(descriptor.rawValue) == 0 else {
            let code = Glibc.errno
            if code == EINVAL || code == EROFS { return }
            throw Errno(rawValue: code)
        }
    }
}

@available(*, unavailable)
extension JSONLWriter: Sendable {}
