import Foundation
import Glibc
import IntakePosix
import Testing

struct InotifyWatcherTests {
    func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "intake-inotify-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The first `count` events, or fewer if none arrives for two seconds.
    func collect(_ watcher: InotifyWatcher, count: Int) async -> [InotifyEvent] {
        await withTaskGroup(of: [InotifyEvent].self) { group in
            group.addTask {
                var seen: [InotifyEvent] = []
                for await event in watcher.events {
                    seen.append(event)
                    if seen.count == count { break }
                }
                return seen
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(2))
                return []
            }
            let first = await group.next() ?? []
            group.cancelAll()
            watcher.cancel()
            return first
        }
    }

    @Test func reportsClosedWritesMovesAndNewFolders() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outside = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: outside) }
        let watcher = try InotifyWatcher()
        try watcher.watch(folder)

        // A file written in place, one moved in, a new folder; a file only opened for reading is no event.
        // Plain open/write/close (FileManager writes atomically, through a rename).
        let written = open(folder + "/written.pdf", O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        try #require(written >= 0)
        #expect(write(written, "%PDF-", 5) == 5)
        close(written)
        _ = FileManager.default.createFile(atPath: outside + "/moved.pdf", contents: Data("%PDF-".utf8))
        #expect(rename(outside + "/moved.pdf", folder + "/moved.pdf") == 0)
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: false)
        _ = FileManager.default.contents(atPath: folder + "/written.pdf")

        #expect(symlink("/etc/hostname", folder + "/link.pdf") == 0)

        let events = await collect(watcher, count: 5)
        #expect(events.map(\.kind) == [.created, .closedAfterWrite, .movedIn, .folderCreated, .created])
        #expect(
            events.map(\.path) == [
                folder + "/written.pdf", folder + "/written.pdf", folder + "/moved.pdf", folder + "/sub",
                folder + "/link.pdf",
            ]
        )
    }

    @Test func watchingAMissingFolderIsAnError() throws {
        let watcher = try InotifyWatcher()
        #expect(throws: (any Error).self) { try watcher.watch("/nonexistent/intake/inbox") }
        watcher.cancel()
    }
}

struct SystemdNotifierTests {
    @Test func notifierIsAbsentWithoutNotifySocket() {
        #expect(SystemdNotifier(environment: [:]) == nil)
    }

    @Test(arguments: [false, true])
    func sendsDatagramsToTheNotifySocket(abstract: Bool) throws {
        let name = "intake-notify-\(UUID().uuidString.prefix(8))"
        let path = abstract ? "@" + name : NSTemporaryDirectory() + name
        let server = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        try #require(server >= 0)
        defer {
            close(server)
            if !abstract { unlink(path) }
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        if abstract { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (abstract ? 0 : 1))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(server, $0, length) }
        }
        try #require(bound == 0)

        let notifier = try #require(SystemdNotifier(environment: ["NOTIFY_SOCKET": path]))
        try notifier.send("READY=1\nSTATUS=queue 0, done 0")
        var buffer = [UInt8](repeating: 0, count: 256)
        let received = recv(server, &buffer, buffer.count, 0)
        #expect(String(decoding: buffer.prefix(max(0, received)), as: UTF8.self) == "READY=1\nSTATUS=queue 0, done 0")
    }
}
