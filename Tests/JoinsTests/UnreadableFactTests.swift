import XCTest
import Domain
@testable import Joins

/// Facts that must be unknown (nil), never a quietly wrong number: a latest round whose value
/// is rejected or empty, sums whose every value is missing, point facts of a unit without a
/// polygon, a field name that designates two columns. Expected values worked out by hand.
final class UnreadableFactTests: XCTestCase {
    let keys = TableKeyFields(codeField: "pcode", nameField: nil, parentField: nil)
    let fields = ["pcode", "date", "idps"].map { FieldSchema(name: $0, type: .text) }

    func dtm(_ rows: [[Value]], rejected: [[Value]] = [], rejectedLines: [Int] = []) -> Layer {
        var l = Layer(path: "dtm.csv", fields: fields,
                      features: rows.enumerated().map { Feature(location: SourceLocation(file: "dtm.csv", line: $0.offset + 2), shape: nil, values: $0.element) })
        l.rejectedFeatures = zip(rejected, rejectedLines).map { Feature(location: SourceLocation(file: "dtm.csv", line: $1), shape: nil, values: $0) }
        return l
    }

    func engine(_ layer: Layer) throws -> FactEngine {
        try FactEngine(units: HandFixture.units(), layers: [BoundLayer(name: "dtm", layer: layer,
            roles: LayerRoles(placement: .byKey(keys), dateField: "date"))])
    }

    func testALatestRoundWithARejectedRowIsUnknownNotAnOlderRound() throws {
        // G3: 2019 round 24, 2020 round rejected ("2,225", line 9): nil, not 24.
        // G1: 2019 round 5, rejected row of 2018 (older): 5 stands.
        // G2: rejected row without a readable date: 7 stands, with a warning that it may be older.
        let layer = dtm([
            [.text("G3"), .text("2019-09-30"), .number(24)],
            [.text("G1"), .text("2019-09-30"), .number(5)],
            [.text("G2"), .text("2019-09-30"), .number(7)],
        ], rejected: [
            [.text("G3"), .date(ISODate(year: 2020, month: 10, day: 31)!), .null],
            [.text("G1"), .date(ISODate(year: 2018, month: 1, day: 1)!), .null],
            [.text("G2"), .null, .number(9)],
        ], rejectedLines: [9, 10, 11])
        let r = try engine(layer).evaluate(FactSpec(name: "idps", layer: "dtm", aggregate: .latestSum(field: "idps")))
        XCTAssertEqual(r.values, [nil, 5, 7, nil, nil])
        XCTAssertEqual(r.diagnostics.map(\.code), [.latestRoundUncertain, .latestRoundUnreadable])
        let unreadable = try XCTUnwrap(r.diagnostics.last)
        XCTAssertEqual(unreadable.location.description, "dtm.csv:9")
        XCTAssertEqual(unreadable.message, "unit G3 Bena Tshiadi: the latest round (2020-10-31) has 1 rejected row(s), this one first: idps is left empty, not taken from an older round")
        XCTAssertEqual(r.diagnostics.first?.location.description, "dtm.csv:11")
        // Outside the window (as of 2019-12-31) the rejected 2020 row does not count: 24 again.
        let asOf = DateWindow(from: nil, to: ISODate(year: 2019, month: 12, day: 31))
        XCTAssertEqual(try engine(layer).compute(FactSpec(name: "idps19", layer: "dtm", aggregate: .latestSum(field: "idps"), window: asOf)),
                       [24, 5, 7, nil, nil])
        // A sum counts each rejected row as a missing value: every unit's sum is partial, G4 and G5 have no rows (0).
        let sum = try engine(layer).evaluate(FactSpec(name: "all", layer: "dtm", aggregate: .sum(field: "idps")))
        XCTAssertEqual(sum.values, [24, 5, 7, 0, 0])
        XCTAssertEqual(sum.diagnostics.filter { $0.code == .partialSum }.map(\.location.description), ["dtm.csv:9", "dtm.csv:10", "dtm.csv:11"])
        // In a window to 2019-12-31: G3's 2020 row is out, G2's undated one cannot be placed: only G1 is partial.
        let sum19 = try engine(layer).evaluate(FactSpec(name: "all19", layer: "dtm", aggregate: .sum(field: "idps"), window: asOf))
        XCTAssertEqual(sum19.diagnostics.filter { $0.code == .partialSum }.map(\.message),
                       ["unit G1 Kasaï-Centre: 1 of 2 rows have no value in idps, this one first: all19 is the sum of the other 1 (a partial sum)"])
        // A unit whose only row is rejected has an unknown sum.
        let onlyRejected = dtm([], rejected: [[.text("G4"), .text("2020-01-01"), .null]], rejectedLines: [2])
        XCTAssertEqual(try engine(onlyRejected).compute(FactSpec(name: "s", layer: "dtm", aggregate: .sum(field: "idps"))), [0, 0, 0, nil, 0])
    }

