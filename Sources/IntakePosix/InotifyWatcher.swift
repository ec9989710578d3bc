import Dispatch
import Glibc
import IntakeCore
import Synchronization

/// One file-system event from inotify, with the watched folder resolved to its path.
public struct InotifyEvent: Sendable, Hashable {
    /// What happened.
    public enum Kind: Sendable, Hashable {
        /// A file open for writing was closed (`IN_CLOSE_WRITE`).
        case closedAfterWrite
        /// A file or folder was moved into the watched folder (`IN_MOVED_TO`).
        case movedIn
        /// A folder was created (`IN_CREATE` with `IN_ISDIR`): watch it too when recursive.
        case folderCreated
        /// Anything else was created (`IN_CREATE`): a file about to be written, or a symlink,
        /// FIFO or socket, which no close will ever announce.
        case created
        /// The kernel's event queue overflowed (`IN_Q_OVERFLOW`): events were lost, rescan.
        case overflow
        /// The watched folder itself went away (`IN_DELETE_SELF`, `IN_MOVE_SELF`, `IN_IGNORED`).
        case watchGone
    }

    /// What happened.
    public var kind: Kind
    /// The watched folder (empty for an overflow).
    public var folder: String
    /// The entry's name inside the folder (empty when the event is about the folder).
    public var name: String
    /// Whether the entry is a folder.
    public var isFolder: Bool

    /// The entry's path.
    public var path: String { name.isEmpty ? folder : folder + "/" + name }
}

/// Watches folders with inotify on a Dispatch read source and delivers events as an
/// `AsyncSequence` (ServiceLifecycle's `UnixSignalsSequence` shape: the source's handlers only
/// yield into a continuation; nothing else runs on its queue).
///
/// The inotify descriptor is closed only in the source's cancel handler.
public final class InotifyWatcher: Sendable {
    private let descriptor: Int32
    private let source: SendableSource
    private let folders = FolderTable()
    /// The events, until ``cancel()``.
    public let events: AsyncStream<InotifyEvent>

    /// The events a watched folder reports.
    static let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

    /// Creates the inotify instance and its read source.
    ///
    /// - Throws: ``SystemCallError`` from `inotify_init1`.
    public init() throws {
        let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { throw SystemCallError.lastError("inotify_init1") }
        self.descriptor = descriptor
        let queue = DispatchQueue(label: "intake.inotify")
        let source = SendableSource(DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: queue))
        self.source = source
        let (stream, continuation) = AsyncStream<InotifyEvent>.makeStream()
        self.events = stream
        let folders = self.folders
        source.source.setEventHandler {
            for event in Self.drain(descriptor, folders: folders) { continuation.yield(event) }
        }
        source.source.setCancelHandler {
            close(descriptor)
            continuation.finish()
        }
        continuation.onTermination = { _ in source.source.cancel() }
        source.source.resume()
    }

    deinit {
        source.source.cancel()
    }

    /// Stops watching; the event sequence ends.
    public func cancel() {
        source.source.cancel()
    }

    /// Watches `folder` (not recursively: call again for subfolders).
    ///
    /// - Throws: ``SystemCallError`` from `inotify_add_watch` (`ENOSPC` when the user's watch limit is reached).
    public func watch(_ folder: String) throws {
        let wd = inotify_add_watch(descriptor, folder, Self.mask)
        guard wd >= 0 else { throw SystemCallError.lastError("inotify_add_watch", subject: folder) }
        folders.table.withLock { $0[wd] = folder }
    }

    /// Reads every pending event. The buffer holds at least one maximal event
    /// (`sizeof(inotify_event) + NAME_MAX + 1`), so `read` never fails with `EINVAL`.
    private static func drain(_ descriptor: Int32, folders: FolderTable) -> [InotifyEvent] {
        let capacity = 64 * (MemoryLayout<inotify_event>.size + Int(NAME_MAX) + 1)
        var buffer = [UInt8](repeating: 0, count: capacity)
        var events: [InotifyEvent] = []
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, capacity) }
            if count <= 0 { break }
            buffer.withUnsafeBytes { raw in
                var offset = 0
                while offset + MemoryLayout<inotify_event>.size <= count {
                    let header = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    let nameStart = offset + MemoryLayout<inotify_event>.size
                    let nameBytes = raw[nameStart..<min(count, nameStart + Int(header.len))].prefix { $0 != 0 }
                    let name = String(decoding: nameBytes, as: UTF8.self)
                    offset = nameStart + Int(header.len)
                    if let event = Self.event(header, name: name, folders: folders) { events.append(event) }
                }
            }
        }
        return events
    }

    private static func event(_ header: inotify_event, name: String, folders: FolderTable) -> InotifyEvent? {
        let mask = header.mask
        let isFolder = mask & UInt32(IN_ISDIR) != 0
        if mask & UInt32(IN_Q_OVERFLOW) != 0 {
            return InotifyEvent(kind: .overflow, folder: "", name: "", isFolder: false)
        }
        let folder = folders.table.withLock { folders in
            let path = folders[header.wd] ?? ""
            if mask & UInt32(IN_IGNORED) != 0 { folders[header.wd] = nil }
            return path
        }
        if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED) != 0 {
            return InotifyEvent(kind: .watchGone, folder: folder, name: "", isFolder: true)
        }
        if mask & UInt32(IN_CLOSE_WRITE) != 0 {
            return InotifyEvent(kind: .closedAfterWrite, folder: folder, name: name, isFolder: false)
        }
        if mask & UInt32(IN_MOVED_TO) != 0 {
            return InotifyEvent(kind: .movedIn, folder: folder, name: name, isFolder: isFolder)
        }
        if mask & UInt32(IN_CREATE) != 0 {
            return InotifyEvent(
                kind: isFolder ? .folderCreated : .created,
                folder: folder,
                name: name,
                isFolder: isFolder
            )
        }
        return nil
    }
}

/// The watch descriptors' folders, shared by the watcher and its event handler.
final class FolderTable: Sendable {
    let table = Mutex<[Int32: String]>([:])
}

/// A Dispatch source, which is thread-safe (`cancel` and `resume` may be called from any thread)
/// but not marked `Sendable` by corelibs-libdispatch on Linux.
struct SendableSource: @unchecked Sendable {
    let source: any DispatchSourceRead

    init(_ source: any DispatchSourceRead) {
        self.source = source
    }
}
