import Foundation
import XCTest
import Domain
@testable import ShapefileIO

/// Reads every shapefile of the peer corpus (../shared/corpus, beside the repository). Known
/// answers come from shapelib's own expected outputs (tests/expect1.out) and, for pyshp's files,
/// from pyshp 3.1.6 (`shapefile.Reader(p).shapeType / len / fields / null shapes`, run in a
/// scratch script on these exact files).
final class CorpusTests: XCTestCase {
    static let corpus: String = {
        // Tests/ShapefileIOTests/CorpusTests.swift → package root → ../shared/corpus
        let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.deletingLastPathComponent().appendingPathComponent("shared/corpus").path
    }()

    func corpusPath(_ rel: String) throws -> String {
        guard FileManager.default.fileExists(atPath: CorpusTests.corpus) else {
            throw XCTSkip("peer corpus not found at \(CorpusTests.corpus) (it lives in ../shared/corpus beside the repository)")
        }
        return CorpusTests.corpus + "/" + rel
    }

    /// Lenient reader for files without a .prj in projected units: counts and fields still checked.
    let inspecting = ShapefileReader(unknownCRS: .keepAsStored)

    struct Known { let rel: String; let type: String; let records: Int; let fields: [String]; let nulls: [Int] }

    // pyshp 3.1.6 answers (shape type, records, field names, 1-based null shapes).
    let pyshpKnown: [Known] = [
        Known(rel: "pyshp/current/tests/shapefiles/blockgroups.shp", type: "Polygon", records: 663, fields: [], nulls: []),
        Known(rel: "pyshp/current/tests/shapefiles/edit.shp", type: "Polygon", records: 663, fields: ["BKG_KEY", "MEDIANRENT"], nulls: []),
        Known(rel: "pyshp/current/tests/shapefiles/merge.shp", type: "Polygon", records: 6630, fields: [], nulls: []),
        Known(rel: "pyshp/current/tests/shapefiles/corrupt_too_long.shp", type: "PolyLine", records: 10, fields: ["test"], nulls: []),
        Known(rel: "pyshp/hist/shapefiles/test/MyPolyZ.shp", type: "PolygonZ", records: 1, fields: ["NAME"], nulls: []),
        Known(rel: "pyshp/hist/shapefiles/test/NullTest.shp", type: "Point", records: 3, fields: ["id", "MY_TEXT", "MY_INT", "MY_REAL", "MY_DATE"], nulls: []),
        Known(rel: "pyshp/hist/shapefiles/test/balancing.shp", type: "Point", records: 7, fields: ["field1", "field2"], nulls: [3, 7]),
        Known(rel: "pyshp/hist/shapefiles/test/contextwriter.shp", type: "Null", records: 0, fields: ["field1"], nulls: []),
        Known(rel: "pyshp/hist/shapefiles/test/dtype.shp", type: "Null", records: 2, fields: ["FIRST_FLD", "SECOND_FLD"], nulls: [1, 2]),
        Known(rel: "pyshp/hist/shapefiles/test/line.shp", type: "PolyLine", records: 1, fields: ["name"], nulls: []),
        Known(rel: "pyshp/hist/shapefiles/test/linem.shp", type: "PolyLineM", records: 1, fields: ["name"], nulls: []),
        Known(rel: "pyshp/hist/shapefiles/test/linez.shp", type: "PolyLineZ", records: 1, fields: ["name"], nulls: []),
        Known(rel: "pyshp/hist/shapefiles/test/multipoint.shp", type: "MultiPoint", records: 1, fields: ["name"], nulls: []),
        Known(rel: "pyshp/hist/shapefiles/test/point.shp", type: "Point", records: 1, fields: ["name"], nulls: []),
        Known(rel: "pyshp/hist/shapefiles/test/polygon.shp", type: "Polygon", records: 1, fields: ["name"], nulls: []),
        Known(rel: "pyshp/hist/shapefiles/test/shapetype.shp", type: "Point", records: 0, fields: ["field1"], nulls: []),
        Known(rel: "shapelib/tests/shape_eg_data/mexico/cities.shp", type: "Point", records: 36, fields: ["NAME", "CAPITAL", "STATE_NAME", "POPULATION"], nulls: []),
        Known(rel: "shapelib/tests/shape_eg_data/mexico/states.shp", type: "Polygon", records: 32, fields: ["AREA", "CODE", "NAME"], nulls: []),
        Known(rel: "shapelib/tests/shape_eg_data/mexico/roads.shp", type: "PolyLine", records: 105, fields: ["LENGTH", "TYPE", "ADMN_CLASS", "TOLL_RD", "RTE_NUM1", "RTE_NUM2", "ROUTE"], nulls: []),
        Known(rel: "shapelib/tests/shape_eg_data/CoHI_GCS12.shp", type: "Polygon", records: 4,
              fields: ["atlas_stco", "atlas_name", "atlas_caps", "atlas_area", "atlas_acre", "entity", "cntya", "cntyn"], nulls: []),
        // shapelib expect1.out: "Shapefile Type: Polygon # of Shapes: 201", "ArcZ 122", "Polygon 474", "Arc 124" with
        // Shape:3,4,5 NullShape (0-based; pyshp finds 24 null shapes in csah, the first 12 listed here).
        Known(rel: "shapelib/tests/shape_eg_data/anno.shp", type: "Polygon", records: 201, fields: [], nulls: []),
        Known(rel: "shapelib/tests/shape_eg_data/brklinz.shp", type: "PolyLineZ", records: 122, fields: [], nulls: []),
        Known(rel: "shapelib/tests/shape_eg_data/polygon.shp", type: "Polygon", records: 474, fields: [], nulls: []),
    ]

