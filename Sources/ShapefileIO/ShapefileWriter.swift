import Foundation
import CShapelib
import Domain

/// The geometry type of a shapefile to write. A shapefile holds one type; `nil` shapes are
/// written as null shapes whatever the type.
public enum ShapefileKind: String, Sendable {
    case point, multiPoint, polyline, polygon

    var shapelibType: Int32 {
        switch self {
        case .point: return SHPT_POINT
        case .multiPoint: return SHPT_MULTIPOINT
        case .polyline: return SHPT_ARC
        case .polygon: return SHPT_POLYGON
        }
    }
}

/// Writes a shapefile (.shp .shx .dbf .prj .cpg) through shapelib, atomically and
/// deterministically.
///
/// Atomic: everything is written into a fresh temporary folder beside the target, then each
/// file is renamed into place (`rename(2)` replaces atomically within one file system). The
/// `.shp` is renamed last, so a reader never finds a new `.shp` without its companions; while
/// an existing set is being replaced there is a window of a few system calls in which the old
/// `.shp` sits beside some new companions. A failure before the renames leaves the target
/// untouched and the temporary folder removed.
///
/// Deterministic: shapelib writes no clock time except the DBF "last modified" date, which we
/// set from `modified` (a fixed default), and every value is formatted by us
/// (`DBFFieldPlan`), so the same input gives the same bytes.
public enum ShapefileWriter {
    /// The DBF "last modified" date written unless the caller gives one.
    public static let fixedModifiedDate = ISODate(daysSinceEpoch: 10957) // 2000-01-01

    /// WGS 84 geographic, as ArcGIS spells it (the dialect most readers recognise).
    static let wgs84PRJ = #"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#

    /// - Parameters:
    ///   - path: the `.shp` path; companions get the same stem.
    ///   - shapes: one per record, `nil` for a null shape; must suit `kind` (`.point` for
    ///     `.point`, `.multiPoint`, `.lines` for `.polyline`, `.polygons` for `.polygon`).
    ///   - fields: names of 1 to 10 bytes, unique ignoring case (longer names are an error that
    ///     names them: the caller maps them). A width of 0 sizes the field from the data.
    ///   - rows: one per record, one value per field.
    public static func write(path: String, kind: ShapefileKind, shapes: [Shape?], fields: [FieldSchema],
                             rows: [[Value]], encoding: TextEncoding = .utf8,
                             modified: ISODate = fixedModifiedDate) throws {
        let target = try ShapefilePaths(shp: path)
        let (plans, objects) = try prepare(path: path, kind: kind, shapes: shapes, fields: fields, rows: rows, encoding: encoding)

        let staging = try StagingFolder(beside: target)
        defer { staging.remove() }
        let temp = staging.paths(named: target.stem)
        var hooks = SAHooks()
        SASetupDefaultHooks(&hooks)
        try writeSHP(temp.shp, kind: kind, count: objects.count, finalPath: path, hooks: &hooks) { objects[$0] }
        try writeDBF(temp.dbf, plans: plans, rows: rows, encoding: encoding, modified: modified, finalPath: path, hooks: &hooks)
        try writeText(wgs84PRJ, to: temp.prj)
        try writeText(encoding.rawValue, to: temp.cpg)
        // .shp last: see the type's comment.
        for (from, to) in [(temp.shx, target.shx), (temp.dbf, target.dbf), (temp.prj, target.prj),
                           (temp.cpg, target.cpg), (temp.shp, target.shp)] {
            guard rename(from, to) == 0 else {
                throw TargetingError("could not move \(from) to \(to): \(String(cString: strerror(errno)))",
                                     at: SourceLocation(file: path), hint: "check the folder is writable and on one file system")
            }
        }
    }

    /// The files of a shapefile, in the order they are moved into place (`.shp` last: see the
    /// type's comment).
    public struct Image: Sendable {
        public var files: [(extension: String, bytes: [UInt8])]
    }

    /// The bytes `write` would write, made by shapelib in memory (`MemoryFiles`) for the caller
    /// to write and hash in one pass. Nil, having made nothing, when the .shp and .dbf would
    /// pass `byteLimit` bytes together: the caller then uses `write`. Checks and errors are
    /// `write`'s, naming `path` (the `.shp` the caller will write).
    public static func image(reportedAs path: String, kind: ShapefileKind, shapes: [Shape?], fields: [FieldSchema],
                             rows: [[Value]], encoding: TextEncoding = .utf8, modified: ISODate = fixedModifiedDate,
                             byteLimit: Int) throws -> Image? {
        try makeImage(reportedAs: path, kind: kind, shapes: shapes, fields: fields, rows: rows, encoding: encoding,
                      modified: modified, byteLimit: byteLimit, streamingSHP: nil)
    }

