// PROJ's functions, as the Swift code calls them, each passing its arguments on to the loaded
// library's. Each definition must match PROJ's declaration in the headers CProj.h includes.
// Hidden, never exported by the executable, even one linked with --export-dynamic (as
// `swift build --static-swift-stdlib` links it): PROJ's calls to its own functions bind inside
// the library, never back to these (which would re-enter the load and wait on it for ever).
// PROJ_DLL and GEOD_DLL declare the functions exported; left empty here so that they can be
// declared hidden.
#define PROJ_DLL
#define GEOD_DLL
#include "proj_table.h"
#define FORWARDER __attribute__((visibility("hidden")))

#define PROJ_FN(ret, name, params, args) \
    FORWARDER ret name params { return targeting_proj_table()->name args; }
#define PROJ_VOID(name, params, args) \
    FORWARDER void name params { targeting_proj_table()->name args; }
#include "proj_functions.h"
