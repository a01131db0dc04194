import Foundation
import Domain
import Outputs
import ShapefileIO
import VectorFormats

/// The priority list's attributes on the unit geometries, for QGIS and the field: GeoJSON and a
/// GeoPackage with the full column names, and a shapefile whose DBF names are cut to 10 characters
/// by a fixed, documented mapping (written beside it as `<name>_fields.csv`).
extension RunRecord {
    /// (long name, DBF name, type, value per unit) for every attribute column; the values are by
    /// unit index of `project.units` (null for a unit the ranking has no outcome for), so that
    /// the layers read them by position, not by hashing each unit's id for each column.
    func unitColumns() -> [(long: String, short: String, type: FieldType, values: [Value])] {
        var cols: [(String, String, FieldType, [Value])] = []
        var outcome = [Int?](repeating: nil, count: project.units.ids.count)
        for (k, u) in result.units.enumerated() { if let i = project.units.index(of: u.id) { outcome[i] = k } }
        func col(_ long: String, _ short: String, _ type: FieldType, _ f: (UnitOutcome) -> Value) {
            cols.append((long, short, type, outcome.map { k in k.map { f(result.units[$0]) } ?? .null }))
        }
        col("rank", "RANK", .integer) { $0.rank.map { .number(Double($0)) } ?? .null }
        col("unit_id", "UNIT_ID", .text) { .text($0.id.rawValue) }
        col("unit_name", "UNIT_NAME", .text) { .text($0.name) }
        col("parent_id", "PARENT_ID", .text) { $0.parent.map { .text($0.rawValue) } ?? .null }
        col("score", "SCORE", .real) { $0.score.map(Value.number) ?? .null }
        col("class", "CLASS", .text) { $0.priorityClass.map(Value.text) ?? .null }
        var used = Set(cols.map { $0.1 })
        for (k, c) in criteria.enumerated() {
            var short = String(c.name.uppercased().filter { $0.isLetter || $0.isNumber || $0 == "_" }.prefix(10))
            if short.isEmpty || used.contains(short) { short = "CRIT_\(k + 1)" }
            used.insert(short)
            col(c.name, short, .real) { u in (u.criterion(named: c.name)?.value).map(Value.number) ?? .null }
        }
        col("rank_in_parent", "RANK_PAR", .integer) { $0.rankInParent.map { .number(Double($0)) } ?? .null }
        col("selected", "SELECTED", .text) { .text($0.selected ? "yes" : "no") }
        col("top_drivers", "DRIVERS", .text) { .text($0.drivers.joined(separator: "; ")) }
        for c in uncertaintyLayerValues() { col(c.long, c.short, c.type, c.value) }
        return cols
    }

    public func unitsGeoJSON() -> String { String(decoding: unitsGeoJSONBytes(), as: UTF8.self) }

    /// The same text as UTF-8 bytes, as written to units.geojson.
    public func unitsGeoJSONBytes() -> [UInt8] {
        var out: [UInt8] = []
        spellUnitsGeoJSON(cols: unitColumns()) { out += $0 }
        return out
    }

    /// Writes units.geojson at `path` as it is spelled, 128 KB at a time, hashed on the way
    /// (47 MB at 6,000 units were grown, copied twice and written whole); returns its SHA-256.
    public func writeUnitsGeoJSON(to path: String) throws -> String {
        try writeUnitsGeoJSON(to: path, share: UnitLayerRows())
    }

    /// The same, with the attribute columns the shapefile and GeoPackage are made from.
    func writeUnitsGeoJSON(to path: String, share: UnitLayerRows) throws -> String {
        let cols = share.made(for: self).cols
        return try HashedFile.write(to: path) { file in try spellUnitsGeoJSON(cols: cols) { try file.append(contentsOf: $0) } }
    }

    /// The text of units.geojson, handed to `sink` in pieces of about 128 KB, in order: small
    /// enough to be hashed and copied while still in the core's cache.
    private func spellUnitsGeoJSON(cols: [(long: String, short: String, type: FieldType, values: [Value])],
                                   _ sink: ([UInt8]) throws -> Void) rethrows {
        var g = GeoJSONWriter()
        let units = project.units
        for i in units.idOrder {
            g.append(shape: units.polygons[i].isEmpty ? nil : .polygons(units.polygons[i]),
                     properties: cols.map { ($0.long, $0.values[i]) })
            if g.bytes.count >= 1 << 17 { try g.drain(sink) }
        }
        try g.drain(sink)
        try sink(Array(GeoJSONWriter.closing.utf8))
    }

