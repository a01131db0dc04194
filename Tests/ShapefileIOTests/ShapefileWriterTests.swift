import Foundation
import XCTest
import Domain
@testable import ShapefileIO

final class ShapefileWriterTests: XCTestCase {
    let fields = [FieldSchema(name: "PCODE", type: .text), FieldSchema(name: "NAME", type: .text),
                  FieldSchema(name: "POP", type: .integer), FieldSchema(name: "SHARE", type: .real),
                  FieldSchema(name: "ACTIVE", type: .logical), FieldSchema(name: "VALIDON", type: .date)]

    func sampleRows() -> [[Value]] {
        [[.text("CD9102001"), .text("Kasaï-Central Bena Mbaya"), .number(12345), .number(0.25), .bool(true), .date(ISODate(year: 2019, month: 9, day: 11)!)],
         [.text("CD9102002"), .null, .null, .number(-1.5), .bool(false), .null]]
    }

    func sampleShapes() -> [Shape?] {
        // A polygon given with the "wrong" orientations (outer CCW, hole CW): the writer must turn them.
        [.polygons([Polygon(exterior: square(0, 0, 10, clockwise: false), holes: [square(2, 2, 2, clockwise: true)]),
                    Polygon(exterior: square(20, 0, 5, clockwise: false))]),
         nil]
    }

    func testWritesAllFilesWithOrientedRingsAndFixedHeader() throws {
        let dir = try TempFolder()
        try ShapefileWriter.write(path: dir.file("units.shp"), kind: .polygon, shapes: sampleShapes(), fields: fields, rows: sampleRows())
        XCTAssertEqual(try dir.listing(), ["units.cpg", "units.dbf", "units.prj", "units.shp", "units.shx"], "no temp folder left behind")
        XCTAssertEqual(String(decoding: try dir.bytes("units.cpg"), as: UTF8.self), "UTF-8")
        XCTAssertTrue(String(decoding: try dir.bytes("units.prj"), as: UTF8.self).hasPrefix("GEOGCS[\"GCS_WGS_1984\""))

        let recs = RawSHP.records(try dir.bytes("units.shp"))
        XCTAssertEqual(recs.count, 2)
        XCTAssertEqual(recs[0].type, 5)
        XCTAssertEqual(recs[0].parts, [0, 5, 10])
        let p = recs[0].points
        XCTAssertLessThan(RawSHP.signedArea(p[0..<5]), 0, "outer ring clockwise")
        XCTAssertGreaterThan(RawSHP.signedArea(p[5..<10]), 0, "hole counter-clockwise")
        XCTAssertLessThan(RawSHP.signedArea(p[10..<15]), 0, "second outer clockwise")
        XCTAssertEqual(recs[1].type, 0, "nil shape written as a null shape")

        let dbf = try dir.bytes("units.dbf")
        XCTAssertEqual(Array(dbf[1...3]), [100, 1, 1], "DBF date fixed at 2000-01-01 (year since 1900, month, day)")
        XCTAssertEqual(dbf[4], 2, "two records")
        XCTAssertEqual(dbf[29], 0, "UTF-8 has no LDID; the .cpg names it")
    }

