import XCTest
import Foundation
import Domain
import Geometry

/// The boundary checks on rectangles in degrees near the equator, whose geodesic areas are known
/// independently: pyproj 3.7.2 `Geod(ellps="WGS84").polygon_area_perimeter` (printed by
/// `Tests/Fixtures/boundary/make_boundary.py`), and the closed formula for the area between two
/// parallels and two meridians on the ellipsoid (`bandKm2` below), which agree to 10⁻⁸.
final class BoundaryCheckerTests: XCTestCase {
    /// pyproj: [0.08, 0.1] × [0, 0.1]; [2.1, 2.2] × [0.1, 0.2]; [1.0, 1.1] × [0, 0.1]; [0.3, 0.36] × [0, 0.1].
    static let overlapKm2 = 24.618132246, holeKm2 = 123.090326515, unitKm2 = 123.090691431, fOutsideKm2 = 73.854402779

    func rect(_ x0: Double, _ x1: Double, _ y0: Double, _ y1: Double) -> [Polygon] {
        [Polygon(exterior: [Coordinate(x0, y0), Coordinate(x0, y1), Coordinate(x1, y1), Coordinate(x1, y0), Coordinate(x0, y0)])]
    }

    /// Area in km² between longitudes x0…x1 and latitudes y0…y1 on WGS 84 (authalic band formula).
    func bandKm2(_ x0: Double, _ x1: Double, _ y0: Double, _ y1: Double) -> Double {
        let a = 6378137.0, f = 1 / 298.257223563, e2 = f * (2 - f), e = e2.squareRoot(), b = a * (1 - f)
        func q(_ deg: Double) -> Double {
            let s = sin(deg * .pi / 180)
            return s / (2 * (1 - e2 * s * s)) + log((1 + e * s) / (1 - e * s)) / (4 * e)
        }
        return (x1 - x0) * .pi / 180 * b * b * (q(y1) - q(y0)) / 1e6
    }

    func testExpectedAreasAgreeBetweenPyprojAndTheBandFormula() {
        XCTAssertEqual(bandKm2(0.08, 0.1, 0, 0.1), Self.overlapKm2, accuracy: 1e-5)
        XCTAssertEqual(bandKm2(2.1, 2.2, 0.1, 0.2), Self.holeKm2, accuracy: 1e-4)
        XCTAssertEqual(bandKm2(0.3, 0.36, 0, 0.1), Self.fOutsideKm2, accuracy: 1e-4)
    }

