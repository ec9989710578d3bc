import Foundation
import Glibc

/// Keeps Tesseract's OpenMP to one thread per engine.
///
/// Debian's libtesseract is built with OpenMP, and libgomp reads `OMP_THREAD_LIMIT` once, when
/// it is loaded. With one engine per core, OpenMP's own threads would fight the workers for the
/// same cores, so when the variable is unset (or empty) the process sets it first thing in
/// `main`. That reaches libgomp because libtesseract, and libgomp with it, is loaded with
/// `dlopen` after `main` starts (CTesseractLoader), not by the dynamic loader before it. A value
/// the user set is kept.
enum OpenMPEnvironment {
    /// Whether ``limitThreads()`` set the variable.
    nonisolated(unsafe) private static var setHere = false

    /// What happened, for the log.
    static var note: String {
        let value = getenv("OMP_THREAD_LIMIT").map { String(cString: $0) } ?? ""
        if setHere {
            return "set OMP_THREAD_LIMIT=\(value) for Tesseract's OpenMP (one thread per engine)"
        }
        return "OMP_THREAD_LIMIT=\(value) kept from the environment"
    }

    /// Sets `OMP_THREAD_LIMIT=1` unless the variable is set to a value. Call first thing in `main`,
    /// before any thread starts and before libtesseract is loaded.
    static func limitThreads() {
        if let limit = getenv("OMP_THREAD_LIMIT"), limit.pointee != 0 { return }
        setenv("OMP_THREAD_LIMIT", "1", 1)
        setHere = true
    }
}
