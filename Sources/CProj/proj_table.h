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

#include <stdatomic.h>

// Filled once PROJ is loaded, then `targeting_proj_loaded` set (release).
extern struct targeting_proj_table targeting_proj_functions;
extern atomic_int targeting_proj_loaded;

// Loads PROJ (waiting for a load under way on another thread) and returns the table; with PROJ
// missing, prints the reason and ends the process (exit status 70) rather than let a forwarder
// call through a null pointer: PROJ is a dependency of the package, installed with it.
const struct targeting_proj_table *targeting_proj_table_loading(void);

// The table, PROJ loaded first if it is not yet. Inline, so that a forwarder costs a load and
// an indirect call (the geodesics of the joins call PROJ hundreds of thousands of times).
static inline const struct targeting_proj_table *targeting_proj_table(void) {
    if (__builtin_expect(atomic_load_explicit(&targeting_proj_loaded, memory_order_acquire), 1)) return &targeting_proj_functions;
    return targeting_proj_table_loading();
}

#endif
