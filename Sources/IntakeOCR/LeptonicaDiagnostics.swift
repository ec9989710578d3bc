internal import CLeptonica
import Foundation
public import Logging
import Synchronization

/// Routes Leptonica's diagnostics into swift-log instead of stderr.
///
/// Leptonica reports every image it cannot read on stderr; a daemon's stderr is the journal, and
/// the failure already reaches the record, so the messages go to a logger at `debug`.
public enum LeptonicaDiagnostics {
    private static let logger = Mutex<Logger?>(nil)

    /// Sends Leptonica's messages to `logger` from now on. Call once at start-up.
    public static func route(to logger: Logger) {
        self.logger.withLock { $0 = logger }
        leptSetStderrHandler { message in
            guard let message else { return }
            let text = String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
            LeptonicaDiagnostics.logger.withLock { logger in
                logger?.debug("leptonica message", metadata: ["leptonica.message": "\(text)"])
            }
        }
    }
}
