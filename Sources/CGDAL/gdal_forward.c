// GDAL's functions, as the Swift code calls them, each passing its arguments on to the loaded
// library's. Each definition must match GDAL's declaration in the headers CGDAL.h includes.
#include "gdal_table.h"

// Not exported by the executable (nothing links it with --export-dynamic): GDAL's calls to its own
// functions bind inside libgdal, never back to these (which would re-enter the load).
#define GDAL_FN(ret, name, params, args) \
    ret name params { return targeting_gdal_table()->name args; }
#define GDAL_VOID(name, params, args) \
    void name params { targeting_gdal_table()->name args; }
#include "gdal_functions.h"
