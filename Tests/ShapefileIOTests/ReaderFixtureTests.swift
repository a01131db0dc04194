import Foundation
import XCTest
import Domain
@testable import ShapefileIO

/// Fixtures built by the tests (with the writer, then altered byte by byte where a broken file
/// is wanted), with answers known by construction or from pyproj.
final class ReaderFixtureTests: XCTestCase {
    let idField = [FieldSchema(name: "ID", type: .integer), FieldSchema(name: "NOM", type: .text)]

    func writeUnits(_ dir: TempFolder, _ name: String = "u", encoding: TextEncoding = .utf8) throws -> String {
        let path = dir.file(name + ".shp")
        let shapes: [Shape?] = [
            .polygons([Polygon(exterior: square(0, 0, 10, clockwise: true), holes: [square(2, 2, 2, clockwise: false), square(6, 6, 2, clockwise: false)]),
                       Polygon(exterior: square(20, 0, 5, clockwise: true))]),
            nil,
            .polygons([Polygon(exterior: square(30, 30, 1, clockwise: true))]),
        ]
        try ShapefileWriter.write(path: path, kind: .polygon, shapes: shapes, fields: idField,
                                  rows: [[.number(1), .text("Kasaï")], [.number(2), .null], [.null, .text("Mbuji-Mayi")]], encoding: encoding)
        return path
    }

    func testRoundTripKeepsShapesValuesHolesAndNullShapes() throws {
        let dir = try TempFolder()
        let path = try writeUnits(dir)
        let r = try ShapefileReader().read(path: path)
        XCTAssertEqual(r.layer.features.count, 3)
        guard case .polygons(let ps)? = r.layer.features[0].shape else { return XCTFail("polygon expected") }
        XCTAssertEqual(ps.count, 2)
        XCTAssertEqual(ps[0].holes.count, 2, "both holes assigned to the outer that contains them")
        XCTAssertEqual(Set(ps[0].exterior), Set(square(0, 0, 10, clockwise: true)))
        XCTAssertEqual(ps[1].holes.count, 0)
        XCTAssertNil(r.layer.features[1].shape)
        XCTAssertEqual(r.report.nullShapes, [2])
        XCTAssertEqual(r.layer.features[0].values, [.number(1), .text("Kasaï")])
        XCTAssertEqual(r.layer.features[1].values, [.number(2), .null])
        XCTAssertEqual(r.layer.features[2].values, [.null, .text("Mbuji-Mayi")], "NULL integer stays NULL, not 0")
        XCTAssertEqual(r.report.crs, "WGS 84", "the writer's ESRI WKT is recognised as WGS 84")
        XCTAssertEqual(r.report.encodingSource, .cpgFile)
        XCTAssertEqual(r.layer.fieldIndex("nom"), 1)
        XCTAssertEqual(r.report.bbox, [0, 0, 31, 31])
    }

    func testLatin1WithCPGAndCP1252WithLDIDOnly() throws {
        let dir = try TempFolder()
        let latin = try writeUnits(dir, "latin", encoding: .latin1)
        let a = try ShapefileReader().read(path: latin)
        XCTAssertEqual(a.report.encoding, "ISO-8859-1")
        XCTAssertEqual(a.report.encodingSource, .cpgFile)
        XCTAssertEqual(a.layer.features[0].values[1], .text("Kasaï"))

        let cp = try writeUnits(dir, "cp", encoding: .cp1252)
        try FileManager.default.removeItem(atPath: dir.file("cp.cpg"))
        let b = try ShapefileReader().read(path: cp)
        XCTAssertEqual(b.report.encoding, "CP1252")
        XCTAssertEqual(b.report.encodingSource, .languageDriver)
        XCTAssertEqual(b.layer.features[0].values[1], .text("Kasaï"))
    }

    func testLDIDOfACodePageIconvLacksIsRefusedByName() throws {
        // 0x98 is Greek Macintosh, which glibc's iconv does not carry (GBK, 0x4D, it does: see
        // VectorFormatsTests.CodePageTests).
        let dir = try TempFolder()
        let p = try writeUnits(dir, "greek", encoding: .latin1)
        try FileManager.default.removeItem(atPath: dir.file("greek.cpg"))
        try patch(dir.file("greek.dbf"), at: 29, [0x98])
        let report = inspectShapefile(path: p)
        XCTAssertEqual(report.error?.contains("the .dbf language driver id 0x98 says the text is Greek Macintosh, which neither this reader nor the system's iconv can decode"), true, report.error ?? "")
        XCTAssertEqual(report.error?.contains("greek.dbf"), true)
    }

