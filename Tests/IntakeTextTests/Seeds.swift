import Foundation
import IntakeCore
import IntakeTestSupport
import IntakeText

/// The real postings in `shared/seeds` (beside the repository, as CI lays it out; or `$INTAKE_SEEDS`).
enum Seeds {
    static let folder: String? = {
        let candidates = [
            ProcessInfo.processInfo.environment["INTAKE_SEEDS"],
            (Fixtures.packageRoot as NSString).appendingPathComponent("../shared/seeds"),
        ].compactMap { $0 }
        return candidates.first {
            FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("posting-1.txt"))
        }
    }()

    static var available: Bool { folder != nil }

    static func text(_ number: Int) throws -> String {
        guard let folder else { throw CocoaError(.fileNoSuchFile) }
        return try String(contentsOfFile: "\(folder)/posting-\(number).txt", encoding: .utf8)
    }

    static func parse(_ number: Int) throws -> ParsedPosting {
        PostingParser().parse(pages: [try text(number)])
    }
}