    func testTwoWritesGiveIdenticalBytes() throws {
        let a = try TempFolder(), b = try TempFolder()
        try ShapefileWriter.write(path: a.file("x.shp"), kind: .polygon, shapes: sampleShapes(), fields: fields, rows: sampleRows())
        try ShapefileWriter.write(path: b.file("x.shp"), kind: .polygon, shapes: sampleShapes(), fields: fields, rows: sampleRows())
        for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
            XCTAssertEqual(try a.bytes("x." + ext), try b.bytes("x." + ext), ext)
        }
    }

    func testDBFValuesAreFormattedByUs() throws {
        let dir = try TempFolder()
        try ShapefileWriter.write(path: dir.file("v.shp"), kind: .polygon, shapes: sampleShapes(), fields: fields, rows: sampleRows())
        let dbf = try dir.bytes("v.dbf")
        let header = Int(dbf[8]) | Int(dbf[9]) << 8
        let recordLength = Int(dbf[10]) | Int(dbf[11]) << 8
        // Widths sized from the data: PCODE 9, NAME 25 bytes in UTF-8 (ï takes 2), POP 5, SHARE 5 ("-1.50": 2 decimals, from 0.25), L 1, D 8.
        let rec1 = Array(dbf[(header + recordLength)..<(header + 2 * recordLength)])
        let text = String(decoding: rec1, as: UTF8.self)
        XCTAssertEqual(text, " CD9102002" + String(repeating: " ", count: 25) + "*****" + "-1.50" + "F" + "00000000",
                       "deletion flag, text padded, NULL number as '*', real with 2 decimals, logical, NULL date")
        let rec0 = String(decoding: Array(dbf[header..<(header + recordLength)]), as: UTF8.self)
        XCTAssertEqual(rec0, " CD9102001" + "Kasaï-Central Bena Mbaya" + "12345" + " 0.25" + "T" + "20190911")
    }

    /// A DBF number is printf's `%.<decimals>f` of the value (glibc's, through `String(format:)`),
    /// without a negative zero: at the 11 decimals of the unit layers, for values whose binary
    /// expansion shows at that many places (65536.1 is 65536.10000000001), ties of the short
    /// spelling, and values that round to zero from below.
    func testRealValuesAreSpelledAsPrintfWithoutNegativeZero() {
        var values: [Double] = [0, -0.0, 0.25, -1.5, 65536.1, -65536.1, 123_456_789.1, 6.597064350396479, 0.125, 2.0000000000049998,
                                -0.000000000004, -0.000000000005, 1e-12, 999_999_999.999, 1e9, 1.5e15, 1.0 / 3.0]
        var state: UInt64 = 0x2545F4914F6CDD1D
        for _ in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            values.append(Double(Int64(bitPattern: state) >> 20) / pow(10, Double(state % 13)))
        }
        for v in values {
            for decimals in [0, 2, 11, 15] {
                let printf = String(format: "%.\(decimals)f", v), zero = String(format: "%.\(decimals)f", 0.0)
                XCTAssertEqual(DBFFieldPlan.formatReal(v, decimals), printf == "-" + zero ? zero : printf, "\(v) at \(decimals)")
            }
        }
    }

    func testLatin1AndCP1252Encodings() throws {
        let dir = try TempFolder()
        try ShapefileWriter.write(path: dir.file("l.shp"), kind: .point, shapes: [.point(Coordinate(22.4, -5.9))],
                                  fields: [FieldSchema(name: "NOM", type: .text)], rows: [[.text("Kasaï")]], encoding: .cp1252)
        XCTAssertEqual(String(decoding: try dir.bytes("l.cpg"), as: UTF8.self), "CP1252")
        let dbf = try dir.bytes("l.dbf")
        XCTAssertEqual(dbf[29], 0x57, "LDID 87 = code page 1252")
        let header = Int(dbf[8]) | Int(dbf[9]) << 8
        XCTAssertEqual(Array(dbf[(header + 1)..<(header + 6)]), [0x4B, 0x61, 0x73, 0x61, 0xEF], "ï is 0xEF in CP1252")
        assertThrowsTargetingError(try ShapefileWriter.write(path: dir.file("k.shp"), kind: .point, shapes: [.point(Coordinate(0, 0))],
                                                             fields: [FieldSchema(name: "NOM", type: .text)], rows: [[.text("Ĳssel €")]],
                                                             encoding: .latin1),
                                   containing: ["record 1", "NOM", "ISO-8859-1"])
    }

    func testLongFieldNamesAreAnErrorNamingThem() throws {
        let dir = try TempFolder()
        assertThrowsTargetingError(
            try ShapefileWriter.write(path: dir.file("f.shp"), kind: .point, shapes: [.point(Coordinate(0, 0))],
                                      fields: [FieldSchema(name: "operator_type", type: .text), FieldSchema(name: "ADM2_PCODE", type: .text),
                                               FieldSchema(name: "is_in_health_zone", type: .text)],
                                      rows: [[.text("a"), .text("b"), .text("c")]]),
            containing: ["operator_type", "is_in_health_zone", "10 bytes"])
        XCTAssertEqual(try dir.listing(), [], "nothing written on error")
    }

    func testMismatchedInputsAreErrorsAndLeaveNothing() throws {
        let dir = try TempFolder()
        let f = [FieldSchema(name: "N", type: .integer)]
        assertThrowsTargetingError(try ShapefileWriter.write(path: dir.file("a.shp"), kind: .point, shapes: [.point(Coordinate(0, 0))], fields: f, rows: [[.number(1.5)]]),
                                   containing: ["record 1", "integer", "1.5"])
        assertThrowsTargetingError(try ShapefileWriter.write(path: dir.file("a.shp"), kind: .point, shapes: [.point(Coordinate(0, 0))], fields: f, rows: [[.text("7")]]),
                                   containing: ["record 1", "N"])
        assertThrowsTargetingError(try ShapefileWriter.write(path: dir.file("a.shp"), kind: .polygon, shapes: [.point(Coordinate(0, 0))], fields: f, rows: [[.number(1)]]),
                                   containing: ["record 1", "point", "polygon"])
        assertThrowsTargetingError(try ShapefileWriter.write(path: dir.file("a.shp"), kind: .point, shapes: [nil, nil], fields: f, rows: [[.number(1)]]),
                                   containing: ["2 shapes", "1 attribute rows"])
        assertThrowsTargetingError(try ShapefileWriter.write(path: dir.file("a.shp"), kind: .point, shapes: [.point(Coordinate(.nan, 0))], fields: f, rows: [[.number(1)]]),
                                   containing: ["record 1", "finite"])
        XCTAssertEqual(try dir.listing(), [])
    }

    func testReplacingAnExistingSetRemovesNoCompanions() throws {
        let dir = try TempFolder()
        try ShapefileWriter.write(path: dir.file("r.shp"), kind: .point, shapes: [.point(Coordinate(1, 1))],
                                  fields: [FieldSchema(name: "ID", type: .integer)], rows: [[.number(1)]])
        try ShapefileWriter.write(path: dir.file("r.shp"), kind: .point, shapes: [.point(Coordinate(2, 2)), nil],
                                  fields: [FieldSchema(name: "ID", type: .integer)], rows: [[.number(2)], [.number(3)]])
        XCTAssertEqual(try dir.listing(), ["r.cpg", "r.dbf", "r.prj", "r.shp", "r.shx"])
        let recs = RawSHP.records(try dir.bytes("r.shp"))
        XCTAssertEqual(recs.count, 2)
        XCTAssertEqual(recs[0].points, [Coordinate(2, 2)])
    }

    /// The files made in memory are those shapelib writes through stdio, byte for byte (the
    /// files on disk are the independent answer), for each kind, with null shapes, a code page
    /// with an LDID, and enough records that shapelib seeks back over what it wrote.
    func testImageInMemoryHasTheBytesOfTheFilesWritten() throws {
        var many: [Shape?] = [], manyRows: [[Value]] = []
        for i in 0..<300 {
            let d = Double(i)
            many.append(i % 7 == 3 ? nil : .polygons([Polygon(exterior: square(d, -d, 1 + d / 100, clockwise: i % 2 == 0))]))
            manyRows.append([.text("CD\(i)"), i % 5 == 0 ? .null : .text(String(repeating: "é", count: i % 30)), .number(d * 3),
                             .number(d / 7), .bool(i % 3 == 0), .date(ISODate(year: 2000 + i % 20, month: 1 + i % 12, day: 1 + i % 28)!)])
        }
        let cases: [(ShapefileKind, [Shape?], [FieldSchema], [[Value]], TextEncoding)] = [
            (.polygon, sampleShapes(), fields, sampleRows(), .utf8),
            (.polygon, many, fields, manyRows, .utf8),
            (.point, [.point(Coordinate(22.4, -5.9)), nil], [FieldSchema(name: "NOM", type: .text)], [[.text("Kasaï")], [.null]], .cp1252),
            (.multiPoint, [.multiPoint([Coordinate(1, 2), Coordinate(3, 4)])], [FieldSchema(name: "N", type: .integer)], [[.number(7)]], .utf8),
            (.polyline, [.lines([[Coordinate(0, 0), Coordinate(1, 1)], [Coordinate(2, 2), Coordinate(3, 5), Coordinate(4, 4)]])],
             [FieldSchema(name: "N", type: .real)], [[.number(0.5)]], .latin1),
            // shapelib's bounds start again from a record's first vertex while all four are zero:
            // a point at the origin first leaves them zero, and the next point starts them.
            (.point, [nil, .point(Coordinate(0, 0)), .point(Coordinate(5, 6)), .point(Coordinate(-2, 3))],
             [FieldSchema(name: "N", type: .integer)], [[.number(1)], [.number(2)], [.number(3)], [.number(4)]], .utf8),
            (.polygon, [nil, nil], [FieldSchema(name: "N", type: .integer)], [[.number(1)], [.number(2)]], .utf8),
        ]
        for (k, (kind, shapes, schema, rows, encoding)) in cases.enumerated() {
            let dir = try TempFolder()
            try ShapefileWriter.write(path: dir.file("x.shp"), kind: kind, shapes: shapes, fields: schema, rows: rows, encoding: encoding)
            let image = try XCTUnwrap(ShapefileWriter.image(reportedAs: dir.file("x.shp"), kind: kind, shapes: shapes, fields: schema,
                                                            rows: rows, encoding: encoding, byteLimit: 1 << 30))
            XCTAssertEqual(image.files.map(\.extension), ["shx", "dbf", "prj", "cpg", "shp"], "the .shp last")
            for (ext, bytes) in image.files { XCTAssertEqual(bytes, try dir.bytes("x." + ext), "case \(k): .\(ext)") }
            // The .shp streamed rather than held: the same bytes, its header foreseen first.
            var streamed: [UInt8] = []
            let companions = try XCTUnwrap(ShapefileWriter.image(reportedAs: dir.file("x.shp"), kind: kind, shapes: shapes, fields: schema,
                                                                 rows: rows, encoding: encoding, byteLimit: 1 << 30,
                                                                 streamingSHP: { streamed += $0 }))
            XCTAssertEqual(streamed, try dir.bytes("x.shp"), "case \(k): the .shp streamed")
            XCTAssertEqual(companions.files.map(\.extension), ["shx", "dbf", "prj", "cpg"])
            for (ext, bytes) in companions.files { XCTAssertEqual(bytes, try dir.bytes("x." + ext), "case \(k): .\(ext) beside the stream") }
            XCTAssertEqual(try dir.listing(), ["x.cpg", "x.dbf", "x.prj", "x.shp", "x.shx"], "the image wrote nothing")
        }
    }

    /// The receiver of a streamed .shp failing (a full disk) fails the write with its own error,
    /// not shapelib's report of it.
    func testAStreamedSHPReceiversErrorIsTheOneThrown() throws {
        struct DiskFull: Error, Equatable {}
        var received = 0
        XCTAssertThrowsError(try ShapefileWriter.image(reportedAs: "/nowhere/u.shp", kind: .polygon, shapes: sampleShapes(), fields: fields,
                                                       rows: sampleRows(), byteLimit: 1 << 20, streamingSHP: { bytes in
            received += bytes.count
            if received > 150 { throw DiskFull() }
        })) { XCTAssertEqual($0 as? DiskFull, DiskFull()) }
    }

    /// A streamed file keeps its header (written, read back, rewritten) and hands on every later
    /// byte once, at the end; a write elsewhere breaks it (the writer then makes the files in
    /// memory instead), as does a write after its receiver was let go.
    func testAStreamKeepsItsHeaderAndOnlyAppends() {
        var got: [UInt8] = []
        let stream = MemoryFiles.Stream(headerLength: 4) { got += $0 }
        func write(_ bytes: [UInt8], at position: Int) -> Bool { bytes.withUnsafeBytes { stream.write($0, at: position) } }
        XCTAssertTrue(stream.isEmpty)
        XCTAssertTrue(write([1, 2, 3, 4, 5, 6], at: 0))
        XCTAssertEqual(got, [5, 6])
        XCTAssertTrue(write([9], at: 1))
        XCTAssertEqual(stream.header, [1, 9, 3, 4])
        var back = [UInt8](repeating: 0, count: 4)
        XCTAssertTrue(back.withUnsafeMutableBytes { stream.read(4, at: 0, into: $0.baseAddress!) })
        XCTAssertEqual(back, [1, 9, 3, 4])
        XCTAssertFalse(back.withUnsafeMutableBytes { stream.read(2, at: 4, into: $0.baseAddress!) }, "only the header is held")
        XCTAssertTrue(write([7, 8], at: 6))
        XCTAssertEqual(got, [5, 6, 7, 8])
        XCTAssertEqual(stream.length, 8)
        XCTAssertFalse(stream.broken)
        XCTAssertFalse(write([0], at: 5), "a byte already handed on cannot be written again")
        XCTAssertTrue(stream.broken)
        let later = MemoryFiles.Stream(headerLength: 2) { got += $0 }
        later.detach()
        XCTAssertFalse([UInt8](repeating: 1, count: 3).withUnsafeBytes { later.write($0, at: 0) })
        XCTAssertNotNil(later.failure)
        XCTAssertEqual(got, [5, 6, 7, 8])
    }

    func testImageIsNilPastTheLimitAndChecksLikeWrite() throws {
        // 100 header + (8 + 44 + 4 + 16 × 5) + 8 + 4 = 248 bytes of .shp; the .dbf 32 + 6 × 32 + 1 + 2 × 54 + 1 = 334.
        XCTAssertNil(try ShapefileWriter.image(reportedAs: "/nowhere/u.shp", kind: .polygon, shapes: [sampleShapes()[1], .polygons([Polygon(exterior: square(0, 0, 1, clockwise: true))])],
                                               fields: fields, rows: sampleRows(), byteLimit: 581))
        XCTAssertNotNil(try ShapefileWriter.image(reportedAs: "/nowhere/u.shp", kind: .polygon, shapes: [sampleShapes()[1], .polygons([Polygon(exterior: square(0, 0, 1, clockwise: true))])],
                                                  fields: fields, rows: sampleRows(), byteLimit: 582))
        assertThrowsTargetingError(try ShapefileWriter.image(reportedAs: "/nowhere/a.shp", kind: .point, shapes: [.point(Coordinate(.nan, 0))],
                                                             fields: [FieldSchema(name: "N", type: .integer)], rows: [[.number(1)]], byteLimit: 1 << 20),
                                   containing: ["a.shp", "record 1", "finite"])
    }
}