    func testMissingSHXIsRebuiltOnACopyAndTheInputFolderIsUnchanged() throws {
        let dir = try TempFolder()
        let p = try writeUnits(dir)
        try FileManager.default.removeItem(atPath: dir.file("u.shx"))
        let before = try dir.listing()
        let bytesBefore = try dir.bytes("u.shp")
        let r = try ShapefileReader().read(path: p)
        XCTAssertEqual(r.layer.features.count, 3)
        XCTAssertTrue(r.report.warnings.contains { $0.hasPrefix("no .shx: index rebuilt from the .shp") })
        XCTAssertEqual(try dir.listing(), before)
        XCTAssertEqual(try dir.bytes("u.shp"), bytesBefore)
    }

    func testSHXListingFewerRecordsThanTheSHPIsDetected() throws {
        let dir = try TempFolder()
        let p = try writeUnits(dir)
        // Cut the .shx to its first entry: it now says 1 record, the .shp holds 3.
        let shx = try dir.bytes("u.shx")
        try Data(shx.prefix(108)).write(to: URL(fileURLWithPath: dir.file("u.shx")))
        let r = try ShapefileReader().read(path: p)
        XCTAssertEqual(r.layer.features.count, 3)
        XCTAssertTrue(r.report.warnings.contains { $0.contains("the .shx lists 1 records but the .shp holds 3") })
    }

    func testCounterClockwiseOuterIsReadAsOuterWithWarning() throws {
        let dir = try TempFolder()
        let p = try writeUnits(dir)
        // Rewrite record 3 (a lone square) reversed in place: its outer ring becomes counter-clockwise.
        var shp = try dir.bytes("u.shp")
        let recs = RawSHP.records(shp)
        XCTAssertEqual(recs.count, 3)
        var o = 100
        for i in 0..<2 { o += 8 + Int(RawSHP.int32BE(shp, o + 4)) * 2; _ = i }
        let v0 = o + 8 + 44 + 4
        let pts = recs[2].points.reversed().map { $0 }
        for (k, c) in pts.enumerated() {
            withUnsafeBytes(of: c.x.bitPattern.littleEndian) { shp.replaceSubrange((v0 + 16 * k)..<(v0 + 16 * k + 8), with: $0) }
            withUnsafeBytes(of: c.y.bitPattern.littleEndian) { shp.replaceSubrange((v0 + 16 * k + 8)..<(v0 + 16 * k + 16), with: $0) }
        }
        try Data(shp).write(to: URL(fileURLWithPath: dir.file("u.shp")))
        let r = try ShapefileReader().read(path: p)
        guard case .polygons(let ps)? = r.layer.features[2].shape else { return XCTFail("polygon expected") }
        XCTAssertEqual(ps.count, 1)
        XCTAssertEqual(Set(ps[0].exterior), Set(square(30, 30, 1, clockwise: true)))
        XCTAssertTrue(r.report.warnings.contains { $0.hasPrefix("record 3:") && $0.contains("counter-clockwise") })
    }

    func testSelfIntersectingPolygonIsRepairedAndReported() throws {
        let dir = try TempFolder()
        let p = dir.file("bow.shp")
        let bow: Ring = [Coordinate(0, 0), Coordinate(0, 2), Coordinate(2, 0), Coordinate(2, 2), Coordinate(0, 0)]
        try ShapefileWriter.write(path: p, kind: .polygon, shapes: [.polygons([Polygon(exterior: bow)])], fields: idField, rows: [[.number(1), .text("x")]])
        let r = try ShapefileReader().read(path: p)
        XCTAssertEqual(r.report.invalidRepaired.map(\.record), [1])
        // Our words and a place known by hand (the bow-tie's edges cross at (1, 1)), not GEOS's wording.
        XCTAssertTrue(r.report.invalidRepaired[0].reason.hasSuffix(" near 1.000000, 1.000000"), r.report.invalidRepaired[0].reason)
        guard case .polygons(let ps)? = r.layer.features[0].shape else { return XCTFail("repaired polygons expected") }
        XCTAssertEqual(ps.count, 2, "a bow-tie becomes two triangles")
    }

