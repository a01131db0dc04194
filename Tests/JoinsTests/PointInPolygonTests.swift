import XCTest
import Domain
import TestSupport
import Geometry
@testable import Joins

final class PointInPolygonTests: XCTestCase {
    func testHandFixtureOwnersFollowSmallestIdOnSharedBorders() throws {
        let units = try HandFixture.units()
        let index = PolygonSetIndex(units: units)
        let owners = index.assign(HandFixture.points.map(\.0))
        for (k, (c, expected, why)) in HandFixture.points.enumerated() {
            let got = owners[k] >= 0 ? units.ids[Int(owners[k])].rawValue : nil
            XCTAssertEqual(got, expected, "\(c): \(why)")
            // The one-point path agrees with the grid path.
            XCTAssertEqual(index.owner(of: c).map { units.ids[$0].rawValue }, expected, "\(c): \(why)")
        }
    }

    func testLocateDistinguishesBoundaryFromInterior() {
        let holed = PolygonEdgeIndex(HandFixture.polygons[0])
        XCTAssertEqual(holed.locate(1, 0.25), .interior)
        XCTAssertEqual(holed.locate(1, 1), .exterior)          // in the hole
        XCTAssertEqual(holed.locate(1.5, 1), .boundary)        // on the hole's edge
        XCTAssertEqual(holed.locate(0, 2), .boundary)          // outer corner
        XCTAssertEqual(holed.locate(2.0000000000000004, 1), .exterior)
        let triangle = PolygonEdgeIndex(HandFixture.polygons[4])
        XCTAssertEqual(triangle.locate(4.5, 1), .boundary)
        XCTAssertEqual(triangle.locate(4.5, 1.0000000000000002), .exterior)
        XCTAssertEqual(triangle.locate(4.5, 0.9999999999999999), .interior)
    }

    func testExactOrientationDecidesWhereDoublesRoundToZero() {
        // 0.1 + 0.2 is 0.30000000000000004 in binary: c lies a hair right of a → b, not on it
        // (one factor of the determinant is exactly 0, so the filter decides).
        XCTAssertEqual(ExactOrientation.sign(0, 0, 0.3, 0.3, 0.1 + 0.2, 0.3), -1)
        // Here the rounded determinant (0, then 1.1e-16) is within the filter's error bound:
        // the exact expansion decides, and agrees with calling it directly.
        XCTAssertEqual(ExactOrientation.sign(0, 0, 1, 1, 0.5, 0.5), 0)
        XCTAssertEqual(ExactOrientation.sign(0, 0, 1, 1, 0.5, 0.5000000000000001), 1)
        XCTAssertEqual(ExactOrientation.exactSign(0, 0, 1, 1, 0.5, 0.5000000000000001), 1)
        XCTAssertEqual(ExactOrientation.exactSign(1e15, 1e15, 1e15 + 2, 1e15 + 2, 1e15 + 1, 1e15 + 1), 0)
        XCTAssertEqual(ExactOrientation.exactSign(1e15, 1e15, 1e15 + 2, 1e15 + 2, 1e15 + 1, 1e15 + 1.125), 1)
    }

    /// 100,000 points against GEOS `covers` plus the smallest-id tie-break, on a jittered tiling
    /// with shared vertices, holes, enclaves and multi-part units. A fifth of the points are
    /// uniform doubles, a fifth snapped to the 1/64-degree lattice the vertices sit on, and the
    /// rest are vertices themselves and exact points of edges (midpoints and quarter points of
    /// lattice segments are exactly representable and exactly on the segment).
    func testRandomPointsEqualGEOSCoversWithTieBreak() throws {
        let units = try RandomTiling.make(columns: 12, rows: 10, seed: 7)
        let index = PolygonSetIndex(units: units)
        let points = RandomTiling.testPoints(on: units, count: 100_000, period: 5, seed: 2024)
        let mine = index.assign(points)
        // Placed on every core: the grid's rows cut into bands (contiguous, covering every row),
        // so the comparison below checks the bands' answers too.
        let grid = PointGrid(points)
        let bands = grid.rowBands(8, minimumPoints: 20_000)
        XCTAssertTrue((2 ... 5).contains(bands.count), "\(bands.count) bands")
        XCTAssertEqual(bands.first?.lowerBound, 0)
        XCTAssertEqual(bands.last?.upperBound, grid.rows - 1)
        XCTAssertTrue(zip(bands, bands.dropFirst()).allSatisfy { $0.upperBound + 1 == $1.lowerBound })

        let ctx = try GEOSContext()
        let geoms = try units.polygons.map { try ctx.multiPolygon($0) }
        let boxes = units.polygons.map { ps in ps.reduce(into: BoundingBox.empty) { b, p in p.exterior.forEach { b.add($0) } } }
        var mismatches = 0, onBoundary = 0, outside = 0
        for (k, c) in points.enumerated() {
            let pt = try ctx.point(c)
            var covering: [Int] = []
            for u in units.indices where boxes[u].contains(c) {
                if try geoms[u].covers(pt) { covering.append(u) }
            }
            if covering.count > 1 { onBoundary += 1 }
            if covering.isEmpty { outside += 1 }
            let expected = covering.min { units.ids[$0] < units.ids[$1] }.map(Int32.init) ?? -1
            if expected != mine[k] {
                mismatches += 1
                if mismatches < 5 { XCTFail("\(c): GEOS+tie-break says \(expected), PolygonSetIndex says \(mine[k])") }
            }
        }
        XCTAssertEqual(mismatches, 0)
        // The check is only meaningful if it exercised shared borders and the outside.
        XCTAssertGreaterThan(onBoundary, 20_000)
        XCTAssertGreaterThan(outside, 1_000)
    }
}

final class ReferencePointTests: XCTestCase {
    /// The engine's faster reference points equal `GEOSContext.referencePoint` for every unit of
    /// the random tiling (holed cells have their centroid in the enclave: point on surface).
    func testEngineReferencePointsEqualGeometryModule() throws {
        let units = try RandomTiling.make(columns: 12, rows: 10, seed: 7)
        let refs = try FactEngine(units: units).referencePoints()
        let ctx = try GEOSContext()
        var onSurface = 0
        for u in units.indices {
            let expected = try ctx.referencePoint(units.polygons[u])
            XCTAssertEqual(refs[u], expected, "unit \(units.ids[u])")
            if try !ctx.multiPolygon(units.polygons[u]).covers(ctx.multiPolygon(units.polygons[u]).centroid()) { onSurface += 1 }
        }
        XCTAssertGreaterThan(onSurface, 5)
    }
}

extension UnitSet { var indices: Range<Int> { 0 ..< count } }
