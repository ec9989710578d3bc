import Foundation
import Glibc

/// Keeps Tesseract's OpenMP to one thread per engine.
///
/// Debian's libtesseract is built with OpenMP, and libgomp reads `OMP_THREAD_LIMIT` once, when
/// it is loaded — before `main` runs. With one engine per core, OpenMP's own threads would fight
/// the workers for the same cores, so when the variable is unset the process sets it and
/// re-executes itself (the only way the setting reaches libgomp). A value the user set is kept.
///
/// The `intake` command is a launcher (Sources/IntakeLauncher) that sets the variable before it
/// runs this program, `intake-main`, so the re-execution only happens when `intake-main` is
/// started directly.
enum OpenMPEnvironment {
    /// The variable that marks the re-executed process, so the note can be logged once logging is up.
    private static let marker = "INTAKE_OMP_REEXEC"

    /// What happened, for the log.
    static var note: String {
        let value = getenv("OMP_THREAD_LIMIT").map { String(cString: $0) } ?? ""
        if getenv(marker) != nil {
            return "set OMP_THREAD_LIMIT=\(value) for Tesseract's OpenMP (one thread per engine)"
        }
        return "OMP_THREAD_LIMIT=\(value) kept from the environment"
    }

    /// Re-executes the process with `OMP_THREAD_LIMIT=1` unless the variable is set to a value.
    static func limitThreads() {
        if let limit = getenv("OMP_THREAD_LIMIT"), limit.pointee != 0 { return }
        setenv("OMP_THREAD_LIMIT", "1", 1)
        setenv(marker, "1", 1)
        var arguments = CommandLine.arguments.map { strdup($0) }
        arguments.append(nil)
        execv("/proc/self/exe", &arguments)
        // execv returns only on failure: go on with OpenMP's defaults rather than not at all.
        let message =
            "intake: warning: could not re-execute with OMP_THREAD_LIMIT=1 (errno \(errno)); OCR may oversubscribe the cores\n"
        FileHandle.standardError.write(Data(message.utf8))
        unsetenv(marker)
    }
}