    func testUTMPrjIsTransformedLikePyproj() throws {
        let dir = try TempFolder()
        let p = dir.file("utm.shp")
        try ShapefileWriter.write(path: p, kind: .point, shapes: [.point(Coordinate(500000, 9350000)), .point(Coordinate(600000, 9300000))],
                                  fields: idField, rows: [[.number(1), .text("a")], [.number(2), .text("b")]])
        // EPSG:32734 in ESRI WKT, as pyproj writes it (CRS.from_epsg(32734).to_wkt("WKT1_ESRI")).
        let wkt = #"PROJCS["WGS_1984_UTM_Zone_34S",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",10000000.0],PARAMETER["Central_Meridian",21.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#
        try Data(wkt.utf8).write(to: URL(fileURLWithPath: dir.file("utm.prj")))
        let r = try ShapefileReader().read(path: p)
        XCTAssertEqual(r.report.crs, "transformed from WGS 84 / UTM zone 34S", "PROJ names the ESRI CRS by its EPSG name")
        // pyproj 3.7.2: Transformer.from_crs(32734, 4326, always_xy=True)
        //   (500000, 9350000) → (20.999999999999993, -5.880546985392212)
        //   (600000, 9300000) → (21.90411721472424, -6.332074006138051)
        guard case .point(let a)? = r.layer.features[0].shape, case .point(let b)? = r.layer.features[1].shape else { return XCTFail() }
        XCTAssertEqual(a.x, 21.0, accuracy: 1e-9); XCTAssertEqual(a.y, -5.880546985392212, accuracy: 1e-9)
        XCTAssertEqual(b.x, 21.90411721472424, accuracy: 1e-9); XCTAssertEqual(b.y, -6.332074006138051, accuracy: 1e-9)
    }

    func testNoPrjWithMetresIsRefused() throws {
        let dir = try TempFolder()
        let p = dir.file("m.shp")
        try ShapefileWriter.write(path: p, kind: .point, shapes: [.point(Coordinate(500000, 9350000))], fields: idField, rows: [[.number(1), .text("a")]])
        try FileManager.default.removeItem(atPath: dir.file("m.prj"))
        assertThrowsTargetingError(try ShapefileReader().read(path: p), containing: ["m.shp", "no .prj and coordinates are not degrees: add the .prj"])
    }

    func testDBFClaimingMillionsOfRecordsFailsFastWithAClearMessage() throws {
        let dir = try TempFolder()
        let p = try writeUnits(dir)
        try patch(dir.file("u.dbf"), at: 4, [0x00, 0x00, 0x40, 0x00]) // 4,194,304 records
        assertThrowsTargetingError(try ShapefileReader().read(path: p), containing: ["u.dbf", "claims 4194304 records", "room for 3 records"])
    }

    func testTruncatedSHPFailsWithAClearMessage() throws {
        let dir = try TempFolder()
        let p = try writeUnits(dir)
        let shp = try dir.bytes("u.shp")
        try Data(shp.prefix(shp.count - 20)).write(to: URL(fileURLWithPath: dir.file("u.shp")))
        assertThrowsTargetingError(try ShapefileReader().read(path: p), containing: ["u.shp", "record 3", "truncated"])
        try Data(shp.prefix(60)).write(to: URL(fileURLWithPath: dir.file("u.shp")))
        assertThrowsTargetingError(try ShapefileReader().read(path: p), containing: ["u.shp", "shorter than its 100-byte header"])
    }

    func testLimitsGiveAClearMessage() throws {
        let dir = try TempFolder()
        let p = try writeUnits(dir)
        assertThrowsTargetingError(try ShapefileReader(limits: ShapefileLimits(maxFileBytes: 100)).read(path: p), containing: ["u.shp", "over the limit of 100"])
        assertThrowsTargetingError(try ShapefileReader(limits: ShapefileLimits(maxRecords: 2)).read(path: p), containing: ["more than 2 records"])
    }

    func testBadNumberIsReportedAndReadAsNull() throws {
        let dir = try TempFolder()
        let p = dir.file("n.shp")
        try ShapefileWriter.write(path: p, kind: .point, shapes: [.point(Coordinate(1, 1))],
                                  fields: [FieldSchema(name: "POP", type: .real, width: 6, decimals: 1)], rows: [[.number(12.5)]])
        let dbf = try dir.bytes("n.dbf")
        let header = dbf.u16LE(8)
        try patch(dir.file("n.dbf"), at: header + 1, Array("  12,5".utf8)) // a French decimal comma
        let r = try ShapefileReader().read(path: p)
        XCTAssertEqual(r.layer.features[0].values, [.null])
        XCTAssertTrue(r.layer.diagnostics.contains { $0.code == .badValue && $0.location.record == 1 && $0.message.contains("12,5") })
    }

    func testInspectReportJSONIsStable() throws {
        let dir = try TempFolder()
        let p = try writeUnits(dir)
        let a = inspectShapefile(path: p).json(), b = inspectShapefile(path: p).json()
        XCTAssertEqual(a, b)
        XCTAssertTrue(a.contains("\"encoding_source\" : \"cpg\""), a)
        XCTAssertTrue(a.contains("\"null_shapes\" : [\n    2\n  ]"), a)
        XCTAssertTrue(inspectShapefile(path: p).text.contains("Null shapes: 1 (records 2)"))
    }

    private func patch(_ path: String, at offset: Int, _ bytes: [UInt8]) throws {
        var b = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        b.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
        try Data(b).write(to: URL(fileURLWithPath: path))
    }
}
