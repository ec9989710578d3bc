import Foundation
import Glibc
import IntakeCore

/// An exclusive `flock(2)` on a file in the state folder, held while the process lives: one
/// daemon per root, and `intake reprocess` knows whether a daemon is running.
///
/// The kernel drops the lock when the process dies, even by `kill -9`, so a stale lock file
/// never blocks a restart. The file holds the holder's pid, for messages.
public final class InstanceLock: Sendable {
    private let descriptor: Int32
    /// The lock file.
    public let path: String

    /// Takes the lock, or returns `nil` when another process holds it.
    ///
    /// - Throws: ``SystemCallError`` when the file cannot be opened.
    public init?(path: String) throws {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw SystemCallError.lastError("open", subject: path) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        self.path = path
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    deinit {
        close(descriptor)
    }

    /// The pid written by the process holding the lock at `path`, if readable.
    public static func holder(path: String) -> Int32? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
