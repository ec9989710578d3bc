import Foundation
import IntakePipeline

/// A one-line progress bar on stderr: documents and pages done, pages per second, ETA.
///
/// Redrawn at most ten times a second; only made when stderr is a terminal (or `--progress`).
final class ProgressBar {
    private let total: Int
    private var lastDraw: ContinuousClock.Instant?
    private var drawn = false

    init(total: Int) {
        self.total = total
    }

    func update(_ summary: BatchSummary) {
        let now = ContinuousClock.now
        if let lastDraw, now - lastDraw < .milliseconds(100), summary.documentsDone < total { return }
        lastDraw = now
        let width = 24
        let fraction = total == 0 ? 1 : Double(summary.documentsDone) / Double(total)
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let pagesPerSecond = summary.seconds > 0 ? Double(summary.pagesDone) / summary.seconds : 0
        var eta = "--:--"
        if summary.documentsDone > 0 && summary.documentsDone < total {
            let remaining = summary.seconds / Double(summary.documentsDone) * Double(total - summary.documentsDone)
            eta = String(format: "%d:%02d", Int(remaining) / 60, Int(remaining) % 60)
        } else if summary.documentsDone == total {
            eta = "0:00"
        }
        let line = String(
            format: "[%@] %d/%d docs  %d pages  %.1f pages/s  ETA %@",
            bar,
            summary.documentsDone,
            total,
            summary.pagesDone,
            pagesPerSecond,
            eta
        )
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(line)".utf8))
        drawn = true
    }

    /// Erases the bar so that a message can take the line.
    func clear() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
        drawn = false
    }

    /// Ends the bar's line.
    func finish() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
