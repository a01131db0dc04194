import XCTest
import Domain
@testable import Joins

final class PointGridTests: XCTestCase {
    /// A layer large enough to be sorted in several ranges at once gives the grid a plain sort
    /// gives: every point whose coordinates are finite, ordered by cell (row-major, the cell
    /// computed as the grid's own `column` and `row` place a point) and, within a cell, by its
    /// position in the input; each cell's start is the number of points in the cells before it.
    /// Points that repeat, lie on the extent's edges or are not finite are among them.
    func testAGridSortedInRangesIsTheGridOfAPlainSort() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        let count = 3 * PointGrid.pointsPerRange + 12_345
        var points: [Coordinate] = []
        points.reserveCapacity(count)
        for i in 0 ..< count {
            switch i % 1000 {
            case 7: points.append(Coordinate(.nan, 1))
            case 8: points.append(Coordinate(2, .infinity))
            case 9: points.append(points[i - 5]) // a repeated point
            case 10: points.append(Coordinate(20, -9)) // a corner of the extent
            case 11: points.append(Coordinate(26, -3))
            default: points.append(Coordinate(20 + 6 * next(), -9 + 6 * next()))
            }
        }
        XCTAssertGreaterThan(Parallel.ranges(count, minimum: PointGrid.pointsPerRange, perCore: 1).count, Parallel.cores > 1 ? 1 : 0,
                             "the layer is sorted in one range: the test does not reach the ranges")
        let grid = PointGrid(points)

        let finite = points.indices.filter { points[$0].x.isFinite && points[$0].y.isFinite }
        XCTAssertEqual(grid.extent.minX, 20); XCTAssertEqual(grid.extent.maxX, 26)
        XCTAssertEqual(grid.extent.minY, -9); XCTAssertEqual(grid.extent.maxY, -3)
        XCTAssertEqual(grid.columns, Int(Double(finite.count / 4).squareRoot()))
        func cell(_ i: Int) -> Int {
            let p = points[i]
            return min(grid.rows - 1, Int((p.y + 9) * grid.scaleY)) * grid.columns + min(grid.columns - 1, Int((p.x - 20) * grid.scaleX))
        }
        let expected = finite.sorted { (cell($0), $0) < (cell($1), $1) }
        XCTAssertEqual(grid.sortedIndex.map(Int.init), expected)
        XCTAssertEqual(grid.coordinates.count, expected.count)
        XCTAssertTrue(zip(grid.coordinates, expected).allSatisfy { $0 == points[$1] }, "a point's coordinates are not its own")
        var starts = [Int32](repeating: 0, count: grid.rows * grid.columns + 1)
        for i in expected { starts[cell(i) + 1] += 1 }
        for c in 1 ..< starts.count { starts[c] += starts[c - 1] }
        XCTAssertEqual(grid.cellStart, starts)
    }

    /// No point, or none with finite coordinates: an empty grid of one cell.
    func testAnEmptyLayerGivesAnEmptyGrid() {
        for points in [[], [Coordinate(.nan, .nan), Coordinate(1, .infinity)]] as [[Coordinate]] {
            let grid = PointGrid(points)
            XCTAssertEqual(grid.sortedIndex, [])
            XCTAssertEqual(grid.cellStart, [0, 0])
            XCTAssertEqual(grid.columns, 1)
        }
    }
}
