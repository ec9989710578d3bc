/* Functions of Leptonica, libpng and libgomp replaced, process-wide, by versions that give the
   same result faster. Tesseract calls them on every page, through the dynamic linker, so the
   executable's definitions below are the ones it gets (Package.swift exports them):

   - pixOpenBrick: Tesseract's search for rule lines (LineFinder::GetLineMasks) opens the page's
     bilevel image with bricks a quarter inch long (75 pixels at 300 dpi). Leptonica erodes and
     dilates with one full-image rasterop per pixel of the brick, 300 passes over the page for
     the two directions; here a run of n pixels is built by doubling, in about 2 log2(n) passes.
     The result is the same image, bit for bit (the tests compare the two on random images and
     brick sizes); anything this code does not cover goes to Leptonica's own function.

   - png_set_compression_level: Tesseract hands each text line to its recogniser as a PNG that
     it writes and reads back in memory (ImageData::SetPix / GetPix). Leptonica writes it at zlib's
     default level with libpng's adaptive row filters, about 0.9 ms a line; stored (level 0) and
     unfiltered it is the same valid, lossless PNG in about 0.15 ms. Intake writes no PNG files of
     its own, so nothing else is affected but the size of those transient buffers.

   - GOMP_parallel_sections (with GOMP_sections_next and GOMP_sections_end_nowait): each step of
     each LSTM layer (LSTM::Forward) computes its four gates in an OpenMP `parallel sections`
     region. At one OpenMP thread (OMP_THREAD_LIMIT=1, which Intake sets: it runs one engine per
     core) libgomp still builds a team of one and wakes its barrier with a futex system call, twice
     per step: some 90,000 system calls a page, in the tesseract CLI too. A team of one takes the
     sections in order, 1 to count, on the calling thread; that is what runs here, without the
     team. With any other thread limit, libgomp's own functions run.

   INTAKE_LIBRARY_SHORTCUTS=0 in the environment (read once) sends every call to the libraries'
   own functions. */

#define _GNU_SOURCE
#include <leptonica/allheaders.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "CIntakeImage.h"

/* -1: not read yet, 0: off, 1: on. */
static atomic_int shortcuts = -1;

int CIntakeImage_shortcutsEnabled(void) {
    int state = atomic_load_explicit(&shortcuts, memory_order_relaxed);
    if (state < 0) {
        const char *value = getenv("INTAKE_LIBRARY_SHORTCUTS");
        state = (value != NULL && strcmp(value, "0") == 0) ? 0 : 1;
        atomic_store_explicit(&shortcuts, state, memory_order_relaxed);
    }
    return state;
}

void CIntakeImage_setShortcutsEnabled(int enabled) {
    atomic_store_explicit(&shortcuts, enabled ? 1 : 0, memory_order_relaxed);
}

/* How often each shortcut was taken (the sections: whether), for the tests. */
static atomic_long open_brick_uses, png_uses;
static atomic_int sections_used;

long CIntakeImage_shortcutUses(CIntakeImageShortcut shortcut) {
    switch (shortcut) {
    case CIntakeImageShortcutOpenBrick: return atomic_load(&open_brick_uses);
    case CIntakeImageShortcutPNG: return atomic_load(&png_uses);
    case CIntakeImageShortcutSections: return atomic_load(&sections_used);
    }
    return 0;
}

/* libpng's types and constants, as png.h (1.6) declares them; declared here so that the build
   needs no libpng headers. */
typedef struct png_struct_def png_struct;
enum { PNG_FILTER_TYPE_BASE = 0, PNG_FILTER_NONE = 0x08, Z_NO_COMPRESSION = 0 };

/* Leptonica's and libpng's own functions: the next definitions after ours in the lookup order
   (both libraries are loaded at start-up, with the executable). */
static struct {
    PIX *(*open_brick)(PIX *, PIX *, l_int32, l_int32);
    void (*set_compression_level)(png_struct *, int);
    void (*set_filter)(png_struct *, int, int);
} own;
static pthread_once_t own_once = PTHREAD_ONCE_INIT;

static void find_own(void) {
    own.open_brick = (PIX * (*)(PIX *, PIX *, l_int32, l_int32)) dlsym(RTLD_NEXT, "pixOpenBrick");
    own.set_compression_level = (void (*)(png_struct *, int))dlsym(RTLD_NEXT, "png_set_compression_level");
    own.set_filter = (void (*)(png_struct *, int, int))dlsym(RTLD_DEFAULT, "png_set_filter");
}

