import Foundation
import Glibc
public import IntakeCore

/// One thing to process: a file to read, or a path that failed before reading.
public enum InputItem: Sendable, Hashable {
    /// A file, by absolute path.
    case file(String)
    /// A path that cannot be processed (missing, an unreadable folder): it becomes an error record.
    case failure(path: String, IntakeError.Code, String)
}

/// Expands command-line paths into the files to process.
public struct InputCollector: Sendable {
    /// Names skipped while walking folders.
    public var ignore: IgnoreRules

    /// Creates a collector.
    public init(ignore: IgnoreRules = IgnoreRules()) {
        self.ignore = ignore
    }

    /// The result of expanding paths.
    public struct Collection: Sendable {
        /// Files and failures, in a stable order: arguments as given, folder contents sorted by path.
        public var items: [InputItem]
        /// How many names in walked folders matched an ignore pattern.
        public var ignored: Int
    }

    /// Expands `paths`: a file is taken as is (even if its name matches an ignore pattern),
    /// a folder is walked recursively. Symlinks to files are followed; symlinks to folders are
    /// not walked (they could loop).
    public func collect(_ paths: [String]) -> Collection {
        var items: [InputItem] = []
        var ignored = 0
        let manager = FileManager.default
        for argument in paths {
            let path = Self.absolute(argument)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                items.append(.failure(path: path, .notFound, "\(path): no such file or folder"))
                continue
            }
            guard isDirectory.boolValue else {
                items.append(.file(path))
                continue
            }
            walk(path, into: &items, ignored: &ignored)
        }
        return Collection(items: items, ignored: ignored)
    }

    private func walk(_ folder: String, into items: inout [InputItem], ignored: inout Int) {
        let manager = FileManager.default
        let names: [String]
        do {
            names = try manager.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            items.append(
                .failure(path: folder, .unreadable, "\(folder): cannot list the folder: \(error.localizedDescription)")
            )
            return
        }
        for name in names {
            if ignore.ignores(name) {
                ignored += 1
                continue
            }
            let path = (folder as NSString).appendingPathComponent(name)
            // lstat, not FileManager.attributesOfItem: that also looks up the owner and group
            // names (reading /etc/passwd and /etc/group) and lists extended attributes, for
            // every file, before the first document can start.
            var info = stat()
            let type = lstat(path, &info) == 0 ? info.st_mode & S_IFMT : nil
            if type == S_IFDIR {
                walk(path, into: &items, ignored: &ignored)
            } else if type == S_IFLNK {
                var isDirectory: ObjCBool = false
                if manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                    ignored += 1
                } else {
                    items.append(.file(path))
                }
            } else {
                // Regular files, and anything else (FIFOs, sockets): reading reports what it is.
                items.append(.file(path))
            }
        }
    }

    /// `path` made absolute against the current directory, with `.` and `..` resolved.
    static func absolute(_ path: String) -> String {
        let full =
            path.hasPrefix("/")
            ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        return (full as NSString).standardizingPath
    }
}
