import XCTest
import Foundation
import Domain
import Joins
import Manifest
import ShapefileIO
@testable import Project

/// A small project built in a temporary folder: four square groupements in two territoires, an
/// ACLED-like CSV and a DTM table with an HXL row, one name-only row and one bad row.
final class ProjectLoaderTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("project-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        func square(_ x: Double, _ y: Double) -> Shape {
            .polygons([Polygon(exterior: [Coordinate(x, y), Coordinate(x, y + 1), Coordinate(x + 1, y + 1), Coordinate(x + 1, y), Coordinate(x, y)])])
        }
        try ShapefileWriter.write(
            path: dir.appendingPathComponent("groupements.shp").path, kind: .polygon,
            shapes: [square(22, -6), square(23, -6), square(22, -7), square(23, -7)],
            fields: [FieldSchema(name: "GRP_PCODE", type: .text), FieldSchema(name: "GRP_FR", type: .text),
                     FieldSchema(name: "ADM2_PCODE", type: .text), FieldSchema(name: "POP_2017", type: .integer)],
            rows: [[.text("CD9102001"), .text("Bena Tshiadi"), .text("CD9102"), .number(12000)],
                   [.text("CD9102002"), .text("Kasaï-Ntambwe"), .text("CD9102"), .number(8000)],
                   [.text("CD9104001"), .text("Luiza Centre"), .text("CD9104"), .null],
                   [.text("CD9104002"), .text("Mutefu"), .text("CD9104"), .number(5000)]])
        try """
        event_id_cnty,event_date,event_type,fatalities,latitude,longitude
        COD1,12 August 2016,Battles,3,-5.5,22.5
        COD2,2020-10-01,Violence against civilians,1,-5.5,23.5
        COD3,not a date,Battles,2,-6.5,22.5
        COD4,2019-01-01,Riots,0,-20.0,22.5
        """.write(to: dir.appendingPathComponent("acled.csv"), atomically: true, encoding: .utf8)
        try """
        admin2,pcode,name,idps,returnees,date
        #adm2+pcode,#adm3+pcode,#adm3+name,#affected+idps+ind,#affected+returnees+ind,#date+reported
        CD9102,CD9102001,Bena Tshiadi,100,50,2020-06-30
        CD9102,,kasai ntambwe,40,10,2020-06-30
        CD9104,CD9104002,Mutefu,abc,5,2020-06-30
        """.write(to: dir.appendingPathComponent("dtm.csv"), atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func manifest(_ extra: String = "", idps: String = "#affected+idps+ind") -> String {
        """
        name = "test"
        as_of = "2020-12-31"
        [units]
        path = "groupements.shp"
        id = "GRP_PCODE"
        name = "GRP_FR"
        population = "POP_2017"
        parent = "ADM2_PCODE"
        [layers.conflict]
        kind = "points"
        path = "acled.csv"
        date = "event_date"
        numbers = ["fatalities"]
        [layers.dtm]
        kind = "table"
        path = "dtm.csv"
        key = "#adm3+pcode"
        name = "#adm3+name"
        parent = "#adm2+pcode"
        date = "#date+reported"
        numbers = ["\(idps)", "#affected+returnees+ind"]
        \(extra)
        """
    }

    func load(_ text: String) throws -> LoadedProject {
        let path = dir.appendingPathComponent("targeting.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try ProjectLoader.load(manifestPath: path)
    }

    /// GDAL's loading starts with the reading of a project only when one of its files is in a
    /// format GDAL reads (GeoPackage, GeoJSON, zipped shapefile, workbook); a project of shapefiles
    /// and CSV files leaves it to the command (rank starts it once the project is read).
    func testGDALIsLoadedWithTheProjectOnlyForFormatsItReads() throws {
        func decision(_ extra: String) throws -> Bool {
            let path = dir.appendingPathComponent("targeting.toml").path
            try manifest(extra).write(toFile: path, atomically: true, encoding: .utf8)
            return ProjectLoader.readsThroughGDAL(try ProjectManifest(contentsOf: path))
        }
        XCTAssertFalse(try decision(""), "shapefile units and CSV layers need no GDAL")
        for file in ["zones.gpkg", "zones.geojson", "zones.zip", "services.xlsx"] {
            // The manifest checks that the file exists; nothing here reads it.
            XCTAssertTrue(FileManager.default.createFile(atPath: dir.appendingPathComponent(file).path, contents: Data()))
            let kind = file.hasSuffix("xlsx") ? "kind = \"table\"\nkey = \"pcode\"" : "kind = \"points\""
            XCTAssertTrue(try decision("[layers.extra]\n\(kind)\npath = \"\(file)\""), file)
        }
    }

    func testLoadsUnitsLayersAndCountsEveryRow() throws {
        let p = try load(manifest())
        XCTAssertEqual(p.units.ids.map(\.rawValue), ["CD9102001", "CD9102002", "CD9104001", "CD9104002"])
        XCTAssertEqual(p.units.names[1], "Kasaï-Ntambwe")
        XCTAssertNil(p.units.population[2], "a NULL population is unknown, not zero")
        XCTAssertTrue(p.diagnostics.contains { $0.code == .missingPopulation && $0.location.record == 3 })
        // ACLED: 4 rows, the bad date rejected and reported at its line (header = line 1).
        let acled = try XCTUnwrap(p.files.first { $0.entry == "layers.conflict" })
        XCTAssertEqual([acled.records, acled.kept, acled.rejected], [4, 3, 1])
        XCTAssertTrue(p.diagnostics.contains { $0.code == .badDate && $0.location.line == 4 })
        // DTM: the HXL row is not data; the bad number is rejected at line 5.
        let dtm = try XCTUnwrap(p.files.first { $0.entry == "layers.dtm" })
        XCTAssertEqual([dtm.records, dtm.kept, dtm.rejected], [3, 2, 1])
        XCTAssertTrue(p.diagnostics.contains { $0.code == .badNumber && $0.location.line == 5 })
        // Input hashes are those of the files' bytes (`sha256sum acled.csv`, not our own SHA-256).
        XCTAssertEqual(acled.sha256, "6e35ec123be1d4e416399cab32a64a13ec85fd195019edc1019cfff2792c06af")
    }

    func testFactsThroughTheLoadedLayers() throws {
        let p = try load(manifest())
        let engine = try FactEngine(units: p.units, layers: p.layers)
        // Events inside the units: COD1 in CD9102001, COD2 in CD9102002; COD4 is outside; COD3 was rejected.
        let count = try engine.compute(FactSpec(name: "events", layer: "conflict", aggregate: .count))
        XCTAssertEqual(count, [1, 1, 0, 0])
        XCTAssertEqual(try engine.placement(ofLayer: "conflict").outsideCount, 1)
        // DTM by HXL tag, the name-only row joined by name within its territoire.
        let idps = try engine.compute(FactSpec(name: "idps", layer: "dtm", aggregate: .latestSum(field: "#affected+idps+ind"),
                                               window: DateWindow(from: nil, to: ISODate(iso: "2020-12-31"))))
        // CD9104001 has no DTM row and CD9104002's only row was rejected (bad number): not assessed, unknown.
        XCTAssertEqual(idps, [100, 40, nil, nil])
        XCTAssertEqual(try engine.placement(ofLayer: "dtm").joinReport?.matchedByName.count, 1)
    }

    func testMisspeltFieldCitesManifestLineAndListsColumns() throws {
        XCTAssertThrowsError(try load(manifest(idps: "#affected+idp+ind"))) { error in
            let e = error as? TargetingError
            XCTAssertEqual(e?.location?.line, 21, "the numbers line of [layers.dtm]")
            XCTAssertTrue(e?.message.contains("#affected+idp+ind") ?? false, "\(error)")
            XCTAssertTrue(e?.message.contains("#affected+idps+ind") ?? false, "lists what the file has: \(error)")
        }
    }

    func testDuplicateUnitIDsAreAnError() throws {
        try ShapefileWriter.write(
            path: dir.appendingPathComponent("groupements.shp").path, kind: .polygon,
            shapes: [nil, nil], fields: [FieldSchema(name: "GRP_PCODE", type: .text), FieldSchema(name: "GRP_FR", type: .text),
                                         FieldSchema(name: "ADM2_PCODE", type: .text), FieldSchema(name: "POP_2017", type: .integer)],
            rows: [[.text("CD9102001"), .text("A"), .text("CD9102"), .number(1)], [.text("CD9102001"), .text("B"), .text("CD9102"), .number(2)]])
        XCTAssertThrowsError(try load(manifest())) { error in
            XCTAssertTrue("\(error)".contains("CD9102001 appears twice"), "\(error)")
            XCTAssertTrue("\(error)".contains("record 2"), "\(error)")
        }
    }
}
