import Foundation
import CGDAL
import Domain

/// GDAL loaded once per process, at the first need (CGDAL: every driver registered, its own error
/// printing silenced; each failed call is turned into our message, with GDAL's words quoted, by
/// the caller).
public enum GDAL {
    /// Loads GDAL if it is not yet (waiting for a load under way); every use of GDAL starts here.
    /// Throws, naming the library and the package to install, when it cannot be loaded.
    static func ready() throws {
        guard let why = targeting_gdal_load() else { return }
        let library = String(cString: targeting_gdal_library_name()), package = String(cString: targeting_gdal_package_name())
        throw TargetingError("the GDAL library \(library) could not be loaded (\(String(cString: why)))",
                             hint: "GDAL reads GeoPackage, GeoJSON, zipped shapefiles and Excel workbooks, and writes units.gpkg: "
                                 + "install it (on Debian: apt-get install \(package))")
    }

    /// Starts loading GDAL on a background thread, for a command that will need it, so that the
    /// loading (a hundred shared libraries: 0.04 s of CPU) overlaps its other work.
    public static func preload() { targeting_gdal_preload() }

    /// Before the process exits: a preload under way finished, or one not begun never begun (see
    /// `targeting_gdal_settle`). GDAL cannot be loaded afterwards.
    public static func settle() { targeting_gdal_settle() }

    /// GDAL's last error message on this thread, or nil; cleared once read.
    static func lastError() -> String? {
        guard let m = CPLGetLastErrorMsg() else { return nil }
        let text = String(cString: m).trimmingCharacters(in: .whitespacesAndNewlines)
        CPLErrorReset()
        return text.isEmpty ? nil : text
    }

    /// A NULL-terminated C string list (GDAL's `char **`), freed after `body`.
    static func withStringList<T>(_ items: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) throws -> T) rethrows -> T {
        var list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = nil
        for item in items { list = CSLAddString(list, item) }
        defer { CSLDestroy(list) }
        return try body(list.map { UnsafePointer(OpaquePointer($0)) })
    }

    /// The strings of a GDAL `char **` list, which is then freed.
    static func takeStringList(_ list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> [String] {
        guard let list else { return [] }
        defer { CSLDestroy(list) }
        var out: [String] = []
        var i = 0
        while let s = list[i] { out.append(String(cString: s)); i += 1 }
        return out
    }
}

/// A vector dataset opened read-only through one named driver (so that a `.gpkg` that is really
/// something else is refused, not read by whichever driver recognises it), closed on release.
final class OGRDataset {
    let handle: GDALDatasetH
    let path: String

    init(path: String, driver: String, format: String, openOptions: [String] = []) throws {
        try GDAL.ready()
        CPLErrorReset()
        let opened = GDAL.withStringList([driver]) { drivers in
            GDAL.withStringList(openOptions) { options in
                GDALOpenEx(path, UInt32(GDAL_OF_VECTOR) | UInt32(GDAL_OF_READONLY), drivers, options, nil)
            }
        }
        guard let opened else {
            let why = GDAL.lastError().map { " (GDAL: \($0))" } ?? ""
            throw TargetingError("GDAL could not open the file as a \(format)\(why)", at: SourceLocation(file: path),
                                 hint: "check that the file is a \(format) and not truncated (open it in QGIS, or export it again)")
        }
        handle = opened
        self.path = path
    }

    deinit { GDALClose(handle) }

    /// Layer names in the file's order.
    var layerNames: [String] {
        (0..<GDALDatasetGetLayerCount(handle)).compactMap { i in
            GDALDatasetGetLayer(handle, i).flatMap { OGR_L_GetName($0) }.map { String(cString: $0) }
        }
    }

    func layer(named name: String) -> OGRLayerH? { GDALDatasetGetLayerByName(handle, name) }
}
