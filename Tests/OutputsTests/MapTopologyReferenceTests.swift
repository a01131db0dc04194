import XCTest
import Foundation
import Domain
@testable import Outputs

/// The sorting `MapTopology` against the hashing one it replaced (`HashedMapTopology`): on
/// lattices of units with wiggly shared sides, holes, islands, spikes and points that collapse
/// on the grid, both must give the same rings, the same arcs in the same order with the same
/// areas, and the same path text; and a topology reordered must equal one built in that order.
final class MapTopologyReferenceTests: XCTestCase {
    /// A fixed pseudo-random sequence (the same units every run).
    struct Sequence {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        mutating func int(_ n: Int) -> Int { min(n - 1, Int(next() * Double(n))) }
    }

    /// `cols` × `rows` cells of 0.01°, corners jittered; each side a line of 0–6 points shared
    /// (reversed) by the two cells on it, some of them a hair apart so that they fall on one grid
    /// point. Cell (1, 1) has a hole filled by a unit of its own; an island lies apart; one area
    /// has no polygon, one a ring that collapses to a point, one a spike.
    func lattice(cols: Int, rows: Int, seed: UInt64) -> [[Polygon]] {
        var random = Sequence(state: seed)
        let step = 0.01
        var corner: [[Coordinate]] = []
        for i in 0...cols {
            corner.append((0...rows).map { j in
                Coordinate(20 + Double(i) * step + (random.next() - 0.5) * step * 0.3, -5 + Double(j) * step + (random.next() - 0.5) * step * 0.3)
            })
        }
        func side(_ a: Coordinate, _ b: Coordinate) -> [Coordinate] {
            let n = random.int(7)
            var line = [a]
            for k in 0..<n {
                let t = Double(k + 1) / Double(n + 1)
                let wiggle = random.next() < 0.2 ? 1e-9 : step * 0.2
                line.append(Coordinate(a.x + (b.x - a.x) * t + (random.next() - 0.5) * wiggle, a.y + (b.y - a.y) * t + (random.next() - 0.5) * wiggle))
            }
            return line + [b]
        }
        var horizontal: [[[Coordinate]]] = [], vertical: [[[Coordinate]]] = []
        for i in 0..<cols { horizontal.append((0...rows).map { j in side(corner[i][j], corner[i + 1][j]) }) }
        for i in 0...cols { vertical.append((0..<rows).map { j in side(corner[i][j], corner[i][j + 1]) }) }
        var areas: [[Polygon]] = []
        for i in 0..<cols {
            for j in 0..<rows {
                var ring = horizontal[i][j]
                ring += vertical[i + 1][j].dropFirst()
                ring += horizontal[i][j + 1].reversed().dropFirst()
                ring += vertical[i][j].reversed().dropFirst()
                areas.append([Polygon(exterior: ring)])
            }
        }
        // A hole in cell (1, 1), and the unit filling it.
        let c = corner[1][1], d = 0.002
        let hole = [Coordinate(c.x + 0.004, c.y + 0.004), Coordinate(c.x + 0.004 + d, c.y + 0.004), Coordinate(c.x + 0.004 + d, c.y + 0.004 + d),
                    Coordinate(c.x + 0.004, c.y + 0.004 + d), Coordinate(c.x + 0.004, c.y + 0.004)]
        areas[rows + 1] = [Polygon(exterior: areas[rows + 1][0].exterior, holes: [hole])]
        areas.append([Polygon(exterior: hole.reversed())])
        // An island, with two parts, apart from the rest.
        let far = Coordinate(20 + Double(cols + 2) * step, -5)
        areas.append([Polygon(exterior: [far, Coordinate(far.x + 0.004, far.y), Coordinate(far.x + 0.002, far.y + 0.003), far]),
                      Polygon(exterior: [Coordinate(far.x, far.y + 0.01), Coordinate(far.x + 0.003, far.y + 0.011), Coordinate(far.x, far.y + 0.013), Coordinate(far.x, far.y + 0.01)])])
        areas.append([])
        areas.append([Polygon(exterior: [far, Coordinate(far.x + 1e-12, far.y), far, far])])
        // A triangle with a spike out of one corner (there and back on the same line).
        let s = Coordinate(far.x, far.y - 0.01)
        areas.append([Polygon(exterior: [s, Coordinate(s.x + 0.004, s.y), Coordinate(s.x + 0.006, s.y), Coordinate(s.x + 0.004, s.y),
                                         Coordinate(s.x + 0.002, s.y + 0.003), s])])
        return areas
    }

