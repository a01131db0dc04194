// PROJ's functions, as the Swift code calls them, each passing its arguments on to the loaded
// library's. Each definition must match PROJ's declaration in the headers CProj.h includes.
#include "proj_table.h"

// Not exported by the executable (nothing links it with --export-dynamic): PROJ's calls to its
// own functions, and GDAL's, bind inside the libraries, never back to these.
#define PROJ_FN(ret, name, params, args) \
    ret name params { return targeting_proj_table()->name args; }
#define PROJ_VOID(name, params, args) \
    void name params { targeting_proj_table()->name args; }
#include "proj_functions.h"
