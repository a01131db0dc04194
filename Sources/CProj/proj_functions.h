// Every PROJ function the project calls, one line each, as the X-macros
//   PROJ_FN(return type, name, (parameters), (arguments))   and
//   PROJ_VOID(name, (parameters), (arguments))              for those returning nothing.
// proj_forward.c defines each as a forwarder, which the compiler checks against PROJ's own
// declaration (a parameter or return type that differs is a "conflicting types" error);
// proj_load.c resolves each by name. A PROJ function called from Swift and missing here is an
// undefined symbol when the executable is linked.

// Contexts and objects.
PROJ_FN(PJ_CONTEXT *, proj_context_create, (void), ())
PROJ_FN(PJ_CONTEXT *, proj_context_destroy, (PJ_CONTEXT *ctx), (ctx))
PROJ_FN(PJ_LOG_LEVEL, proj_log_level, (PJ_CONTEXT *ctx, PJ_LOG_LEVEL level), (ctx, level))
PROJ_FN(PJ *, proj_create, (PJ_CONTEXT *ctx, const char *definition), (ctx, definition))
PROJ_FN(PJ *, proj_clone, (PJ_CONTEXT *ctx, const PJ *obj), (ctx, obj))
PROJ_FN(PJ *, proj_destroy, (PJ *obj), (obj))
PROJ_FN(PJ_TYPE, proj_get_type, (const PJ *obj), (obj))
PROJ_FN(PJ *, proj_get_source_crs, (PJ_CONTEXT *ctx, const PJ *obj), (ctx, obj))
PROJ_FN(int, proj_is_crs, (const PJ *obj), (obj))
PROJ_FN(const char *, proj_get_name, (const PJ *obj), (obj))
PROJ_FN(int, proj_is_equivalent_to_with_ctx, (PJ_CONTEXT *ctx, const PJ *obj, const PJ *other, PJ_COMPARISON_CRITERION criterion),
        (ctx, obj, other, criterion))

// Transformations.
PROJ_FN(PJ *, proj_create_crs_to_crs, (PJ_CONTEXT *ctx, const char *source, const char *target, PJ_AREA *area),
        (ctx, source, target, area))
PROJ_FN(PJ *, proj_create_crs_to_crs_from_pj, (PJ_CONTEXT *ctx, const PJ *source, const PJ *target, PJ_AREA *area, const char *const *options),
        (ctx, source, target, area, options))
PROJ_FN(PJ *, proj_normalize_for_visualization, (PJ_CONTEXT *ctx, const PJ *obj), (ctx, obj))
PROJ_FN(PJ_COORD, proj_coord, (double x, double y, double z, double t), (x, y, z, t))
PROJ_FN(PJ_COORD, proj_trans, (PJ *transformation, PJ_DIRECTION direction, PJ_COORD coord), (transformation, direction, coord))

// Geodesics (GeographicLib's C code, in libproj).
PROJ_VOID(geod_init, (struct geod_geodesic *g, double a, double f), (g, a, f))
PROJ_VOID(geod_inverse, (const struct geod_geodesic *g, double lat1, double lon1, double lat2, double lon2, double *s12, double *azi1, double *azi2),
          (g, lat1, lon1, lat2, lon2, s12, azi1, azi2))
PROJ_VOID(geod_polygonarea, (const struct geod_geodesic *g, double lats[], double lons[], int n, double *area, double *perimeter),
          (g, lats, lons, n, area, perimeter))
