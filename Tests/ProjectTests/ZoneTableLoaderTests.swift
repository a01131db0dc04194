import XCTest
import Foundation
import Domain
import Joins
import ShapefileIO
@testable import Project

/// A DTM table by health zone, joined to its zone layer (`zones = "health_zones"`), never to the
/// units: three 1° groupements side by side and two zones cutting across them, whose names
/// repeat groupement names on purpose (a name join would attach the rows to the wrong places).
///
///     x = 22      23   23.5   24       25      (latitude -6 … -5)
///         |  G1   |  G2  |  G2  |  G3   |
///         |     ZA (CD91ZS01)   |  ZB (CD91ZS02)  |
final class ZoneTableLoaderTests: XCTestCase {
    var dir: URL!

    static func box(_ x0: Double, _ x1: Double) -> Shape {
        .polygons([Polygon(exterior: [Coordinate(x0, -6), Coordinate(x0, -5), Coordinate(x1, -5), Coordinate(x1, -6), Coordinate(x0, -6)])])
    }

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("zones-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try ShapefileWriter.write(
            path: dir.appendingPathComponent("groupements.shp").path, kind: .polygon,
            shapes: [Self.box(22, 23), Self.box(23, 24), Self.box(24, 25)],
            fields: [FieldSchema(name: "GRP_PCODE", type: .text), FieldSchema(name: "GRP_FR", type: .text)],
            rows: [[.text("CD9102001"), .text("Kasaï-Ntambwe")], [.text("CD9102002"), .text("Bena Tshiadi")],
                   [.text("CD9102003"), .text("Mutefu")]])
        try writeZones(codes: ["CD91ZS01", "CD91ZS02"])
        try """
        Zone,ZS_PCODE,idps,date
        #loc+name+zs,#loc+pcode+zs,#affected+idps+ind,#date+reported
        Bena Tshiadi, cd91zs01 ,600,2020-09-30
        Mutefu,CD91ZS02,900,2020-09-30
        Mutefu,CD91ZS02,300,2020-06-30
        Luiza,CD91ZS09,50,2020-09-30
        """.write(to: dir.appendingPathComponent("dtm_zs.csv"), atomically: true, encoding: .utf8)
    }

    func writeZones(codes: [String]) throws {
        try ShapefileWriter.write(
            path: dir.appendingPathComponent("zones.shp").path, kind: .polygon,
            shapes: [Self.box(22, 23.5), Self.box(23.5, 25)],
            fields: [FieldSchema(name: "ZS_PCODE", type: .text), FieldSchema(name: "ZS_FR", type: .text)],
            rows: [[.text(codes[0]), .text("Bena Tshiadi")], [.text(codes[1]), .text("Mutefu")]])
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func manifest(zoneExtra: String = "") -> String {
        """
        name = "zones"
        [units]
        path = "groupements.shp"
        id = "GRP_PCODE"
        name = "GRP_FR"
        [layers.dtm_zones]
        kind = "table"
        path = "dtm_zs.csv"
        zones = "health_zones"
        key = "#loc+pcode+zs"
        name = "#loc+name+zs"
        date = "#date+reported"
        numbers = ["#affected+idps+ind"]
        [layers.health_zones]
        kind = "polygons"
        path = "zones.shp"
        id = "ZS_PCODE"
        name = "ZS_FR"
        \(zoneExtra)
        """
    }

    func load(_ text: String) throws -> LoadedProject {
        let path = dir.appendingPathComponent("targeting.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try ProjectLoader.load(manifestPath: path)
    }

    func testRowsTakeTheirZonesShapeByCodeOnly() throws {
        // The zone layer comes after the table in the manifest: the join waits for it.
        let p = try load(manifest())
        let table = try XCTUnwrap(p.layers.first { $0.name == "dtm_zones" })
        let zones = try XCTUnwrap(p.layers.first { $0.name == "health_zones" })
        XCTAssertEqual(table.layer.features.count, 4, "one feature per row, rounds kept apart")
        XCTAssertEqual(table.layer.features[0].shape, zones.layer.features[0].shape, "' cd91zs01 ' is CD91ZS01 after trimming and upper-casing")
        XCTAssertEqual(table.layer.features[1].shape, zones.layer.features[1].shape)
        XCTAssertEqual(table.layer.features[2].shape, zones.layer.features[1].shape)
        XCTAssertNil(table.layer.features[3].shape, "CD91ZS09 names no zone")
        guard case .apportioned(let a) = table.roles.placement else { return XCTFail("\(table.roles.placement)") }
        XCTAssertEqual(a, ZoneApportioning(method: .area, zoneField: "#loc+pcode+zs"))

        let unknown = try XCTUnwrap(p.diagnostics.first { $0.code == .unknownZone })
        XCTAssertEqual(unknown.location.line, 6)
        XCTAssertTrue(unknown.location.file.hasSuffix("dtm_zs.csv"))
        XCTAssertEqual(unknown.hint, "nearest zone codes: CD91ZS01, CD91ZS02")
        XCTAssertFalse(p.diagnostics.contains { $0.code == .notJoined }, "no row is joined to a groupement")
    }

    func testLatestRoundPerZoneIsApportionedByArea() throws {
        let p = try load(manifest())
        let engine = try FactEngine(units: p.units, layers: p.layers)
        let idps = try engine.compute(FactSpec(name: "idps", layer: "dtm_zones", aggregate: .latestSum(field: "#affected+idps+ind"),
                                               window: DateWindow(from: nil, to: ISODate(iso: "2020-12-31"))))
        // ZA (600) is 2/3 in G1 and 1/3 in G2; ZB's latest round (900) is 1/3 in G2, 2/3 in G3.
        // By hand on meridian/parallel boxes; the geodesic top and bottom edges move it by < 1e-4.
        let want: [Double] = [400, 200 + 300, 600]
        for (g, w) in zip(idps, want) { XCTAssertEqual(g ?? .nan, w, accuracy: w * 1e-4) }
        let placement = try engine.placement(ofLayer: "dtm_zones")
        XCTAssertEqual(placement.placedCount, 3)
        XCTAssertEqual(placement.outsideCount, 1, "the row with an unknown code")
    }

    func testDuplicateZoneCodesAreAnError() throws {
        try writeZones(codes: ["CD91ZS01", " cd91zs01"])
        XCTAssertThrowsError(try load(manifest())) { error in
            let e = error as? TargetingError
            XCTAssertTrue(e?.message.hasPrefix("zone code CD91ZS01 (field ZS_PCODE) appears twice in layer 'health_zones'") ?? false, "\(error)")
            XCTAssertEqual(e?.location?.record, 2)
        }
    }

    func testPopulationFieldMissingFromThePointsCitesTheManifestLine() throws {
        try """
        name,pop,longitude,latitude
        Kalamba,1200,22.5,-5.5
        """.write(to: dir.appendingPathComponent("villages.csv"), atomically: true, encoding: .utf8)
        let extra = """
        apportion = "population"
        population_points = "villages"
        population_field = "population"
        [layers.villages]
        kind = "points"
        path = "villages.csv"
        """
        XCTAssertThrowsError(try load(manifest(zoneExtra: extra))) { error in
            let e = error as? TargetingError
            XCTAssertEqual(e?.location?.line, 21, "the population_field line")
            XCTAssertTrue(e?.message.contains("names field 'population'") ?? false, "\(error)")
            XCTAssertTrue(e?.message.hasSuffix("villages.csv has: name, pop, longitude, latitude") ?? false, "\(error)")
        }
    }
}
