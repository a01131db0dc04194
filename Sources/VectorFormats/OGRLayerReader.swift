import Foundation
import CGDAL
import Domain
import ShapefileIO

/// Reads one layer of a GeoPackage or a GeoJSON file through GDAL/OGR with the semantics of the
/// shapefile reader: text as UTF-8 (both formats are UTF-8 by definition; a value that is not is
/// reported and read as Latin-1), coordinates to WGS 84 lon/lat through PROJ from the layer's own
/// CRS, polygons repaired and reported, a shape that cannot be used rejected with its record
/// number (the feature's 1-based position in the layer), never a silent drop.
struct OGRLayerReader {
    let limits: ShapefileLimits
    let unknownCRS: ShapefileReader.UnknownCRSPolicy

    func read(path: String, format: InputFormat, layer wanted: String?) throws -> ShapefileReadResult {
        let (driver, role) = format == .geoPackage ? ("GPKG", "GeoPackage") : ("GeoJSON", "GeoJSON file")
        let size = try InputFile.checkRegular(path: path, role: role)
        guard size <= limits.maxFileBytes else {
            throw TargetingError("the \(role) is \(size) bytes, over the limit of \(limits.maxFileBytes)", at: SourceLocation(file: path),
                                 hint: "check that this is the intended file; a larger layer must be split (by province, say) before targeting reads it")
        }
        let dataset = try OGRDataset(path: path, driver: driver, format: format == .geoPackage ? "GeoPackage" : "GeoJSON file")
        let name = try LayerChoice.choose(wanted, among: dataset.layerNames, kind: "layer", path: path)
        guard let layer = dataset.layer(named: name) else {
            throw TargetingError("GDAL could not open the layer \"\(name)\"", at: SourceLocation(file: path))
        }
        return try read(layer, path: path, layerName: name, format: format)
    }

    private func read(_ layer: OGRLayerH, path: String, layerName: String, format: InputFormat) throws -> ShapefileReadResult {
        var notes = ReadNotes(file: path)
        guard let definition = OGR_L_GetLayerDefn(layer) else {
            throw TargetingError("GDAL could not read the fields of the layer \"\(layerName)\"", at: SourceLocation(file: path))
        }
        let fields = (0..<OGR_FD_GetFieldCount(definition)).map { i -> (FieldSchema, supported: Bool) in
            let d = OGR_FD_GetFieldDefn(definition, i)
            let name = d.flatMap { OGR_Fld_GetNameRef($0) }.map { TextDecoding.utf8OrLatin1($0).text } ?? "field\(i + 1)"
            let (type, supported) = d.map { fieldType(OGR_Fld_GetType($0), OGR_Fld_GetSubType($0)) } ?? (.text, false)
            return (FieldSchema(name: name, type: type, width: Int(d.map { OGR_Fld_GetWidth($0) } ?? 0),
                                decimals: Int(d.map { OGR_Fld_GetPrecision($0) } ?? 0)), supported)
        }
        for (f, supported) in fields where !supported {
            notes.file(.unsupportedField, "field \(f.name) has a type this reader does not use (list, binary or time): its text was kept")
        }

        // 1. Features, in the layer's order: attributes and raw shapes.
        var values: [[Value]] = []
        var shapes: [Shape?] = []
        var family: OGRGeometryConversion.Family? = nil
        var droppedZM = false, linearised = false
        // A GeoPackage attribute table has no geometry column: its rows have no shape to report.
        let hasGeometry = OGR_L_GetGeomType(layer) != wkbNone
        OGR_L_ResetReading(layer)
        while let feature = OGR_L_GetNextFeature(layer) {
            defer { OGR_F_Destroy(feature) }
            let r = values.count + 1
            guard r <= limits.maxRecords else {
                throw TargetingError("the layer \"\(layerName)\" holds more than \(limits.maxRecords) features, the limit", at: SourceLocation(file: path),
                                     hint: "check that this is the intended file; a larger layer must be split (by province, say) before targeting reads it")
            }
            var row: [Value] = []
            row.reserveCapacity(fields.count)
            for (i, (f, _)) in fields.enumerated() {
                row.append(value(feature, Int32(i), type: f.type, field: f.name, record: r, notes: &notes))
            }
            values.append(row)
            guard hasGeometry else { shapes.append(nil); continue }
            guard let g = OGR_F_GetGeometryRef(feature) else { notes.nullShape(r); shapes.append(nil); continue }
            let c = OGRGeometryConversion.convert(g)
            droppedZM = droppedZM || c.droppedZM
            linearised = linearised || c.linearised
            c.warnings.forEach { notes.record(r, .shapeFixed, $0) }
            guard let shape = c.shape, let f = c.family else {
                if c.warnings.isEmpty { notes.nullShape(r) } else { notes.reject(r, "no usable geometry: " + (c.warnings.last ?? "empty shape")) }
                shapes.append(nil); continue
            }
            if let family, family != f {
                notes.reject(r, "a \(f.rawValue) among \(family.rawValue)s: a layer holds one kind of shape")
                shapes.append(nil); continue
            }
            family = f
            shapes.append(shape)
        }
        if droppedZM { notes.file(.zmDropped, "the layer holds Z or M values: they were dropped (read as 2-D)") }
        if linearised { notes.file(.curvesLinearised, "the layer holds curves: they were approximated by straight segments") }

        // 2. Coordinate system, then 3. polygons repaired: as for a shapefile.
        let crs = try resolveCRS(layer, shapes: shapes, path: path, notes: &notes)
        ShapeFinishing.transform(&shapes, crs: crs, notes: &notes)
        if family == .polygon { try ShapeFinishing.repairPolygons(&shapes, notes: &notes) }

        var features: [Feature] = []
        features.reserveCapacity(values.count)
        var rows = ValueRowBuilder()
        for (k, row) in values.enumerated() {
            features.append(Feature(location: SourceLocation(file: path, record: k + 1), shape: shapes[k], values: rows.row(row)))
        }
        var report = InspectReport(path: path)
        report.layer = layerName
        report.format = format.title
        let geometryType = OGR_L_GetGeomType(layer)
        report.shapeType = OGRGeometryTypeToName(geometryType).map { .gdalLayer(name: String(cString: $0), hasGeometry: geometryType != wkbNone) }
        report.records = features.count
        report.fields = fields.map { .init(name: $0.0.name, type: $0.supported ? $0.0.type.rawValue : "unsupported") }
        report.encoding = TextEncoding.utf8.rawValue
        report.encodingSource = .formatDefined
        report.finish(features: features, crs: crs, notes: notes)
        let read = Layer(path: path, fields: fields.map(\.0), features: features, diagnostics: notes.diagnostics)
        return ShapefileReadResult(layer: read, report: report)
    }

