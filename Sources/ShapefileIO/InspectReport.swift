import Foundation
import Domain

/// What reading a shapefile found, for `targeting inspect` (JSON with sorted keys, so the
/// output is stable) and for people (`text`).
public struct InspectReport: Codable, Sendable, Equatable {
    public struct FieldInfo: Codable, Sendable, Equatable {
        public var name: String
        public var type: String
        public init(name: String, type: String) { self.name = name; self.type = type }
    }
    public struct RecordNote: Codable, Sendable, Equatable {
        public var record: Int
        public var reason: String
        public init(record: Int, reason: String) { self.record = record; self.reason = reason }
    }

    public var path: String
    /// Files read through GDAL: the format ("GeoPackage (.gpkg)"…) and the layer or sheet read.
    public var format: String?
    public var layer: String?
    public var shapeType: String?
    public var records: Int
    public var fields: [FieldInfo]
    public var encoding: String?
    /// "cpg", "ldid" or "guessed".
    public var encodingSource: String?
    public var crs: String?
    /// [minX, minY, maxX, maxY] in WGS 84 lon/lat, after any transformation.
    public var bbox: [Double]?
    /// 1-based record numbers of null shapes (kept as features with no shape).
    public var nullShapes: [Int]
    /// Records whose polygons were invalid, with GEOS's reason; they were repaired.
    public var invalidRepaired: [RecordNote]
    /// Records whose shape could not be used (unreadable, untransformable, nothing left after
    /// repair); the feature is kept with no shape and its attributes.
    public var rejectedRows: [RecordNote]
    public var warnings: [String]
    /// The first rows' values as text, in field order (null as JSON null).
    public var sampleRows: [[String?]]
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case path, records, fields, encoding, crs, bbox, warnings, error, format, layer
        case shapeType = "shape_type", encodingSource = "encoding_source", nullShapes = "null_shapes"
        case invalidRepaired = "invalid_repaired", rejectedRows = "rejected_rows", sampleRows = "sample_rows"
    }

    public init(path: String) {
        self.path = path; records = 0; fields = []; nullShapes = []; invalidRepaired = []; rejectedRows = []
        warnings = []; sampleRows = []
    }

    /// Pretty JSON with keys sorted: byte-identical for the same input.
    public func json() -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let d = try? e.encode(self) else { return "{}" }
        return String(decoding: d, as: UTF8.self)
    }

    /// A plain-text rendering for the terminal.
    public var text: String {
        // The same report describes CSV tables (TableInspection): say which kind of file it is.
        var lines = [(path.lowercased().hasSuffix(".shp") ? "Shapefile: " : "Table: ") + path]
        if let format { lines[0] = "\(format): \(path)" + (layer.map { " (layer \"\($0)\")" } ?? "") }
        if let error { lines.append("ERROR: \(error)"); return lines.joined(separator: "\n") + "\n" }
        lines.append("Shape type: \(shapeType ?? "?")   Records: \(records)")
        lines.append("CRS: \(crs ?? "?")")
        if let b = bbox, b.count == 4 {
            lines.append("Bounding box (lon/lat): \(fmt(b[0])), \(fmt(b[1])) to \(fmt(b[2])), \(fmt(b[3]))")
        }
        lines.append("Encoding: \(encoding ?? "?") (from \(encodingSource ?? "?"))")
        lines.append("Fields (\(fields.count)): " + fields.map { "\($0.name) [\($0.type)]" }.joined(separator: ", "))
        lines.append("Null shapes: \(nullShapes.count)" + (nullShapes.isEmpty ? "" : " (records " + list(nullShapes) + ")"))
        lines.append("Invalid polygons repaired: \(invalidRepaired.count)")
        for n in invalidRepaired.prefix(20) { lines.append("  record \(n.record): \(n.reason)") }
        lines.append("Rejected shapes: \(rejectedRows.count)")
        for n in rejectedRows.prefix(20) { lines.append("  record \(n.record): \(n.reason)") }
        if !warnings.isEmpty {
            lines.append("Warnings (\(warnings.count)):")
            for w in warnings { lines.append("  - \(w)") }
        }
        if !sampleRows.isEmpty {
            lines.append("Sample rows:")
            for r in sampleRows { lines.append("  " + r.map { $0 ?? "NULL" }.joined(separator: " | ")) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func fmt(_ d: Double) -> String { String(format: "%.6f", d) }
    private func list(_ xs: [Int]) -> String {
        let head = xs.prefix(20).map(String.init).joined(separator: ", ")
        return xs.count > 20 ? head + ", … \(xs.count - 20) more" : head
    }
}

/// Reads the shapefile and reports what was found; never throws: a failure is in `error`.
/// A file with no `.prj` whose coordinates are not degrees is still described (records, fields,
/// bbox in its own units) with a warning, because a GIS officer inspecting it needs to see it;
/// `rank` refuses such a file.
public func inspectShapefile(path: String, limits: ShapefileLimits = .standard,
                             unknownCRS: ShapefileReader.UnknownCRSPolicy = .keepAsStored) -> InspectReport {
    do {
        return try ShapefileReader(limits: limits, unknownCRS: unknownCRS).read(path: path).report
    } catch let e as TargetingError {
        var r = InspectReport(path: path)
        r.error = e.description
        return r
    } catch {
        var r = InspectReport(path: path)
        r.error = "\(path): \(error)"
        return r
    }
}
