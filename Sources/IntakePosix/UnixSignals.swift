import CIntakeLinux
import Dispatch
import Glibc

/// SIGTERM, SIGINT and SIGHUP as an `AsyncStream`: a signal handler writes each signal's number
/// into a pipe, and a Dispatch read source reads it (`CIntakeLinux_catch_stop_signals`).
///
/// `intake watch` and `intake reprocess` install the handler before `main` (a C constructor), so
/// a signal in the daemon's first moments waits in the pipe until the source is armed.
public final class UnixSignals: Sendable {
    /// The signals received, in order.
    public let signals: AsyncStream<Int32>
    private let source: SendableReadSource

    /// Starts reading the stop signals (installing the handler if it is not yet).
    public init() {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        self.signals = stream
        let descriptor = CIntakeLinux_catch_stop_signals()
        let source = DispatchSource.makeReadSource(
            fileDescriptor: descriptor,
            queue: DispatchQueue(label: "intake.signals")
        )
        source.setEventHandler {
            var buffer = [UInt8](repeating: 0, count: 64)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                guard count > 0 else { break }
                for number in buffer.prefix(count) { continuation.yield(Int32(number)) }
            }
        }
        source.resume()
        self.source = SendableReadSource(source: source)
        continuation.onTermination = { [source = self.source] _ in source.source.cancel() }
    }

    /// Stops reading; the handler stays (later signals wait in the pipe).
    public func cancel() {
        source.source.cancel()
    }
}

/// A Dispatch source, thread-safe but not marked `Sendable` by corelibs-libdispatch on Linux.
struct SendableReadSource: @unchecked Sendable {
    let source: any DispatchSourceRead
}
