#ifndef TARGETING_CPROJ_H
#define TARGETING_CPROJ_H
// PROJ's C API as the Swift code sees it: PROJ's own declarations, and the library loaded with
// dlopen when the process first calls it (a boundary file's .prj read, a geodesic measured), not
// linked. Linked, libproj and the 37 libraries it brings (curl, TLS, SQLite, TIFF…) were loaded
// and their symbols bound before `main` by every command, twice for a run that restarts with huge
// pages (~10 ms each time). As for GDAL (Sources/CGDAL), this target defines each PROJ function
// the project calls (proj_functions.h) as a forwarder to the loaded library's; the executable
// does not link libproj (GDAL's own copy of PROJ, loaded with GDAL, is the same library).

#include <proj.h>
#include <geodesic.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Loads PROJ once per process: dlopen of the library these headers describe and every function
/// the project calls resolved. Returns NULL once loaded; else a message naming the library and
/// why it could not be loaded, the same on every call. Safe from any thread: a caller arriving
/// while another thread loads waits for it.
const char *targeting_proj_load(void);

/// The Debian package that installs it (e.g. libproj25).
const char *targeting_proj_package_name(void);

#ifdef __cplusplus
}
#endif
#endif
