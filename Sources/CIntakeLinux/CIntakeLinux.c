// _GNU_SOURCE comes from Package.swift (cSettings), as in CNIOLinux.
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <unistd.h>
#include <sys/vfs.h>

#include "CIntakeLinux.h"

int CIntakeLinux_memfd_create(const char *name, unsigned int flags) {
    return memfd_create(name, flags);
}

const unsigned int CIntakeLinux_MFD_CLOEXEC = MFD_CLOEXEC;

int CIntakeLinux_rename_noreplace(const char *from, const char *to) {
    return renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE);
}

long CIntakeLinux_filesystem_type(const char *path) {
    struct statfs info;
    if (statfs(path, &info) != 0) return -1;
    return (long)info.f_type;
}

int CIntakeLinux_malloc_trim(void) {
    return malloc_trim(0);
}

int CIntakeLinux_signalfd(const sigset_t *mask) {
    return signalfd(-1, mask, SFD_NONBLOCK | SFD_CLOEXEC);
}

int CIntakeLinux_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}
