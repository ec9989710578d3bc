/// File-name patterns that are never taken as documents when a folder is walked: temporary
/// files of editors, browsers and scanners, OS clutter, and hidden files.
///
/// A path given explicitly on the command line is never ignored.
public struct IgnoreRules: Sendable, Hashable, Codable {
    /// Shell-style patterns (`*` and `?`) matched against a file or folder name.
    public var patterns: [String]

    /// The defaults: dotfiles and dot-folders, `*.part`, `*.tmp`, `*.crdownload`, `~$*` (Office
    /// lock files), `.~lock*` (LibreOffice), `Thumbs.db`, `desktop.ini`, `@eaDir` (Synology).
    public static let defaultPatterns = [
        ".*", "*.part", "*.tmp", "*.crdownload", "~$*", ".~lock*", "Thumbs.db", "desktop.ini", "@eaDir",
    ]

    /// Creates rules; the default is ``defaultPatterns``.
    public init(patterns: [String] = IgnoreRules.defaultPatterns) {
        self.patterns = patterns
    }

    /// Whether a file or folder called `name` is ignored.
    public func ignores(_ name: String) -> Bool {
        patterns.contains { Self.matches(pattern: Array($0.unicodeScalars), name: Array(name.unicodeScalars)) }
    }

    /// Glob matching with `*` (any run) and `?` (any one character), case-sensitive, iterative
    /// with single-star backtracking (linear for the patterns above).
    static func matches(pattern: [Unicode.Scalar], name: [Unicode.Scalar]) -> Bool {
        var p = 0
        var n = 0
        var star: Int?
        var resume = 0
        while n < name.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == name[n] {
                p += 1
                n += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p
                resume = n
                p += 1
            } else if let star {
                p = star + 1
                resume += 1
                n = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
