#ifndef TARGETING_GDAL_TABLE_H
#define TARGETING_GDAL_TABLE_H
#include "CGDAL.h"

// The loaded library's functions, one pointer each, typed from GDAL's own declarations.
struct targeting_gdal_table {
#define GDAL_FN(ret, name, params, args) __typeof__(name) *name;
#define GDAL_VOID(name, params, args) __typeof__(name) *name;
#include "gdal_functions.h"
#undef GDAL_FN
#undef GDAL_VOID
};

// The table, GDAL loaded first if it is not yet (waiting for a load under way on another thread).
// For a forwarder only: the Swift code calls `targeting_gdal_load` (GDAL.ready) before its GDAL work
// and turns a failure into its own error; a forwarder reached without that, with GDAL missing, prints
// the reason and ends the process (exit status 70) rather than call through a null pointer.
const struct targeting_gdal_table *targeting_gdal_table(void);

#endif
