import Foundation
import CGDAL
import Domain

/// Writes one layer as a GeoPackage through GDAL, for QGIS users: full column names (no DBF
/// 10-character cut), WGS 84 (EPSG:4326), one feature per row in the order given. The file is
/// written whole at `path` (callers pass a temporary path and rename it: see `AtomicFile.produce`).
///
/// Same inputs, same bytes: a GeoPackage embeds the time it was written (`gpkg_contents.last_change`);
/// GDAL takes that time from `OGR_CURRENT_DATE` when set, which is set here, for this thread only,
/// to a fixed instant (`fixedTimestamp`). Everything else in the file (SQLite pages, the R-tree
/// spatial index) depends only on the rows written and their order, as checked by the tests.
public enum GeoPackageWriter {
    static let fixedTimestamp = "2000-01-01T00:00:00.000Z"

    public struct Column: Sendable {
        public var name: String
        public var type: FieldType
        public init(name: String, type: FieldType) { self.name = name; self.type = type }
    }

    public static func write(path: String, layer layerName: String, columns: [Column], shapes: [Shape?], rows: [[Value]]) throws {
        try create(at: path, reportedAs: path, layer: layerName, columns: columns, shapes: shapes, rows: rows,
                   estimate: estimatedBytes(shapes: shapes, rows: rows.count))
    }

    /// The bytes of the GeoPackage `write` would write, made in GDAL's memory file system
    /// (`/vsimem/`) instead of a folder, so that the caller writes and hashes them in one pass (a
    /// file SQLite wrote page by page had to be synchronised and read back to be hashed). The
    /// bytes are those `write` gives (SQLite's pages do not depend on where they go; checked by the
    /// tests). Nil, having made nothing, when the file would be larger than about `byteLimit`
    /// bytes: the caller then writes it to disk with `write`. `path` names the file in messages.
    public static func image(reportedAs path: String, layer layerName: String, columns: [Column], shapes: [Shape?], rows: [[Value]],
                             byteLimit: Int) throws -> MemoryImage? {
        let estimate = estimatedBytes(shapes: shapes, rows: rows.count)
        guard estimate <= Double(byteLimit) else { return nil }
        try GDAL.ready()
        let name = "/vsimem/targeting-\(UUID().uuidString)/\((path as NSString).lastPathComponent)"
        // What SQLite may leave there after a failure (its journal, the file).
        defer { VSIUnlink(name + "-journal"); VSIUnlink(name) }
        // Room for the estimate (a tenth over the file at 6,000 units), not more: GDAL zeroes all
        // the room it makes, and a tenth more again (47 MB of fresh memory touched for a 33 MB
        // file with 15% over the estimate; 41 MB now). A file larger than its room grows by
        // `realloc`, which moves blocks this large by remapping, not copying.
        try create(at: name, reportedAs: path, layer: layerName, columns: columns, shapes: shapes, rows: rows,
                   estimate: estimate, reserving: Int(estimate))
        var length: vsi_l_offset = 0
        // Seized: the buffer is ours (freed by the image) and the memory file is gone.
        guard let bytes = VSIGetMemFileBuffer(name, &length, 1) else {
            throw TargetingError("writing the GeoPackage failed: GDAL kept no bytes in memory", at: SourceLocation(file: path))
        }
        return MemoryImage(bytes: bytes, count: Int(length))
    }

    /// The files left in GDAL's memory file system by `image` (none, once it returns or throws).
    static func filesInMemory() -> [String] {
        GDAL.takeStringList(VSIReadDirRecursive("/vsimem/")).filter { $0.hasPrefix("targeting-") && $0.contains(".gpkg") }
    }