/* MARK: - Opening by a brick */

/* Leptonica keeps a bilevel row as 32-bit words, pixel 0 in the most significant bit. A row is
   copied into the middle of a buffer with `margin` zero words on each side, so that reading it
   shifted by up to margin * 32 - 32 pixels either way needs no bounds checks: pixels outside the
   image read as OFF, which is Leptonica's (default, asymmetric) boundary condition. */

/* The 32 pixels starting at pixel 32 * i + s of the padded row. */
static inline uint32_t word_at(const uint32_t *row, int i, int s) {
    int q = s >= 0 ? s / 32 : -((31 - s) / 32); /* floor(s / 32) */
    int r = s - 32 * q;
    uint64_t pair = ((uint64_t)row[i + q] << 32) | row[i + q + 1];
    return (uint32_t)(pair >> (32 - r));
}

/* In place: row(x) = AND (or OR) of row(x), row(x + dir), ..., row(x + dir * (n - 1)). `runs`
   is scratch of the same shape. Bits past the width are cleared after each pass with
   `last_mask`, so they keep reading as OFF. */
static void run_along_row(uint32_t *row, uint32_t *runs, int wpl, uint32_t last_mask, int n, int dir, int is_and) {
    if (n <= 1) return;
    memcpy(runs, row, sizeof(uint32_t) * (size_t)wpl); /* runs: length m */
    int length = 0, m = 1;                              /* row: length `length`, once set */
    for (;;) {
        if (n & m) {
            if (length == 0) {
                memcpy(row, runs, sizeof(uint32_t) * (size_t)wpl);
            } else {
                int s = dir * length;
                if (is_and)
                    for (int i = 0; i < wpl; i++) row[i] &= word_at(runs, i, s);
                else
                    for (int i = 0; i < wpl; i++) row[i] |= word_at(runs, i, s);
                row[wpl - 1] &= last_mask;
            }
            length += m;
        }
        if ((m << 1) > n) break;
        /* runs(x) op= runs(x + dir * m), in place: walking away from the words it reads. */
        int s = dir * m;
        if (dir > 0) {
            if (is_and)
                for (int i = 0; i < wpl; i++) runs[i] &= word_at(runs, i, s);
            else
                for (int i = 0; i < wpl; i++) runs[i] |= word_at(runs, i, s);
        } else {
            if (is_and)
                for (int i = wpl - 1; i >= 0; i--) runs[i] &= word_at(runs, i, s);
            else
                for (int i = wpl - 1; i >= 0; i--) runs[i] |= word_at(runs, i, s);
        }
        runs[wpl - 1] &= last_mask;
        m <<= 1;
    }
}

/* Row y of `target` AND= (or OR=) row `from` of `source`; a row outside the image is OFF. */
static inline void combine_row(uint32_t *target, const uint32_t *source, int y, int from, int h, int wpl, int is_and) {
    uint32_t *d = target + (size_t)y * wpl;
    if (from < 0 || from >= h) {
        if (is_and) memset(d, 0, sizeof(uint32_t) * (size_t)wpl);
        return;
    }
    const uint32_t *s = source + (size_t)from * wpl;
    if (is_and)
        for (int i = 0; i < wpl; i++) d[i] &= s[i];
    else
        for (int i = 0; i < wpl; i++) d[i] |= s[i];
}

/* In place on the image: row y = AND (or OR) of rows y, y + dir, ..., y + dir * (n - 1), rows
   outside the image OFF. `runs` is scratch of the image's size. */
static void run_across_rows(uint32_t *data, uint32_t *runs, int h, int wpl, int n, int dir, int is_and) {
    if (n <= 1) return;
    size_t row_bytes = sizeof(uint32_t) * (size_t)wpl;
    memcpy(runs, data, row_bytes * (size_t)h);
    int length = 0, m = 1;
    for (;;) {
        if (n & m) {
            if (length == 0) {
                memcpy(data, runs, row_bytes * (size_t)h);
            } else {
                for (int y = 0; y < h; y++) combine_row(data, runs, y, y + dir * length, h, wpl, is_and);
            }
            length += m;
        }
        if ((m << 1) > n) break;
        /* In place, walking away from the rows it reads. */
        for (int k = 0; k < h; k++) {
            int y = dir > 0 ? k : h - 1 - k;
            combine_row(runs, runs, y, y + dir * m, h, wpl, is_and);
        }
        m <<= 1;
    }
}

