// _GNU_SOURCE comes from Package.swift (cSettings), as in CNIOLinux.
#include <sys/mman.h>

#include "CIntakeLinux.h"

int CIntakeLinux_memfd_create(const char *name, unsigned int flags) {
    return memfd_create(name, flags);
}

const unsigned int CIntakeLinux_MFD_CLOEXEC = MFD_CLOEXEC;