    func assertSame(_ t: MapTopology, _ r: HashedMapTopology, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(t.rings, r.rings, what, file: file, line: line)
        XCTAssertEqual(t.arcs.map(\.points), r.arcs.map(\.points), what, file: file, line: line)
        XCTAssertEqual(t.arcs.map(\.areas), r.arcs.map(\.areas), what, file: file, line: line)
        XCTAssertEqual(t.verticesIn, r.verticesIn, what, file: file, line: line)
        XCTAssertEqual(t.verticesKept, r.verticesKept, what, file: file, line: line)
        for a in t.rings.indices {
            XCTAssertEqual(t.svgPath(area: a), HashedMapTopology.svgPath(r.rings[a]), "\(what), area \(a)", file: file, line: line)
        }
    }

    func testSameRingsAndArcsAsTheHashingTopology() {
        for seed in [1, 2, 3] as [UInt64] {
            let areas = lattice(cols: 9, rows: 7, seed: seed)
            for budget in [600_000, 40, 0] {
                let t = MapTopology(areas: areas, vertexBudget: budget)
                let r = HashedMapTopology(areas: areas, vertexBudget: budget)
                XCTAssertGreaterThan(r.arcs.count, 100, "the lattice must have many arcs, or the test proves little")
                XCTAssertTrue(r.arcs.contains { $0.areas.count == 2 } && r.arcs.contains { $0.areas.count == 1 })
                assertSame(t, r, "seed \(seed), budget \(budget)")
            }
        }
    }

    /// A grid so fine that a vertex's position and index do not fit in one word: the comparison
    /// sort is used instead of the radix sort, with the same result.
    func testSameResultOnAGridTooFineForOneWord() {
        let areas = lattice(cols: 5, rows: 4, seed: 9)
        assertSame(MapTopology(areas: areas, gridSize: 1_000_000_000), HashedMapTopology(areas: areas, gridSize: 1_000_000_000), "fine grid")
    }

    func testReorderedEqualsBuiltInThatOrder() {
        let areas = lattice(cols: 8, rows: 6, seed: 5)
        var random = Sequence(state: 77)
        var order = Array(areas.indices)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, random.int(i + 1)) }
        let built = MapTopology(areas: order.map { areas[$0] }, vertexBudget: 60)
        let reordered = MapTopology(areas: areas, vertexBudget: 60).reordered(order)
        XCTAssertEqual(reordered.rings, built.rings)
        XCTAssertEqual(reordered.arcs.map(\.points), built.arcs.map(\.points))
        XCTAssertEqual(reordered.arcs.map(\.areas), built.arcs.map(\.areas))
        XCTAssertEqual(reordered.svgPath(arcs: Array(reordered.arcs.indices)), built.svgPath(arcs: Array(built.arcs.indices)))
        XCTAssertEqual(reordered.verticesKept, built.verticesKept)
        XCTAssertEqual(reordered.width, built.width)
        XCTAssertNotEqual(order, Array(areas.indices))
    }

    func testSelectionAndRadixSortAgreeWithSorting() {
        var random = Sequence(state: 11)
        for n in [1, 2, 5, 1000, 50_000] {
            // Few distinct values (many ties, as the significance of grid points has), and infinities.
            let values = (0..<n).map { _ in random.next() < 0.05 ? Double.infinity : Double(random.int(20)) / 4 }
            let sorted = values.sorted(by: >)
            for k in Set([0, n / 3, n / 2, n - 1]) {
                var copy = values
                XCTAssertEqual(Selection.element(atDescendingRank: k, of: &copy), sorted[k], "n \(n), k \(k)")
            }
            var keys = (0..<n).map { _ in UInt64(random.int(1 << 20)) << 20 | UInt64(random.int(1 << 20)) }
            let expected = keys.sorted()
            RadixSort.sort(&keys, bits: 40)
            XCTAssertEqual(keys, expected)
        }
    }
}
