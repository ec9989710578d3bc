import Glibc
import IntakeCore

/// Speaks systemd's notify protocol (`sd_notify(3)`) without libsystemd: one datagram per
/// message to the `AF_UNIX` socket named by `$NOTIFY_SOCKET` (a path, or `@name` for the
/// abstract namespace).
public struct SystemdNotifier: Sendable {
    /// The socket address from `$NOTIFY_SOCKET`.
    public let socketPath: String

    /// A notifier for `$NOTIFY_SOCKET`, or `nil` when the variable is unset (not under systemd).
    public init?(environment: [String: String]) {
        guard let path = environment["NOTIFY_SOCKET"], !path.isEmpty else { return nil }
        self.socketPath = path
    }

    /// Sends `state` ("READY=1", "STATUS=…", "WATCHDOG=1", "STOPPING=1"; several joined by newlines).
    ///
    /// - Throws: ``SystemCallError`` from `socket` or `sendto`.
    public func send(_ state: String) throws {
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw SystemCallError.lastError("socket") }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var pathBytes = Array(socketPath.utf8)
        // "@name" is the abstract namespace: a leading NUL byte instead of the "@".
        if pathBytes.first == UInt8(ascii: "@") { pathBytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else {
            throw SystemCallError(systemCall: "sendto", errno: ENAMETOOLONG, reason: "NOTIFY_SOCKET path too long")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in pathBytes.enumerated() { raw[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + pathBytes.count + (pathBytes.first == 0 ? 0 : 1))
        let message = Array(state.utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                message.withUnsafeBytes {
                    sendto(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), address, length)
                }
            }
        }
        guard sent == message.count else { throw SystemCallError.lastError("sendto") }
    }

}
