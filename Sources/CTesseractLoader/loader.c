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

// The functions: return type, name, parameters, arguments.
#define INTAKE_TESSERACT_FUNCTIONS(X)                                                                \
    X(TessBaseAPI *, TessBaseAPICreate, (void), ())                                                  \
    X(void, TessBaseAPIDelete, (TessBaseAPI * handle), (handle))                                     \
    X(void, TessBaseAPIEnd, (TessBaseAPI * handle), (handle))                                        \
    X(int, TessBaseAPIInit2,                                                                         \
      (TessBaseAPI * handle, const char *datapath, const char *language, TessOcrEngineMode oem),     \
      (handle, datapath, language, oem))                                                             \
    X(BOOL, TessBaseAPISetVariable, (TessBaseAPI * handle, const char *name, const char *value),     \
      (handle, name, value))                                                                         \
    X(void, TessBaseAPISetPageSegMode, (TessBaseAPI * handle, TessPageSegMode mode), (handle, mode)) \
    X(void, TessBaseAPISetImage2, (TessBaseAPI * handle, struct Pix * pix), (handle, pix))           \
    X(void, TessBaseAPISetSourceResolution, (TessBaseAPI * handle, int ppi), (handle, ppi))          \
    X(int, TessBaseAPIRecognize, (TessBaseAPI * handle, ETEXT_DESC * monitor), (handle, monitor))    \
    X(char *, TessBaseAPIGetUTF8Text, (TessBaseAPI * handle), (handle))                              \
    X(int *, TessBaseAPIAllWordConfidences, (TessBaseAPI * handle), (handle))                        \
    X(void, TessBaseAPIClear, (TessBaseAPI * handle), (handle))                                      \
    X(BOOL, TessBaseAPIDetectOrientationScript,                                                      \
      (TessBaseAPI * handle, int *orient_deg, float *orient_conf, const char **script_name,          \
       float *script_conf),                                                                          \
      (handle, orient_deg, orient_conf, script_name, script_conf))                                   \
    X(int, TessBaseAPIIsValidWord, (TessBaseAPI * handle, const char *word), (handle, word))         \
    X(void, TessDeleteText, (const char *text), (text))                                              \
    X(void, TessDeleteIntArray, (const int *arr), (arr))                                             \
    X(const char *, TessVersion, (void), ())

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
#define INTAKE_FORWARD_VOID(name, parameters, arguments) \
    void name parameters {                               \
        if (!loaded()) unavailable(#name);               \
        real_##name arguments;                           \
    }

INTAKE_FORWARD_VOID(TessBaseAPIDelete, (TessBaseAPI * handle), (handle))
INTAKE_FORWARD_VOID(TessBaseAPIEnd, (TessBaseAPI * handle), (handle))
INTAKE_FORWARD(int, TessBaseAPIInit2,
               (TessBaseAPI * handle, const char *datapath, const char *language, TessOcrEngineMode oem),
               (handle, datapath, language, oem))
INTAKE_FORWARD(BOOL, TessBaseAPISetVariable, (TessBaseAPI * handle, const char *name, const char *value),
               (handle, name, value))
INTAKE_FORWARD_VOID(TessBaseAPISetPageSegMode, (TessBaseAPI * handle, TessPageSegMode mode), (handle, mode))
INTAKE_FORWARD_VOID(TessBaseAPISetImage2, (TessBaseAPI * handle, struct Pix * pix), (handle, pix))
INTAKE_FORWARD_VOID(TessBaseAPISetSourceResolution, (TessBaseAPI * handle, int ppi), (handle, ppi))
INTAKE_FORWARD(int, TessBaseAPIRecognize, (TessBaseAPI * handle, ETEXT_DESC * monitor), (handle, monitor))
INTAKE_FORWARD(char *, TessBaseAPIGetUTF8Text, (TessBaseAPI * handle), (handle))
INTAKE_FORWARD(int *, TessBaseAPIAllWordConfidences, (TessBaseAPI * handle), (handle))
INTAKE_FORWARD_VOID(TessBaseAPIClear, (TessBaseAPI * handle), (handle))
INTAKE_FORWARD(BOOL, TessBaseAPIDetectOrientationScript,
               (TessBaseAPI * handle, int *orient_deg, float *orient_conf, const char **script_name,
                float *script_conf),
               (handle, orient_deg, orient_conf, script_name, script_conf))
INTAKE_FORWARD(int, TessBaseAPIIsValidWord, (TessBaseAPI * handle, const char *word), (handle, word))
INTAKE_FORWARD_VOID(TessDeleteText, (const char *text), (text))
INTAKE_FORWARD_VOID(TessDeleteIntArray, (const int *arr), (arr))
