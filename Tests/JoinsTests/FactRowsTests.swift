import XCTest
import Domain
import Geometry
@testable import Joins

/// The rows behind each fact (`FactEngine.rowBound`), on the hand fixture of `FactTests` (ACLED
/// rows on lines 2–20, owners from `HandFixture.points`), the zone fixture of `ZoneFactTests` and
/// the facilities of `GeodesicFactTests`. Every expected line and value is read off those tables.
final class FactRowsTests: XCTestCase {
    /// Another suite's instance, for its fixtures (not run).
    func fixture<T: XCTestCase>(_ type: T.Type) -> T { T(name: "fixture", testClosure: { _ in }) }

    func engine(bound: Int) throws -> FactEngine {
        let e = try fixture(FactTests.self).engine()
        e.rowBound = bound
        return e
    }

    /// (file line, contribution) of the rows listed for unit `u`.
    func listed(_ r: FactResult, _ u: Int, _ layer: Layer) throws -> [(Int, Double)] {
        try XCTUnwrap(r.rows).listed[u].map { (layer.features[$0.feature].location.line ?? -1, $0.value) }
    }

    func assertRows(_ got: [(Int, Double)], _ want: [(Int, Double)], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(got.map(\.0), want.map(\.0), "lines", file: file, line: line)
        XCTAssertEqual(got.map(\.1), want.map(\.1), "contributions", file: file, line: line)
    }

    func testNothingIsRecordedUnlessAsked() throws {
        let e = try fixture(FactTests.self).engine()
        XCTAssertNil(try e.evaluate(FactSpec(name: "n", layer: "acled", aggregate: .count)).rows)
    }

    /// G3 (unit 0) owns lines 2, 4, 15 and 16; G2 (unit 2) lines 7, 8, 9, 17, 18; G4 (unit 3) line 3.
    func testCountListsRowsInFileOrderWithinTheBoundAndCountsTheRest() throws {
        let layer = fixture(FactTests.self).acled()
        let r = try engine(bound: 2).evaluate(FactSpec(name: "n", layer: "acled", aggregate: .count))
        let rows = try XCTUnwrap(r.rows)
        XCTAssertEqual(rows.layer, "acled")
        XCTAssertEqual(rows.total, [4, 3, 5, 1, 2])
        try assertRows(listed(r, 0, layer), [(2, 1), (4, 1)])
        XCTAssertEqual(rows.more(0), 2)
        XCTAssertEqual(rows.restSum[0], 2)
        try assertRows(listed(r, 3, layer), [(3, 1)])
        XCTAssertEqual(rows.more(3), 0)
        // Listed plus the rest add up to the fact.
        for u in 0 ..< 5 { XCTAssertEqual(rows.listed[u].reduce(0) { $0 + $1.value } + rows.restSum[u], r.values[u]) }
    }

    func testWindowListsOnlyRowsInsideIt() throws {
        let layer = fixture(FactTests.self).acled()
        let f = fixture(FactTests.self)
        let r = try engine(bound: 50).evaluate(FactSpec(name: "n_w", layer: "acled", aggregate: .count, window: f.window))
        // G2: line 7 (31/12/2020) in; line 8 (no date) and 9 (2020-13-01) out; 17 and 18 in.
        try assertRows(listed(r, 2, layer), [(7, 1), (17, 1), (18, 1)])
        // G1: line 6 (2016-07-31) is a day before the window.
        try assertRows(listed(r, 1, layer), [(5, 1), (12, 1)])
    }

    func testSumListsLargestFirstAndLeavesOutUnreadableValues() throws {
        let layer = fixture(FactTests.self).acled()
        let r = try engine(bound: 2).evaluate(FactSpec(name: "f", layer: "acled", aggregate: .sum(field: "fatalities")))
        let rows = try XCTUnwrap(r.rows)
        // G3: 3 (line 2), 2 (line 4), 1 (line 15), 2 (line 16): ties in file order; rest 1 + 2.
        try assertRows(listed(r, 0, layer), [(2, 3), (4, 2)])
        XCTAssertEqual(rows.restSum[0], 3)
        // G2: 0 (7), 1 (8), 4 (9), 6 (17), 3 (18).
        try assertRows(listed(r, 2, layer), [(17, 6), (9, 4)])
        XCTAssertEqual(rows.total[2], 5)
        XCTAssertEqual(rows.restSum[2], 4)
        // G4's only row is null and G5's line 10 is "n/a": neither is a row of the sum.
        XCTAssertEqual(rows.total[3], 0)
        try assertRows(listed(r, 4, layer), [(11, 10)])
    }

    func testMinimumListsTheSmallestFirstAndMaximumTheLargest() throws {
        let layer = fixture(FactTests.self).acled()
        let e = try engine(bound: 1)
        let lo = try e.evaluate(FactSpec(name: "lo", layer: "acled", aggregate: .min(field: "fatalities")))
        let hi = try e.evaluate(FactSpec(name: "hi", layer: "acled", aggregate: .max(field: "fatalities")))
        try assertRows(listed(lo, 0, layer), [(15, 1)])
        try assertRows(listed(hi, 0, layer), [(2, 3)])
        XCTAssertEqual(lo.values[0], 1)
        XCTAssertEqual(hi.values[0], 3)
    }

