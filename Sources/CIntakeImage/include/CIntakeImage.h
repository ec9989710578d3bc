#ifndef C_INTAKE_IMAGE_H
#define C_INTAKE_IMAGE_H

#include <stddef.h>

struct Pix;

/// A 3 × 3 median filter of an 8-bit gray image without a colour map, with the border Leptonica's
/// own filter uses (edge pixels repeated). Returns a new image (the caller destroys it) or NULL when `source` is not 8-bit or
/// memory runs out. Same result as Leptonica's `pixMedianFilter(source, 3, 3)`, about five times
/// faster: a fixed sorting network per pixel instead of a general rank filter.
struct Pix *CIntakeImage_median3x3(struct Pix *source);

/// `malloc`, with blocks of 256 KiB and more faulted in at once (`MADV_POPULATE_WRITE`).
void *CIntakeImage_allocatePrefaulted(size_t size);

/// Makes Leptonica allocate image data with `CIntakeImage_allocatePrefaulted` (and free it with
/// `free`, so images allocated before the call are freed the same way). Leptonica creates most
/// images uninitialised and then reads and writes the last word of every row (`pixSetPadBits`):
/// on fresh memory that is two page faults per 4 KiB, and the second replaces the shared zero
/// page, which in a process with a thread on another core costs a TLB shootdown (an
/// inter-processor interrupt) per page.
void CIntakeImage_prefaultPixMemory(void);

/// The shortcuts of LibraryShortcuts.c.
typedef enum {
    CIntakeImageShortcutOpenBrick,
    CIntakeImageShortcutPNG,
    CIntakeImageShortcutSections,
} CIntakeImageShortcut;

/// How many times `shortcut` was taken in this process (for the sections: 1 once it has been).
long CIntakeImage_shortcutUses(CIntakeImageShortcut shortcut);

/// Whether the library shortcuts of LibraryShortcuts.c are on: 1 unless the environment has
/// INTAKE_LIBRARY_SHORTCUTS=0 (read on first use) or `CIntakeImage_setShortcutsEnabled(0)` ran.
int CIntakeImage_shortcutsEnabled(void);

/// Turns the library shortcuts on or off for the whole process (for tests and comparisons).
void CIntakeImage_setShortcutsEnabled(int enabled);

/// Whether the dynamic linker resolves `pixOpenBrick`, `png_set_compression_level`,
/// `GOMP_parallel_sections`, `GOMP_sections_next` and `GOMP_sections_end_nowait` to this
/// module's definitions, as libtesseract, libleptonica and libgomp will.
int CIntakeImage_shortcutsInstalled(void);

/// Whether OpenMP `parallel sections` regions run on the calling thread without a team: the
/// shortcuts are on, libgomp is loaded and its thread limit is 1.
int CIntakeImage_runsSectionsInline(void);

/// libgomp's entry points for `#pragma omp parallel sections` (GCC's ABI), as LibraryShortcuts.c
/// defines them; declared for the tests.
void GOMP_parallel_sections(void (*body)(void *), void *data, unsigned threads, unsigned count, unsigned flags);
unsigned GOMP_sections_next(void);
void GOMP_sections_end_nowait(void);

/// The opening of a bilevel image by an `hsize` × `vsize` brick, as Leptonica's
/// `pixOpenBrick(NULL, source, hsize, vsize)` computes it, by runs built by doubling. A new
/// image, or NULL when `source` is not bilevel or memory runs out.
struct Pix *CIntakeImage_openBrick(struct Pix *source, int hsize, int vsize);

/// Leptonica's own `pixOpenBrick`, whatever the shortcut setting.
struct Pix *CIntakeImage_leptonicaOpenBrick(struct Pix *pixd, struct Pix *pixs, int hsize, int vsize);

#endif
