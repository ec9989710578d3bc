internal import CIntakeLinux

/// What kind of file system a path is on, from `statfs(2)`.
public struct FileSystemKind: Sendable, Hashable, CustomStringConvertible {
    /// A name for logs (`ext4`, `nfs`, `cifs`, `fuse`, or the magic number in hex).
    public var name: String
    /// Whether inotify may miss changes there: network file systems (changes made by other
    /// machines raise no events) and FUSE (events depend on the driver).
    public var needsPolling: Bool

    public var description: String { name }

    /// The file system of `path`, or `nil` when `statfs` fails.
    public init?(path: String) {
        let type = CIntakeLinux_filesystem_type(path)
        guard type != -1 else { return nil }
        let magic = UInt32(truncatingIfNeeded: type)
        switch magic {
        case 0x6969: (name, needsPolling) = ("nfs", true)
        case 0xFF53_4D42: (name, needsPolling) = ("cifs", true)
        case 0x517B: (name, needsPolling) = ("smb", true)
        case 0xFE53_4D42: (name, needsPolling) = ("smb2", true)
        case 0x6573_5546: (name, needsPolling) = ("fuse", true)
        case 0x0102_1997: (name, needsPolling) = ("9p", true)
        case 0x5346_414F: (name, needsPolling) = ("afs", true)
        case 0xEF53: (name, needsPolling) = ("ext4", false)
        case 0x5846_5342: (name, needsPolling) = ("xfs", false)
        case 0x9123_683E: (name, needsPolling) = ("btrfs", false)
        case 0x0102_1994: (name, needsPolling) = ("tmpfs", false)
        case 0x794C_7630: (name, needsPolling) = ("overlayfs", false)
        default: (name, needsPolling) = ("0x" + String(magic, radix: 16), false)
        }
    }
}
