import XCTest
import Domain
import TestSupport
import Geometry
@testable import Joins

/// The faster paths of the joins against a plain computation of the same thing: fact rows
/// bounded in place against a full sort by an explicit key, the distance index's median split
/// against a sort, and placement of a layer with unusable points against placement of its
/// usable points alone.
final class JoinsFastPathTests: XCTestCase {
    /// The order `FactRows` documents, written as a sort key: numbers before NaN, then the
    /// value (largest or smallest first), then the feature.
    func reference(_ rows: [FactRows.Row], bound: Int, order: FactRows.Order) -> (listed: [FactRows.Row], restSum: Double) {
        let sorted = rows.sorted { a, b in
            if a.value.isNaN != b.value.isNaN { return !a.value.isNaN }
            if !a.value.isNaN && a.value != b.value { return order == .largestFirst ? a.value > b.value : a.value < b.value }
            return a.feature < b.feature
        }
        var rest = 0.0
        for r in sorted.dropFirst(bound) where !r.value.isNaN { rest += r.value }
        return (Array(sorted.prefix(bound)), rest)
    }

    /// `n` rows on distinct features drawn from `0 ..< features`, each valued by `value`.
    func randomRows(_ n: Int, features count: Int, _ rng: inout SplitMix64, value: (inout SplitMix64) -> Double) -> [FactRows.Row] {
        var features = Array(0 ..< count)
        var rows: [FactRows.Row] = []
        for k in 0 ..< n {
            let j = k + Int(rng.next() % UInt64(features.count - k))
            features.swapAt(k, j)
            rows.append(FactRows.Row(feature: features[k], value: value(&rng)))
        }
        return rows
    }

    /// `FactRows.keep` against `reference` in both orders: the same rows listed (and their values'
    /// bits), the same bits for the sum of the others.
    func assertKeepEqualsReference(_ rows: [FactRows.Row], bound: Int, trial: Int) {
        for order in [FactRows.Order.largestFirst, .smallestFirst] {
            let want = reference(rows, bound: bound, order: order)
            let got = FactRows.keep(rows, bound: bound, order: order)
            XCTAssertEqual(got.listed.map(\.feature), want.listed.map(\.feature), "trial \(trial)")
            XCTAssertEqual(got.listed.map(\.value.bitPattern), want.listed.map(\.value.bitPattern), "trial \(trial)")
            XCTAssertEqual(got.restSum.bitPattern, want.restSum.bitPattern, "trial \(trial): \(got.restSum) vs \(want.restSum)")
        }
    }

    func testBoundedRowsEqualAFullSortByKey() {
        var rng = SplitMix64(seed: 11)
        // Values with many ties, NaN, signed zeros and fractions (whose sums depend on order).
        let values: [Double] = [1, 2, 2, 3, 0, -0.0, .nan, 0.1, 0.2, 0.3, -1.5, 1e16, 7]
        for trial in 0 ..< 400 {
            let n = Int(rng.next() % 120)
            var rows = randomRows(n, features: 1000, &rng) { rng in values[Int(rng.next() % UInt64(values.count))] }
            // Some trials already in order (a count's rows), which skip the sort.
            if trial % 4 == 0 { rows = reference(rows, bound: rows.count, order: .largestFirst).listed }
            assertKeepEqualsReference(rows, bound: Int(rng.next() % 60), trial: trial)
        }
    }

    /// Whole numbers (a sum of head counts) whose sum is exact in any order: the rows past the
    /// bound are selected, not sorted. Against the full sort, with ties, negatives, signed zeros,
    /// more rows than the bound, and magnitudes near 2^53 where the sum would round (then sorted).
    func testBoundedWholeNumbersEqualAFullSortByKey() {
        var rng = SplitMix64(seed: 23)
        let big = 4_503_599_627_370_496.0  // 2^52: two of them reach 2^53
        for trial in 0 ..< 600 {
            let n = Int(rng.next() % 400)
            let kind = trial % 4
            var rows = randomRows(n, features: 2000, &rng) { rng in
                var v = Double(Int(rng.next() % 9) - 2)  // -2 ... 6, many ties
                if kind == 1 { v = Double(rng.next() % 1_000_000) }
                if kind == 2, rng.next() % 8 == 0 { v = -0.0 }
                if kind == 3, rng.next() % 40 == 0 { v = big + Double(rng.next() % 3) }
                return v
            }
            if kind == 3, rows.count > 1 { rows[0].value = big; rows[1].value = 1 }
            // Some trials already in order (largest first), which move nothing.
            if trial % 5 == 0 { rows = reference(rows, bound: rows.count, order: .largestFirst).listed }
            assertKeepEqualsReference(rows, bound: Int(rng.next() % 80), trial: trial)
        }
    }

