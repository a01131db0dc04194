#ifndef TARGETING_PROJ_TABLE_H
#define TARGETING_PROJ_TABLE_H
#include "CProj.h"

// The loaded library's functions, one pointer each, typed from PROJ's own declarations.
struct targeting_proj_table {
#define PROJ_FN(ret, name, params, args) __typeof__(name) *name;
#define PROJ_VOID(name, params, args) __typeof__(name) *name;
#include "proj_functions.h"
#undef PROJ_FN
#undef PROJ_VOID
};

// The table, PROJ loaded first if it is not yet (waiting for a load under way on another thread).
// A forwarder reached with PROJ missing prints the reason and ends the process (exit status 70)
// rather than call through a null pointer: PROJ is a dependency of the package, installed with it.
const struct targeting_proj_table *targeting_proj_table(void);

#endif