    /// A file's bytes held in memory allocated by GDAL, freed with the image.
    public final class MemoryImage {
        private let bytes: UnsafeMutablePointer<GByte>
        public let count: Int
        init(bytes: UnsafeMutablePointer<GByte>, count: Int) { self.bytes = bytes; self.count = count }
        deinit { VSIFree(bytes) }
        public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
            try body(UnsafeRawBufferPointer(start: bytes, count: count))
        }
    }

    /// Writes the GeoPackage at `path` (a file, or a `/vsimem/` name), naming `reported` in messages.
    /// `estimate`: `estimatedBytes` of the shapes and rows (it walks every vertex: made once by the
    /// caller). `reserving`: for a memory file (and only then), the bytes to make room for at once
    /// (see `reserve`).
    private static func create(at path: String, reportedAs reported: String, layer layerName: String, columns: [Column],
                               shapes: [Shape?], rows: [[Value]], estimate: Double, reserving: Int? = nil) throws {
        try GDAL.ready()
        let here = SourceLocation(file: reported)
        func failed(_ what: String) -> TargetingError {
            TargetingError("writing the GeoPackage failed: \(what)" + (GDAL.lastError().map { " (GDAL: \($0))" } ?? ""), at: here,
                           hint: "check free space and permissions in the output folder")
        }
        guard let driver = GDALGetDriverByName("GPKG") else { throw failed("GDAL has no GPKG driver") }
        CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", fixedTimestamp)
        defer { CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nil) }
        // SQLite's page cache sized to hold the file being written (up to 128 MB): with its
        // default 2,000 pages, a 33 MB GeoPackage of 6,000 units read back 8,500 pages it had
        // just written and evicted. A memory file is read back by a copy, so its cache stays
        // small (`memoryImageCacheMegabytes`). The pages written, and so the file's bytes, are
        // the same whatever the cache.
        let cache = reserving == nil ? cacheMegabytes(estimate: estimate) : memoryImageCacheMegabytes
        CPLSetThreadLocalConfigOption("OGR_SQLITE_CACHE", String(cache))
        defer { CPLSetThreadLocalConfigOption("OGR_SQLITE_CACHE", nil) }
        CPLErrorReset()
        guard let dataset = GDALCreate(driver, path, 0, 0, 0, GDT_Unknown, nil) else { throw failed("GDAL could not create the file") }
        var closed = false
        defer { if !closed { GDALClose(dataset) } }
        if let reserving, !reserve(reserving, in: path) { throw failed("could not make room for the file in memory") }

        guard let srs = OSRNewSpatialReference(nil) else { throw failed("no spatial reference") }
        defer { OSRDestroySpatialReference(srs) }
        guard OSRImportFromEPSG(srs, 4326) == OGRERR_NONE else { throw failed("EPSG:4326 unknown to GDAL (is proj.db installed?)") }
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER)
        let geometryType = shapes.compactMap { $0 }.first.map(Self.geometryType) ?? wkbMultiPolygon
        guard let layer = GDALDatasetCreateLayer(dataset, layerName, srs, geometryType, nil) else { throw failed("could not create the layer") }
        for (c, name) in zip(columns, uniqueNames(columns.map(\.name))) {
            guard let field = OGR_Fld_Create(name, fieldType(c.type)) else { throw failed("could not create field \(c.name)") }
            if c.type == .logical { OGR_Fld_SetSubType(field, OFSTBoolean) }
            defer { OGR_Fld_Destroy(field) }
            guard OGR_L_CreateField(layer, field, 0) == OGRERR_NONE else { throw failed("could not create field \(c.name)") }
        }
        guard let definition = OGR_L_GetLayerDefn(layer) else { throw failed("no layer definition") }
        guard GDALDatasetStartTransaction(dataset, 0) == OGRERR_NONE else { throw failed("could not start a transaction") }
        var scratch: [Double] = []
        for (k, row) in rows.enumerated() {
            guard let feature = OGR_F_Create(definition) else { throw failed("out of memory") }
            defer { OGR_F_Destroy(feature) }
            for (i, v) in row.enumerated() { set(feature, Int32(i), v) }
            if k < shapes.count, let shape = shapes[k] {
                guard let g = geometry(shape, scratch: &scratch) else { throw failed("could not build the geometry of row \(k + 1)") }
                _ = OGR_F_SetGeometryDirectly(feature, g)
            }
            guard OGR_L_CreateFeature(layer, feature) == OGRERR_NONE else { throw failed("could not write row \(k + 1)") }
        }
        guard GDALDatasetCommitTransaction(dataset) == OGRERR_NONE else { throw failed("could not commit the rows") }
        CPLErrorReset()
        closed = true
        GDALClose(dataset)
        if CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal { throw failed("closing the file") }
    }

    /// Makes room for `bytes` in the memory file at `path` (a `/vsimem/` name) and leaves it as
    /// it was: lengthened, then cut back to its length. GDAL grows a memory file by a tenth at a
    /// time, each time by `realloc`, which moved the whole file to new memory when it could not
    /// grow in place (36 MB copied to as many fresh pages, at 6,000 units); its room, once
    /// made, stays when the file is cut back. SQLite sees the same file throughout, so writes
    /// the same bytes. False only when the file may not be as it was (room not made is no error:
    /// the file then grows as before).
    static func reserve(_ bytes: Int, in path: String) -> Bool {
        guard let file = VSIFOpenL(path, "r+") else { return true }
        defer { VSIFCloseL(file) }
        guard VSIFSeekL(file, 0, SEEK_END) == 0 else { return true }
        let length = VSIFTellL(file)
        guard vsi_l_offset(bytes) > length, VSIFTruncateL(file, vsi_l_offset(bytes)) == 0 else { return true }
        return VSIFTruncateL(file, length) == 0
    }

    /// SQLite's page cache for a GeoPackage made in memory, in megabytes: a cache holding the
    /// whole file held every page twice, in the memory file and in the cache (35 MB more at
    /// 6,000 units, all of it fresh memory, which a virtual machine that hands free memory back
    /// to its host charges dearly for: README, "After the cold-memory round"); evicted pages are
    /// read back from memory. Benchmark, eight interleaved
    /// runs each: peak 455 -> 440 MB, user time 1.77 -> 1.73 s; same bytes (also with 1 MB).
    static let memoryImageCacheMegabytes = 4

    /// About the size of the file, in megabytes, between 16 and 128.
    static func cacheMegabytes(estimate: Double) -> Int {
        min(128, max(16, Int((estimate / 1_048_576).rounded(.up))))
    }

    /// About the size of the file, in bytes: 16 bytes a vertex, half a kilobyte a row, a tenth
    /// more for the index.
    static func estimatedBytes(shapes: [Shape?], rows: Int) -> Double {
        var vertices = 0
        for case let shape? in shapes {
            switch shape {
            case .point: vertices += 1
            case .multiPoint(let cs): vertices += cs.count
            case .lines(let ls): for l in ls { vertices += l.count }
            case .polygons(let ps): for p in ps { vertices += p.exterior.count; for h in p.holes { vertices += h.count } }
            }
        }
        return Double(vertices * 16 + rows * 512) * 1.1
    }

    /// SQLite column names are unique ignoring case (and `fid`, `geom` are the table's own): a name
    /// repeating an earlier one (a criterion named `score`, or `Events` beside `events`) gets `_2`,
    /// `_3`… Deterministic: by column order.
    static func uniqueNames(_ names: [String]) -> [String] {
        var used: Set<String> = ["fid", "geom"]
        return names.map { name in
            var candidate = name, k = 1
            while used.contains(candidate.lowercased()) { k += 1; candidate = "\(name)_\(k)" }
            used.insert(candidate.lowercased())
            return candidate
        }
    }

    static func fieldType(_ t: FieldType) -> OGRFieldType {
        switch t {
        case .integer, .logical: return OFTInteger64
        case .real: return OFTReal
        case .date: return OFTDate
        case .text: return OFTString
        }
    }

    static func set(_ f: OGRFeatureH, _ i: Int32, _ v: Value) {
        switch v {
        case .null: OGR_F_SetFieldNull(f, i)
        case .text(let s): OGR_F_SetFieldString(f, i, s)
        case .bool(let b): OGR_F_SetFieldInteger64(f, i, b ? 1 : 0)
        case .date(let d):
            let (y, m, day) = d.components
            OGR_F_SetFieldDateTime(f, i, Int32(y), Int32(m), Int32(day), 0, 0, 0, 0)
        case .number(let d):
            switch OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, i)) {
            case OFTInteger64, OFTInteger:
                if let n = Int64(exactly: d.rounded()) { OGR_F_SetFieldInteger64(f, i, n) } else { OGR_F_SetFieldNull(f, i) }
            default: OGR_F_SetFieldDouble(f, i, d)
            }
        }
    }

    static func geometryType(_ s: Shape) -> OGRwkbGeometryType {
        switch s {
        case .point: return wkbPoint
        case .multiPoint: return wkbMultiPoint
        case .lines: return wkbMultiLineString
        case .polygons: return wkbMultiPolygon
        }
    }

    /// An OGR geometry owning its parts; nil when GDAL cannot allocate it. `scratch` is room for
    /// the coordinates of a line or ring, reused from one to the next.
    static func geometry(_ s: Shape, scratch: inout [Double]) -> OGRGeometryH? {
        func pointString(_ type: OGRwkbGeometryType, _ cs: [Coordinate]) -> OGRGeometryH? {
            let n = cs.count
            guard n <= Int(Int32.max), let g = OGR_G_CreateGeometry(type) else { return nil }
            if type == wkbPoint || n == 0 {
                for c in cs { OGR_G_AddPoint_2D(g, c.x, c.y) }
                return g
            }
            // The whole line or ring in one call, its x then its y in arrays of their own (which
            // GDAL copies as they are): a call per vertex grew the points array by one (a
            // realloc) each time, 1.46 million times at 6,000 units. The same points, in 2D.
            if scratch.count < 2 * n { scratch = [Double](repeating: 0, count: 2 * n) }
            scratch.withUnsafeMutableBufferPointer { xy in
                cs.withUnsafeBufferPointer { c in
                    for i in 0..<n { xy[i] = c[i].x; xy[n + i] = c[i].y }
                }
                let size = Int32(MemoryLayout<Double>.stride)
                OGR_G_SetPoints(g, Int32(n), xy.baseAddress!, size, xy.baseAddress! + n, size, nil, 0)
            }
            return g
        }
        func collection(_ type: OGRwkbGeometryType, _ parts: [OGRGeometryH?]) -> OGRGeometryH? {
            guard let g = OGR_G_CreateGeometry(type) else { parts.forEach { if let p = $0 { OGR_G_DestroyGeometry(p) } }; return nil }
            for p in parts {
                guard let p, OGR_G_AddGeometryDirectly(g, p) == OGRERR_NONE else { OGR_G_DestroyGeometry(g); return nil }
            }
            return g
        }
        switch s {
        case .point(let c): return pointString(wkbPoint, [c])
        case .multiPoint(let cs): return collection(wkbMultiPoint, cs.map { pointString(wkbPoint, [$0]) })
        case .lines(let ls): return collection(wkbMultiLineString, ls.map { pointString(wkbLineString, $0) })
        case .polygons(let ps):
            return collection(wkbMultiPolygon, ps.map { p in
                collection(wkbPolygon, ([p.exterior] + p.holes).map { pointString(wkbLinearRing, $0) })
            })
        }
    }
}
