// `intake`: sets OMP_THREAD_LIMIT=1 for Tesseract's OpenMP, then runs `intake-main`, the real
// program, from the same folder.
//
// libgomp reads OMP_THREAD_LIMIT once, while the dynamic loader starts the process, so the
// variable has to be in the environment before `intake-main` is loaded. `intake-main` can set it
// and re-execute itself (it does, when started directly), but loading its hundred-odd libraries
// twice costs about 40 ms; this launcher links nothing but libc and starts in about 1 ms.
// A value the user set is kept.

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    (void)argc;
    const char *limit = getenv("OMP_THREAD_LIMIT");
    if (limit == NULL || *limit == '\0') {
        setenv("OMP_THREAD_LIMIT", "1", 1);
        // Tells intake-main that the variable was set for it, so that it logs so.
        setenv("INTAKE_OMP_REEXEC", "1", 1);
    }
    char self[PATH_MAX];
    ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
    if (length <= 0) {
        fprintf(stderr, "intake: cannot find its own path (/proc/self/exe): %s\n", strerror(errno));
        return 127;
    }
    self[length] = '\0';
    char *slash = strrchr(self, '/');
    char program[PATH_MAX];
    int written = snprintf(program, sizeof program, "%.*s/intake-main", (int)(slash - self), self);
    if (written < 0 || (size_t)written >= sizeof program) {
        fprintf(stderr, "intake: path too long: %s\n", self);
        return 127;
    }
    execv(program, argv);
    fprintf(stderr, "intake: cannot run %s: %s\n", program, strerror(errno));
    return 127;
}