/* A brick of n pixels has its origin at n / 2 (selCreateBrick as pixOpenBrick makes it), so
   erosion takes the pixels at offsets -(n/2) ... n-1-(n/2) and dilation the mirror image. Each is
   a forward run then a backward run; for dilation, runs clipped at the image's edge lose nothing
   (a clipped run's pixels all lie in the run that starts at the edge, which the other pass
   covers). */
static void split_brick(int n, int is_and, int *forward, int *backward) {
    int origin = n / 2;
    *forward = is_and ? n - origin : origin + 1;
    *backward = is_and ? origin + 1 : n - origin;
}

struct Pix *CIntakeImage_openBrick(struct Pix *source, int hsize, int vsize) {
    if (source == NULL || pixGetDepth(source) != 1 || hsize < 1 || vsize < 1) return NULL;
    int w = pixGetWidth(source), h = pixGetHeight(source), wpl = pixGetWpl(source);
    PIX *result = pixCopy(NULL, source);
    if (result == NULL) return NULL;
    uint32_t *data = pixGetData(result);
    int extra = wpl * 32 - w;
    uint32_t last_mask = extra == 0 ? 0xffffffffu : ~((1u << extra) - 1);
    for (int y = 0; y < h; y++) data[(size_t)y * wpl + wpl - 1] &= last_mask;

    /* Margins for shifts up to the longest run, plus one word for the pair read. */
    int margin = hsize / 32 + 2;
    size_t padded = (size_t)wpl + 2 * (size_t)margin;
    uint32_t *row = calloc(padded * 2, sizeof(uint32_t));
    uint32_t *rows = vsize > 1 ? malloc(sizeof(uint32_t) * (size_t)wpl * (size_t)h) : NULL;
    if (row == NULL || (vsize > 1 && rows == NULL)) {
        free(row);
        free(rows);
        pixDestroy(&result);
        return NULL;
    }
    uint32_t *line = row + margin, *runs = row + padded + margin;

    /* Leptonica's order: erode across, erode down, dilate across, dilate down. */
    for (int pass = 0; pass < 2; pass++) {
        int is_and = pass == 0;
        int forward, backward;
        if (hsize > 1) {
            split_brick(hsize, is_and, &forward, &backward);
            for (int y = 0; y < h; y++) {
                uint32_t *target = data + (size_t)y * wpl;
                memcpy(line, target, sizeof(uint32_t) * (size_t)wpl);
                run_along_row(line, runs, wpl, last_mask, forward, 1, is_and);
                run_along_row(line, runs, wpl, last_mask, backward, -1, is_and);
                memcpy(target, line, sizeof(uint32_t) * (size_t)wpl);
            }
        }
        if (vsize > 1) {
            split_brick(vsize, is_and, &forward, &backward);
            run_across_rows(data, rows, h, wpl, forward, 1, is_and);
            run_across_rows(data, rows, h, wpl, backward, -1, is_and);
        }
    }
    free(row);
    free(rows);
    return result;
}

PIX *CIntakeImage_leptonicaOpenBrick(PIX *pixd, PIX *pixs, l_int32 hsize, l_int32 vsize) {
    pthread_once(&own_once, find_own);
    return own.open_brick(pixd, pixs, hsize, vsize);
}

/* Leptonica's "Open with brick Sel": pixd NULL for a new image. */
PIX *pixOpenBrick(PIX *pixd, PIX *pixs, l_int32 hsize, l_int32 vsize) {
    /* Only a new bilevel result, a real brick, and Leptonica's default boundary condition
       (outside OFF for erosion) are taken here. */
    if (!CIntakeImage_shortcutsEnabled() || pixd != NULL || pixs == NULL || pixGetDepth(pixs) != 1 || hsize < 1
        || vsize < 1 || (hsize == 1 && vsize == 1) || getMorphBorderPixelColor(L_MORPH_ERODE, 1) != 0) {
        return CIntakeImage_leptonicaOpenBrick(pixd, pixs, hsize, vsize);
    }
    PIX *result = CIntakeImage_openBrick(pixs, hsize, vsize);
    if (result == NULL) return CIntakeImage_leptonicaOpenBrick(pixd, pixs, hsize, vsize);
    atomic_fetch_add_explicit(&open_brick_uses, 1, memory_order_relaxed);
    return result;
}

