import Foundation
import Domain
import Geometry

/// A layer read from a shapefile, with the report of everything noticed on the way.
public struct ShapefileReadResult: Sendable {
    public var layer: Layer
    public var report: InspectReport
    public init(layer: Layer, report: InspectReport) { self.layer = layer; self.report = report }
}

/// Reads a shapefile exactly: shapes through shapelib (from a .shp whose structure we check
/// first), attributes through our own bounded DBF reader, text decoded from the declared or
/// guessed code page, coordinates brought to WGS 84 lon/lat, polygons checked and repaired with
/// GEOS. Nothing is written next to the input. Problems that make the file unusable throw a
/// `TargetingError` naming the file and the problem; everything else is a `Diagnostic`.
public struct ShapefileReader: Sendable {
    /// What to do with a layer that has no .prj and coordinates outside ±180/±90.
    public enum UnknownCRSPolicy: Sendable {
        /// Refuse ("add the .prj"): the default, since projected metres read as degrees would
        /// silently wreck every distance and area.
        case refuse
        /// Keep coordinates as stored, labelled "unknown" in the report. For inspecting a file
        /// (fields, counts), never for analysis.
        case keepAsStored
    }
    /// What to do with a .shp that has no .dbf beside it.
    public enum MissingDBFPolicy: Sendable {
        /// Refuse: without attributes no record has an id (the default, for every run).
        case refuse
        /// Read the shapes alone, with a warning, for `inspect`.
        case geometryOnly
    }
    public var limits: ShapefileLimits
    public var unknownCRS: UnknownCRSPolicy
    public var missingDBF: MissingDBFPolicy
    /// The code page the manifest states (`encoding = "…"`): over the `.cpg` and the header.
    public var encoding: CodePage?
    public init(limits: ShapefileLimits = .standard, unknownCRS: UnknownCRSPolicy = .refuse, missingDBF: MissingDBFPolicy = .refuse) {
        self.limits = limits; self.unknownCRS = unknownCRS; self.missingDBF = missingDBF
    }

