import XCTest
import Foundation
import Domain
@testable import Outputs

/// The report's map geometry: borders shared once, simplified once, so neighbours still meet.
final class MapTopologyTests: XCTestCase {
    typealias P = MapTopology.Point

    func square(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Polygon {
        Polygon(exterior: [Coordinate(x0, y0), Coordinate(x1, y0), Coordinate(x1, y1), Coordinate(x0, y1), Coordinate(x0, y0)])
    }

    /// Two squares side by side: the shared side is one arc used by both, each outer side one arc
    /// of its own (cut where the shared side ends): 3 arcs.
    func testTwoNeighboursShareOneArc() {
        let t = MapTopology(areas: [[square(20, -5, 20.1, -4.9)], [square(20.1, -5, 20.2, -4.9)]])
        XCTAssertEqual(t.arcs.count, 3)
        XCTAssertEqual(t.arcs.map(\.areas).sorted { $0.count < $1.count }, [[0], [1], [0, 1]])
        let shared = t.arcs.first { $0.areas == [0, 1] }!.points
        XCTAssertEqual(shared.count, 2)
        // Both rings hold both ends of the shared side.
        for ring in t.rings.map({ $0[0] }) { XCTAssertTrue(shared.allSatisfy(ring.contains), "\(ring) lacks \(shared)") }
        // 16000 grid units the long way; the short way 0.1° of latitude against 0.2° of
        // longitude at 4.95° S: 16000 × 0.1 / (0.2 × cos 4.95°) ≈ 8030.
        XCTAssertEqual(t.width, 16000)
        XCTAssertEqual(Double(t.height), 16000 * 0.1 / (0.2 * cos(4.95 * Double.pi / 180)), accuracy: 20)
    }

    /// A wiggly shared border of 2,001 points simplified to a budget of 20 interior vertices:
    /// the two units still hold exactly the same points along it, in reverse order of each other.
    func testSimplifiedSharedBorderIsTheSameForBothNeighbours() {
        var border: [Coordinate] = []
        for k in 0...2000 {
            let y = -5 + 0.1 * Double(k) / 2000
            border.append(Coordinate(20.1 + 0.002 * sin(Double(k) / 37) + 0.001 * sin(Double(k) / 5), y))
        }
        let west = Polygon(exterior: [Coordinate(20, -5)] + border + [Coordinate(20, -4.9), Coordinate(20, -5)])
        let east = Polygon(exterior: [Coordinate(20.2, -5), Coordinate(20.2, -4.9)] + border.reversed() + [Coordinate(20.2, -5)])
        let t = MapTopology(areas: [[west], [east]], vertexBudget: 20)
        let shared = t.arcs.first { $0.areas == [0, 1] }!.points
        XCTAssertLessThanOrEqual(shared.count, 22)
        XCTAssertGreaterThan(shared.count, 5)
        let a = t.rings[0][0].dropLast(), b = t.rings[1][0].dropLast()  // closed rings: the first point once
        let onBorderA = a.filter(shared.contains), onBorderB = b.filter(shared.contains)
        XCTAssertEqual(Set(onBorderA), Set(shared))
        XCTAssertEqual(Set(onBorderB), Set(shared))
        XCTAssertEqual(onBorderA.count, shared.count)
        XCTAssertEqual(onBorderB.count, shared.count)
        XCTAssertEqual(t.verticesIn, 2 * 2001 + 3 + 3)
    }

    /// A unit filling another's hole: its outline and the hole are one arc.
    func testAHoleAndTheUnitFillingItAreOneArc() {
        let outer = Polygon(exterior: square(20, -5, 20.3, -4.7).exterior, holes: [square(20.1, -4.9, 20.2, -4.8).exterior.reversed()])
        let t = MapTopology(areas: [[outer], [square(20.1, -4.9, 20.2, -4.8)]])
        XCTAssertEqual(t.arcs.count, 2)
        XCTAssertEqual(t.arcs.map(\.areas).sorted { $0.count < $1.count }, [[0], [0, 1]])
        XCTAssertEqual(t.rings[0].count, 2)
        XCTAssertEqual(Set(t.rings[0][1]), Set(t.rings[1][0]))
    }

    /// Douglas–Peucker significance: (5, 1) is 1 away from the chord (0, 0)–(10, 0); then (2, 0)
    /// is |2·1 − 0·5| / √26 away from the chord (0, 0)–(5, 1).
    func testSignificanceIsTheDistanceAtWhichAPointIsDropped() {
        let s = MapTopology.significance([P(x: 0, y: 0), P(x: 5, y: 1), P(x: 10, y: 0)])
        XCTAssertEqual(s[1], 1, accuracy: 1e-12)
        XCTAssertTrue(s[0].isInfinite && s[2].isInfinite)
        let s2 = MapTopology.significance([P(x: 0, y: 0), P(x: 2, y: 0), P(x: 5, y: 1), P(x: 10, y: 0)])
        XCTAssertEqual(s2[2], 1, accuracy: 1e-12)
        XCTAssertEqual(s2[1], abs(2.0 * 1 - 0 * 5) / 26.0.squareRoot(), accuracy: 1e-12)
    }

    /// The path text: absolute move, relative steps, closed.
    func testSVGPathIsRelative() {
        let t = MapTopology(areas: [[square(20, -5, 20.1, -4.9)]])
        XCTAssertEqual(t.rings[0][0].count, 5)
        let d = t.svgPath(area: 0)
        XCTAssertTrue(d.hasPrefix("M") && d.hasSuffix("z") && d.contains("l"), d)
        XCTAssertEqual(d.filter { $0 == "M" }.count, 1)
    }

    /// Data on both sides of the 180° meridian is centred on it, not on longitude 0.
    func testCentreAcrossTheAntimeridian() {
        let fiji = [Coordinate(177.2, -19), Coordinate(179.9, -16), Coordinate(-179.8, -17), Coordinate(-178.5, -18.5)]
        let c = MapProjection.centre(of: fiji)
        XCTAssertEqual(abs(c.x), 179.35, accuracy: 1e-9, "centre \(c)")
        XCTAssertEqual(c.y, -17.5, accuracy: 1e-9)
        let kasai = [Coordinate(20, -8), Coordinate(26, -3)]
        XCTAssertEqual(MapProjection.centre(of: kasai).x, 23, accuracy: 1e-9)
        // Projected, the Fiji points span a few hundred km, not the width of the Earth.
        let t = MapTopology(areas: [[Polygon(exterior: fiji + [fiji[0]])]])
        XCTAssertLessThan(Double(t.gridSize) * t.kmPerUnit, 600)
    }

    /// One polygon of 400,000 vertices: drawn within the vertex budget, still a closed ring. (The
    /// 2-million-vertex case is measured in the README; a debug build takes a minute on it.)
    func testHugePolygonIsDrawnWithinTheBudget() {
        let n = 400_000
        var ring: [Coordinate] = []
        ring.reserveCapacity(n + 1)
        for k in 0..<n {
            let a = 2 * Double.pi * Double(k) / Double(n)
            let r = 1 + 0.05 * sin(a * 300)
            ring.append(Coordinate(23 + r * cos(a), -5 + r * sin(a)))
        }
        ring.append(ring[0])
        let t = MapTopology(areas: [[Polygon(exterior: ring)]], vertexBudget: 50_000)
        XCTAssertEqual(t.rings[0].count, 1)
        XCTAssertLessThanOrEqual(t.verticesKept, 50_000 + 2)
        XCTAssertGreaterThan(t.verticesKept, 1_000)
        XCTAssertEqual(t.rings[0][0].first, t.rings[0][0].last)
    }
}
