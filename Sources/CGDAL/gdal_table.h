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

#include <stdatomic.h>

// Filled once GDAL is loaded and set up, then `targeting_gdal_loaded` set (release).
extern struct targeting_gdal_table targeting_gdal_functions;
extern atomic_int targeting_gdal_loaded;

// Loads GDAL (waiting for a load under way on another thread) and returns the table. For a
// forwarder only: the Swift code calls `targeting_gdal_load` (GDAL.ready) before its GDAL work and
// turns a failure into its own error; a forwarder reached without that, with GDAL missing, prints
// the reason and ends the process (exit status 70) rather than call through a null pointer.
const struct targeting_gdal_table *targeting_gdal_table_loading(void);

// The table, GDAL loaded first if it is not yet. Inline, as for PROJ (Sources/CProj): a
// forwarder costs a load and an indirect call (a layer of a million features is read through
// several calls a feature).
static inline const struct targeting_gdal_table *targeting_gdal_table(void) {
    if (__builtin_expect(atomic_load_explicit(&targeting_gdal_loaded, memory_order_acquire), 1)) return &targeting_gdal_functions;
    return targeting_gdal_table_loading();
}

#endif