    /// G3 has 1,000 people: each of its 4 rows adds 10 per 10,000; G2 (no population) and G4 (0)
    /// have no per-head value, so their rows are listed with an unknown (NaN) contribution.
    func testPerTenThousandContributionsAddUpToTheFact() throws {
        let layer = fixture(FactTests.self).acled()
        let r = try engine(bound: 10).evaluate(FactSpec(name: "p", layer: "acled", aggregate: .per10k))
        try assertRows(listed(r, 0, layer), [(2, 10), (4, 10), (15, 10), (16, 10)])
        XCTAssertEqual(r.values[0], 40)
        XCTAssertNil(r.values[2])
        XCTAssertTrue(try XCTUnwrap(r.rows).listed[2].allSatisfy { $0.value.isNaN })
        XCTAssertEqual(try XCTUnwrap(r.rows).total[2], 5)
    }

    func testUnitFactsCiteTheUnitsOwnRecord() throws {
        let r = try engine(bound: 5).evaluate(FactSpec(name: "pop", layer: nil, aggregate: .attribute(field: "pop_2017")))
        let rows = try XCTUnwrap(r.rows)
        XCTAssertNil(rows.layer)
        XCTAssertEqual(rows.listed.map { $0.map(\.feature) }, [[0], [1], [2], [3], [4]])
        XCTAssertEqual(rows.listed[1].first?.value, 2000)
        XCTAssertTrue(rows.listed[2].first?.value.isNaN ?? false, "G2's population is null")
    }

    /// The latest round per zone in the window is shared by the crosswalk weights: U2 gets a third
    /// of ZA's line 5 (600) and a third of ZB's lines 6 (900) and 8 (30); line 7 is after as_of
    /// and lines 3–4 are ZA's earlier rounds.
    func testApportionedLatestRoundListsTheRoundsRowsTimesTheirWeight() throws {
        let z = fixture(ZoneFactTests.self)
        let layer = z.dtmByZone()
        let e = try z.engine(layer)
        e.rowBound = 10
        let r = try e.evaluate(FactSpec(name: "idps", layer: "dtm_zones", aggregate: .latestSum(field: "idps"), window: z.asOf))
        let got: [(Int, Double)] = try listed(r, 1, layer)
        XCTAssertEqual(got.map { $0.0 }, [6, 5, 8])
        let want: [Double] = [z.wB2 * 900, z.wA2 * 600, z.wB2 * 30]
        for (g, w) in zip(got.map { $0.1 }, want) { XCTAssertEqual(g, w, accuracy: w * 1e-9) }
        XCTAssertEqual(try listed(r, 0, layer).map { $0.0 }, [5])
        XCTAssertEqual(try listed(r, 2, layer).map { $0.0 }, [6, 8])
        let rows = try XCTUnwrap(r.rows)
        for u in 0 ..< 3 {
            let sum: Double = rows.listed[u].reduce(0) { $0 + $1.value }
            XCTAssertEqual(sum, try XCTUnwrap(r.values[u]), accuracy: 1e-9)
        }
    }

    /// Nearest: the one row at the fact's distance; within 15 km: every facility brute force finds.
    func testDistanceFactsListTheRowsBruteForceFinds() throws {
        let g = fixture(GeodesicFactTests.self)
        let facilities = g.facilities()
        let e = try FactEngine(units: g.placed(), layers: [BoundLayer(name: "health", layer: facilities, roles: LayerRoles())])
        e.rowBound = 50
        let refs = try e.referencePoints()
        let geodesy = Geodesy()
        let near = try e.evaluate(FactSpec(name: "near", layer: "health", aggregate: .nearestKm))
        let within = try e.evaluate(FactSpec(name: "w", layer: "health", aggregate: .countWithin(km: 15)))
        let nearRows = try XCTUnwrap(near.rows), withinRows = try XCTUnwrap(within.rows)
        for u in 0 ..< 5 {
            let c = try XCTUnwrap(refs[u])
            var km: [Double] = []
            for f in facilities.features {
                guard case .point(let p)? = f.shape else { km.append(.infinity); continue }
                km.append(geodesy.distanceKm(c, p))
            }
            var best = 0
            for k in km.indices where km[k] < km[best] { best = k }
            XCTAssertEqual(nearRows.listed[u], [FactRows.Row(feature: best, value: km[best])])
            XCTAssertEqual(near.values[u], km[best])
            let inside: [Int] = km.indices.filter { km[$0] <= 15 }
            XCTAssertEqual(withinRows.listed[u].map { $0.feature }, inside)
            XCTAssertEqual(within.values[u], Double(inside.count))
        }
    }
}