    /// `image` without the `.shp` among its files: the `.shp`'s bytes go to `shp` as shapelib
    /// writes them, none of them held (the .shp of the 6,000-unit benchmark is 31 MB, as many
    /// fresh pages of memory as it was held whole). shapelib writes the .shp's header last, over
    /// the one it wrote first; its bytes (the file's length, its bounds) are foreseen from the
    /// shapes (`foreseenHeader`) and given to `shp` first. If shapelib's last header differs from
    /// the one foreseen, `HeaderNotForeseen` is thrown once shapelib is done: what `shp` got is
    /// then not the file, and the caller discards it and writes the files from `image`. Nil, having
    /// sent nothing, when `image` would be nil.
    public static func image(reportedAs path: String, kind: ShapefileKind, shapes: [Shape?], fields: [FieldSchema],
                             rows: [[Value]], encoding: TextEncoding = .utf8, modified: ISODate = fixedModifiedDate,
                             byteLimit: Int, streamingSHP shp: (UnsafeRawBufferPointer) throws -> Void) throws -> Image? {
        // The stream holds `shp` only while shapelib writes the .shp: it lets go of it, and its
        // file is forgotten, before `makeImage` returns.
        try withoutActuallyEscaping(shp) { shp in
            try makeImage(reportedAs: path, kind: kind, shapes: shapes, fields: fields, rows: rows, encoding: encoding,
                          modified: modified, byteLimit: byteLimit, streamingSHP: shp)
        }
    }

    /// Both `image`s: the .shp held with the others, or streamed to `streamingSHP`.
    private static func makeImage(reportedAs path: String, kind: ShapefileKind, shapes: [Shape?], fields: [FieldSchema],
                                  rows: [[Value]], encoding: TextEncoding, modified: ISODate, byteLimit: Int,
                                  streamingSHP sink: ((UnsafeRawBufferPointer) throws -> Void)?) throws -> Image? {
        _ = try ShapefilePaths(shp: path)
        let plans = try plan(path: path, shapes: shapes, fields: fields, rows: rows, encoding: encoding)
        let shpBytes = shapes.reduce(100) { $0 + ShapeRecord.recordBytes(of: $1, kind) }
        let recordBytes = plans.reduce(1) { $0 + $1.width }
        let dbfBytes = 32 + 32 * plans.count + 1 + recordBytes * rows.count + 1
        guard shpBytes + dbfBytes <= byteLimit else { return nil }
        let memory = MemoryFiles.shared
        let volume = memory.volume()
        defer { memory.remove(volume: volume) }
        memory.reserve(volume + "layer.dbf", capacity: dbfBytes)
        var hooks = MemoryFiles.hooks
        // Each shape flattened as it is written, not all of them first: their vertices (23 MB at
        // 6,000 units) were as many fresh pages as the .shp itself. Nothing is on disk yet, so
        // a shape refused here fails the write as it did before the first record.
        func writeRecords() throws {
            try writeSHP(volume + "layer.shp", kind: kind, count: shapes.count, finalPath: path, hooks: &hooks) { i in
                try ShapeRecord(shape: shapes[i], kind: kind, location: SourceLocation(file: path, record: i + 1))
            }
        }
        if let sink {
            let foreseen = foreseenHeader(shapes: shapes, kind: kind, fileBytes: shpBytes)
            try foreseen.withUnsafeBytes { try sink($0) }
            let stream = memory.stream(volume + "layer.shp", headerLength: foreseen.count, sink: sink)
            defer { stream.detach(); memory.delete(volume + "layer.shp") }
            do { try writeRecords() } catch {
                // The receiver's own error (a full disk) rather than shapelib's report of it; a
                // write the stream could not take (not at the file's end) is no error of the
                // data: the caller makes the files another way.
                if let failure = stream.failure { throw failure }
                if stream.broken { throw HeaderNotForeseen() }
                throw error
            }
            if let failure = stream.failure { throw failure }
            guard !stream.broken, stream.header == foreseen, stream.length == shpBytes else { throw HeaderNotForeseen() }
        } else {
            memory.reserve(volume + "layer.shp", capacity: shpBytes)
            try writeRecords()
        }
        try writeDBF(volume + "layer.dbf", plans: plans, rows: rows, encoding: encoding, modified: modified, finalPath: path, hooks: &hooks)
        func made(_ ext: String) throws -> [UInt8] {
            guard let bytes = memory.take(volume + "layer." + ext) else {
                throw TargetingError("writing the shapefile failed: shapelib made no .\(ext) file", at: SourceLocation(file: path))
            }
            return bytes
        }
        return Image(files: [("shx", try made("shx")), ("dbf", try made("dbf")),
                             ("prj", Array(wgs84PRJ.utf8)), ("cpg", Array(encoding.rawValue.utf8))]
                            + (sink == nil ? [("shp", try made("shp"))] : []))
    }

