import Foundation
import Glibc
import IntakePosix
import Logging

/// One line per log event on stderr, `key=value` metadata, no colours.
///
/// Under systemd (`JOURNAL_STREAM` is set when stderr is the journal) lines carry no timestamp
/// (journald adds its own) and start with a `<N>` syslog priority, which journald reads as the
/// entry's level (`SyslogLevelPrefix=`, on by default). Elsewhere each line starts with an ISO
/// 8601 UTC timestamp and the level.
struct DaemonLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    let label: String
    let journal: Bool

    init(label: String, level: Logger.Level, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.label = label
        self.logLevel = level
        self.journal = environment["JOURNAL_STREAM"] != nil
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = ""
        if journal {
            line = "<\(Self.priority(event.level))>"
        } else {
            line = UTCTime.now(.milliseconds) + " " + event.level.rawValue + " "
        }
        line += event.message.description
        var all = metadata
        if let extra = event.metadata { all.merge(extra) { _, new in new } }
        for key in all.keys.sorted() {
            line += " \(key)=\(Self.quoted("\(all[key]!)"))"
        }
        line += "\n"
        // One write(2) per line, so lines from several threads never interleave.
        _ = line.utf8CString.withUnsafeBufferPointer { buffer in
            Glibc.write(STDERR_FILENO, buffer.baseAddress, buffer.count - 1)
        }
    }

    /// Quotes a value holding spaces, quotes or newlines.
    static func quoted(_ value: String) -> String {
        guard value.isEmpty || value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }) else {
            return value
        }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        return "\"" + escaped + "\""
    }

    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }
}
