#include "CLibraryLoading.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

_Noreturn void targeting_library_unavailable(const char *name, const char *why, const char *package) {
    char line[1400];
    int n = package ? snprintf(line, sizeof line, "error: the %s library could not be loaded: %s (on Debian: apt-get install %s)\n", name, why, package)
                    : snprintf(line, sizeof line, "error: the %s library could not be loaded: %s\n", name, why);
    if (n > 0) (void)!write(2, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
    exit(70);
}

void *targeting_library_open(const char *library, char *failure, size_t size) {
    void *handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char *why = dlerror();
        snprintf(failure, size, "%s", why ? why : library);
    }
    return handle;
}

void *targeting_library_function(void *handle, const char *name, const char *library, const char *kind,
                                 const char *version, char *failure, size_t size) {
    void *function = dlsym(handle, name);
    if (!function) snprintf(failure, size, "%s has no function %s (a %s older than %s?)", library, name, kind, version);
    return function;
}
