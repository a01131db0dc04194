// GDAL's functions, as the Swift code calls them, each passing its arguments on to the loaded
// library's. Each definition must match GDAL's declaration in the headers CGDAL.h includes.
// Hidden, never exported by the executable, even one linked with --export-dynamic (as
// `swift build --static-swift-stdlib` links it): GDAL's calls to its own functions bind inside
// the library, never back to these (which would re-enter the load and wait on it for ever).
// CPL_DLL declares the functions exported; left empty here so that they can be declared hidden.
#define CPL_DLL
#include "gdal_table.h"
#define FORWARDER __attribute__((visibility("hidden")))

#define GDAL_FN(ret, name, params, args) \
    FORWARDER ret name params { return targeting_gdal_table()->name args; }
#define GDAL_VOID(name, params, args) \
    FORWARDER void name params { targeting_gdal_table()->name args; }
#include "gdal_functions.h"
