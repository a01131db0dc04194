import XCTest
import Domain
import ShapefileIO
import Tables
@testable import VectorFormats

/// Every format read through GDAL gives what the same data gives from the shapefile (shapelib)
/// and the CSV (our reader): the fixtures are one layer written by GDAL in each format.
final class ReadFormatsTests: XCTestCase {
    func reference(_ stem: String) throws -> Layer {
        try ShapefileReader().read(path: GDALFixtures.path("shp/\(stem).shp")).layer
    }

    /// Same fields (by name), same values, same shapes (to `tolerance` degrees), record by record.
    func assertSame(_ a: Layer, _ b: Layer, tolerance: Double = 0, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.features.count, b.features.count, "record count", file: file, line: line)
        for f in a.fields {
            guard let j = b.fieldIndex(f.name), let i = a.fieldIndex(f.name) else { XCTFail("field \(f.name) missing", file: file, line: line); continue }
            for (x, y) in zip(a.features, b.features) where x.values[i].text != y.values[j].text {
                // Numbers compare as numbers (a DBF N(24,15) and a REAL print differently).
                if let p = x.values[i].number, let q = y.values[j].number, abs(p - q) <= 1e-9 * max(1, abs(p)) { continue }
                XCTFail("field \(f.name) record \(x.location.record ?? 0): \(x.values[i]) vs \(y.values[j])", file: file, line: line)
                return
            }
        }
        for (x, y) in zip(a.features, b.features) {
            guard let s = x.shape, let t = y.shape else { XCTAssertEqual(x.shape == nil, y.shape == nil, file: file, line: line); continue }
            let p = coordinates(s), q = coordinates(t)
            XCTAssertEqual(p.count, q.count, "vertex count, record \(x.location.record ?? 0)", file: file, line: line)
            let worst = zip(p, q).map { max(abs($0.x - $1.x), abs($0.y - $1.y)) }.max() ?? 0
            XCTAssertLessThanOrEqual(worst, tolerance, "record \(x.location.record ?? 0)", file: file, line: line)
        }
    }

    func coordinates(_ s: Shape) -> [Coordinate] {
        switch s {
        case .point(let c): return [c]
        case .multiPoint(let cs): return cs
        case .lines(let ls): return ls.flatMap { $0 }
        case .polygons(let ps): return ps.flatMap { [$0.exterior] + $0.holes }.flatMap { $0 }
        }
    }

    func testGeoPackageLayersEqualTheShapefiles() throws {
        let units = try VectorInput().read(path: GDALFixtures.path("formats/kasai.gpkg"), layer: "groupements")
        assertSame(try reference("groupements"), units.layer)
        XCTAssertEqual(units.report.encoding, "UTF-8")
        XCTAssertEqual(units.report.crs, "WGS 84")
        XCTAssertEqual(units.layer.features[4].location, SourceLocation(file: GDALFixtures.path("formats/kasai.gpkg"), record: 5))
        let health = try VectorInput().read(path: GDALFixtures.path("formats/kasai.gpkg"), layer: "health")
        assertSame(try reference("health"), health.layer)
    }

    func testGeoJSONEqualsTheShapefile() throws {
        assertSame(try reference("groupements"), try VectorInput().read(path: GDALFixtures.path("formats/groupements.geojson")).layer)
        assertSame(try reference("health"), try VectorInput().read(path: GDALFixtures.path("formats/health.geojson")).layer)
    }

    func testZippedShapefileEqualsTheShapefileAndCitesTheMember() throws {
        let zip = GDALFixtures.path("formats/groupements.zip")
        let read = try VectorInput().read(path: zip)
        assertSame(try reference("groupements"), read.layer)
        XCTAssertEqual(read.layer.path, zip + "/cod_ab/groupements.shp")
        XCTAssertEqual(read.layer.features[0].location.file, zip + "/cod_ab/groupements.shp")
        XCTAssertEqual(read.report.layer, "cod_ab/groupements")
        let health = try VectorInput().read(path: GDALFixtures.path("formats/layers.zip"), layer: "health")
        assertSame(try reference("health"), health.layer)
    }

    func testProjectedGeoPackageIsTransformedToWGS84() throws {
        let read = try VectorInput().read(path: GDALFixtures.path("formats/groupements_utm34s.gpkg"))
        // pyogrio projected the shapefile's coordinates with PROJ; we project them back.
        assertSame(try reference("groupements"), read.layer, tolerance: 1e-7)
        XCTAssertEqual(read.report.crs, "transformed from WGS 84 / UTM zone 34S")
        XCTAssertTrue(read.layer.diagnostics.contains { $0.code == .crsTransformed })
    }

    func testSeveralLayersAndNoneNamedIsAnErrorListingThem() {
        let gpkg = GDALFixtures.path("formats/kasai.gpkg")
        XCTAssertThrowsError(try VectorInput().read(path: gpkg)) { e in
            XCTAssertEqual((e as? TargetingError)?.description,
                           "\(gpkg): the file holds 3 layers (\"groupements\", \"health\", \"dtm\"): say which one to read\n  hint: add layer = \"groupements\" (or another of them) to this entry of the manifest")
        }
        let zip = GDALFixtures.path("formats/layers.zip")
        XCTAssertThrowsError(try VectorInput().read(path: zip)) { e in
            XCTAssertEqual((e as? TargetingError)?.message, "the file holds 2 shapefiles (\"groupements\", \"health\"): say which one to read")
        }
        XCTAssertThrowsError(try VectorInput().read(path: gpkg, layer: "groupement")) { e in
            XCTAssertEqual((e as? TargetingError)?.message, "the file has no layer named \"groupement\"; its layers are: \"groupements\", \"health\", \"dtm\"")
            XCTAssertEqual((e as? TargetingError)?.hint, "did you mean layer = \"groupements\"? set layer = \"…\" to one of them")
        }
    }

    func testInvalidPolygonRepairedAndNullShapeReportedWithRecordNumbers() throws {
        let read = try VectorInput().read(path: GDALFixtures.path("odd/repairs.gpkg"))
        XCTAssertEqual(read.report.invalidRepaired.map(\.record), [2])
        // The reason is GEOS's wording; ours is the code and the record it is reported at.
        XCTAssertEqual(read.layer.diagnostics.filter { $0.code == .invalidRepaired }.map(\.location.record), [2])
        XCTAssertEqual(read.report.nullShapes, [3])
        XCTAssertEqual(read.layer.features[0].values.map(\.text), ["A", "Kasaï"])
        // The bow-tie (22,-5)-(23,-6)-(23,-5)-(22,-6) is two triangles of 0.25 square degrees each.
        guard case .polygons(let ps)? = read.layer.features[1].shape else { return XCTFail("no repaired shape") }
        XCTAssertEqual(ps.count, 2)
    }

    func testAShapeOfAnotherKindIsRejectedWithItsNumber() throws {
        let read = try VectorInput().read(path: GDALFixtures.path("odd/mixed.geojson"))
        XCTAssertEqual(read.report.rejectedRows, [.init(record: 2, reason: "a point among polygons: a layer holds one kind of shape")])
        XCTAssertNil(read.layer.features[1].shape)
        XCTAssertEqual(read.layer.features.count, 2)
    }

    func testWorkbookSheetReadsAsTheCSV() throws {
        let csv = try CSVReader.read(path: GDALFixtures.path("shp/dtm.csv"))
        let sheet = try WorkbookReader().read(path: GDALFixtures.path("formats/dtm.xlsx"), sheet: "dtm")
        XCTAssertEqual(sheet.header, csv.header)
        XCTAssertEqual(sheet.tags, csv.tags)
        XCTAssertEqual(sheet.hashtagRowLine, 2)
        XCTAssertEqual(sheet.rowCount, csv.rowCount)
        for r in 0..<csv.rowCount {
            XCTAssertEqual(sheet.row(r), csv.row(r), "row \(r)")
            XCTAssertEqual(sheet.line(ofRow: r), csv.line(ofRow: r))
        }
    }

    func testGeoPackageAttributeTableReadsAsTheCSVRows() throws {
        let csv = try CSVReader.read(path: GDALFixtures.path("shp/dtm.csv"))
        let read = try VectorInput().read(path: GDALFixtures.path("formats/kasai.gpkg"), layer: "dtm")
        XCTAssertEqual(read.report.shapeType, .gdalLayer(name: "None", hasGeometry: false))
        XCTAssertEqual(read.report.nullShapes, [], "a table has no shapes to call null")
        XCTAssertEqual(read.layer.features.count, csv.rowCount)
        let code = try XCTUnwrap(read.layer.fieldIndex("Code groupement")), idps = try XCTUnwrap(read.layer.fieldIndex("Déplacés (individus)"))
        let date = try XCTUnwrap(read.layer.fieldIndex("Date"))
        XCTAssertEqual(read.layer.fields[idps].type, .integer)
        for r in 0..<csv.rowCount {
            let f = read.layer.features[r]
            XCTAssertEqual(f.values[code].text, csv.cell(row: r, column: 5))
            XCTAssertEqual(f.values[idps].number, Double(csv.cell(row: r, column: 6)))
            XCTAssertEqual(f.values[date].text, csv.cell(row: r, column: 13))
        }
    }

    func testWorkbookWithSeveralSheetsAndNoneNamed() {
        let xlsx = GDALFixtures.path("formats/dtm.xlsx")
        XCTAssertThrowsError(try WorkbookReader().read(path: xlsx, sheet: nil)) { e in
            XCTAssertEqual((e as? TargetingError)?.message, "the file holds 2 sheets (\"notes\", \"dtm\"): say which one to read")
        }
    }
}
