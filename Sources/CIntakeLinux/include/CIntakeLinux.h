#ifndef C_INTAKE_LINUX_H
#define C_INTAKE_LINUX_H

/// `memfd_create(2)`: Swift's Glibc module is built without `_GNU_SOURCE`, so the declaration
/// in <sys/mman.h> is invisible to Swift (the same reason swift-nio has CNIOLinux).
int CIntakeLinux_memfd_create(const char *name, unsigned int flags);

/// `MFD_CLOEXEC`, a macro guarded by `_GNU_SOURCE`.
extern const unsigned int CIntakeLinux_MFD_CLOEXEC;

#endif
