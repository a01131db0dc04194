import Foundation
import XCTest
import Domain
@testable import ShapefileIO

/// The validity checks run in slices on several threads; what they find must land on the right
/// records, in record order, as when one thread checked every polygon.
final class PolygonValidityTests: XCTestCase {
    /// A bow-tie whose two edges cross at (x + 1, y + 1): GEOS reports the self-intersection there.
    func bowTie(_ x: Double, _ y: Double) -> Ring {
        [Coordinate(x, y), Coordinate(x, y + 2), Coordinate(x + 2, y), Coordinate(x + 2, y + 2), Coordinate(x, y)]
    }

    func testRepairsLandOnTheirOwnRecordsInRecordOrder() throws {
        let count = 1_000
        let bad = [3, 400, 999] // 1-based records, in three different slices
        XCTAssertGreaterThanOrEqual(PolygonValidity.sliceCount(count), 3, "the layer is checked in several slices")
        var shapes: [Shape?] = []
        for r in 1...count {
            // Each record in its own cell of a 40 × 25 grid, 3 degrees apart.
            let x = Double((r - 1) % 40) * 3, y = Double((r - 1) / 40) * 3
            shapes.append(.polygons([Polygon(exterior: bad.contains(r) ? bowTie(x, y) : square(x, y, 2, clockwise: true))]))
        }
        let dir = try TempFolder()
        let p = dir.file("grid.shp")
        try ShapefileWriter.write(path: p, kind: .polygon, shapes: shapes,
                                  fields: [FieldSchema(name: "ID", type: .integer)], rows: (1...count).map { [.number(Double($0))] })
        let r = try ShapefileReader().read(path: p)
        XCTAssertEqual(r.report.invalidRepaired.map(\.record), bad)
        // Each reason places the crossing of its own record's bow-tie (known by construction).
        for (note, record) in zip(r.report.invalidRepaired, bad) {
            let x = Double((record - 1) % 40) * 3 + 1, y = Double((record - 1) / 40) * 3 + 1
            XCTAssertTrue(note.reason.hasSuffix(String(format: " near %.6f, %.6f", x, y)), "record \(record): \(note.reason)")
        }
        XCTAssertEqual(r.layer.diagnostics.filter { $0.code == .invalidRepaired }.map(\.location.record), bad.map { $0 })
        for (k, feature) in r.layer.features.enumerated() {
            guard case .polygons(let ps)? = feature.shape else { return XCTFail("record \(k + 1) lost its shape") }
            // A bow-tie becomes two triangles; every square stays one polygon.
            XCTAssertEqual(ps.count, bad.contains(k + 1) ? 2 : 1, "record \(k + 1)")
        }
    }
}
