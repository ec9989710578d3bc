import CIntakeLinux
import Dispatch
import Glibc

/// Unix signals as an `AsyncStream`, read from a `signalfd` on a Dispatch read source.
///
/// The signals are blocked, not ignored: ``blockStopSignals()`` runs first thing in `main`, before
/// any other thread exists, so every thread inherits the mask and a signal that arrives before
/// the source is armed stays pending until the `signalfd` reads it. (Setting `SIG_IGN` first, as
/// a Dispatch signal source needs, discards a signal that comes in the moments before.)
public final class UnixSignals: Sendable {
    /// The signals received, in order.
    public let signals: AsyncStream<Int32>
    private let source: SendableReadSource

    /// The signals that stop or reload the daemon.
    public static let stopSignals = [SIGTERM, SIGINT, SIGHUP]

    /// Blocks ``stopSignals`` in the calling thread, and so in every thread it starts later.
    /// Call first thing in `main`.
    public static func blockStopSignals() { mask(SIG_BLOCK) }

    /// Unblocks ``stopSignals`` in the calling thread: a command that does not read them gets
    /// their default actions back (a process-directed signal goes to a thread that does not block it).
    public static func unblockStopSignals() { mask(SIG_UNBLOCK) }

    private static func mask(_ how: Int32) {
        var set = sigset_t()
        sigemptyset(&set)
        for number in stopSignals { sigaddset(&set, number) }
        pthread_sigmask(how, &set, nil)
    }

    /// Starts reading `signals`, which must be blocked in every thread (``blockStopSignals()``).
    public init(_ signals: [Int32]) {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        self.signals = stream
        var set = sigset_t()
        sigemptyset(&set)
        for number in signals { sigaddset(&set, number) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
        let descriptor = CIntakeLinux_signalfd(&set)
        let source = DispatchSource.makeReadSource(
            fileDescriptor: descriptor,
            queue: DispatchQueue(label: "intake.signals")
        )
        source.setEventHandler {
            // One signalfd_siginfo (128 bytes) per signal; its first field is the number.
            var info = [UInt8](repeating: 0, count: 128)
            while info.withUnsafeMutableBytes({ read(descriptor, $0.baseAddress, 128) }) == 128 {
                continuation.yield(info.withUnsafeBytes { $0.load(as: UInt32.self) }.asSignal)
            }
        }
        source.setCancelHandler { close(descriptor) }
        source.resume()
        self.source = SendableReadSource(source: source)
        continuation.onTermination = { [source = self.source] _ in source.source.cancel() }
    }

    /// Stops reading; the signals stay blocked (pending ones are not lost to a default action).
    public func cancel() {
        source.source.cancel()
    }
}

extension UInt32 {
    fileprivate var asSignal: Int32 { Int32(truncatingIfNeeded: self) }
}

/// A Dispatch source, thread-safe but not marked `Sendable` by corelibs-libdispatch on Linux.
struct SendableReadSource: @unchecked Sendable {
    let source: any DispatchSourceRead
}