    /// shapelib's last .shp header did not match the one foreseen, or it wrote somewhere else
    /// than at the end of the .shp (see `image(…streamingSHP:)`).
    public struct HeaderNotForeseen: Error {}

    /// The 100-byte .shp header shapelib writes when it closes a file of `shapes` (`fileBytes`
    /// long): its file code, length in 16-bit words, version, shape type and bounds, the bounds
    /// made as `SHPWriteObject` makes them (started again from a shape's first vertex whenever all
    /// four are zero, then widened by each vertex; z and m stay zero for these 2D shapes).
    static func foreseenHeader(shapes: [Shape?], kind: ShapefileKind, fileBytes: Int) -> [UInt8] {
        var minX = 0.0, minY = 0.0, maxX = 0.0, maxY = 0.0
        // A record begins: bounds still all zero start again from its first vertex.
        func begin(_ first: Coordinate?) {
            if minX == 0 && maxX == 0 && minY == 0 && maxY == 0, let first {
                minX = first.x; maxX = first.x; minY = first.y; maxY = first.y
            }
        }
        // `MIN` and `MAX` as shapelib's macros spell them (the bound first).
        func widen(_ points: [Coordinate]) {
            points.withUnsafeBufferPointer { ps in
                for p in ps {
                    minX = minX < p.x ? minX : p.x; minY = minY < p.y ? minY : p.y
                    maxX = maxX > p.x ? maxX : p.x; maxY = maxY > p.y ? maxY : p.y
                }
            }
        }
        for shape in shapes {
            switch shape {
            case nil: break
            case .point(let c)?: begin(c); widen([c])
            case .multiPoint(let cs)?: begin(cs.first); widen(cs)
            case .lines(let ls)?: begin(ls.first(where: { !$0.isEmpty })?.first); ls.forEach(widen)
            case .polygons(let ps)?:
                begin(ps.first?.exterior.first)
                for p in ps { widen(p.exterior); p.holes.forEach(widen) }
            }
        }
        var header = [UInt8](repeating: 0, count: 100)
        func bigEndian(_ v: Int32, at k: Int) { withUnsafeBytes(of: v.bigEndian) { for i in 0 ..< 4 { header[k + i] = $0[i] } } }
        func littleEndian(_ v: Int32, at k: Int) { withUnsafeBytes(of: v.littleEndian) { for i in 0 ..< 4 { header[k + i] = $0[i] } } }
        func littleEndian(double v: Double, at k: Int) { withUnsafeBytes(of: v.bitPattern.littleEndian) { for i in 0 ..< 8 { header[k + i] = $0[i] } } }
        bigEndian(9994, at: 0)
        bigEndian(Int32(truncatingIfNeeded: fileBytes / 2), at: 24)
        littleEndian(Int32(1000), at: 28)
        littleEndian(kind.shapelibType, at: 32)
        for (k, v) in [minX, minY, maxX, maxY, 0, 0, 0, 0].enumerated() { littleEndian(double: v, at: 36 + 8 * k) }
        return header
    }

    /// Every row and shape checked, the fields planned and the shapes converted, before any file
    /// is made.
    private static func prepare(path: String, kind: ShapefileKind, shapes: [Shape?], fields: [FieldSchema], rows: [[Value]],
                                encoding: TextEncoding) throws -> (plans: [DBFFieldPlan], objects: [ShapeRecord]) {
        let plans = try plan(path: path, shapes: shapes, fields: fields, rows: rows, encoding: encoding)
        let objects = try shapes.enumerated().map { (i, s) in
            try ShapeRecord(shape: s, kind: kind, location: SourceLocation(file: path, record: i + 1))
        }
        return (plans, objects)
    }

    /// The rows checked against the shapes and fields, and the fields planned.
    private static func plan(path: String, shapes: [Shape?], fields: [FieldSchema], rows: [[Value]],
                             encoding: TextEncoding) throws -> [DBFFieldPlan] {
        guard shapes.count == rows.count else {
            throw TargetingError("\(shapes.count) shapes but \(rows.count) attribute rows: a shapefile needs one row per shape",
                                 at: SourceLocation(file: path))
        }
        for (i, r) in rows.enumerated() where r.count != fields.count {
            throw TargetingError("row has \(r.count) values for \(fields.count) fields", at: SourceLocation(file: path, record: i + 1))
        }
        return try DBFFieldPlan.plan(fields: fields, rows: rows, encoding: encoding, file: path)
    }

