#ifndef CPOPPLER_SHIM_H
#define CPOPPLER_SHIM_H

// poppler.h pulls in GLib, GObject and (through poppler-page.h) cairo, so this one
// module gives IntakePDF everything it renders and frees with.
#include <poppler.h>

/// `POPPLER_ERROR` is a function-like macro (`poppler_error_quark()`), which Swift does not import.
static inline GQuark CPoppler_errorQuark(void) {
    return POPPLER_ERROR;
}

/// `g_object_unref` takes a `gpointer`; this typed wrapper keeps the casts out of Swift.
static inline void CPoppler_releaseDocument(PopplerDocument *document) {
    g_object_unref(document);
}

/// Typed `g_object_unref` for pages (see `CPoppler_releaseDocument`).
static inline void CPoppler_releasePage(PopplerPage *page) {
    g_object_unref(page);
}

#endif
