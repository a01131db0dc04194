#ifndef TARGETING_CLIBRARYLOADING_H
#define TARGETING_CLIBRARYLOADING_H
// What the libraries opened with dlopen at their first call (GDAL: Sources/CGDAL, PROJ:
// Sources/CProj) share.

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>

/// Opens `library` (dlopen, its symbols bound now, kept out of the global scope); NULL with
/// the reason in `failure` when it cannot be.
void *targeting_library_open(const char *library, char *failure, size_t size);

/// The address of function `name` in the library opened as `handle`; NULL with the reason in
/// `failure` (`<library> has no function <name> (a <kind> older than <version>?)`) when it has
/// none.
void *targeting_library_function(void *handle, const char *name, const char *library, const char *kind,
                                 const char *version, char *failure, size_t size);

/// For a forwarder reached with its library missing (the Swift code checks first, and turns a
/// failure into its own error; a forwarder is the backstop): prints
/// `error: the <name> library could not be loaded: <why>` and, when `package` is given,
/// `(on Debian: apt-get install <package>)`, then ends the process with status 70 rather than
/// call through a null pointer.
_Noreturn void targeting_library_unavailable(const char *name, const char *why, const char *package);

#ifdef __cplusplus
}
#endif
#endif
