import Dispatch
import Glibc

/// Unix signals as an `AsyncStream`, from Dispatch signal sources (swift-service-lifecycle's
/// `UnixSignalsSequence`): the default action of each signal is replaced by `SIG_IGN` so that
/// only the source sees it.
public final class UnixSignals: Sendable {
    /// The signals received, in order.
    public let signals: AsyncStream<Int32>
    private let sources: [SendableSignalSource]

    /// Starts catching `signals`.
    public init(_ signals: [Int32]) {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        self.signals = stream
        let queue = DispatchQueue(label: "intake.signals")
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return SendableSignalSource(source: source)
        }
        continuation.onTermination = { [sources] _ in
            for source in sources { source.source.cancel() }
        }
    }

    /// Stops catching; the signals' default actions are restored.
    public func cancel() {
        for source in sources {
            source.source.cancel()
        }
    }
}

/// A Dispatch source, thread-safe but not marked `Sendable` by corelibs-libdispatch on Linux.
struct SendableSignalSource: @unchecked Sendable {
    let source: any DispatchSourceSignal
}
