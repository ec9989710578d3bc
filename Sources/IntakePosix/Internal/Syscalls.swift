internal import CIntakeLinux
import Glibc
import SystemPackage

/// Runs a system call that returns -1 and sets `errno` on failure, as swift-system does
/// internally: retries on `EINTR` when asked, else maps the failure to `Errno`.
func valueOrErrno<T: FixedWidthInteger>(retryOnInterrupt: Bool = true, _ call: () -> T) -> Result<T, Errno> {
    while true {
        let value = call()
        if value != -1 { return .success(value) }
        let error = Errno(rawValue: Glibc.errno)
        if retryOnInterrupt && error == .interrupted { continue }
        return .failure(error)
    }
}

/// `memfd_create(2)` with `MFD_CLOEXEC`: an anonymous file that lives in memory.
func memfdCreate(name: String) -> Result<FileDescriptor, Errno> {
    valueOrErrno { CIntakeLinux_memfd_create(name, CIntakeLinux_MFD_CLOEXEC) }.map(FileDescriptor.init(rawValue:))
}
