#ifndef C_INTAKE_LINUX_H
#define C_INTAKE_LINUX_H

/// `memfd_create(2)`: Swift's Glibc module is built without `_GNU_SOURCE`, so the declaration
/// in <sys/mman.h> is invisible to Swift (the same reason swift-nio has CNIOLinux).
int CIntakeLinux_memfd_create(const char *name, unsigned int flags);

/// `MFD_CLOEXEC`, a macro guarded by `_GNU_SOURCE`.
extern const unsigned int CIntakeLinux_MFD_CLOEXEC;

/// `renameat2(2)` with `RENAME_NOREPLACE` on two paths: fails with `EEXIST` instead of
/// replacing a file already at `to` (declared only under `_GNU_SOURCE`).
int CIntakeLinux_rename_noreplace(const char *from, const char *to);

/// `statfs(2)`'s `f_type` (the file system's magic number) for `path`; -1 and `errno` on failure.
/// <sys/vfs.h> is not part of Swift's Glibc module.
long CIntakeLinux_filesystem_type(const char *path);

/// `malloc_trim(0)`: returns the free memory of every malloc arena to the system (<malloc.h> is
/// not part of Swift's Glibc module).
int CIntakeLinux_malloc_trim(void);

/// Catches SIGTERM, SIGINT and SIGHUP from now on: a handler writes each one's number (a
/// byte) into a pipe. Returns the pipe's read end (non-blocking), the same on every call; -1 if
/// the pipe cannot be made. `intake watch` and `intake reprocess` call it before `main`.
int CIntakeLinux_catch_stop_signals(void);

/// `pipe2(fds, O_CLOEXEC)` (declared only under `_GNU_SOURCE`).
int CIntakeLinux_pipe_cloexec(int fds[2]);

#endif
