import XCTest
import Domain
@testable import Joins

/// Points in the overlap of two units: counted when inside both interiors, and placed by the
/// placement's own rule (the covering unit whose id sorts first), which a third unit can win.
final class OverlapPointsTests: XCTestCase {
    func square(_ x0: Double, _ x1: Double, _ y0: Double, _ y1: Double) -> [Polygon] {
        [Polygon(exterior: [Coordinate(x0, y0), Coordinate(x0, y1), Coordinate(x1, y1), Coordinate(x1, y0), Coordinate(x0, y0)])]
    }

    func testCountsInsideBothInteriorsAndNamesTheOwner() throws {
        // B1 = [0, 2] × [0, 1] and C1 = [1, 3] × [0, 1] overlap on [1, 2]; A1 = [1.5, 1.8] × [0.5, 0.8]
        // lies inside that overlap, and its id sorts before both.
        let units = try UnitSet(ids: [UnitID("B1"), UnitID("C1"), UnitID("A1")], names: ["", "", ""], parents: [nil, nil, nil],
                                polygons: [square(0, 2, 0, 1), square(1, 3, 0, 1), square(1.5, 1.8, 0.5, 0.8)],
                                population: [nil, nil, nil])
        let points = [Coordinate(1.2, 0.2),   // in B1 ∩ C1 only: placed in B1
                      Coordinate(1.6, 0.6),   // also inside A1: placed in A1
                      Coordinate(1.0, 0.5),   // on C1's border: not in the overlap's interior
                      Coordinate(0.5, 0.5),   // in B1 only
                      Coordinate(2.5, 0.5)]   // in C1 only
        let pair = OverlapPoints.Pair(first: 0, second: 1, box: BoundingBox(minX: 1, minY: 0, maxX: 2, maxY: 1))
        let counts = OverlapPoints.count(points, in: [pair], units: units)
        XCTAssertEqual(counts.map(\.points), [2])
        XCTAssertEqual(counts.first?.placedIn, [0: 1, 2: 1])
        // The placement itself agrees.
        let owners = PolygonSetIndex(units: units).assign(points)
        XCTAssertEqual(owners, [0, 2, 0, 0, 1])
    }
}
