// _GNU_SOURCE comes from Package.swift (cSettings), as in CNIOLinux.
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <sys/mman.h>
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

int CIntakeLinux_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}

// The daemon's stop signals: a handler writes each signal's number into a pipe (the self-pipe
// trick), and a Dispatch read source on the other end hands them to the service. A handler,
// not SIG_IGN plus a blocked mask: Swift's async main parks the main thread in libdispatch's
// sigsuspend with an empty mask, so a blocked signal would be delivered there and take its
// default action, and an ignored one would be dropped before anything reads it.
static int stop_pipe[2] = {-1, -1};

static void on_stop_signal(int number) {
    int saved = errno;
    unsigned char byte = (unsigned char)number;
    ssize_t written = write(stop_pipe[1], &byte, 1);
    (void)written;
    errno = saved;
}

int CIntakeLinux_catch_stop_signals(void) {
    if (stop_pipe[0] >= 0) return stop_pipe[0];
    if (pipe2(stop_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return -1;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
    return stop_pipe[0];
}

// Before main, so that no moment after exec is left: `intake watch` and `intake reprocess` catch
// their stop signals from the first instruction of the program (glibc passes argc and argv to
// constructors). Other commands, and test runners that link this library, keep the defaults.
__attribute__((constructor)) static void intake_catch_stop_signals_early(int argc, char **argv, char **envp) {
    (void)envp;
    if (argc >= 2 && (strcmp(argv[1], "watch") == 0 || strcmp(argv[1], "reprocess") == 0)) {
        CIntakeLinux_catch_stop_signals();
    }
}
