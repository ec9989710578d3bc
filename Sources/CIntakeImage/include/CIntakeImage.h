#ifndef C_INTAKE_IMAGE_H
#define C_INTAKE_IMAGE_H

struct Pix;

/// A 3 × 3 median filter of an 8-bit gray image without a colour map, with the border Leptonica's
/// own filter uses (edge pixels repeated). Returns a new image (the caller destroys it) or NULL when `source` is not 8-bit or
/// memory runs out. Same result as Leptonica's `pixMedianFilter(source, 3, 3)`, about five times
/// faster: a fixed sorting network per pixel instead of a general rank filter.
struct Pix *CIntakeImage_median3x3(struct Pix *source);

#endif
