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
    public var shapeType: LayerGeometry?
    public var records: Int
    public var fields: [FieldInfo]
    public var encoding: String?
    public var encodingSource: EncodingSource?
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
        lines.append("Shape type: \(shapeType?.description ?? "?")   Records: \(records)")
        let isTable = shapeType?.isTable ?? false
        lines.append("CRS: \(crs ?? (isTable ? "none (a table)" : "?"))")
        if let b = bbox, b.count == 4 {
            lines.append("Bounding box (lon/lat): \(fmt(b[0])), \(fmt(b[1])) to \(fmt(b[2])), \(fmt(b[3]))")
        }
        lines.append(encoding == nil && fields.isEmpty ? "Encoding: none (no attributes)" : "Encoding: \(encoding ?? "?") (from \(encodingSource?.description ?? "?"))")
        lines += fields.isEmpty ? ["Fields (0): none"] : wrapped("Fields (\(fields.count)): ", fields.prefix(Self.fieldsListed).map { "\($0.name) [\($0.type)]" }
                         + (fields.count > Self.fieldsListed ? ["… and \(fields.count - Self.fieldsListed) more (--format json lists them all)"] : []))
        if !isTable {
            lines.append("Null shapes: \(nullShapes.count)" + (nullShapes.isEmpty ? "" : " (records " + list(nullShapes) + ")"))
            lines.append("Invalid polygons repaired: \(invalidRepaired.count)")
            for n in invalidRepaired.prefix(20) { lines.append("  record \(n.record): \(n.reason)") }
        }
        lines.append((isTable ? "Rejected rows: " : "Rejected shapes: ") + "\(rejectedRows.count)")
        for n in rejectedRows.prefix(20) { lines.append("  \(isTable ? "line" : "record") \(n.record): \(n.reason)") }
        if !warnings.isEmpty {
            lines.append("Warnings (\(warnings.count)):")
            for w in warnings { lines.append("  - \(w)") }
        }
        if !sampleRows.isEmpty, !fields.isEmpty {
            // One line per field, the records side by side: a row of 168 fields on one line
            // would be thousands of characters wide.
            lines.append("Sample values (records 1–\(sampleRows.count), one line per field):")
            let shown = fields.prefix(Self.sampleFieldsListed)
            let width = min(Self.sampleNameWidth, shown.map(\.name.count).max() ?? 0)
            for (c, f) in shown.enumerated() {
                let name = f.name.count > width ? String(f.name.prefix(width - 1)) + "…" : f.name.padding(toLength: width, withPad: " ", startingAt: 0)
                let values = sampleRows.map { row in c < row.count ? Self.cut(row[c] ?? "NULL") : "" }
                lines.append("  \(name)  " + values.joined(separator: " | "))
            }
            if fields.count > shown.count {
                lines.append("  … and \(fields.count - shown.count) more fields (--format json has every value)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Fields named in the text report, and fields given a line of sample values.
    static let fieldsListed = 200
    static let sampleFieldsListed = 40
    static let sampleNameWidth = 24
    /// Text lines are wrapped near this width; a sample value is cut to `valueWidth` characters.
    static let lineWidth = 100
    static let valueWidth = 30

    static func cut(_ value: String) -> String {
        let flat = value.replacingOccurrences(of: "\n", with: " ")
        return flat.count > valueWidth ? String(flat.prefix(valueWidth - 1)) + "…" : flat
    }

    /// `head` then the items separated by ", ", wrapped near `lineWidth` with an indent.
    private func wrapped(_ head: String, _ items: [String]) -> [String] {
        var out: [String] = [], line = head, first = true
        for (i, item) in items.enumerated() {
            let piece = item + (i < items.count - 1 ? "," : "")
            if !first && line.count + 1 + piece.count > Self.lineWidth {
                out.append(line)
                line = "  " + piece
            } else {
                line += (first ? "" : " ") + piece
            }
            first = false
        }
        out.append(line)
        return out
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
    InspectReport.reading(path) {
        try ShapefileReader(limits: limits, unknownCRS: unknownCRS, missingDBF: .geometryOnly).read(path: path).report
    }
}

extension InspectReport {
    /// The report `read` gives, or, when it throws, a report of `path` holding the error: an
    /// `inspect` never stops at one unreadable file.
    public static func reading(_ path: String, _ read: () throws -> InspectReport) -> InspectReport {
        do {
            return try read()
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

    /// What every vector reader reports in the same way once its features are made: the CRS
    /// read, the extent of the shapes, null, repaired and rejected shapes from `notes`, warnings
    /// and the first three records. The format's own fields (shape type, fields, encoding…)
    /// are set by the reader.
    public mutating func finish(features: [Feature], crs: CRSResolver, notes: ReadNotes) {
        var box = BoundingBox.empty  // in WGS 84 unless the CRS is unknown (then in file units)
        features.forEach { if let b = $0.shape?.boundingBox { box.add(b) } }
        self.crs = crs.needsTransform ? "transformed from \(crs.name)" : crs.name
        bbox = box.isEmpty ? nil : [box.minX, box.minY, box.maxX, box.maxY]
        nullShapes = notes.nullShapes
        invalidRepaired = notes.repairs
        rejectedRows = notes.rejections
        warnings = notes.summaryLines()
        sampleRows = features.prefix(3).map { f in f.values.map { $0.text } }
    }
}