    public func read(path: String) throws -> ShapefileReadResult {
        let files = try CompanionFiles(shp: path)
        var notes = ReadNotes(file: path)

        // 1. Structure of the .shp, and whether its .shx can be trusted.
        let shp = try SHPFileWindow(path: path, limit: limits.maxFileBytes)
        let structure = try SHPStructure(shp: shp, path: path, limits: limits)
        structure.warnings.forEach { notes.file(.shpStructure, $0) }
        var rebuild = false
        if let shx = files.shx {
            let shxBytes = try BoundedFile.read(shx, limit: limits.maxFileBytes, what: ".shx")
            if let why = structure.disagreement(withSHX: shxBytes) {
                rebuild = true
                notes.file(.shxRebuilt, "\(why): the .shp, which holds the data, was trusted and the index rebuilt from it (in a temporary copy; the .shx was not changed)")
            }
        } else {
            rebuild = true
            notes.file(.shxRebuilt, "no .shx: index rebuilt from the .shp (in a temporary copy; nothing was written beside the input)")
        }
        let typeName = SHPStructure.typeName(structure.shapeType)
        if structure.shapeType > 10 {
            notes.file(.zmDropped, "the file holds \(typeName) shapes: Z and M values were dropped (read as 2-D)")
        }

        // 2. Attributes (none, for `inspect`, when the .dbf is missing).
        var attributes: DBFAttributes?
        if let dbfPath = files.dbf {
            attributes = try DBFAttributes(path: dbfPath, cpg: files.cpg, stated: encoding, limits: limits, notes: &notes)
        } else if missingDBF == .geometryOnly {
            notes.file(.noDBF, "no .dbf beside the .shp: shapes read alone, with no attributes (rank refuses such a file)")
        } else {
            throw TargetingError("no .dbf beside the .shp: a shapefile's attributes (ids, names, every field) are in the .dbf, so its records cannot be identified",
                                 at: SourceLocation(file: path),
                                 hint: "copy the .dbf (same name as the .shp) into the same folder; `targeting inspect` shows the shapes alone")
        }
        let fields = attributes?.fields ?? []
        let dbfRecords = attributes?.recordCount ?? 0

        // 3. Shapes through shapelib.
        let geometry = try SHPGeometryReader(shp: files.shapelibPath, rebuiltIndex: rebuild ? structure.shxBytes(shpHeader: try shp.prefix(100)[...]) : nil)
        if geometry.count != structure.records.count {
            notes.file(.shxCount, "shapelib sees \(geometry.count) records where the .shp holds \(structure.records.count); the first \(min(geometry.count, structure.records.count)) were read")
        }
        let shapeCount = min(geometry.count, structure.records.count)
        if attributes != nil, shapeCount != dbfRecords {
            notes.file(.countMismatch, "the .shp holds \(shapeCount) shapes but the .dbf \(dbfRecords) records; every record was kept, with no shape or NULL attributes where the other file has none")
        }
        guard let family = ShapeConversion.family(structure.shapeType) ?? (structure.shapeType == 0 ? .point : nil) else {
            throw TargetingError("unsupported shape type \(typeName)", at: SourceLocation(file: path))
        }
        var shapes: [Shape?] = []
        shapes.reserveCapacity(shapeCount)
        for i in 0..<shapeCount {
            guard let raw = geometry.read(i) else {
                notes.reject(i + 1, "shapelib could not read the shape (corrupt record)")
                shapes.append(nil); continue
            }
            if raw.type == 0 { notes.nullShape(i + 1); shapes.append(nil); continue }
            let (shape, warnings) = ShapeConversion.shape(raw, family: family)
            warnings.forEach { notes.record(i + 1, .shapeFixed, $0) }
            if shape == nil { notes.reject(i + 1, "no usable geometry: " + (warnings.last ?? "empty shape")) }
            shapes.append(shape)
        }

        // 4. Coordinate system: never read projected metres as degrees.
        var sourceBox = BoundingBox.empty
        shapes.forEach { if let b = $0?.boundingBox { sourceBox.add(b) } }
        let crs: CRSResolver
        if let prj = files.prj {
            crs = try CRSResolver.fromPRJ(path: prj)
            if crs.needsTransform { notes.file(.crsTransformed, "coordinates transformed from \(crs.name) to WGS 84 lon/lat") }
        } else if sourceBox.isEmpty || (sourceBox.minX >= -180 && sourceBox.maxX <= 180 && sourceBox.minY >= -90 && sourceBox.maxY <= 90) {
            crs = .wgs84(assumed: true)
            notes.file(.crsAssumed, "no .prj: coordinates taken as WGS 84 lon/lat because they fit within ±180/±90; add the .prj to be sure")
        } else if unknownCRS == .keepAsStored {
            crs = .unknown()
            notes.file(.crsUnknown, "no .prj and coordinates are not degrees: kept as stored, in unknown units (not usable for analysis: add the .prj)")
        } else {
            throw TargetingError("no .prj and coordinates are not degrees: add the .prj (they span \(sourceBox.minX), \(sourceBox.minY) to \(sourceBox.maxX), \(sourceBox.maxY))",
                                 at: SourceLocation(file: path), hint: "copy the layer's .prj beside the .shp, or reproject the layer to WGS 84")
        }
        ShapeFinishing.transform(&shapes, crs: crs, notes: &notes)

        // 5. Polygon validity, repaired with GEOS and reported with its reason.
        if family == .polygon { try ShapeFinishing.repairPolygons(&shapes, notes: &notes) }

        // 6. Features: one per record of either file.
        let total = max(shapeCount, dbfRecords)
        var features: [Feature] = []
        features.reserveCapacity(total)
        var rows = ValueRowBuilder()
        for r in 0..<total {
            let values = r < dbfRecords ? attributes?.values(record: r, notes: &notes) ?? [] : Array(repeating: .null, count: fields.count)
            features.append(Feature(location: SourceLocation(file: path, record: r + 1), shape: r < shapes.count ? shapes[r] : nil,
                                    values: rows.row(values)))
        }

        var report = InspectReport(path: path)
        report.shapeType = .shapefile(typeCode: structure.shapeType)
        report.records = total
        report.fields = attributes?.reportFields ?? []
        report.encoding = attributes?.choice.encoding.name
        report.encodingSource = attributes?.choice.source
        report.finish(features: features, crs: crs, notes: notes)
        let layer = Layer(path: path, fields: fields, features: features, diagnostics: notes.diagnostics)
        return ShapefileReadResult(layer: layer, report: report)
    }
}