/* MARK: - PNG writing */

void png_set_compression_level(png_struct *png, int level) {
    pthread_once(&own_once, find_own);
    if (own.set_compression_level == NULL) return;
    if (!CIntakeImage_shortcutsEnabled() || own.set_filter == NULL) {
        own.set_compression_level(png, level);
        return;
    }
    atomic_fetch_add_explicit(&png_uses, 1, memory_order_relaxed);
    own.set_compression_level(png, Z_NO_COMPRESSION);
    own.set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
}

/* MARK: - OpenMP sections at one thread */

typedef void (*ParallelSectionsFunction)(void (*)(void *), void *, unsigned, unsigned, unsigned);
typedef unsigned (*SectionsNextFunction)(void);
typedef void (*SectionsEndFunction)(void);

static struct {
    ParallelSectionsFunction parallel_sections;
    SectionsNextFunction sections_next;
    SectionsEndFunction sections_end_nowait;
    int single; /* the thread limit is 1 */
} gomp;
static pthread_once_t gomp_once = PTHREAD_ONCE_INIT;

static void find_gomp(void) {
    /* libgomp is loaded with libtesseract (CTesseractLoader) before any of these is called. */
    void *library = dlopen("libgomp.so.1", RTLD_LAZY | RTLD_NOLOAD);
    if (library == NULL) return;
    gomp.parallel_sections = (ParallelSectionsFunction)dlsym(library, "GOMP_parallel_sections");
    gomp.sections_next = (SectionsNextFunction)dlsym(library, "GOMP_sections_next");
    gomp.sections_end_nowait = (SectionsEndFunction)dlsym(library, "GOMP_sections_end_nowait");
    int (*thread_limit)(void) = (int (*)(void))dlsym(library, "omp_get_thread_limit");
    gomp.single = thread_limit != NULL && thread_limit() == 1;
}

/* The sections of the region this thread runs without a team: the next to hand out and the
   count, or count 0 outside such a region. */
static _Thread_local struct {
    unsigned next, count;
} inline_sections;

void GOMP_parallel_sections(void (*body)(void *), void *data, unsigned threads, unsigned count, unsigned flags) {
    pthread_once(&gomp_once, find_gomp);
    if (count == 0 || !CIntakeImage_shortcutsEnabled() || !gomp.single || inline_sections.count != 0
        || gomp.sections_next == NULL) {
        if (gomp.parallel_sections != NULL) gomp.parallel_sections(body, data, threads, count, flags);
        return;
    }
    /* Read before written: the flag's cache line stays shared between the workers. */
    if (!atomic_load_explicit(&sections_used, memory_order_relaxed))
        atomic_store_explicit(&sections_used, 1, memory_order_relaxed);
    inline_sections.next = 1;
    inline_sections.count = count;
    body(data);
    inline_sections.count = 0;
}

unsigned GOMP_sections_next(void) {
    if (inline_sections.count != 0) {
        return inline_sections.next <= inline_sections.count ? inline_sections.next++ : 0;
    }
    pthread_once(&gomp_once, find_gomp);
    return gomp.sections_next != NULL ? gomp.sections_next() : 0;
}

void GOMP_sections_end_nowait(void) {
    if (inline_sections.count != 0) return;
    pthread_once(&gomp_once, find_gomp);
    if (gomp.sections_end_nowait != NULL) gomp.sections_end_nowait();
}

int CIntakeImage_runsSectionsInline(void) {
    pthread_once(&gomp_once, find_gomp);
    return CIntakeImage_shortcutsEnabled() && gomp.single && gomp.sections_next != NULL;
}

int CIntakeImage_shortcutsInstalled(void) {
    return dlsym(RTLD_DEFAULT, "pixOpenBrick") == (void *)pixOpenBrick
        && dlsym(RTLD_DEFAULT, "png_set_compression_level") == (void *)png_set_compression_level
        && dlsym(RTLD_DEFAULT, "GOMP_parallel_sections") == (void *)GOMP_parallel_sections
        && dlsym(RTLD_DEFAULT, "GOMP_sections_next") == (void *)GOMP_sections_next
        && dlsym(RTLD_DEFAULT, "GOMP_sections_end_nowait") == (void *)GOMP_sections_end_nowait;
}
