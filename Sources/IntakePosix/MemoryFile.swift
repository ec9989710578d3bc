import SystemPackage

/// Anonymous in-memory files (`memfd_create(2)`): bytes that a C library can read through a
/// file descriptor, with no file on disk.
public enum MemoryFile {
    /// A descriptor open on a new in-memory file holding `bytes`, positioned at the start.
    ///
    /// - Parameters:
    ///   - bytes: The contents.
    ///   - name: A name for `/proc/PID/fd` listings (not a path).
    /// - Throws: `Errno` from `memfd_create`, `write` or `lseek`.
    public static func descriptor(containing bytes: [UInt8], name: String) throws -> OwnedDescriptor {
        let owned = OwnedDescriptor(try memfdCreate(name: name).get())
        try bytes.withUnsafeBytes { buffer in
            _ = try owned.borrowed.writeAll(buffer)
        }
        _ = try owned.borrowed.seek(offset: 0, from: .start)
        return owned
    }
}