    func testKnownCountsTypesFieldsAndNullShapes() throws {
        for k in pyshpKnown {
            let result = try inspecting.read(path: try corpusPath(k.rel))
            XCTAssertEqual(result.report.shapeType?.description, k.type, k.rel)
            XCTAssertEqual(result.layer.features.count, k.records, k.rel)
            if !k.fields.isEmpty { XCTAssertEqual(result.layer.fields.map(\.name), k.fields, k.rel) }
            XCTAssertEqual(result.report.nullShapes, k.nulls, k.rel)
            XCTAssertTrue(result.layer.features.enumerated().allSatisfy { $0.element.location.record == $0.offset + 1 }, k.rel)
        }
    }

    func testCsahNullShapesMatchShapelibAndPyshp() throws {
        let r = try inspecting.read(path: try corpusPath("shapelib/tests/shape_eg_data/csah.shp"))
        XCTAssertEqual(r.report.shapeType, .shapefile(typeCode: 3))  // PolyLine
        XCTAssertEqual(r.layer.features.count, 124)
        XCTAssertEqual(r.report.nullShapes.count, 24)
        XCTAssertEqual(Array(r.report.nullShapes.prefix(12)), [4, 5, 6, 20, 21, 22, 23, 24, 25, 26, 27, 28])
        XCTAssertNil(r.layer.features[3].shape)
        XCTAssertFalse(r.layer.features[3].values.allSatisfy(\.isNull), "a null shape keeps its attributes")
    }

    func testPlineDBFFieldsFromShapelibExpectedOutput() throws {
        // expect1.out Test 4 lists pline.dbf's 19 fields; its LDID 0x1B is US OEM 437.
        let r = try inspecting.read(path: try corpusPath("shapelib/tests/shape_eg_data/pline.shp"))
        XCTAssertEqual(r.layer.fields.map(\.name), ["FNODE_", "TNODE_", "LPOLY_", "RPOLY_", "LENGTH", "PLINE_", "PLINE_ID", "UID", "GISO_TYPE_", "SYMBOL",
                                                    "LOCK__ID", "PHASE__ID", "OBJECT__ID", "TYPE", "SYM_NBR", "PHASE", "CKT_NM", "VOLTAGE", "CMPN"])
        XCTAssertEqual(r.layer.fields[4].type, .real, "F field")
        XCTAssertEqual(r.layer.fields[4].decimals, 3)
        XCTAssertEqual(r.layer.fields[9].type, .integer, "N(6,0)")
        XCTAssertEqual(r.layer.fields[13].width, 50)
        XCTAssertEqual(r.report.encoding, "CP437")
        XCTAssertEqual(r.report.encodingSource, .languageDriver)
        XCTAssertEqual(r.layer.features.count, 460)
    }

