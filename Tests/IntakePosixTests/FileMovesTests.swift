import Foundation
import IntakePosix
import Testing

struct FileMovesTests {
    @Test func takenNamesGetANumberThatUnnumberedTakesOff() throws {
        let folder = NSTemporaryDirectory() + "intake-moves-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder + "/a", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["one", "two", "three"] {
            #expect(FileManager.default.createFile(atPath: folder + "/" + name, contents: Data(name.utf8)))
        }
        let first = try FileMoves.move(folder + "/one", to: folder + "/b/report.v2.pdf")
        let second = try FileMoves.move(folder + "/two", to: folder + "/b/report.v2.pdf")
        let third = try FileMoves.move(folder + "/three", to: folder + "/b/report.v2.pdf")
        #expect(first == folder + "/b/report.v2.pdf")
        #expect(second == folder + "/b/report.v2~2.pdf")
        #expect(third == folder + "/b/report.v2~3.pdf")
        // Nothing was replaced.
        #expect(try String(contentsOfFile: first, encoding: .utf8) == "one")
        #expect(try String(contentsOfFile: third, encoding: .utf8) == "three")
        #expect(Set([first, second, third].map(FileMoves.unnumbered)) == [folder + "/b/report.v2.pdf"])
        #expect(FileMoves.unnumbered("sub/notes~draft.txt") == "sub/notes~draft.txt")
        #expect(FileMoves.unnumbered("scan~12") == "scan")
        #expect(throws: (any Error).self) { try FileMoves.move(folder + "/gone", to: folder + "/c/x") }
    }

    /// A note is written through a temporary in a folder of its own, so that a crash leaves
    /// nothing beside the inputs; leftovers a minute old are removed, newer ones (another
    /// process may be writing them) are kept.
    @Test func notesGoThroughATemporaryFolderWhoseLeftoversAreRemoved() throws {
        let folder = NSTemporaryDirectory() + "intake-notes-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileMoves.writeAtomically(
            Array("{}".utf8),
            to: folder + "/done/a.pdf.duplicate.json",
            temporaryFolder: folder + "/tmp"
        )
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/done") == ["a.pdf.duplicate.json"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/tmp").isEmpty)
        // What a kill between the write and the rename leaves: one old, one being written now.
        for name in ["old.tmp", "new.tmp", "keep.json"] {
            #expect(FileManager.default.createFile(atPath: folder + "/tmp/" + name, contents: Data("{".utf8)))
        }
        let old = Date().addingTimeInterval(-120)
        for name in ["old.tmp", "keep.json"] {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: folder + "/tmp/" + name)
        }
        #expect(FileMoves.removeTemporaries(in: folder + "/tmp", olderThan: 60) == 1)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder + "/tmp").sorted() == ["keep.json", "new.tmp"]
        )
    }
}
