// Every GDAL function the project calls, one line each, as the X-macros
//   GDAL_FN(return type, name, (parameters), (arguments))   and
//   GDAL_VOID(name, (parameters), (arguments))              for those returning nothing.
// gdal_forward.c defines each as a forwarder, which the compiler checks against GDAL's own
// declaration (a parameter or return type that differs is a "conflicting types" error);
// gdal_load.c resolves each by name. A GDAL function called from Swift and missing here is an
// undefined symbol when the executable is linked.
// No variadic function here (CPLError…): a forwarder cannot pass on a `...`.

// Errors, configuration, string lists.
GDAL_VOID(CPLErrorReset, (void), ())
GDAL_FN(const char *, CPLGetLastErrorMsg, (void), ())
GDAL_FN(CPLErr, CPLGetLastErrorType, (void), ())
GDAL_FN(CPLErrorHandler, CPLSetErrorHandler, (CPLErrorHandler handler), (handler))
GDAL_VOID(CPLSetThreadLocalConfigOption, (const char *key, const char *value), (key, value))
GDAL_FN(char **, CSLAddString, (char **list, const char *string), (list, string))
GDAL_VOID(CSLDestroy, (char **list), (list))
GDAL_FN(const char *, GDALVersionInfo, (const char *request), (request))

// Datasets and drivers.
GDAL_VOID(GDALAllRegister, (void), ())
GDAL_VOID(GDALClose, (GDALDatasetH dataset), (dataset))
GDAL_FN(GDALDatasetH, GDALCreate, (GDALDriverH driver, const char *path, int x, int y, int bands, GDALDataType type, CSLConstList options),
        (driver, path, x, y, bands, type, options))
GDAL_FN(OGRErr, GDALDatasetCommitTransaction, (GDALDatasetH dataset), (dataset))
GDAL_FN(OGRLayerH, GDALDatasetCreateLayer, (GDALDatasetH dataset, const char *name, OGRSpatialReferenceH srs, OGRwkbGeometryType type, CSLConstList options),
        (dataset, name, srs, type, options))
GDAL_FN(OGRLayerH, GDALDatasetGetLayer, (GDALDatasetH dataset, int i), (dataset, i))
GDAL_FN(OGRLayerH, GDALDatasetGetLayerByName, (GDALDatasetH dataset, const char *name), (dataset, name))
GDAL_FN(int, GDALDatasetGetLayerCount, (GDALDatasetH dataset), (dataset))
GDAL_FN(OGRErr, GDALDatasetStartTransaction, (GDALDatasetH dataset, int force), (dataset, force))
GDAL_FN(GDALDriverH, GDALGetDriverByName, (const char *name), (name))
GDAL_FN(GDALDatasetH, GDALOpenEx, (const char *path, unsigned int flags, const char *const *drivers, const char *const *options, const char *const *siblings),
        (path, flags, drivers, options, siblings))

// Layers, features and fields.
GDAL_FN(OGRErr, OGR_L_CreateFeature, (OGRLayerH layer, OGRFeatureH feature), (layer, feature))
GDAL_FN(OGRErr, OGR_L_CreateField, (OGRLayerH layer, OGRFieldDefnH field, int approximate), (layer, field, approximate))
GDAL_FN(OGRwkbGeometryType, OGR_L_GetGeomType, (OGRLayerH layer), (layer))
GDAL_FN(OGRFeatureDefnH, OGR_L_GetLayerDefn, (OGRLayerH layer), (layer))
GDAL_FN(const char *, OGR_L_GetName, (OGRLayerH layer), (layer))
GDAL_FN(OGRFeatureH, OGR_L_GetNextFeature, (OGRLayerH layer), (layer))
GDAL_FN(OGRSpatialReferenceH, OGR_L_GetSpatialRef, (OGRLayerH layer), (layer))
GDAL_VOID(OGR_L_ResetReading, (OGRLayerH layer), (layer))
GDAL_FN(int, OGR_FD_GetFieldCount, (OGRFeatureDefnH definition), (definition))
GDAL_FN(OGRFieldDefnH, OGR_FD_GetFieldDefn, (OGRFeatureDefnH definition, int i), (definition, i))
GDAL_FN(OGRFeatureH, OGR_F_Create, (OGRFeatureDefnH definition), (definition))
GDAL_VOID(OGR_F_Destroy, (OGRFeatureH feature), (feature))
GDAL_FN(GIntBig, OGR_F_GetFID, (OGRFeatureH feature), (feature))
GDAL_FN(int, OGR_F_GetFieldAsDateTimeEx, (OGRFeatureH feature, int i, int *year, int *month, int *day, int *hour, int *minute, float *second, int *tz),
        (feature, i, year, month, day, hour, minute, second, tz))
