public import SystemPackage

/// A file descriptor with exactly one owner: it cannot be copied, and it is closed exactly once,
/// either by ``close()``, by ``take()``'s new owner, or when the value is dropped.
///
/// Modelled on swift-subprocess's `IODescriptor` (`consumeDescriptor()`).
public struct OwnedDescriptor: ~Copyable {
    private let descriptor: FileDescriptor

    /// Takes ownership of `descriptor`.
    public init(_ descriptor: FileDescriptor) {
        self.descriptor = descriptor
    }

    /// The descriptor, for calls that only borrow it.
    public var borrowed: FileDescriptor { descriptor }

    /// Closes the descriptor now.
    ///
    /// - Throws: `Errno` from `close(2)`.
    public consuming func close() throws {
        let descriptor = self.descriptor
        discard self
        try descriptor.close()
    }

    /// Gives the descriptor to a new owner (such as `poppler_document_new_from_fd`, which
    /// closes it), without closing it here.
    public consuming func take() -> FileDescriptor {
        let descriptor = self.descriptor
        discard self
        return descriptor
    }

    deinit {
        try? descriptor.close()
    }
}
