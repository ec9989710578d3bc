internal import CPoppler

/// A `GError`, copied out of GLib's allocation before it is freed.
public struct GLibError: Error, Sendable, CustomStringConvertible {
    /// The error domain (a GQuark).
    public var domain: UInt32
    /// The domain-specific code.
    public var code: Int32
    /// GLib's message.
    public var message: String

    /// Copies `error` and frees it; a `nil` error becomes an "unknown error".
    init(consuming error: UnsafeMutablePointer<GError>?) {
        guard let error else {
            self.domain = 0
            self.code = 0
            self.message = "unknown error"
            return
        }
        // "The error should be freed with g_error_free()" — after its fields are copied.
        defer { g_error_free(error) }
        self.domain = error.pointee.domain
        self.code = error.pointee.code
        self.message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
    }

    /// Whether this is Poppler's "document is encrypted" error.
    var isEncrypted: Bool {
        domain == CPoppler_errorQuark() && code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue)
    }

    public var description: String { "GLib error \(domain)/\(code): \(message)" }
}