    /// Each unit's polygons (nil when it has none) and its column values, in id order: the rows of
    /// the shapefile and the GeoPackage alike.
    fileprivate func shapesAndRows(_ cols: [(long: String, short: String, type: FieldType, values: [Value])]) -> (shapes: [Shape?], rows: [[Value]]) {
        let units = project.units
        var shapes: [Shape?] = [], rows: [[Value]] = []
        for i in units.idOrder {
            shapes.append(units.polygons[i].isEmpty ? nil : .polygons(units.polygons[i]))
            rows.append(cols.map { $0.values[i] })
        }
        return (shapes, rows)
    }

    /// The largest unit layer made in memory (about, in bytes) and then written and hashed in one
    /// pass; a larger one is written to disk by shapelib or GDAL, synchronised and read back to be
    /// hashed, rather than held whole in memory (the benchmark's 100,000 units make a 75 MB GeoPackage and
    /// a 58 MB `.shp`; finely drawn units, or millions of them, can make layers of gigabytes).
    static let layerInMemoryLimit = 256 << 20

    /// Writes `<path>.shp` and companions atomically, and the field-name mapping CSV; returns the
    /// SHA-256 of each file written, by file name.
    @discardableResult
    public func writeUnitsShapefile(path: String) throws -> [String: String] {
        try writeUnitsShapefile(path: path, share: UnitLayerRows())
    }

    func writeUnitsShapefile(path: String, share: UnitLayerRows) throws -> [String: String] {
        let (cols, shapes, rows) = share.made(for: self)
        let fields = cols.map { c -> FieldSchema in
            switch c.type {
            case .real: return FieldSchema(name: c.short, type: .real, width: 19, decimals: 11)
            case .integer: return FieldSchema(name: c.short, type: .integer, width: 10)
            default: return FieldSchema(name: c.short, type: c.type)
            }
        }
        let stem = String(path.dropLast(4))
        let extensions = ["shx", "dbf", "prj", "cpg", "shp"]
        var hashes: [String: String] = [:]
        func name(_ file: String) -> String { (file as NSString).lastPathComponent }
        if try writeStreamed(stem: stem, reportedAs: path, shapes: shapes, fields: fields, rows: rows, hashes: &hashes) {
            // Written, the .shp never held whole.
        } else if let image = try ShapefileWriter.image(reportedAs: path, kind: .polygon, shapes: shapes, fields: fields, rows: rows,
                                                        byteLimit: Self.layerInMemoryLimit) {
            for (ext, bytes) in image.files {
                hashes[name(stem + "." + ext)] = try bytes.withUnsafeBytes { try RunWriter.write(bytes: $0, to: stem + "." + ext) }
            }
        } else {
            try ShapefileWriter.write(path: path, kind: .polygon, shapes: shapes, fields: fields, rows: rows)
            for ext in extensions { hashes[name(stem + "." + ext)] = try Self.hashFromDisk(stem + "." + ext) }
        }
        var map = CSVWriter(header: ["dbf_field", "column", "meaning"])
        for c in cols { map.appendRow([c.short, c.long, meaning(of: c.long)]) }
        hashes[name(stem + "_fields.csv")] = try RunWriter.write(map.text, to: stem + "_fields.csv")
        return hashes
    }

