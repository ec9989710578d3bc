import CIntakeLinux
import Foundation
import Glibc

/// A child process started with `posix_spawn`, its standard input and output on pipes to this
/// process and its standard error inherited.
///
/// The child starts with no signal blocked and SIGTERM, SIGINT, SIGHUP and SIGPIPE at their
/// default actions, whatever this process blocks or ignores. Nothing here waits or reads on its
/// own: the owner watches ``output`` (end of file is the child's death, or its closing of its
/// output) and calls ``wait()`` to reap it.
public final class ChildProcess: @unchecked Sendable {
    // @unchecked: `pid` and the descriptors are set once; `reaped` is only touched by the one
    // owner that waits (the supervisor's serial queue).

    /// The child's process id.
    public let pid: Int32
    /// The write end of the child's standard input.
    public let input: Int32
    /// The read end of the child's standard output (non-blocking).
    public let output: Int32
    private var reaped: Termination?

    /// How a child ended.
    public enum Termination: Sendable, Hashable, CustomStringConvertible {
        /// It called `exit` with this status.
        case exited(Int32)
        /// A signal ended it.
        case signaled(Int32)

        public var description: String {
            switch self {
            case .exited(let status): "exited with status \(status)"
            case .signaled(let number): "killed by signal \(number) (\(Self.signalName(number)))"
            }
        }

        /// SIGSEGV, SIGKILL …: the conventional name of a signal.
        public static func signalName(_ number: Int32) -> String {
            let names: [Int32: String] = [
                SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP",
                SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGSEGV: "SIGSEGV",
                SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM", SIGXCPU: "SIGXCPU", SIGXFSZ: "SIGXFSZ",
                SIGSYS: "SIGSYS",
            ]
            return names[number] ?? "signal \(number)"
        }
    }

    /// An error starting the child.
    public struct SpawnError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Starts `executable` with `arguments` (the first is the child's `argv[0]`) and `environment`.
    public init(executable: String, arguments: [String], environment: [String: String]) throws(SpawnError) {
        var toChild: [Int32] = [-1, -1]
        var fromChild: [Int32] = [-1, -1]
        guard CIntakeLinux_pipe_cloexec(&toChild) == 0 else {
            throw SpawnError(description: "pipe: \(Self.errorText())")
        }
        guard CIntakeLinux_pipe_cloexec(&fromChild) == 0 else {
            close(toChild[0])
            close(toChild[1])
            throw SpawnError(description: "pipe: \(Self.errorText())")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on the copies: only fds 0, 1 and 2 reach the child.
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        close(toChild[0])
        close(fromChild[1])
        guard status == 0 else {
            close(toChild[1])
            close(fromChild[0])
            throw SpawnError(description: "\(executable): \(String(cString: strerror(status)))")
        }
        self.pid = pid
        self.input = toChild[1]
        self.output = fromChild[0]
        _ = fcntl(output, F_SETFL, fcntl(output, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        close(input)
        close(output)
        if reaped == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
        }
    }

    /// Sends `signal` to the child (nothing once it is reaped).
    public func signal(_ number: Int32) {
        guard reaped == nil else { return }
        kill(pid, number)
    }

    /// Writes all of `bytes` to the child's input (blocking). False when the child is gone.
    public func write(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(input, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }

    /// Reads what the child's output holds now: the bytes, an empty array at end of file, `nil`
    /// when nothing is there yet.
    public func readAvailable() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(output, $0.baseAddress, $0.count) }
        if count < 0 { return errno == EAGAIN || errno == EINTR ? nil : [] }
        return Array(buffer.prefix(count))
    }

    /// Waits for the child to end and reaps it (at once when it already has).
    public func wait() -> Termination {
        if let reaped { return reaped }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED / WTERMSIG, which Glibc's module does not import as functions.
        let termination: Termination =
            (status & 0x7F) == 0 ? .exited((status >> 8) & 0xFF) : .signaled(status & 0x7F)
        reaped = termination
        return termination
    }

    /// The child's resident memory in bytes (`/proc/PID/statm`), `nil` once it is gone.
    public func residentBytes() -> Int? {
        guard reaped == nil,
            let text = try? String(contentsOfFile: "/proc/\(pid)/statm", encoding: .ascii),
            let pages = text.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
