#define _GNU_SOURCE // secure_getenv
// Loading GDAL at the first need: dlopen, each function of gdal_functions.h resolved, drivers
// registered. Once per process (pthread_once), from whichever thread comes first.
#include "gdal_table.h"
#include "CLibraryLoading.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#if GDAL_VERSION_MAJOR != 3
#error "GDAL 3 expected: check the library name in gdal_library_name"
#endif

struct targeting_gdal_table targeting_gdal_functions;
atomic_int targeting_gdal_loaded; // 1 once the table is filled and GDAL set up
static pthread_once_t once = PTHREAD_ONCE_INIT;
// 0: no load started; 1: a load started (under way or done); 2: the process is exiting and no load
// may start. One compare-and-swap decides between the loader and the exit handler.
static atomic_int phase;
static char failure[1024]; // why it could not be, when it could not
static char library[256];
static char package[32];

// The soname of the GDAL the headers describe, which is what the linker would have recorded:
// GDAL 3.x is libgdal.so.(26 + x) (3.6: libgdal.so.32), in Debian's package libgdal(26 + x).
// TARGETING_TEST_GDAL_LIBRARY, for the tests only, names another file (one that does not exist,
// to check the message a missing GDAL gives).
static void choose_library(void) {
    const int soversion = 26 + GDAL_VERSION_MINOR;
    snprintf(package, sizeof package, "libgdal%d", soversion);
    const char *test = secure_getenv("TARGETING_TEST_GDAL_LIBRARY"); // ignored in set-uid runs
    if (test && *test) {
        snprintf(library, sizeof library, "%s", test);
    } else {
        // Linux only, like the rest of this file (secure_getenv, Debian's <gdal/...> headers).
        snprintf(library, sizeof library, "libgdal.so.%d", soversion);
    }
}

static void load(void) {
    int idle = 0;
    if (!atomic_compare_exchange_strong(&phase, &idle, 1)) {
        snprintf(failure, sizeof failure, "the program is ending");
        return;
    }
    choose_library();
    void *handle = targeting_library_open(library, failure, sizeof failure);
    if (!handle) return;
#define RESOLVE(name) \
    targeting_gdal_functions.name = (__typeof__(targeting_gdal_functions.name))targeting_library_function( \
        handle, #name, library, "GDAL", GDAL_RELEASE_NAME, failure, sizeof failure); \
    if (!targeting_gdal_functions.name) return;
#define GDAL_FN(ret, name, params, args) RESOLVE(name)
#define GDAL_VOID(name, params, args) RESOLVE(name)
#include "gdal_functions.h"
#undef GDAL_FN
#undef GDAL_VOID
    CPLErrorHandler quiet = (CPLErrorHandler)dlsym(handle, "CPLQuietErrorHandler");
    if (!quiet) {
        snprintf(failure, sizeof failure, "%s has no function CPLQuietErrorHandler", library);
        return;
    }
    targeting_gdal_functions.GDALAllRegister();
    targeting_gdal_functions.CPLSetErrorHandler(quiet);
    atomic_store_explicit(&targeting_gdal_loaded, 1, memory_order_release);
}

const char *targeting_gdal_load(void) {
    pthread_once(&once, load);
    return atomic_load_explicit(&targeting_gdal_loaded, memory_order_acquire) ? NULL : failure;
}

const char *targeting_gdal_library_name(void) {
    pthread_once(&once, load);
    return library;
}

const char *targeting_gdal_package_name(void) {
    pthread_once(&once, load);
    return package;
}

static void *preload(void *unused) {
    (void)unused;
    (void)targeting_gdal_load();
    return NULL;
}

// A load not yet begun never begins (the preload thread, created but not yet in `load`, finds the
// phase closed and returns); a load under way is waited for, at most its 0.05 s. The command line
// calls this before every exit; it is also an exit handler, a backstop only: the destructors the
// loading libraries register run before it.
void targeting_gdal_settle(void) {
    int idle = 0;
    if (atomic_compare_exchange_strong(&phase, &idle, 2)) return;
    pthread_once(&once, load);
}

static void wait_for_preload(void) { targeting_gdal_settle(); }

void targeting_gdal_preload(void) {
    static atomic_flag started = ATOMIC_FLAG_INIT;
    if (atomic_flag_test_and_set(&started) || atomic_load_explicit(&targeting_gdal_loaded, memory_order_acquire)) return;
    if (atexit(wait_for_preload) != 0) return;
    pthread_t thread;
    pthread_attr_t attributes;
    if (pthread_attr_init(&attributes) != 0) return;
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    // Not started (no thread to be had): the first GDAL call loads it instead.
    (void)pthread_create(&thread, &attributes, preload, NULL);
    pthread_attr_destroy(&attributes);
}

const struct targeting_gdal_table *targeting_gdal_table_loading(void) {
    const char *why = targeting_gdal_load();
    if (why) targeting_library_unavailable("GDAL", why, NULL);
    return &targeting_gdal_functions;
}