GDAL_FN(double, OGR_F_GetFieldAsDouble, (OGRFeatureH feature, int i), (feature, i))
GDAL_FN(int, OGR_F_GetFieldAsInteger, (OGRFeatureH feature, int i), (feature, i))
GDAL_FN(GIntBig, OGR_F_GetFieldAsInteger64, (OGRFeatureH feature, int i), (feature, i))
GDAL_FN(const char *, OGR_F_GetFieldAsString, (OGRFeatureH feature, int i), (feature, i))
GDAL_FN(OGRFieldDefnH, OGR_F_GetFieldDefnRef, (OGRFeatureH feature, int i), (feature, i))
GDAL_FN(OGRGeometryH, OGR_F_GetGeometryRef, (OGRFeatureH feature), (feature))
GDAL_FN(int, OGR_F_IsFieldSetAndNotNull, (OGRFeatureH feature, int i), (feature, i))
GDAL_VOID(OGR_F_SetFieldDateTime, (OGRFeatureH feature, int i, int year, int month, int day, int hour, int minute, int second, int tz),
          (feature, i, year, month, day, hour, minute, second, tz))
GDAL_VOID(OGR_F_SetFieldDouble, (OGRFeatureH feature, int i, double value), (feature, i, value))
GDAL_VOID(OGR_F_SetFieldInteger64, (OGRFeatureH feature, int i, GIntBig value), (feature, i, value))
GDAL_VOID(OGR_F_SetFieldNull, (OGRFeatureH feature, int i), (feature, i))
GDAL_VOID(OGR_F_SetFieldString, (OGRFeatureH feature, int i, const char *value), (feature, i, value))
GDAL_FN(OGRErr, OGR_F_SetGeometryDirectly, (OGRFeatureH feature, OGRGeometryH geometry), (feature, geometry))
GDAL_FN(OGRFieldDefnH, OGR_Fld_Create, (const char *name, OGRFieldType type), (name, type))
GDAL_VOID(OGR_Fld_Destroy, (OGRFieldDefnH field), (field))
GDAL_FN(const char *, OGR_Fld_GetNameRef, (OGRFieldDefnH field), (field))
GDAL_FN(int, OGR_Fld_GetPrecision, (OGRFieldDefnH field), (field))
GDAL_FN(OGRFieldSubType, OGR_Fld_GetSubType, (OGRFieldDefnH field), (field))
GDAL_FN(OGRFieldType, OGR_Fld_GetType, (OGRFieldDefnH field), (field))
GDAL_FN(int, OGR_Fld_GetWidth, (OGRFieldDefnH field), (field))
GDAL_VOID(OGR_Fld_SetSubType, (OGRFieldDefnH field, OGRFieldSubType subtype), (field, subtype))