    /// Writes `count` shapes, the `i`th flattened by `record(i)`.
    private static func writeSHP(_ shpPath: String, kind: ShapefileKind, count: Int, finalPath: String,
                                 hooks: inout SAHooks, record: (Int) throws -> ShapeRecord) throws {
        guard let shp = SHPCreateLL(shpPath, kind.shapelibType, &hooks) else {
            throw TargetingError("shapelib could not create the .shp/.shx files", at: SourceLocation(file: finalPath),
                                 hint: "check the folder is writable")
        }
        defer { SHPClose(shp) }
        for i in 0 ..< count {
            let o = try record(i)
            let obj: UnsafeMutablePointer<SHPObject>? = o.xs.withUnsafeBufferPointer { xs in
                o.ys.withUnsafeBufferPointer { ys in
                    o.partStarts.withUnsafeBufferPointer { starts in
                        SHPCreateObject(o.isNull ? SHPT_NULL : kind.shapelibType, -1, Int32(o.partStarts.count),
                                        starts.baseAddress, nil, Int32(o.xs.count), xs.baseAddress, ys.baseAddress, nil, nil)
                    }
                }
            }
            guard let obj else { throw TargetingError("shapelib could not build shape", at: SourceLocation(file: finalPath, record: i + 1)) }
            defer { SHPDestroyObject(obj) }
            guard SHPWriteObject(shp, -1, obj) == Int32(i) else {
                throw TargetingError("shapelib could not write shape (disk full, or the .shp would pass 2 GB)",
                                     at: SourceLocation(file: finalPath, record: i + 1))
            }
        }
    }

    private static func writeDBF(_ dbfPath: String, plans: [DBFFieldPlan], rows: [[Value]], encoding: TextEncoding,
                                 modified: ISODate, finalPath: String, hooks: inout SAHooks) throws {
        // The code page is named by the .cpg we write; the LDID byte repeats it for readers that
        // only look there (shapelib writes "LDID/n" into byte 29 and no .cpg of its own).
        let codePage = ShapefileWriter.ldid(for: encoding).map { "LDID/\($0)" }
        guard let dbf = DBFCreateLL(dbfPath, codePage, &hooks) else {
            throw TargetingError("shapelib could not create the .dbf file", at: SourceLocation(file: finalPath))
        }
        defer { DBFClose(dbf) }
        let c = modified.components
        DBFSetLastModifiedDate(dbf, Int32(max(0, min(255, c.year - 1900))), Int32(c.month), Int32(c.day))
        for p in plans {
            let name = String(decoding: p.nameBytes, as: UTF8.self)
            let added = p.nameBytes.allSatisfy({ $0 < 0x80 })
                ? DBFAddNativeFieldType(dbf, name, CChar(bitPattern: p.letter), Int32(p.width), Int32(p.decimals))
                : p.nameBytes.withUnsafeBufferPointer { buf -> Int32 in
                    // Non-ASCII names in a single-byte code page: hand shapelib the raw bytes.
                    let z = Array(buf).map { CChar(bitPattern: $0) } + [0]
                    return DBFAddNativeFieldType(dbf, z, CChar(bitPattern: p.letter), Int32(p.width), Int32(p.decimals))
                }
            guard added >= 0 else {
                throw TargetingError("shapelib refused field \(p.name) (\(Character(Unicode.Scalar(p.letter))), width \(p.width))",
                                     at: SourceLocation(file: finalPath))
            }
        }
        for (r, row) in rows.enumerated() {
            let location = SourceLocation(file: finalPath, record: r + 1)
            for (f, value) in row.enumerated() {
                let ok: Int32
                if var bytes = try plans[f].bytes(for: value, encoding: encoding, at: location) {
                    guard !bytes.contains(0) else {
                        throw TargetingError("field \(plans[f].name): the value contains a NUL character", at: location)
                    }
                    bytes.append(0)
                    ok = bytes.withUnsafeMutableBytes { DBFWriteAttributeDirectly(dbf, Int32(r), Int32(f), $0.baseAddress) }
                } else {
                    ok = DBFWriteNULLAttribute(dbf, Int32(r), Int32(f))
                }
                guard ok != 0 else { throw TargetingError("shapelib could not write field \(plans[f].name)", at: location) }
            }
        }
    }

    private static func writeText(_ text: String, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw TargetingError("could not write \(path)", hint: "check the folder is writable")
        }
    }

    /// The DBF language driver id for code pages that have one.
    static func ldid(for encoding: TextEncoding) -> Int? {
        switch encoding {
        case .cp437: return 0x01
        case .cp850: return 0x02
        case .cp1252: return 0x57
        case .cp866: return 0x65
        case .cp1250: return 0xC8
        case .cp1251: return 0xC9
        case .utf8, .latin1, .latin9: return nil
        }
    }
}
