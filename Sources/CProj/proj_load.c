#define _GNU_SOURCE // secure_getenv
// Loading PROJ at the first call: dlopen, each function of proj_functions.h resolved. Once per
// process (pthread_once), from whichever thread comes first. No loading in the background here
// (unlike GDAL's preload): the first call comes early in a run, on the thread reading the
// boundaries while the main one reads the layers, so no thread is ever left loading at exit.
#include "proj_table.h"
#include "CLibraryLoading.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#if PROJ_VERSION_MAJOR != 9
#error "PROJ 9 expected: check the library name in choose_library"
#endif

struct targeting_proj_table targeting_proj_functions;
atomic_int targeting_proj_loaded; // 1 once the table is filled
static pthread_once_t once = PTHREAD_ONCE_INIT;
static char failure[1024]; // why it could not be, when it could not
static char library[256];
static const char package[] = "libproj25";

// The soname of PROJ 9 (libproj.so.25 from 9.0 on, in Debian's package libproj25), which is what
// the linker recorded when the executable linked it. TARGETING_TEST_PROJ_LIBRARY, for the tests
// only, names another file (one that does not exist, to check the message a missing PROJ gives).
static void choose_library(void) {
    const char *test = secure_getenv("TARGETING_TEST_PROJ_LIBRARY"); // ignored in set-uid runs
    snprintf(library, sizeof library, "%s", test && *test ? test : "libproj.so.25");
}

static void load(void) {
    choose_library();
    void *handle = targeting_library_open(library, failure, sizeof failure);
    if (!handle) return;
#define VERSION_TEXT(major, minor) #major "." #minor
#define VERSION(major, minor) VERSION_TEXT(major, minor)
#define RESOLVE(name) \
    targeting_proj_functions.name = (__typeof__(targeting_proj_functions.name))targeting_library_function( \
        handle, #name, library, "PROJ", VERSION(PROJ_VERSION_MAJOR, PROJ_VERSION_MINOR), failure, sizeof failure); \
    if (!targeting_proj_functions.name) return;
#define PROJ_FN(ret, name, params, args) RESOLVE(name)
#define PROJ_VOID(name, params, args) RESOLVE(name)
#include "proj_functions.h"
#undef PROJ_FN
#undef PROJ_VOID
    atomic_store_explicit(&targeting_proj_loaded, 1, memory_order_release);
}

const char *targeting_proj_load(void) {
    pthread_once(&once, load);
    return atomic_load_explicit(&targeting_proj_loaded, memory_order_acquire) ? NULL : failure;
}

const char *targeting_proj_package_name(void) { return package; }

const struct targeting_proj_table *targeting_proj_table_loading(void) {
    const char *why = targeting_proj_load();
    if (why) targeting_library_unavailable("PROJ", why, package);
    return &targeting_proj_functions;
}
