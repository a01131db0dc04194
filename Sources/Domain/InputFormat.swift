/// The file formats a layer may come in, told by the path's extension. Shapefiles are read by
/// ShapefileIO (and a .dbf alone, as a table), CSV by Tables, the others through GDAL/OGR (VectorFormats); this enum is only the
/// vocabulary, so that the manifest can check a path without linking GDAL.
public enum InputFormat: String, Sendable, CaseIterable {
    case shapefile, csv, geoPackage, geoJSON, zippedShapefile, workbook, dbfTable

    public init?(extension ext: String) {
        switch ext.lowercased() {
        case "shp": self = .shapefile
        case "csv", "tsv", "txt": self = .csv
        case "gpkg": self = .geoPackage
        case "geojson", "json": self = .geoJSON
        case "zip": self = .zippedShapefile
        case "xlsx": self = .workbook
        case "dbf": self = .dbfTable
        default: return nil
        }
    }

    /// Formats whose file may hold several layers (tables, sheets, shapefiles), chosen with `layer`.
    public var hasLayers: Bool { self == .geoPackage || self == .zippedShapefile || self == .workbook }
    /// Formats read as a table of text cells (typed by the manifest's `numbers`, `date`…), as CSV is.
    public var isTextTable: Bool { self == .csv || self == .workbook }
    /// Formats read through GDAL/OGR (the shapefile, CSV and DBF readers are shapelib's and ours).
    public var readsThroughGDAL: Bool { self == .geoPackage || self == .geoJSON || self == .zippedShapefile || self == .workbook }
    /// Formats that carry their own geometry.
    public var hasGeometry: Bool { !isTextTable && self != .dbfTable }

    /// What messages call it.
    public var title: String {
        switch self {
        case .shapefile: return "shapefile (.shp)"
        case .csv: return "CSV (.csv, .tsv, .txt)"
        case .geoPackage: return "GeoPackage (.gpkg)"
        case .geoJSON: return "GeoJSON (.geojson, .json)"
        case .zippedShapefile: return "zipped shapefile (.zip)"
        case .workbook: return "Excel workbook (.xlsx)"
        case .dbfTable: return "dBASE table (.dbf, attributes without shapes)"
        }
    }

    /// "the formats read are …; convert with …": for a path whose extension names none of them.
    /// `geometry`: true for a place that needs a layer with geometry, false for a table, nil for any.
    public static func unsupportedHint(geometry: Bool?) -> String {
        let read = allCases.filter { geometry == true ? $0.hasGeometry : true }.map(\.title).joined(separator: ", ")
        let convert = geometry != false
            ? "convert it with GDAL, e.g. ogr2ogr -f GPKG layer.gpkg INPUT"
            : "convert it with GDAL, e.g. ogr2ogr -f CSV table.csv INPUT (or save it from a spreadsheet as .xlsx or .csv)"
        return "the formats read are \(read); \(convert)"
    }
}
