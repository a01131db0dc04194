import Domain

/// The .shp's own layout, walked by us record header by record header with every length
/// checked against the bytes present, and compared with the .shx index. shapelib trusts the
/// .shx; a .shx can disagree with its .shp (one peer file's lists 8 records while the .shp holds
/// 22), and then the .shp, which holds the data, is what we trust.
struct SHPStructure {
    struct Record { let offset: Int; let contentLength: Int }

    let shapeType: Int
    var records: [Record] = []
    var warnings: [String] = []

    /// Shape type names as the shapefile spec gives them.
    static func typeName(_ t: Int) -> String {
        switch t {
        case 0: return "Null"
        case 1: return "Point"; case 3: return "PolyLine"; case 5: return "Polygon"; case 8: return "MultiPoint"
        case 11: return "PointZ"; case 13: return "PolyLineZ"; case 15: return "PolygonZ"; case 18: return "MultiPointZ"
        case 21: return "PointM"; case 23: return "PolyLineM"; case 25: return "PolygonM"; case 28: return "MultiPointM"
        case 31: return "MultiPatch"
        default: return "unknown type \(t)"
        }
    }
    static let readable: Set<Int> = [0, 1, 3, 5, 8, 11, 13, 15, 18, 21, 23, 25, 28]

    init<Bytes: SHPByteSource>(shp bytes: Bytes, path: String, limits: ShapefileLimits) throws {
        let here = SourceLocation(file: path)
        guard bytes.count >= 100 else {
            throw TargetingError("the .shp is \(bytes.count) bytes, shorter than its 100-byte header: the file is truncated", at: here,
                                 hint: "export the layer again")
        }
        guard try bytes.i32BE(0) == 9994, try bytes.i32LE(28) == 1000 else {
            throw TargetingError("not a shapefile: the .shp does not start with the shapefile file code (9994, version 1000)", at: here)
        }
        shapeType = try bytes.i32LE(32)
        guard SHPStructure.readable.contains(shapeType) else {
            throw TargetingError("the .shp holds \(SHPStructure.typeName(shapeType)) shapes, which this reader does not support " +
                                 "(supported: points, multipoints, polylines, polygons and their Z/M variants)", at: here,
                                 hint: shapeType == 31 ? "convert the MultiPatch layer to polygons in a GIS first" : "check the file is a shapefile")
        }

        let declared = try bytes.i32BE(24) * 2
        if declared != bytes.count {
            warnings.append("the .shp header says the file is \(declared) bytes but it has \(bytes.count); records were read from what is present")
        }
        var o = 100
        while o + 8 <= bytes.count {
            let number = records.count + 1
            let length = try bytes.i32BE(o + 4) * 2
            guard length >= 4, o + 8 + length <= bytes.count else {
                if length >= 4, o + 8 + length > bytes.count {
                    throw TargetingError("the .shp is truncated: record \(number) claims \(length) bytes but the file ends \(bytes.count - o - 8) bytes after its header",
                                         at: SourceLocation(file: path, record: number), hint: "export the layer again (the copy is incomplete)")
                }
                throw TargetingError("the .shp is corrupt: record \(number) has a content length of \(length) bytes", at: SourceLocation(file: path, record: number),
                                     hint: "export the layer again")
            }
            let type = try bytes.i32LE(o + 8)
            guard type == 0 || type == shapeType else {
                throw TargetingError("the .shp is corrupt: record \(number) is of type \(SHPStructure.typeName(type)) in a \(SHPStructure.typeName(shapeType)) file",
                                     at: SourceLocation(file: path, record: number), hint: "export the layer again")
            }
            records.append(Record(offset: o, contentLength: length))
            guard records.count <= limits.maxRecords else {
                throw TargetingError("the .shp holds more than \(limits.maxRecords) records, the reader's limit", at: here,
                                     hint: "check that this is the intended file; a larger layer must be split (by province, say) before targeting reads it")
            }
            o += 8 + length
        }
        if o < bytes.count {
            warnings.append("the .shp has \(bytes.count - o) byte(s) after its last record; they were ignored")
        }
    }

    /// Compares a .shx with the records walked; nil when they agree, else what differs.
    func disagreement(withSHX shx: [UInt8]) -> String? {
        guard shx.count >= 100, shx.i32BE(0) == 9994 else { return "the .shx is not a shapefile index (too short or wrong file code)" }
        let entries = (shx.count - 100) / 8
        if (shx.count - 100) % 8 != 0 {
            return "the .shx is \(shx.count) bytes, not a 100-byte header plus whole 8-byte entries"
        }
        if entries != records.count {
            return "the .shx lists \(entries) records but the .shp holds \(records.count)"
        }
        for (i, r) in records.enumerated() {
            let off = shx.i32BE(100 + 8 * i) * 2, len = shx.i32BE(104 + 8 * i) * 2
            if off != r.offset || len != r.contentLength {
                return "the .shx entry for record \(i + 1) points at byte \(off) (\(len) bytes) but the record is at byte \(r.offset) (\(r.contentLength) bytes)"
            }
        }
        // shapelib counts records from this header field, not from the file size: a wrong value
        // makes it print "unreasonable record count" on stderr and guess.
        if shx.i32BE(24) * 2 != shx.count {
            return "the .shx header says the index is \(shx.i32BE(24) * 2) bytes but it has \(shx.count)"
        }
        return nil
    }
}
