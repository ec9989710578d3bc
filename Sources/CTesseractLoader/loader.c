// The Tesseract C API functions Intake calls, forwarding to libtesseract.so.5 loaded on first
// use (see CTesseractLoader.h). Each forwarder makes sure the library is loaded (once, under
// pthread_once) and calls the library's function. When the library cannot be loaded,
// TessBaseAPICreate returns NULL (IntakeOCR reports an engine failure), TessVersion returns
// the reason, and every other function is unreachable: each takes an engine or a result that
// only exists when the library loaded.

#include "CTesseractLoader.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <tesseract/capi.h>

// The functions, in three lists by how their forwarder is written: return type (for the
// first two), name, parameters, arguments.
#define INTAKE_TESSERACT_SPECIAL(X)                \
    X(TessBaseAPI *, TessBaseAPICreate, (void), ()) \
    X(const char *, TessVersion, (void), ())

#define INTAKE_TESSERACT_VALUES(X)                                                               \
    X(int, TessBaseAPIInit2,                                                                     \
      (TessBaseAPI * handle, const char *datapath, const char *language, TessOcrEngineMode oem), \
      (handle, datapath, language, oem))                                                         \
    X(BOOL, TessBaseAPISetVariable, (TessBaseAPI * handle, const char *name, const char *value), \
      (handle, name, value))                                                                     \
    X(int, TessBaseAPIRecognize, (TessBaseAPI * handle, ETEXT_DESC * monitor), (handle, monitor)) \
    X(char *, TessBaseAPIGetUTF8Text, (TessBaseAPI * handle), (handle))                          \
    X(int *, TessBaseAPIAllWordConfidences, (TessBaseAPI * handle), (handle))                    \
    X(struct Pix *, TessBaseAPIGetInputImage, (TessBaseAPI * handle), (handle))                  \
    X(struct Pix *, TessBaseAPIGetThresholdedImage, (TessBaseAPI * handle), (handle))            \
    X(BOOL, TessBaseAPIDetectOrientationScript,                                                  \
      (TessBaseAPI * handle, int *orient_deg, float *orient_conf, const char **script_name,      \
       float *script_conf),                                                                      \
      (handle, orient_deg, orient_conf, script_name, script_conf))                               \
    X(int, TessBaseAPIIsValidWord, (TessBaseAPI * handle, const char *word), (handle, word))   \
    X(ETEXT_DESC *, TessMonitorCreate, (void), ())                                              \
    X(TessResultIterator *, TessBaseAPIGetIterator, (TessBaseAPI * handle), (handle))            \
    X(TessPageIterator *, TessResultIteratorGetPageIterator, (TessResultIterator * handle), (handle)) \
    X(BOOL, TessResultIteratorNext, (TessResultIterator * handle, TessPageIteratorLevel level),  \
      (handle, level))                                                                           \
    X(char *, TessResultIteratorGetUTF8Text,                                                     \
      (const TessResultIterator *handle, TessPageIteratorLevel level), (handle, level))         \
    X(float, TessResultIteratorConfidence,                                                       \
      (const TessResultIterator *handle, TessPageIteratorLevel level), (handle, level))         \
    X(TessPageIterator *, TessBaseAPIAnalyseLayout, (TessBaseAPI * handle), (handle))          \
    X(BOOL, TessPageIteratorNext, (TessPageIterator * handle, TessPageIteratorLevel level),      \
      (handle, level))                                                                           \
    X(BOOL, TessPageIteratorIsAtBeginningOf,                                                     \
      (const TessPageIterator *handle, TessPageIteratorLevel level), (handle, level))           \
    X(BOOL, TessPageIteratorBoundingBox,                                                         \
      (const TessPageIterator *handle, TessPageIteratorLevel level, int *left, int *top,         \
       int *right, int *bottom),                                                                 \
      (handle, level, left, top, right, bottom))

