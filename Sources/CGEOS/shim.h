// Reentrant API only: every call takes a GEOSContextHandle_t.
#define USE_UNSTABLE_GEOS_CPP_API 0
#include <geos_c.h>