// Geometries.
GDAL_FN(const char *, OGRGeometryTypeToName, (OGRwkbGeometryType type), (type))
GDAL_FN(OGRwkbGeometryType, OGR_GT_Flatten, (OGRwkbGeometryType type), (type))
GDAL_FN(int, OGR_GT_HasM, (OGRwkbGeometryType type), (type))
GDAL_FN(int, OGR_GT_HasZ, (OGRwkbGeometryType type), (type))
GDAL_FN(OGRErr, OGR_G_AddGeometryDirectly, (OGRGeometryH geometry, OGRGeometryH part), (geometry, part))
GDAL_VOID(OGR_G_AddPoint_2D, (OGRGeometryH geometry, double x, double y), (geometry, x, y))
GDAL_FN(OGRGeometryH, OGR_G_CreateGeometry, (OGRwkbGeometryType type), (type))
GDAL_VOID(OGR_G_DestroyGeometry, (OGRGeometryH geometry), (geometry))
GDAL_FN(int, OGR_G_GetGeometryCount, (OGRGeometryH geometry), (geometry))
GDAL_FN(OGRGeometryH, OGR_G_GetGeometryRef, (OGRGeometryH geometry, int i), (geometry, i))
GDAL_FN(OGRwkbGeometryType, OGR_G_GetGeometryType, (OGRGeometryH geometry), (geometry))
GDAL_FN(OGRGeometryH, OGR_G_GetLinearGeometry, (OGRGeometryH geometry, double maxAngleStep, char **options), (geometry, maxAngleStep, options))
GDAL_FN(int, OGR_G_GetPointCount, (OGRGeometryH geometry), (geometry))
GDAL_FN(double, OGR_G_GetX, (OGRGeometryH geometry, int i), (geometry, i))
GDAL_FN(double, OGR_G_GetY, (OGRGeometryH geometry, int i), (geometry, i))
GDAL_FN(int, OGR_G_HasCurveGeometry, (OGRGeometryH geometry, int lookForNonLinear), (geometry, lookForNonLinear))
GDAL_FN(int, OGR_G_IsEmpty, (OGRGeometryH geometry), (geometry))
GDAL_VOID(OGR_G_SetPoints, (OGRGeometryH geometry, int count, const void *x, int xStride, const void *y, int yStride, const void *z, int zStride),
          (geometry, count, x, xStride, y, yStride, z, zStride))

// Spatial references.
GDAL_VOID(OSRDestroySpatialReference, (OGRSpatialReferenceH srs), (srs))
GDAL_FN(OGRErr, OSRExportToWktEx, (OGRSpatialReferenceH srs, char **wkt, const char *const *options), (srs, wkt, options))
GDAL_FN(OGRErr, OSRImportFromEPSG, (OGRSpatialReferenceH srs, int code), (srs, code))
GDAL_FN(OGRSpatialReferenceH, OSRNewSpatialReference, (const char *wkt), (wkt))
GDAL_VOID(OSRSetAxisMappingStrategy, (OGRSpatialReferenceH srs, OSRAxisMappingStrategy strategy), (srs, strategy))

// GDAL's virtual file system (/vsimem/, /vsizip/).
GDAL_FN(int, VSIFCloseL, (VSILFILE *file), (file))
GDAL_FN(VSILFILE *, VSIFOpenL, (const char *path, const char *mode), (path, mode))
GDAL_FN(size_t, VSIFReadL, (void *buffer, size_t size, size_t count, VSILFILE *file), (buffer, size, count, file))
GDAL_FN(int, VSIFSeekL, (VSILFILE *file, vsi_l_offset offset, int whence), (file, offset, whence))
GDAL_FN(vsi_l_offset, VSIFTellL, (VSILFILE *file), (file))
GDAL_FN(size_t, VSIFWriteL, (const void *buffer, size_t size, size_t count, VSILFILE *file), (buffer, size, count, file))
GDAL_FN(int, VSIFTruncateL, (VSILFILE *file, vsi_l_offset length), (file, length))
GDAL_VOID(VSIFree, (void *pointer), (pointer))
GDAL_FN(GByte *, VSIGetMemFileBuffer, (const char *path, vsi_l_offset *length, int seize), (path, length, seize))
GDAL_FN(char **, VSIReadDir, (const char *path), (path))
GDAL_FN(char **, VSIReadDirRecursive, (const char *path), (path))
GDAL_FN(int, VSIUnlink, (const char *path), (path))