    func testBuilderGroupsRowsByUnitThenBoundsThem() {
        // Units 0 and 2 get rows out of order; unit 1 none.
        let rows = [FactRows.Row(feature: 5, value: 1), FactRows.Row(feature: 1, value: 4), FactRows.Row(feature: 3, value: 4),
                    FactRows.Row(feature: 2, value: 0.5), FactRows.Row(feature: 9, value: 2)]
        let built = FactRows.Builder(unitCount: 3, rows: rows, units: [2, 0, 2, 0, 2]).finish(layer: "l", bound: 2)
        XCTAssertEqual(built.total, [2, 0, 3])
        XCTAssertEqual(built.listed[0].map(\.feature), [1, 2])
        XCTAssertEqual(built.listed[1].map(\.feature), [])
        XCTAssertEqual(built.listed[2].map(\.feature), [3, 9])
        XCTAssertEqual(built.restSum, [0, 0, 1])
        // Added one at a time: the same.
        var one = FactRows.Builder(unitCount: 3)
        for (r, u) in zip(rows, [2, 0, 2, 0, 2]) { one.add(unit: u, feature: r.feature, value: r.value) }
        let again = one.finish(layer: "l", bound: 2)
        XCTAssertEqual(again.listed, built.listed)
        XCTAssertEqual(again.restSum, built.restSum)
    }

    /// A count's rows (all 1, by ascending feature) are bounded in one pass: the same rows and
    /// rests as bounding each unit's rows on their own.
    func testEqualRowsInFileOrderAreBoundedAsTheyCome() {
        var rng = SplitMix64(seed: 19)
        for value in [1.0, 0.25, -0.0] {
            var rows: [FactRows.Row] = [], units: [Int32] = []
            for f in 0 ..< 3_000 where rng.next() % 3 != 0 {
                rows.append(FactRows.Row(feature: f, value: value)); units.append(Int32(rng.next() % 40))
            }
            let built = FactRows.Builder(unitCount: 41, rows: rows, units: units).finish(layer: nil, bound: 7)
            for u in 0 ..< 41 {
                let mine = rows.indices.filter { units[$0] == u }.map { rows[$0] }
                let want = reference(mine, bound: 7, order: .largestFirst)
                XCTAssertEqual(built.listed[u], want.listed, "unit \(u)")
                XCTAssertEqual(built.restSum[u].bitPattern, want.restSum.bitPattern, "unit \(u)")
                XCTAssertEqual(built.total[u], mine.count)
            }
            XCTAssertEqual(built.total[40], 0)
        }
    }

    func testMedianSplitEqualsTheSortedHalves() {
        var rng = SplitMix64(seed: 5)
        for trial in 0 ..< 300 {
            let n = 1 + Int(rng.next() % 200)
            // Few distinct keys: ties are broken by the item itself, as in the index.
            let keys = (0 ..< n).map { _ in Double(rng.next() % 7) }
            let before = { (a: Int, b: Int) in keys[a] < keys[b] || (keys[a] == keys[b] && a < b) }
            var items = Array(0 ..< n)
            for k in items.indices.dropLast() { items.swapAt(k, k + Int(rng.next() % UInt64(n - k))) }
            let lo = Int(rng.next() % UInt64(n)), hi = lo + 1 + Int(rng.next() % UInt64(n - lo))
            let nth = lo + Int(rng.next() % UInt64(hi - lo))
            var sorted = items
            sorted[lo ..< hi].sort(by: before)
            items.withUnsafeMutableBufferPointer { all in
                QuickSelect.partition(UnsafeMutableBufferPointer(rebasing: all[lo ..< hi]), nth: nth - lo, by: before)
            }
            XCTAssertEqual(items[nth], sorted[nth], "trial \(trial)")
            XCTAssertEqual(Set(items[lo ..< nth]), Set(sorted[lo ..< nth]), "trial \(trial)")
            XCTAssertEqual(Array(items[..<lo]) + Array(items[hi...]), Array(sorted[..<lo]) + Array(sorted[hi...]), "trial \(trial)")
        }
    }

    func testPointsWithNilAreGivenNoAreaAndTheOthersTheirOwn() throws {
        let units = try RandomTiling.make(columns: 6, rows: 5, seed: 3)
        let index = PolygonSetIndex(units: units)
        var rng = SplitMix64(seed: 8)
        var points: [Coordinate?] = []
        for k in 0 ..< 5_000 {
            points.append(k % 3 == 0 ? nil : Coordinate(-0.5 + rng.unit() * 7, -0.5 + rng.unit() * 6))
        }
        let withNil = index.assign(points)
        let present = points.indices.filter { points[$0] != nil }
        let alone = index.assign(present.map { points[$0]! })
        XCTAssertEqual(present.map { withNil[$0] }, alone)
        XCTAssertTrue(points.indices.allSatisfy { points[$0] != nil || withNil[$0] == -1 })
        XCTAssertTrue(alone.contains(-1) && alone.contains { $0 >= 0 })
        XCTAssertEqual(index.assign([Coordinate?](repeating: nil, count: 4)), [-1, -1, -1, -1])
    }
}

/// `AreaCentroid` against GEOS's own centroid, compared bit for bit.
final class AreaCentroidTests: XCTestCase {
    func geosCentroid(_ ps: [Polygon], _ ctx: GEOSContext) throws -> Coordinate {
        try ctx.multiPolygon(ps).centroid().coordinate()
    }

