#ifndef CTESSERACTLOADER_H
#define CTESSERACTLOADER_H

// libtesseract is loaded with dlopen when first needed instead of by the dynamic loader at
// start-up: it and what it links (libcurl, libarchive and some 35 libraries behind them) took
// about 14 ms of every start, on the way to the first document. loader.c defines the
// Tesseract C API functions Intake calls as thin forwarders to the library's own.

// Starts loading libtesseract on a thread of its own, so that the first caller finds it ready.
void intake_tesseract_preload(void);

// Why libtesseract could not be loaded (trying first if no one has), or NULL when it is loaded.
const char *intake_tesseract_failure(void);

#endif