    func testAnEmptyLatestRoundIsUnknownAndAPartialOneIsReported() throws {
        // G3: latest round's only cell is empty: nil (not 0, not the 2019 value 24).
        // G1: latest round 30 + empty: 30, partial. G2: no rows: nil (not assessed).
        let layer = dtm([
            [.text("G3"), .text("2019-09-30"), .number(24)],
            [.text("G3"), .text("2020-10-31"), .null],
            [.text("G1"), .text("2020-10-31"), .number(30)],
            [.text("G1"), .text("2020-10-31"), .text("n/a")],
        ])
        let e = try engine(layer)
        let r = try e.evaluate(FactSpec(name: "idps", layer: "dtm", aggregate: .latestSum(field: "idps")))
        XCTAssertEqual(r.values, [nil, 30, nil, nil, nil])
        XCTAssertEqual(r.diagnostics.filter { $0.code == .latestRoundUnreadable }.map(\.message),
                       ["unit G3 Bena Tshiadi: no row of the latest round (2020-10-31) has a value in idps: idps is left empty, not read as 0 nor taken from an older round"])
        XCTAssertEqual(r.diagnostics.filter { $0.code == .partialSum }.map(\.location.description), ["dtm.csv:5"])
        // A plain sum: G3 24 (the empty cell is partial), G1 30 (partial), units without rows 0.
        XCTAssertEqual(try e.compute(FactSpec(name: "all", layer: "dtm", aggregate: .sum(field: "idps"))), [24, 30, 0, 0, 0])
    }

    func testPointFactsOfAUnitWithoutPolygonAreUnknown() throws {
        var polygons = HandFixture.polygons
        polygons[4] = []   // G5 lost its polygon
        let units = try UnitSet(ids: HandFixture.ids, names: ["a", "b", "c", "d", "e"],
                                parents: [nil, nil, nil, nil, nil], polygons: polygons, population: [1000, 2000, nil, 0, 500],
                                fields: [], attributes: [[], [], [], [], []])
        let points = Layer(path: "p.csv", fields: [FieldSchema(name: "n", type: .real)],
                           features: [Feature(location: SourceLocation(file: "p.csv", line: 2), shape: .point(Coordinate(1, 0.25)), values: [.number(2)])])
        let e = try FactEngine(units: units, layers: [BoundLayer(name: "p", layer: points, roles: LayerRoles(placement: .byLocation))])
        // One point in G3; G1, G2, G4 really have none (0); G5 cannot hold any: unknown.
        XCTAssertEqual(try e.compute(FactSpec(name: "c", layer: "p", aggregate: .count)), [1, 0, 0, 0, nil])
        XCTAssertEqual(try e.compute(FactSpec(name: "s", layer: "p", aggregate: .sum(field: "n"))), [2, 0, 0, 0, nil])
        XCTAssertEqual(try e.compute(FactSpec(name: "k", layer: "p", aggregate: .per10k)), [10, 0, nil, nil, nil])
        XCTAssertEqual(try e.compute(FactSpec(name: "m", layer: "p", aggregate: .mean(field: "n"))), [2, nil, nil, nil, nil])
        XCTAssertNil(try e.compute(FactSpec(name: "d", layer: "p", aggregate: .nearestKm))[4])
        XCTAssertNil(try e.compute(FactSpec(name: "a", layer: nil, aggregate: .areaKm2))[4])
    }

    func testAFieldNameForTwoColumnsIsAnError() throws {
        let tag = HXLTag("#affected+idps+ind")
        var layer = Layer(path: "dtm.csv", fields: ["pcode", "date", "estimate", "idps"].map { FieldSchema(name: $0, type: .text) },
                          features: [Feature(location: SourceLocation(file: "dtm.csv", line: 3), shape: nil,
                                             values: [.text("G3"), .text("2020-01-01"), .number(0), .number(5)])])
        layer.tags = [nil, nil, tag, tag]
        let e = try FactEngine(units: HandFixture.units(), layers: [BoundLayer(name: "dtm", layer: layer,
            roles: LayerRoles(placement: .byKey(keys), dateField: "date"))])
        XCTAssertThrowsError(try e.compute(FactSpec(name: "idps", layer: "dtm", aggregate: .sum(field: "#affected+idps+ind")))) {
            XCTAssertEqual(($0 as? TargetingError)?.message,
                           "fact idps: value field #affected+idps+ind names 2 columns of layer dtm (dtm.csv): 'estimate' (column 3) and 'idps' (column 4)")
        }
        // By header it is one column: 5.
        XCTAssertEqual(try e.compute(FactSpec(name: "idps", layer: "dtm", aggregate: .sum(field: "idps")))[0], 5)
    }
}