    func testLatin1NamesDecoded() throws {
        for rel in ["pyshp/current/tests/shapefiles/latin1.shp", "pyshp/hist/shapefiles/test/latin1.shp"] {
            let r = try ShapefileReader().read(path: try corpusPath(rel))
            // pyshp (encoding="latin1") reads the name as "Ñandú"; no .cpg and LDID 0, so guessed.
            XCTAssertEqual(r.layer.features.first?.values, [.number(2), .text("Ñandú")], rel)
            XCTAssertEqual(r.report.encodingSource, .guessed)
            XCTAssertTrue(r.report.warnings.contains { $0.contains("no .shx: index rebuilt from the .shp") }, rel)
        }
    }

    func testNullAttributesAreNullNotZero() throws {
        // NullTest.dbf, by its bytes: records 1 and 3 hold only an id (blank text, '*'-filled
        // numbers, a '00000000' date); record 2 has a value in every field.
        let r = try inspecting.read(path: try corpusPath("pyshp/hist/shapefiles/test/NullTest.shp"))
        XCTAssertEqual(r.layer.features.count, 3)
        XCTAssertEqual(r.layer.features[0].values.first, .number(3))
        XCTAssertTrue(r.layer.features[0].values.dropFirst().allSatisfy(\.isNull))
        XCTAssertEqual(r.layer.features[1].values, [.number(2), .text("Number two has data"), .number(42), .number(123.45),
                                                    .date(ISODate(year: 2014, month: 12, day: 3)!)])
        XCTAssertEqual(r.layer.features[2].values.first, .number(1))
        XCTAssertTrue(r.layer.features[2].values.dropFirst().allSatisfy(\.isNull))
    }

    func testUnsupportedAndCorruptFilesGiveMessagesNamingFileAndProblem() throws {
        for rel in ["pyshp/hist/shapefiles/test/multipatch.shp", "shapelib/tests/shape_eg_data/multipatch.shp", "shapelib/tests/shape_eg_data/mpatch3.shp"] {
            let path = try corpusPath(rel)
            let report = inspectShapefile(path: path)
            XCTAssertEqual(report.error?.contains(path), true, rel)
            XCTAssertEqual(report.error?.contains("MultiPatch"), true, rel)
        }
        let tooLong = try inspecting.read(path: try corpusPath("pyshp/current/tests/shapefiles/corrupt_too_long.shp"))
        XCTAssertTrue(tooLong.report.warnings.contains { $0.contains("header says the file is 1144 bytes but it has 1145") })
        // Projected metres without a .prj: refused for analysis, described (with a warning) by inspect.
        let anno = try corpusPath("shapelib/tests/shape_eg_data/anno.shp")
        XCTAssertThrowsError(try ShapefileReader().read(path: anno)) { error in
            XCTAssertTrue("\(error)".contains("no .prj and coordinates are not degrees"), "\(error)")
        }
        let projected = inspectShapefile(path: anno)
        XCTAssertNil(projected.error)
        XCTAssertEqual(projected.records, 201)
        XCTAssertTrue(projected.warnings.contains { $0.contains("no .prj and coordinates are not degrees") })
    }

    func testInconsistentSHXIsDetectedAndTheSHPTrusted() throws {
        // 3dpoints.shx's entry 6 points into the middle of record 5: the .shp holds 22 records.
        let r = try inspecting.read(path: try corpusPath("shapelib/tests/shape_eg_data/3dpoints.shp"))
        XCTAssertEqual(r.layer.features.count, 22)
        XCTAssertTrue(r.report.warnings.contains { $0.contains(".shx entry for record 6") && $0.contains("index rebuilt") })
        XCTAssertTrue(r.report.warnings.contains { $0.contains("Z and M values were dropped") })
    }

    func testNAD83PrjIsTransformed() throws {
        let r = try ShapefileReader().read(path: try corpusPath("shapelib/tests/shape_eg_data/CoHI_GCS12.shp"))
        XCTAssertEqual(r.report.crs, "transformed from NAD83")
        let b = try XCTUnwrap(r.report.bbox)
        XCTAssertTrue(b[0] > -161 && b[2] < -154 && b[1] > 18 && b[3] < 23, "Hawaii in lon/lat order: \(b)")
    }

    func testEveryCorpusFileEndsWithoutCrashOrHang() throws {
        let root = try corpusPath("")
        let e = FileManager.default.enumerator(atPath: root)
        var count = 0
        while let p = e?.nextObject() as? String {
            guard p.lowercased().hasSuffix(".shp") else { continue }
            let r = inspectShapefile(path: root + p)
            XCTAssertTrue(r.error != nil || r.shapeType != nil, p)
            count += 1
        }
        XCTAssertEqual(count, 41)
    }
}
