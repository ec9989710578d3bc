#ifndef CTESSERACT_SHIM_H
#define CTESSERACT_SHIM_H

// The C API only: the C++ API cannot be imported without C++ interop, and the C API is
// the one Tesseract keeps stable across 4.x and 5.x. `struct Pix` stays opaque here;
// IntakeOCR passes Leptonica's pointer across as an OpaquePointer.
#include <tesseract/capi.h>

#endif