    /// The shapefile's files written atomically, the .shp last, each renamed as soon as it is
    /// written (where `ShapefileWriter.write` renames the five after writing all of them): `rank`
    /// writes into a staging folder, moved into place only once every output is written. The .shp
    /// goes to disk as shapelib makes it, hashed on the way and never held whole (31 MB of fresh
    /// memory at 6,000 units); its companions are written inside its write, so that it is still
    /// renamed last. False, having left no file, when the layer is too large for its companions to
    /// be held, or shapelib's header was not the one foreseen (`ShapefileWriter.image`): the
    /// caller then writes the files another way.
    private func writeStreamed(stem: String, reportedAs path: String, shapes: [Shape?], fields: [FieldSchema], rows: [[Value]],
                               hashes: inout [String: String]) throws -> Bool {
        struct NotStreamed: Error {}
        func name(_ file: String) -> String { (file as NSString).lastPathComponent }
        var written: [String: String] = [:]
        do {
            let digest = try HashedFile.write(to: stem + ".shp") { shp in
                guard let companions = try ShapefileWriter.image(reportedAs: path, kind: .polygon, shapes: shapes, fields: fields,
                                                                 rows: rows, byteLimit: Self.layerInMemoryLimit,
                                                                 streamingSHP: { try shp.append(contentsOf: $0) }) else { throw NotStreamed() }
                for (ext, bytes) in companions.files {
                    written[name(stem + "." + ext)] = try bytes.withUnsafeBytes { try RunWriter.write(bytes: $0, to: stem + "." + ext) }
                }
            }
            written[name(stem + ".shp")] = digest
        } catch is NotStreamed, is ShapefileWriter.HeaderNotForeseen {
            return false
        }
        hashes.merge(written) { _, new in new }
        return true
    }

    /// Writes the GeoPackage (layer `units`) atomically: a temporary file beside `path`, renamed;
    /// returns its SHA-256 by file name.
    @discardableResult
    public func writeUnitsGeoPackage(path: String) throws -> [String: String] {
        try writeUnitsGeoPackage(path: path, share: UnitLayerRows())
    }

    func writeUnitsGeoPackage(path: String, share: UnitLayerRows) throws -> [String: String] {
        let (cols, shapes, rows) = share.made(for: self)
        let columns = cols.map { GeoPackageWriter.Column(name: $0.long, type: $0.type) }
        let name = (path as NSString).lastPathComponent
        if let image = try GeoPackageWriter.image(reportedAs: path, layer: "units", columns: columns, shapes: shapes, rows: rows,
                                                  byteLimit: Self.layerInMemoryLimit) {
            return [name: try image.withUnsafeBytes { try RunWriter.write(bytes: $0, to: path) }]
        }
        try AtomicFile.produce(path) { tmp in
            try GeoPackageWriter.write(path: tmp, layer: "units", columns: columns, shapes: shapes, rows: rows)
        }
        return [name: try Self.hashFromDisk(path)]
    }

    /// The SHA-256 of a file shapelib or GDAL wrote, once synchronised to disk (they write without
    /// syncing; every output is on disk before the run commits), read back a megabyte at a time.
    static func hashFromDisk(_ path: String) throws -> String {
        try AtomicFile.synchronize(path)
        var hash = SHA256()
        try InputFile.forEachChunk(path: path, role: "output") { hash.update($0) }
        return hash.finalizeHex()
    }

    func meaning(of column: String) -> String {
        switch column {
        case "rank": return "overall rank, 1 = highest priority"
        case "unit_id": return "unit p-code"
        case "unit_name": return "unit name"
        case "parent_id": return "parent unit p-code"
        case "score": return "priority score"
        case "class": return "priority class"
        case "rank_in_parent": return "rank within the parent unit"
        case "selected": return "in the selection (top / per parent / budget)"
        case "top_drivers": return "indicators contributing most to the score"
        default:
            if let m = uncertaintyMeaning(of: column) { return m }
            return criteria.first { $0.name == column }?.title ?? "criterion \(column)"
        }
    }
}

/// The columns and rows of the unit layers, made once for the shapefile, the GeoPackage and the
/// GeoJSON (its columns), which three jobs write at the same time (each made them, a hundredth of
/// a second, at 6,000 units): the first job to ask makes them, the others wait for them.
struct UnitLayerRows: Sendable {
    typealias Made = (cols: [(long: String, short: String, type: FieldType, values: [Value])], shapes: [Shape?], rows: [[Value]])
    private let once = MadeOnce<Made>()

    func made(for run: RunRecord) -> Made {
        once.value {
            let cols = run.unitColumns()
            let (shapes, rows) = run.shapesAndRows(cols)
            return (cols, shapes, rows)
        }
    }
}
