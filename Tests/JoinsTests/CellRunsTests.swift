import XCTest
import Domain
import TestSupport
@testable import Joins

final class CellRunsTests: XCTestCase {
    /// Claiming a run of cells with one test gives every point the owner its own test gives, on
    /// the jittered tiling (holes, enclaves, two-part units) with points spread uniformly, on the
    /// 1/64 lattice the vertices sit on, and exactly on vertices and edges.
    func testRunsGiveEachPointTheOwnerItsOwnTestGives() throws {
        let units = try RandomTiling.make(columns: 12, rows: 10, seed: 11)
        let index = PolygonSetIndex(units: units)
        let points = RandomTiling.testPoints(on: units, count: 60_000, period: 4, seed: 99)
        let grid = PointGrid(points)
        var byRuns = [Int32](repeating: -1, count: points.count), byPoint = byRuns
        var runsTaken = 0
        byRuns.withUnsafeMutableBufferPointer { runsOut in
            byPoint.withUnsafeMutableBufferPointer { pointOut in
                let runsOwner = DisjointBuffer(base: runsOut.baseAddress!), pointOwner = DisjointBuffer(base: pointOut.baseAddress!)
                var runs = CellRuns()
                for a in index.order {
                    let area = index.areas[a]
                    guard let (c0, c1, r0, r1) = grid.cellRange(area.boundingBox) else { continue }
                    let tag = Int32(a)
                    if runs.claim(area, tag: tag, grid, columns: c0 ... c1, rows: r0 ... r1, into: runsOwner) {
                        runsTaken += 1
                    } else {
                        for r in r0 ... r1 {
                            let k0 = Int(grid.cellStart[r * grid.columns + c0]), k1 = Int(grid.cellStart[r * grid.columns + c1 + 1])
                            PolygonSetIndex.claimEach(area, tag: tag, grid, k0 ..< k1, into: runsOwner)
                        }
                    }
                    for r in r0 ... r1 {
                        let k0 = Int(grid.cellStart[r * grid.columns + c0]), k1 = Int(grid.cellStart[r * grid.columns + c1 + 1])
                        PolygonSetIndex.claimEach(area, tag: tag, grid, k0 ..< k1, into: pointOwner)
                    }
                }
            }
        }
        // Meaningful only if runs answered for most areas, and for points on borders and outside.
        XCTAssertGreaterThan(runsTaken, units.count * 9 / 10)
        XCTAssertGreaterThan(byPoint.filter { $0 < 0 }.count, 500)
        XCTAssertEqual(zip(byRuns, byPoint).filter { $0 != $1 }.count, 0)
    }

    /// A comb whose teeth run the height of its box marks nearly every cell many times over:
    /// runs give up (nothing claimed) and each point is tested instead.
    func testManyLongEdgesLeaveEachPointToItsOwnTest() {
        var ring: [Coordinate] = [Coordinate(0, 0)]
        for t in 0 ..< 200 {
            let x = Double(t) / 20
            ring += [Coordinate(x + 0.025, 10), Coordinate(x + 0.05, 0)]
        }
        ring += [Coordinate(10, -1), Coordinate(0, -1), Coordinate(0, 0)]
        let area = PolygonEdgeIndex([Polygon(exterior: ring)])
        var rng = SplitMix64(seed: 5)
        let points = (0 ..< 20_000).map { _ in Coordinate(rng.unit() * 10, -1 + rng.unit() * 11) }
        let grid = PointGrid(points)
        var owner = [Int32](repeating: -1, count: points.count)
        let claimed = owner.withUnsafeMutableBufferPointer { out in
            var runs = CellRuns()
            return runs.claim(area, tag: 0, grid, columns: 0 ... grid.columns - 1, rows: 0 ... grid.rows - 1,
                              into: DisjointBuffer(base: out.baseAddress!))
        }
        XCTAssertFalse(claimed)
        XCTAssertTrue(owner.allSatisfy { $0 == -1 })
    }
}
