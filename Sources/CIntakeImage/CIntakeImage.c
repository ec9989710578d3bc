#include <leptonica/allheaders.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "CIntakeImage.h"

#define SORT(a, b) { l_uint8 lo = a < b ? a : b; b = a < b ? b : a; a = lo; }

/* The median of nine values with 19 compare-exchanges (Paeth's network, as in "opt_med9"). */
static inline l_uint8 median9(l_uint8 p0, l_uint8 p1, l_uint8 p2, l_uint8 p3, l_uint8 p4, l_uint8 p5,
                              l_uint8 p6, l_uint8 p7, l_uint8 p8) {
    SORT(p1, p2); SORT(p4, p5); SORT(p7, p8); SORT(p0, p1); SORT(p3, p4); SORT(p6, p7);
    SORT(p1, p2); SORT(p4, p5); SORT(p7, p8); SORT(p0, p3); SORT(p5, p8); SORT(p4, p7);
    SORT(p3, p6); SORT(p1, p4); SORT(p2, p5); SORT(p4, p7); SORT(p4, p2); SORT(p6, p4);
    SORT(p4, p2);
    return p4;
}

/* Row `y` unpacked into `into[1 ... w]`, with the one-pixel border Leptonica's
   pixAddMirroredBorder makes: the edge pixels repeated (row -1 is row 0, column -1 column 0). */
static void unpack_row(PIX *source, l_int32 y, l_uint8 *into) {
    l_int32 w = pixGetWidth(source), h = pixGetHeight(source);
    y = y < 0 ? 0 : (y >= h ? h - 1 : y);
    l_uint32 *line = pixGetData(source) + (size_t)y * pixGetWpl(source);
    for (l_int32 x = 0; x < w; x++) into[x + 1] = GET_DATA_BYTE(line, x);
    into[0] = into[1];
    into[w + 1] = into[w];
}

PIX *CIntakeImage_median3x3(PIX *source) {
    if (!source || pixGetDepth(source) != 8 || pixGetColormap(source)) return NULL;
    l_int32 w = pixGetWidth(source), h = pixGetHeight(source);
    PIX *result = pixCreateTemplate(source);
    if (!result) return NULL;
    /* Leptonica keeps 8-bit pixels big-endian inside 32-bit words; three rows are unpacked into
       plain bytes (with the border), so the network reads neighbours directly. */
    size_t stride = (size_t)w + 2;
    l_uint8 *rows = malloc(stride * 3);
    if (!rows) {
        pixDestroy(&result);
        return NULL;
    }
    unpack_row(source, -1, rows);
    unpack_row(source, 0, rows + stride);
    l_uint32 *dst = pixGetData(result);
    l_int32 wpl = pixGetWpl(result);
    for (l_int32 y = 0; y < h; y++) {
        /* Row r lives in slot (r + 1) % 3. */
        l_uint8 *above = rows + (size_t)(y % 3) * stride, *here = rows + (size_t)((y + 1) % 3) * stride;
        l_uint8 *below = rows + (size_t)((y + 2) % 3) * stride;
        unpack_row(source, y + 1, below);
        l_uint32 *line = dst + (size_t)y * wpl;
        for (l_int32 x = 1; x <= w; x++) {
            l_uint8 m = median9(above[x - 1], above[x], above[x + 1], here[x - 1], here[x], here[x + 1],
                                below[x - 1], below[x], below[x + 1]);
            SET_DATA_BYTE(line, x - 1, m);
        }
    }
    free(rows);
    return result;
}

/* Blocks this big and over are prefaulted: page images and their working copies (a 300 dpi
   gray page is about 8 MB), not Leptonica's small bookkeeping. */
#define PREFAULT_MIN_BYTES (256 * 1024)

void *CIntakeImage_allocatePrefaulted(size_t size) {
    void *block = malloc(size);
    if (block != NULL && size >= PREFAULT_MIN_BYTES) {
        uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
        uintptr_t start = ((uintptr_t)block + page - 1) & ~(page - 1);
        uintptr_t end = ((uintptr_t)block + size) & ~(page - 1);
        /* Best effort: before Linux 5.14 this fails with EINVAL and pages fault in one by one. */
        if (end > start) (void)madvise((void *)start, end - start, MADV_POPULATE_WRITE);
    }
    return block;
}

void CIntakeImage_prefaultPixMemory(void) {
    setPixMemoryManager(CIntakeImage_allocatePrefaulted, free);
}
