import VectorFormats

extension Pipeline {
    /// Starts loading GDAL on a background thread, for a command that writes a run's outputs
    /// (units.gpkg is written through GDAL) or may read a GeoPackage, GeoJSON, zip or workbook
    /// input: the hundred shared libraries are loaded while the project is read, not before `main`
    /// for every command. The first GDAL call waits for it; a GDAL that cannot be loaded is an
    /// error there, naming the library.
    package static func preloadGDAL() { GDAL.preload() }

    /// To call before the process exits when `preloadGDAL` may have run: `exit` must never run
    /// beside the loading of GDAL's libraries (see `GDAL.settle`).
    package static func settleGDAL() { GDAL.settle() }
}
