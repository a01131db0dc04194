import VectorFormats

extension Pipeline {
    /// Starts loading GDAL on a background thread, for a command that writes a run's outputs
    /// (units.gpkg is written through GDAL; `prepare` has it called once the project's layers
    /// are read when `Settings.writesOutputs`): the hundred shared libraries load beside other
    /// work, not before `main` for every command. (`ProjectLoader` starts it itself, with the
    /// reading, for a GeoPackage, GeoJSON, zip or workbook input.) The first GDAL call waits for it; a GDAL that
    /// cannot be loaded is an error there, naming the library.
    package static func preloadGDAL() { GDAL.preload() }

    /// To call before the process exits when `preloadGDAL` may have run: `exit` must never run
    /// beside the loading of GDAL's libraries (see `GDAL.settle`).
    package static func settleGDAL() { GDAL.settle() }
}
