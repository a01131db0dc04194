import XCTest
import Domain
import CGDAL
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

    /// The GeoPackage made in GDAL's memory has the bytes of the file GDAL writes in a folder
    /// (the independent answer), with polygons, lines and points, and leaves nothing in memory.
    func testImageInMemoryHasTheBytesOfTheFileWritten() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gpkg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var many: [Shape?] = [], rows: [[Value]] = []
        for i in 0..<500 {
            let d = Double(i) / 10
            let ring = (0..<(4 + i % 50)).map { k in Coordinate(d + cos(Double(k) / 8), -d + sin(Double(k) / 8)) }
            many.append(i % 9 == 4 ? nil : .polygons([Polygon(exterior: ring + [ring[0]])]))
            rows.append([.number(Double(i)), .text("unit \(i)")])
        }
        let columns: [GeoPackageWriter.Column] = [.init(name: "rank", type: .integer), .init(name: "name", type: .text)]
        let layers: [[Shape?]] = [many, [.lines([[Coordinate(0, 0), Coordinate(1, 1)], [Coordinate(2, 2), Coordinate(3, 5)]]), nil],
                                  [.point(Coordinate(22.4, -5.9)), .point(Coordinate(0, 0))]]
        for (k, shapes) in layers.enumerated() {
            let file = dir.appendingPathComponent("\(k).gpkg").path
            let cut = Array(rows.prefix(shapes.count))
            try GeoPackageWriter.write(path: file, layer: "units", columns: columns, shapes: shapes, rows: cut)
            let image = try XCTUnwrap(GeoPackageWriter.image(reportedAs: file, layer: "units", columns: columns, shapes: shapes, rows: cut,
                                                             byteLimit: 1 << 30))
            XCTAssertEqual(image.withUnsafeBytes { Data($0) }, try Data(contentsOf: URL(fileURLWithPath: file)), "layer \(k)")
        }
        XCTAssertEqual(GeoPackageWriter.filesInMemory(), [], "nothing left in GDAL's memory")
        XCTAssertNil(try GeoPackageWriter.image(reportedAs: "u.gpkg", layer: "units", columns: columns, shapes: many, rows: rows, byteLimit: 100_000))
    }

    /// Room made in a memory file leaves its length and bytes as they were (SQLite, writing
    /// the GeoPackage there, must see the same file).
    func testReservingRoomLeavesTheMemoryFileAsItWas() throws {
        try GDAL.ready()
        let name = "/vsimem/targeting-test-\(UUID().uuidString)/x.gpkg"
        defer { VSIUnlink(name) }
        let bytes: [UInt8] = (0 ..< 10_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let file = try XCTUnwrap(VSIFOpenL(name, "wb"))
        XCTAssertEqual(bytes.withUnsafeBytes { VSIFWriteL($0.baseAddress, 1, bytes.count, file) }, bytes.count)
        VSIFCloseL(file)
        XCTAssertTrue(GeoPackageWriter.reserve(1 << 20, in: name))
        var length: vsi_l_offset = 0
        let kept = try XCTUnwrap(VSIGetMemFileBuffer(name, &length, 0))
        XCTAssertEqual(Array(UnsafeBufferPointer(start: kept, count: Int(length))), bytes)
    }
}
