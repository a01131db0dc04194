import Domain

/// What kind of shapes a file inspected holds, as `inspect` reports it ("Shape type: …").
/// Code decides on the case (a table, a layer without geometry), never on the wording.
public enum LayerGeometry: Hashable, Sendable, CustomStringConvertible, Codable {
    /// A table with no shapes (a CSV without coordinate columns, a `.dbf` alone).
    case table
    /// A CSV whose `longitude`/`latitude` columns make points.
    case pointColumns
    /// A shapefile, by its header's shape type code (5 = Polygon…).
    case shapefile(typeCode: Int)
    /// A layer read through GDAL: GDAL's name of its geometry type, and whether it has any
    /// geometry at all (an attribute table of a GeoPackage has none).
    case gdalLayer(name: String, hasGeometry: Bool)

    public var isTable: Bool { self == .table }

    public var description: String {
        switch self {
        case .table: return "none (table)"
        case .pointColumns: return "Point (longitude/latitude columns)"
        case .shapefile(let code): return SHPStructure.typeName(code)
        case .gdalLayer(let name, _): return name
        }
    }

    /// Written as its wording, so `inspect --format json` keeps one string per file.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    /// Read back from its wording: a shapefile type name gives its code, any other name a GDAL
    /// layer ("None" being GDAL's name for no geometry).
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        if text == LayerGeometry.table.description { self = .table }
        else if text == LayerGeometry.pointColumns.description { self = .pointColumns }
        else if let code = SHPStructure.readable.first(where: { SHPStructure.typeName($0) == text }) { self = .shapefile(typeCode: code) }
        else { self = .gdalLayer(name: text, hasGeometry: text != "None") }
    }
}