#define INTAKE_TESSERACT_VOIDS(X)                                                               \
    X(void, TessBaseAPIDelete, (TessBaseAPI * handle), (handle))                                \
    X(void, TessBaseAPIEnd, (TessBaseAPI * handle), (handle))                                   \
    X(void, TessBaseAPISetPageSegMode, (TessBaseAPI * handle, TessPageSegMode mode), (handle, mode)) \
    X(void, TessBaseAPISetImage2, (TessBaseAPI * handle, struct Pix * pix), (handle, pix))      \
    X(void, TessBaseAPISetSourceResolution, (TessBaseAPI * handle, int ppi), (handle, ppi))     \
    X(void, TessBaseAPIClear, (TessBaseAPI * handle), (handle))                                 \
    X(void, TessDeleteText, (const char *text), (text))                                         \
    X(void, TessDeleteIntArray, (const int *arr), (arr))                                       \
    X(void, TessMonitorDelete, (ETEXT_DESC * monitor), (monitor))                              \
    X(void, TessMonitorSetDeadlineMSecs, (ETEXT_DESC * monitor, int deadline), (monitor, deadline)) \
    X(void, TessMonitorSetCancelFunc, (ETEXT_DESC * monitor, TessCancelFunc cancelFunc), (monitor, cancelFunc)) \
    X(void, TessMonitorSetCancelThis, (ETEXT_DESC * monitor, void *cancelThis), (monitor, cancelThis)) \
    X(void, TessResultIteratorDelete, (TessResultIterator * handle), (handle))                 \
    X(void, TessPageIteratorDelete, (TessPageIterator * handle), (handle))

#define INTAKE_TESSERACT_FUNCTIONS(X) INTAKE_TESSERACT_SPECIAL(X) INTAKE_TESSERACT_VALUES(X) INTAKE_TESSERACT_VOIDS(X)

#define INTAKE_POINTER(type, name, parameters, arguments) static type(*real_##name) parameters;
INTAKE_TESSERACT_FUNCTIONS(INTAKE_POINTER)

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char failure[512];
static int failed;

static void load(void) {
    void *library = dlopen("libtesseract.so.5", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        snprintf(failure, sizeof failure, "libtesseract could not be loaded: %s", dlerror());
        failed = 1;
        return;
    }
#define INTAKE_RESOLVE(type, name, parameters, arguments)                                    \
    real_##name = (type(*) parameters)dlsym(library, #name);                                 \
    if (real_##name == NULL) {                                                               \
        snprintf(failure, sizeof failure, "libtesseract has no %s: %s", #name, dlerror());   \
        failed = 1;                                                                          \
        return;                                                                              \
    }
    INTAKE_TESSERACT_FUNCTIONS(INTAKE_RESOLVE)
}

static int loaded(void) {
    pthread_once(&once, load);
    return !failed;
}

static void *preload(void *unused) {
    (void)unused;
    loaded();
    return NULL;
}

void intake_tesseract_preload(void) {
    pthread_t thread;
    if (pthread_create(&thread, NULL, preload, NULL) == 0) pthread_detach(thread);
}

const char *intake_tesseract_failure(void) {
    return loaded() ? NULL : failure;
}

// Unreachable when the library did not load (see the top of the file); stop loudly if not.
static void unavailable(const char *name) {
    fprintf(stderr, "intake: %s called without libtesseract (%s)\n", name, failure);
    abort();
}

TessBaseAPI *TessBaseAPICreate(void) {
    return loaded() ? real_TessBaseAPICreate() : NULL;
}

const char *TessVersion(void) {
    return loaded() ? real_TessVersion() : failure;
}

#define INTAKE_FORWARD(type, name, parameters, arguments) \
    type name parameters {                                \
        if (!loaded()) unavailable(#name);                \
        return real_##name arguments;                     \
    }
#define INTAKE_FORWARD_VOID(type, name, parameters, arguments) \
    void name parameters {                                     \
        if (!loaded()) unavailable(#name);                     \
        real_##name arguments;                                 \
    }

INTAKE_TESSERACT_VALUES(INTAKE_FORWARD)
INTAKE_TESSERACT_VOIDS(INTAKE_FORWARD_VOID)