    func testOverlapIsFoundWithItsGeodesicAreaAndNoiseIsNot() throws {
        let units = [rect(0, 0.1, 0, 0.1), rect(0.08, 0.18, 0, 0.1),            // overlap 0.02° × 0.1°
                     rect(3.0, 3.1, 0, 0.1), rect(3.1 - 1e-9, 3.2, 0, 0.1),     // about 1 m²: noise
                     rect(5.0, 5.1, 0, 0.1), rect(5.1, 5.2, 0, 0.1)]            // touching only
        let checker = try BoundaryChecker(units, context: GEOSContext())
        let found = try checker.overlaps()
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found.first?.first, 0)
        XCTAssertEqual(found.first?.second, 1)
        XCTAssertEqual(found.first?.areaKm2 ?? 0, Self.overlapKm2, accuracy: 1e-6)
        let at = try XCTUnwrap(found.first?.at)
        XCTAssertTrue(at.x > 0.08 && at.x < 0.1 && at.y > 0 && at.y < 0.1, "\(at)")
        XCTAssertEqual(found.first?.box, BoundingBox(minX: 0.08, minY: 0, maxX: 0.1, maxY: 0.1))
        // Areas do not depend on longitude: [5, 5.1] × [0, 0.1] has the area of [1, 1.1] × [0, 0.1].
        XCTAssertEqual(checker.areaKm2(4), Self.unitKm2, accuracy: 1e-6)
    }

    /// With units in groups (a parent's units and their union), a group proven clean is not
    /// tested pair by pair, but an overlap across two clean groups is still found.
    func testOverlapAcrossTwoCleanGroups() throws {
        let units = [rect(0, 0.1, 0, 0.1), rect(0.1, 0.2, 0, 0.1),          // group 0: two neighbours
                     rect(0.18, 0.28, 0, 0.1), rect(0.28, 0.38, 0, 0.1)]    // group 1: overlaps group 0 by [0.18, 0.2]
        let checker = try BoundaryChecker(units, context: GEOSContext())
        let groups = try [[0, 1], [2, 3]].map { UnitGroup(members: $0, union: try checker.union(of: $0)) }
        let found = try checker.overlaps(groups: groups)
        XCTAssertEqual(found.map { [$0.first, $0.second] }, [[1, 2]])
        XCTAssertEqual(found.first?.areaKm2 ?? 0, Self.overlapKm2, accuracy: 1e-6)
    }

    func testSmallUnitsOverlapByShareEvenUnderTheAbsoluteTolerance() throws {
        // Two copies of a 10 m × 10 m square (0.0001 km²): under 0.01 km², but 100% of each.
        let tiny = rect(0, 0.00009, 0, 0.00009)
        let found = try BoundaryChecker([tiny, tiny], context: GEOSContext()).overlaps()
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found.first?.areaKm2 ?? 0, bandKm2(0, 0.00009, 0, 0.00009), accuracy: 1e-9)
    }

    func testTilingWithSharedEdgesHasNoOverlapAndNoHole() throws {
        var units: [[Polygon]] = []
        for r in 0 ..< 4 { for c in 0 ..< 4 { units.append(rect(Double(c) * 0.1, Double(c + 1) * 0.1, Double(r) * 0.1, Double(r + 1) * 0.1)) } }
        units.append([])  // a unit without polygon is skipped, not an error
        let checker = try BoundaryChecker(units, context: GEOSContext())
        XCTAssertEqual(try checker.overlaps().count, 0)
        XCTAssertNil(try checker.gap(members: Array(units.indices), outline: nil))
        XCTAssertNil(try checker.gap(members: Array(units.indices), outline: rect(0, 0.4, 0, 0.4)))
    }

    func testGapInsideTheParentOutline() throws {
        let units = [rect(0, 0.1, 0, 0.1), rect(0.08, 0.18, 0, 0.1), rect(0.2, 0.3, 0, 0.1)]
        let checker = try BoundaryChecker(units, context: GEOSContext())
        let gap = try XCTUnwrap(checker.gap(members: [0, 1, 2], outline: rect(0, 0.3, 0, 0.1)))
        XCTAssertEqual(gap.pieces, 1)
        XCTAssertEqual(gap.areaKm2, Self.overlapKm2, accuracy: 1e-6)  // [0.18, 0.2] has the size of [0.08, 0.1]
        XCTAssertEqual(gap.largestKm2, gap.areaKm2)
        XCTAssertTrue(gap.at.x > 0.18 && gap.at.x < 0.2, "\(gap.at)")
        // Without an outline, the same units leave no hole: the strip between them is outside.
        XCTAssertNil(try checker.gap(members: [0, 1, 2], outline: nil))
    }

    func testHoleInsideTheUnionWhenTheParentHasNoPolygon() throws {
        let frame = [rect(2.0, 2.3, 0, 0.1), rect(2.0, 2.3, 0.2, 0.3), rect(2.0, 2.1, 0.1, 0.2), rect(2.2, 2.3, 0.1, 0.2)]
        let gap = try XCTUnwrap(try BoundaryChecker(frame, context: GEOSContext()).gap(members: [0, 1, 2, 3], outline: nil))
        XCTAssertEqual(gap.pieces, 1)
        XCTAssertEqual(gap.areaKm2, Self.holeKm2, accuracy: 1e-5)
        XCTAssertEqual(gap.at.x, 2.15, accuracy: 0.05)
        XCTAssertEqual(gap.at.y, 0.15, accuracy: 0.05)
    }

    /// A hole among one parent's units that units of another parent fill (a city's communes
    /// inside a territoire) is no gap; the part they leave empty is.
    func testUnitsOfAnotherParentFillTheHole() throws {
        let frame = [rect(2.0, 2.3, 0, 0.1), rect(2.0, 2.3, 0.2, 0.3), rect(2.0, 2.1, 0.1, 0.2), rect(2.2, 2.3, 0.1, 0.2)]
        let filled = try BoundaryChecker(frame + [rect(2.1, 2.2, 0.1, 0.2)], context: GEOSContext())
        XCTAssertNil(try filled.gap(members: [0, 1, 2, 3], outline: nil))
        let half = try BoundaryChecker(frame + [rect(2.1, 2.15, 0.1, 0.2)], context: GEOSContext())
        let gap = try XCTUnwrap(half.gap(members: [0, 1, 2, 3], outline: nil))
        XCTAssertEqual(gap.pieces, 1)
        XCTAssertEqual(gap.areaKm2, 61.5451514612867, accuracy: 1e-6)  // pyproj, [2.15, 2.2] × [0.1, 0.2]
        XCTAssertEqual(gap.areaKm2, bandKm2(2.15, 2.2, 0.1, 0.2), accuracy: 1e-4)
    }

    func testShareOutsideTheParent() throws {
        let parent = try PreparedArea(GEOSContext().multiPolygon(rect(0, 0.3, 0, 0.1)))
        let checker = try BoundaryChecker([rect(0.26, 0.36, 0, 0.1), rect(1.0, 1.1, 0, 0.1), rect(0.1, 0.2, 0, 0.1), []],
                                          context: parent.geometry.context)
        // 1 − area([0.26, 0.3])/area([0.26, 0.36]) differs from area([0.3, 0.36])/area([0.26, 0.36])
        // by about 2·10⁻⁷: the geodesic top edge of the whole bows differently from its pieces'.
        XCTAssertEqual(try XCTUnwrap(checker.shareOutside(0, parent: parent)), Self.fOutsideKm2 / Self.unitKm2, accuracy: 1e-6)
        XCTAssertEqual(try checker.shareOutside(1, parent: parent), 1)
        XCTAssertEqual(try checker.shareOutside(2, parent: parent), 0)
        XCTAssertNil(try checker.shareOutside(3, parent: parent))
    }

    /// The STRtree finds exactly the geometries whose envelopes meet the query's (checked against
    /// every pair), and never a geometry that was not given.
    func testEnvelopeTreeFindsExactlyTheMeetingEnvelopes() throws {
        let context = try GEOSContext()
        var state: UInt64 = 12345
        func next() -> Double { state = state &* 6364136223846793005 &+ 1442695040888963407; return Double(state >> 11) / Double(1 << 53) }
        var boxes: [BoundingBox?] = []
        for k in 0 ..< 300 {
            if k % 17 == 0 { boxes.append(nil); continue }
            let x = next() * 10, y = next() * 10, w = next() * 0.8 + 0.01, h = next() * 0.8 + 0.01
            boxes.append(BoundingBox(minX: x, minY: y, maxX: x + w, maxY: y + h))
        }
        let geometries = try boxes.map { b in try b.map { try context.multiPolygon(rect($0.minX, $0.maxX, $0.minY, $0.maxY)) } }
        let tree = try EnvelopeTree(geometries, context: context)
        for (i, b) in boxes.enumerated() {
            guard let b, let g = geometries[i] else { continue }
            let expected = boxes.indices.filter { j in boxes[j].map { $0.intersects(b) } ?? false }
            XCTAssertEqual(try tree.candidates(meeting: g), expected, "box \(i)")
        }
    }
}