    /// The layer's CRS as PROJ reads it; a layer with none follows the rule of a shapefile with no .prj.
    private func resolveCRS(_ layer: OGRLayerH, shapes: [Shape?], path: String, notes: inout ReadNotes) throws -> CRSResolver {
        let here = SourceLocation(file: path)
        if let srs = OGR_L_GetSpatialRef(layer) {
            var wkt: UnsafeMutablePointer<CChar>? = nil
            let err = GDAL.withStringList(["FORMAT=WKT2_2019"]) { OSRExportToWktEx(srs, &wkt, $0) }
            defer { VSIFree(wkt) }
            guard err == OGRERR_NONE, let wkt else {
                throw TargetingError("GDAL could not write the layer's coordinate system as WKT", at: here,
                                     hint: "reproject the layer to WGS 84 (EPSG:4326), e.g. ogr2ogr -t_srs EPSG:4326 out.gpkg \((path as NSString).lastPathComponent)")
            }
            let crs = try CRSResolver.fromWKT(String(cString: wkt), at: here, source: "the layer's CRS")
            if crs.needsTransform { notes.file(.crsTransformed, "coordinates transformed from \(crs.name) to WGS 84 lon/lat") }
            return crs
        }
        var box = BoundingBox.empty
        shapes.forEach { if let b = $0?.boundingBox { box.add(b) } }
        if box.isEmpty || (box.minX >= -180 && box.maxX <= 180 && box.minY >= -90 && box.maxY <= 90) {
            notes.file(.crsAssumed, "the layer names no CRS: coordinates taken as WGS 84 lon/lat because they fit within ±180/±90")
            return .wgs84(assumed: true)
        }
        if unknownCRS == .keepAsStored {
            notes.file(.crsUnknown, "the layer names no CRS and its coordinates are not degrees: kept as stored, in unknown units (not usable for analysis)")
            return .unknown()
        }
        throw TargetingError("the layer names no CRS and its coordinates are not degrees (they span \(box.minX), \(box.minY) to \(box.maxX), \(box.maxY))",
                             at: here, hint: "assign the layer its CRS in a GIS, or reproject it to WGS 84 (ogr2ogr -t_srs EPSG:4326)")
    }

    private func fieldType(_ t: OGRFieldType, _ sub: OGRFieldSubType) -> (FieldType, Bool) {
        switch t {
        case OFTInteger where sub == OFSTBoolean: return (.logical, true)
        case OFTInteger, OFTInteger64: return (.integer, true)
        case OFTReal: return (.real, true)
        case OFTString: return (.text, true)
        case OFTDate, OFTDateTime: return (.date, true)
        default: return (.text, false)
        }
    }

    private func value(_ f: OGRFeatureH, _ i: Int32, type: FieldType, field: String, record: Int, notes: inout ReadNotes) -> Value {
        guard OGR_F_IsFieldSetAndNotNull(f, i) != 0 else { return .null }
        switch type {
        case .integer: return .number(Double(OGR_F_GetFieldAsInteger64(f, i)))
        case .real:
            let d = OGR_F_GetFieldAsDouble(f, i)
            guard d.isFinite else {
                notes.record(record, .badValue, "field \(field): not a finite number; read as NULL")
                return .null
            }
            return .number(d)
        case .logical: return .bool(OGR_F_GetFieldAsInteger(f, i) != 0)
        case .date:
            var y: Int32 = 0, m: Int32 = 0, d: Int32 = 0, h: Int32 = 0, mi: Int32 = 0, tz: Int32 = 0
            var s: Float = 0
            guard OGR_F_GetFieldAsDateTimeEx(f, i, &y, &m, &d, &h, &mi, &s, &tz) != 0,
                  let date = ISODate(year: Int(y), month: Int(m), day: Int(d)) else {
                notes.record(record, .badValue, "field \(field): not a date; read as NULL")
                return .null
            }
            return .date(date)
        case .text:
            guard let raw = OGR_F_GetFieldAsString(f, i) else { return .null }
            let decoded = TextDecoding.utf8OrLatin1(raw)
            if !decoded.wasUTF8 {
                notes.record(record, .badValue, "field \(field): the text is not UTF-8, as the format requires; it was read as Latin-1")
            }
            return .text(decoded.text)
        }
    }
}

/// Text from GDAL, which hands out the file's bytes: UTF-8 (NFC) when valid, else Latin-1.
enum TextDecoding {
    static func utf8OrLatin1(_ p: UnsafePointer<CChar>) -> (text: String, wasUTF8: Bool) {
        let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: strlen(p)))
        if let s = TextEncoding.utf8.decode(bytes) { return (s, true) }
        return (TextEncoding.latin1.decode(bytes) ?? "", false)
    }
}
