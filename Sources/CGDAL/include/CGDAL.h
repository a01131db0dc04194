#ifndef TARGETING_CGDAL_H
#define TARGETING_CGDAL_H
// GDAL's C API as the Swift code sees it: GDAL's own declarations, and the library loaded with
// dlopen only when a command first needs it (reading GeoPackage, GeoJSON, zipped shapefiles or
// workbooks, writing units.gpkg). Linked at build time, GDAL's 110 shared libraries were loaded
// and their symbols bound before `main` by every command, `--help` included (0.04 s of CPU).
// This target defines each GDAL function the project calls (gdal_functions.h) as a forwarder to
// the loaded library's, so the Swift code calls GDAL's names as before; the executable does not
// link libgdal.

// GDAL's headers from the system include folder (`gdal/`): through pkg-config, SwiftPM would also
// link the library this target replaces.
#include <gdal/gdal.h>
#include <gdal/gdal_version.h>
#include <gdal/ogr_api.h>
#include <gdal/ogr_srs_api.h>
#include <gdal/cpl_conv.h>
#include <gdal/cpl_error.h>
#include <gdal/cpl_string.h>
#include <gdal/cpl_vsi.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Loads GDAL once per process: dlopen of the library these headers describe, every function the
/// project calls resolved, every driver registered, and GDAL's own error printing silenced (each
/// failure is reported by its caller, GDAL's words quoted). Returns NULL once loaded; else a
/// message naming the library and why it could not be loaded, the same on every call. Safe from
/// any thread: a caller arriving while another thread loads waits for it.
const char *targeting_gdal_load(void);

/// Starts `targeting_gdal_load` on a background thread and returns at once, so that the loading
/// overlaps other work; the first GDAL call waits for it to finish.
void targeting_gdal_preload(void);

/// To call just before the process exits: waits for a load under way to finish, or makes sure a
/// preload not yet begun never begins. `exit` must not run beside a load: the libraries being
/// loaded register their destructors as their constructors run, and `exit` runs those (they are
/// the latest registered) while the loading thread goes on using what they destroy. After this,
/// GDAL cannot be loaded any more.
void targeting_gdal_settle(void);

/// The file name of the library loaded (its soname, e.g. libgdal.so.32).
const char *targeting_gdal_library_name(void);

/// The Debian package that installs it (e.g. libgdal32).
const char *targeting_gdal_package_name(void);

#ifdef __cplusplus
}
#endif
#endif
