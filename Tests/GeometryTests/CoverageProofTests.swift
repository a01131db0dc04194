import XCTest
import Domain
import TestSupport
@testable import Geometry

/// `CoverageProof` on hand-made coverages, each verdict worked out by hand from the argument in
/// its doc comment. Rings are written clockwise with counter-clockwise holes, as the shapefile
/// reader gives them; the proof orients them itself.
final class CoverageProofTests: XCTestCase {
    static func square(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Ring { HandShapes.square(x0, y0, x1, y1) }
    static func unit(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, holes: [Ring] = []) -> [Polygon] {
        HandShapes.unit(x0, y0, x1, y1, holes: holes)
    }
    static func grid(middle: Bool = true) -> [[Polygon]] { HandShapes.grid(middle: middle) }

    func verdict(_ units: [[Polygon]]) -> Bool { CoverageProof.check(units).isProven }

    /// Every inner edge is walked both ways by two neighbours; what is left is the grid's outline,
    /// one counter-clockwise ring of 12 edges.
    func testCleanGridIsProven() {
        XCTAssertEqual(CoverageProof.check(Self.grid()), .proven)
        // Written counter-clockwise instead (a file breaking the orientation rule): still proven.
        XCTAssertTrue(verdict(Self.grid().map { $0.map { Polygon(exterior: Array($0.exterior.reversed())) } }))
        // A unit without polygons covers nothing and changes nothing.
        XCTAssertTrue(verdict(Self.grid() + [[]]))
    }

    /// The same unit twice: its edges repeat in the same direction.
    func testDuplicateUnitIsNotProven() {
        let units = [Self.unit(0, 0, 0.1, 0.1), Self.unit(0, 0, 0.1, 0.1)]
        XCTAssertEqual(CoverageProof.check(units), .notProven("two edges run the same way along one segment (units 0 and 1)"))
    }

    /// An island unit lying on another unit (no hole for it): two counter-clockwise rings, one
    /// inside the other. In a hole of exactly its shape, the hole's edges match the island's.
    func testIslandUnit() {
        XCTAssertEqual(CoverageProof.check([Self.unit(0, 0, 0.3, 0.3), Self.unit(0.1, 0.1, 0.2, 0.2)]),
                       .notProven("an outer ring of the units lies inside another"))
        XCTAssertTrue(verdict([Self.unit(0, 0, 0.3, 0.3, holes: [Self.square(0.1, 0.1, 0.2, 0.2)]), Self.unit(0.1, 0.1, 0.2, 0.2)]))
        // Two disjoint islands side by side: two rings, neither inside the other.
        XCTAssertTrue(verdict([Self.unit(0, 0, 0.1, 0.1), Self.unit(0.2, 0, 0.3, 0.1)]))
    }

    /// Two neighbours whose shared border differs by 10⁻⁶°: no edge matches, and the outlines cross.
    func testSliverOverlapIsNotProven() {
        XCTAssertEqual(CoverageProof.check([Self.unit(0, 0, 0.1, 0.1), Self.unit(0.099999, 0, 0.2, 0.1)]),
                       .notProven("the outer edges of the units cross or touch"))
    }

    /// A's top edge runs the whole width under B and C, whose bottom edges stop at their shared
    /// corner (0.1, 0.1): nothing matches along that border, and four unmatched edges meet at each
    /// of its ends.
    func testTJunctionIsNotProven() {
        let units = [Self.unit(0, 0, 0.2, 0.1), Self.unit(0, 0.1, 0.1, 0.2), Self.unit(0.1, 0.1, 0.2, 0.2)]
        XCTAssertEqual(CoverageProof.check(units), .notProven("the outer edges of the units meet more than twice at a vertex"))
        // Only B above A's left half: A's top edge and B's bottom edge lie along each other.
        XCTAssertEqual(CoverageProof.check([Self.unit(0, 0, 0.2, 0.1), Self.unit(0, 0.1, 0.1, 0.2)]),
                       .notProven("the outer edges of the units meet more than twice at a vertex"))
        // B set back from A's corner: the unmatched edges overlap without sharing a vertex.
        XCTAssertEqual(CoverageProof.check([Self.unit(0, 0, 0.2, 0.1), Self.unit(0.05, 0.1, 0.1, 0.2)]),
                       .notProven("the outer edges of the units cross or touch"))
        // With A's top edge split at (0.1, 0.1), every inner edge matches: proven.
        var split = units
        split[0] = [Polygon(exterior: [Coordinate(0, 0), Coordinate(0, 0.1), Coordinate(0.1, 0.1), Coordinate(0.2, 0.1),
                                       Coordinate(0.2, 0), Coordinate(0, 0)])]
        XCTAssertTrue(verdict(split))
    }

    /// The grid without its middle square: its outline is left with a clockwise inner ring.
    func testHoleInTheUnionIsNotProven() {
        XCTAssertEqual(CoverageProof.check(Self.grid(middle: false)), .notProven("the union of the units has a hole"))
    }

    /// Two squares meeting at one corner: four unmatched edges at (0.1, 0.1).
    func testUnitsTouchingAtAVertexAreNotProven() {
        XCTAssertEqual(CoverageProof.check([Self.unit(0, 0, 0.1, 0.1), Self.unit(0.1, 0.1, 0.2, 0.2)]),
                       .notProven("the outer edges of the units meet more than twice at a vertex"))
    }

    /// A unit whose two parts share an edge (not a valid multipolygon, but the proof must not
    /// take one unit's own edges as a border between two units).
    func testOneUnitsPartsSharingAnEdgeAreNotProven() {
        let units = [Self.unit(0, 0, 0.1, 0.1) + Self.unit(0.1, 0, 0.2, 0.1)]
        XCTAssertEqual(CoverageProof.check(units), .notProven("unit 0 has the same segment twice"))
    }

    /// Repeated points are skipped; a coordinate that is not a number stops the proof.
    func testRepeatedPointsAndNaN() {
        var units = Self.grid()
        units[0][0].exterior.insert(units[0][0].exterior[1], at: 1)
        XCTAssertTrue(verdict(units))
        units[8][0].exterior[2].x = .nan
        XCTAssertFalse(verdict(units))
    }

    /// Edges that share their hash bits (all of them with 0 bits, half with 1, an eighth with 3)
    /// are still matched on their full coordinates: every hand-worked verdict above stays the same.
    func testEdgeHashCollisionsChangeNoVerdict() {
        let island = Self.unit(0, 0, 0.3, 0.3, holes: [Self.square(0.1, 0.1, 0.2, 0.2)])
        var split = [Self.unit(0, 0, 0.2, 0.1), Self.unit(0, 0.1, 0.1, 0.2), Self.unit(0.1, 0.1, 0.2, 0.2)]
        split[0] = [Polygon(exterior: [Coordinate(0, 0), Coordinate(0, 0.1), Coordinate(0.1, 0.1), Coordinate(0.2, 0.1),
                                       Coordinate(0.2, 0), Coordinate(0, 0)])]
        var repeated = Self.grid()
        repeated[0][0].exterior.insert(repeated[0][0].exterior[1], at: 1)
        let cases: [([[Polygon]], Bool)] = [
            (Self.grid(), true), (Self.grid().map { $0.map { Polygon(exterior: Array($0.exterior.reversed())) } }, true),
            (Self.grid() + [[]], true), (split, true), (repeated, true),
            ([island, Self.unit(0.1, 0.1, 0.2, 0.2)], true), ([Self.unit(0, 0, 0.1, 0.1), Self.unit(0.2, 0, 0.3, 0.1)], true),
            ([Self.unit(0, 0, 0.1, 0.1), Self.unit(0, 0, 0.1, 0.1)], false),
            ([Self.unit(0, 0, 0.3, 0.3), Self.unit(0.1, 0.1, 0.2, 0.2)], false),
            ([Self.unit(0, 0, 0.1, 0.1), Self.unit(0.099999, 0, 0.2, 0.1)], false),
            ([Self.unit(0, 0, 0.2, 0.1), Self.unit(0, 0.1, 0.1, 0.2), Self.unit(0.1, 0.1, 0.2, 0.2)], false),
            ([Self.unit(0, 0, 0.2, 0.1), Self.unit(0.05, 0.1, 0.1, 0.2)], false),
            (Self.grid(middle: false), false), ([Self.unit(0, 0, 0.1, 0.1), Self.unit(0.1, 0.1, 0.2, 0.2)], false),
            ([Self.unit(0, 0, 0.1, 0.1) + Self.unit(0.1, 0, 0.2, 0.1)], false),
            // Three units along one segment: the hole's edges matched twice.
            ([island, Self.unit(0.1, 0.1, 0.2, 0.2), Self.unit(0.1, 0.1, 0.2, 0.2)], false),
        ]
        for (k, (units, proven)) in cases.enumerated() {
            for bits in [32, 3, 2, 1, 0] {
                let verdict = CoverageProof.check(units, hashBits: bits)
                XCTAssertEqual(verdict.isProven, proven, "case \(k), \(bits) hash bits")
                // The edges' passes cut into slices (run on every core): the same verdict, for
                // the same reason.
                for slices in [2, 3, 7] {
                    XCTAssertEqual(CoverageProof.check(units, hashBits: bits, slices: slices), verdict, "case \(k), \(bits) hash bits, \(slices) slices")
                }
            }
        }
        XCTAssertEqual(CoverageProof.check([Self.unit(0, 0, 0.1, 0.1), Self.unit(0, 0, 0.1, 0.1)], hashBits: 0),
                       .notProven("two edges run the same way along one segment (units 0 and 1)"))
        XCTAssertEqual(CoverageProof.check([Self.unit(0, 0, 0.1, 0.1) + Self.unit(0.1, 0, 0.2, 0.1)], hashBits: 0),
                       .notProven("unit 0 has the same segment twice"))
    }

    /// Items whose hashes collide are still told apart on their full value: every item given the
    /// same hash, runs come out grouped by value.
    func testEqualRunsSplitsHashCollisions() {
        let values = [5, 7, 5, 9, 7, 5]
        var runs: [[Int]] = []
        EqualRuns(hashes: values.map { _ in 42 }).forEachRun(same: { values[$0] == values[$1] }) { run in runs.append((0 ..< run.count).map { run[$0] }) }
        XCTAssertEqual(runs, [[0, 2, 5], [1, 4], [3]])
        runs = []
        EqualRuns(hashes: values.map { UInt64($0) << 40 }).forEachRun(same: { values[$0] == values[$1] }) { run in runs.append((0 ..< run.count).map { run[$0] }) }
        XCTAssertEqual(runs.sorted { $0[0] < $1[0] }, [[0, 2, 5], [1, 4], [3]])
    }

    /// Orientation is decided exactly at the lowest vertex, even for a sliver far thinner than
    /// a float's rounding of the shoelace sum.
    func testExactOrientation() {
        let base = 12345.678
        let thin: Ring = [Coordinate(base, 0), Coordinate(base + 1, 0), Coordinate(base + 1e-9, 1e-12), Coordinate(base, 0)]
        XCTAssertEqual(RingOrientation.isCounterClockwise(thin), true)
        XCTAssertEqual(RingOrientation.isCounterClockwise(Array(thin.reversed())), false)
        XCTAssertNil(RingOrientation.isCounterClockwise([Coordinate(0, 0), Coordinate(1, 1), Coordinate(0, 0)]))
    }
}
