import XCTest
import Domain
@testable import VectorFormats

/// The GeoPackage writer, read back through GDAL by our own reader: names, types, values, shapes,
/// and the same bytes for the same rows whatever the time of writing.
final class GeoPackageWriterTests: XCTestCase {
    let square = Polygon(exterior: [Coordinate(20, -5), Coordinate(21, -5), Coordinate(21, -6), Coordinate(20, -6), Coordinate(20, -5)],
                         holes: [[Coordinate(20.2, -5.2), Coordinate(20.2, -5.4), Coordinate(20.4, -5.4), Coordinate(20.2, -5.2)]])

    func write(_ path: String) throws {
        try GeoPackageWriter.write(path: path, layer: "units",
                                   columns: [.init(name: "rank", type: .integer), .init(name: "score", type: .real),
                                             .init(name: "Score", type: .real), .init(name: "a_name_longer_than_ten", type: .text)],
                                   shapes: [.polygons([square]), nil],
                                   rows: [[.number(1), .number(7.25), .number(3), .text("Kasaï — 卡赛")], [.number(2), .null, .number(0), .null]])
    }

    func testRoundTripWithFullAndUniqueNames() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gpkg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("units.gpkg").path
        try write(path)
        let read = try VectorInput().read(path: path)
        XCTAssertEqual(read.layer.fields.map(\.name), ["rank", "score", "Score_2", "a_name_longer_than_ten"])
        XCTAssertEqual(read.layer.fields.map(\.type), [.integer, .real, .real, .text])
        XCTAssertEqual(read.layer.features[0].values, [.number(1), .number(7.25), .number(3), .text("Kasaï — 卡赛")])
        XCTAssertEqual(read.layer.features[1].values, [.number(2), .null, .number(0), .null])
        XCTAssertEqual(read.layer.features[0].shape, .polygons([square]))
        XCTAssertNil(read.layer.features[1].shape)
        XCTAssertEqual(read.report.crs, "WGS 84")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["units.gpkg"], "no journal left behind")
    }

    func testSameRowsSameBytesAcrossTime() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gpkg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try write(dir.appendingPathComponent("a.gpkg").path)
        // A different second on the clock: GDAL would otherwise record it in gpkg_contents.
        Thread.sleep(forTimeInterval: 1.1)
        try write(dir.appendingPathComponent("b.gpkg").path)
        XCTAssertEqual(try Data(contentsOf: dir.appendingPathComponent("a.gpkg")), try Data(contentsOf: dir.appendingPathComponent("b.gpkg")))
    }

    func testUniqueNamesIgnoreCaseAndKeepTheTablesOwnColumns() {
        XCTAssertEqual(GeoPackageWriter.uniqueNames(["score", "Score", "score", "fid", "Events", "events"]),
                       ["score", "Score_2", "score_3", "fid_2", "Events", "events_2"])
    }
}
