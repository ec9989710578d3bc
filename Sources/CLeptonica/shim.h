#ifndef CLEPTONICA_SHIM_H
#define CLEPTONICA_SHIM_H

#include <leptonica/allheaders.h>

/// Leptonica stores 8-bit pixels big-endian inside 32-bit words (`SET_DATA_BYTE` is a macro
/// Swift cannot import): byte `x` of a line lives at `(x ^ 3)` on little-endian hosts.
static inline void CLeptonica_setLineBytes(l_uint32 *line, const l_uint8 *bytes, l_int32 count) {
    for (l_int32 x = 0; x < count; x++) {
        SET_DATA_BYTE(line, x, bytes[x]);
    }
}

#endif