    func assertSameBits(_ ps: [Polygon], _ ctx: GEOSContext, _ what: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let want = try geosCentroid(ps, ctx)
        let got = try XCTUnwrap(AreaCentroid.of(ps), what, file: file, line: line)
        XCTAssertEqual(got.x.bitPattern, want.x.bitPattern, "\(what): x \(got.x) vs GEOS \(want.x)", file: file, line: line)
        XCTAssertEqual(got.y.bitPattern, want.y.bitPattern, "\(what): y \(got.y) vs GEOS \(want.y)", file: file, line: line)
    }

    /// Every unit of the jittered tiling (holes, enclaves, multi-part units), as drawn, with every
    /// ring reversed, and with every ring started at another vertex (another fan base, other caps).
    func testTilingUnitsEqualGEOS() throws {
        let units = try RandomTiling.make(columns: 12, rows: 10, seed: 7)
        let ctx = try GEOSContext()
        func rotated(_ ring: Ring, by k: Int) -> Ring {
            let open = Array(ring.dropLast()), s = k % open.count
            let r = Array(open[s...] + open[..<s])
            return r + [r[0]]
        }
        var holes = 0
        for u in units.indices {
            let ps = units.polygons[u]
            holes += ps.reduce(0) { $0 + $1.holes.count }
            try assertSameBits(ps, ctx, "unit \(u)")
            try assertSameBits(ps.map { Polygon(exterior: $0.exterior.reversed(), holes: $0.holes.map { $0.reversed() }) }, ctx, "unit \(u) reversed")
            try assertSameBits(ps.map { Polygon(exterior: rotated($0.exterior, by: u + 1), holes: $0.holes.map { rotated($0, by: u + 2) }) }, ctx, "unit \(u) rotated")
        }
        XCTAssertGreaterThan(holes, 0)
    }

    /// Units of several islands with coordinates off any binary lattice (the tiling's are on a
    /// 1/64 grid, where every sum is exact and the triangles' base point could not matter): GEOS
    /// fans each part's triangles from that part's own first vertex, as Natural Earth's
    /// many-island countries showed when they did not match.
    func testIslandsOffTheLatticeEqualGEOS() throws {
        let ctx = try GEOSContext()
        var rng = SplitMix64(seed: 31)
        for u in 0 ..< 200 {
            var parts: [Polygon] = []
            for k in 0 ..< 2 + u % 5 {
                let cx = -170 + 340 * rng.unit() + Double(k) * 1e-3, cy = -60 + 120 * rng.unit()
                let r = 0.05 + 2 * rng.unit()
                var ring: Ring = (0 ..< 6).map { i in
                    let a = Double(i) * .pi / 3 + 0.3 * rng.unit()
                    return Coordinate(cx + r * cos(a), cy + r * sin(a))
                }
                ring.append(ring[0])
                parts.append(Polygon(exterior: u % 2 == 0 ? ring : ring.reversed()))
            }
            try assertSameBits(parts, ctx, "unit \(u) of \(parts.count) islands")
        }
    }

    /// Flat tops (the direction of the top decides), pointed tops, a top reached twice, and a
    /// square with a collinear vertex on its top: each way round.
    func testCapsOfEveryKindEqualGEOS() throws {
        let ctx = try GEOSContext()
        let rings: [Ring] = [
            [Coordinate(0, 0), Coordinate(4, 0), Coordinate(4, 3), Coordinate(0, 3), Coordinate(0, 0)],
            [Coordinate(0, 3), Coordinate(0, 0), Coordinate(4, 0), Coordinate(4, 3), Coordinate(2, 3), Coordinate(0, 3)],
            [Coordinate(0, 0), Coordinate(5, 1), Coordinate(2, 7), Coordinate(0, 0)],
            [Coordinate(2, 7), Coordinate(0, 0), Coordinate(5, 1), Coordinate(2, 7)],
            [Coordinate(0, 0), Coordinate(3, 5), Coordinate(4, 1), Coordinate(6, 5), Coordinate(7, 0), Coordinate(0, 0)],
            [Coordinate(0.1, 0.2), Coordinate(0.3, 0.1), Coordinate(0.7, 0.30000000000000004), Coordinate(0.1 + 0.2, 0.9), Coordinate(0.1, 0.2)],
        ]
        for (k, r) in rings.enumerated() {
            try assertSameBits([Polygon(exterior: r)], ctx, "ring \(k)")
            try assertSameBits([Polygon(exterior: r.reversed())], ctx, "ring \(k) reversed")
        }
        // A ring GEOS would refuse, and one without area: left to GEOS.
        XCTAssertNil(AreaCentroid.of([Polygon(exterior: [Coordinate(0, 0), Coordinate(1, 0), Coordinate(0, 0)])]))
        XCTAssertNil(AreaCentroid.of([Polygon(exterior: [Coordinate(0, 0), Coordinate(1, 0), Coordinate(2, 0), Coordinate(0, 0)])]))
    }
}
