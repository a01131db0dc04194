import XCTest
import Domain
@testable import Joins

/// Counts, sums, windows and per-head facts on the hand fixture, every expected value worked out
/// by hand from the table in `acled()` (owners from `HandFixture.points`).
final class FactTests: XCTestCase {
    /// Unit order of every expected array: G3, G1, G2, G4, G5.
    func acled() -> Layer {
        let rows: [(String, String, Value)] = [
            ("Battles", "2019-01-10", .number(3)),              // G3
            ("Riots", "2020-06-01", .null),                     // G4
            ("Battles", "2020-12-31", .number(2)),              // G3 (border with G4)
            ("Violence against civilians", "2016-08-01", .number(5)), // G1
            ("Battles", "2016-07-31", .number(7)),              // G1 (triple vertex)
            ("Protests", "31/12/2020", .text("0")),             // G2
            ("Battles", "", .number(1)),                        // G2, no date
            ("Battles", "2020-13-01", .number(4)),              // G2 island, impossible date
            ("Battles", "2018-05-05", .text("n/a")),            // G5
            ("Riots", "2018-05-06", .number(10)),               // G5
            ("Battles", "2019-03-03", .number(1)),              // G1
            ("Battles", "2019-01-01", .number(100)),            // outside
            ("Battles", "2019-01-01", .number(100)),            // outside
            ("Riots", "2017-01-01", .number(1)),                // G3
            ("Battles", "2018-01-01", .number(2)),              // G3
            ("Battles", "2019-01-01", .number(6)),              // G2 island
            ("Riots", "2019-02-02", .number(3)),                // G2 island edge
        ]
        var features: [Feature] = []
        for (k, (t, d, f)) in rows.enumerated() {
            features.append(Feature(location: SourceLocation(file: "acled.csv", line: k + 2),
                                    shape: .point(HandFixture.points[k].0), values: [.text(t), .text(d), f]))
        }
        features.append(Feature(location: SourceLocation(file: "acled.csv", line: 19), shape: nil,
                                values: [.text("Battles"), .text("2019-01-01"), .number(50)]))
        features.append(Feature(location: SourceLocation(file: "acled.csv", line: 20), shape: .point(Coordinate(200, 5)),
                                values: [.text("Battles"), .text("2019-01-01"), .number(50)]))
        return Layer(path: "acled.csv", fields: [FieldSchema(name: "event_type", type: .text),
                                                 FieldSchema(name: "event_date", type: .text),
                                                 FieldSchema(name: "fatalities", type: .real)], features: features)
    }

    func engine() throws -> FactEngine {
        try FactEngine(units: HandFixture.units(), layers: [
            BoundLayer(name: "acled", layer: acled(), roles: LayerRoles(placement: .byLocation, dateField: "event_date"))])
    }

    let window = DateWindow(from: ISODate(year: 2016, month: 8, day: 1), to: ISODate(year: 2020, month: 12, day: 31))
    let battles = FactFilter(field: "event_type", op: .eq, values: [.text("Battles")])

    func testCountsWithWindowsAndFilters() throws {
        let e = try engine()
        XCTAssertEqual(try e.compute(FactSpec(name: "n", layer: "acled", aggregate: .count)), [4, 3, 5, 1, 2])
        // Closed window: 2016-08-01 and 2020-12-31 (also written 31/12/2020) count, 2016-07-31 does not;
        // rows without a readable date are out.
        XCTAssertEqual(try e.compute(FactSpec(name: "n_w", layer: "acled", aggregate: .count, window: window)), [4, 2, 3, 1, 2])
        XCTAssertEqual(try e.compute(FactSpec(name: "n_b", layer: "acled", aggregate: .count, filters: [battles])), [3, 2, 3, 0, 1])
        let r = try e.evaluate(FactSpec(name: "n_w", layer: "acled", aggregate: .count, window: window))
        XCTAssertEqual(Set(r.diagnostics.map(\.code)), [.missingDate, .badDate])
        XCTAssertEqual(Set(r.diagnostics.map(\.location.line)), [8, 9])
    }

    func testPlacementReportsOutsideAndUnusablePoints() throws {
        let p = try engine().placement(ofLayer: "acled")
        XCTAssertEqual(p.outsideCount, 2)
        XCTAssertEqual(p.placedCount, 15)
        let byCode = Dictionary(grouping: p.diagnostics, by: \.code).mapValues { $0.map { $0.location.line ?? 0 }.sorted() }
        XCTAssertEqual(byCode[.outsideUnits], [13, 14])
        XCTAssertEqual(byCode[.noPoint], [19])
        XCTAssertEqual(byCode[.badCoordinate], [20])
    }

    /// A layer of 300,000 points is placed in ranges on every core: the notes on the points
    /// outside every unit come in file order all the same, one per point, with its coordinates.
    func testOutsideNotesOfALargeLayerComeInFileOrder() throws {
        // Every 7,001st point lies at (10, 10), outside every unit; the others inside G2's square.
        let outsideRows = Set(stride(from: 0, to: 300_000, by: 7_001))
        let features = (0 ..< 300_000).map { k in
            Feature(location: SourceLocation(file: "big.csv", line: k + 2),
                    shape: .point(outsideRows.contains(k) ? Coordinate(10, 10) : Coordinate(3, 1)), values: [])
        }
        let e = try FactEngine(units: HandFixture.units(), layers: [
            BoundLayer(name: "big", layer: Layer(path: "big.csv", fields: [], features: features), roles: LayerRoles(placement: .byLocation))])
        let p = try e.placement(ofLayer: "big")
        XCTAssertEqual(p.outsideCount, outsideRows.count)
        XCTAssertEqual(p.placedCount, 300_000 - outsideRows.count)
        XCTAssertEqual(p.diagnostics.map(\.code), Array(repeating: .outsideUnits, count: outsideRows.count))
        XCTAssertEqual(p.diagnostics.map { $0.location.line ?? 0 }, outsideRows.sorted().map { $0 + 2 })
        XCTAssertEqual(p.diagnostics.first?.message, "point (10.0, 10.0) lies outside every unit: counted for distances only")
    }

    func testSumsExcludeNullsAndReportThem() throws {
        let e = try engine()
        let sum = try e.evaluate(FactSpec(name: "f", layer: "acled", aggregate: .sum(field: "fatalities")))
        // G4's only row is null: unknown (nil), neither 0 nor a number read from the null.
        // G5: "n/a" (line 10) and 10: the sum of the one present value, reported as partial.
        XCTAssertEqual(sum.values, [8, 13, 14, nil, 10])
        // G4 is also said once for the unit, not only per row (line 3, its null row).
        XCTAssertEqual(sum.diagnostics.map(\.code).sorted(), [.badNumber, .nullValue, .partialSum, .sumWithoutValues])
        XCTAssertEqual(sum.diagnostics.map { $0.location.line ?? 0 }.sorted(), [3, 3, 10, 10])
        XCTAssertEqual(sum.diagnostics.first { $0.code == .sumWithoutValues }?.message.hasSuffix(
            ": none of its 1 row(s) has a value in fatalities, this one first: f is left empty, not read as 0"), true)
        XCTAssertEqual(sum.diagnostics.first { $0.code == .partialSum }?.message,
                       "unit G5 Triangle: 1 of 2 rows have no value in fatalities, this one first: f is the sum of the other 1 (a partial sum)")
        XCTAssertEqual(sum.rowsUsed, 13)
        let mean = try e.compute(FactSpec(name: "m", layer: "acled", aggregate: .mean(field: "fatalities")))
        XCTAssertEqual(mean[0], 2); XCTAssertEqual(mean[1]!, 13.0 / 3, accuracy: 1e-12); XCTAssertEqual(mean[2], 2.8)
        XCTAssertNil(mean[3]); XCTAssertEqual(mean[4], 10)
        XCTAssertEqual(try e.compute(FactSpec(name: "lo", layer: "acled", aggregate: .min(field: "fatalities"))), [1, 1, 0, nil, 10])
        XCTAssertEqual(try e.compute(FactSpec(name: "hi", layer: "acled", aggregate: .max(field: "fatalities"))), [3, 7, 6, nil, 10])
        XCTAssertEqual(try e.compute(FactSpec(name: "fw", layer: "acled", aggregate: .sum(field: "fatalities"),
                                              filters: [battles], window: window)), [7, 1, 6, 0, nil])
        // G4 has no battle at all: a real 0; G5's one battle has "n/a": unknown, not 0.
        // The engine's report names the null row once per fact that needed it (f, m, lo, hi; the
        // filtered fact never read it), and computing a fact again adds no repeats.
        XCTAssertEqual(e.diagnostics.filter { $0.code == .nullValue }.count, 4)
        _ = try e.compute(FactSpec(name: "f", layer: "acled", aggregate: .sum(field: "fatalities")))
        XCTAssertEqual(e.diagnostics.filter { $0.code == .nullValue }.count, 4)
    }

    func testPer10kAndUnitFacts() throws {
        let e = try engine()
        // Populations 1000, 2000, nil, 0, 500.
        XCTAssertEqual(try e.compute(FactSpec(name: "p", layer: "acled", aggregate: .per10k)), [40, 15, nil, nil, 40])
        let pop = try e.evaluate(FactSpec(name: "pop", layer: nil, aggregate: .attribute(field: "POP_2017")))
        XCTAssertEqual(pop.values, [1000, 2000, nil, 0, nil])
        XCTAssertEqual(pop.diagnostics.map(\.code), [.badNumber])
        XCTAssertThrowsError(try e.compute(FactSpec(name: "x", layer: nil, aggregate: .attribute(field: "nope")))) {
            XCTAssertTrue("\($0)".contains("pop_2017"), "\($0)")
        }
    }

    func testBadSpecsAreClearErrors() throws {
        let e = try engine()
        XCTAssertThrowsError(try e.compute(FactSpec(name: "x", layer: "conflict", aggregate: .count))) {
            XCTAssertTrue("\($0)".contains("acled"), "\($0)")
        }
        XCTAssertThrowsError(try e.compute(FactSpec(name: "x", layer: "acled", aggregate: .sum(field: "deaths")))) {
            XCTAssertTrue("\($0)".contains("fatalities"), "\($0)")
        }
        let noDates = try FactEngine(units: HandFixture.units(), layers: [
            BoundLayer(name: "acled", layer: acled(), roles: LayerRoles(placement: .byLocation, dateField: nil))])
        XCTAssertThrowsError(try noDates.compute(FactSpec(name: "x", layer: "acled", aggregate: .count, window: window))) {
            XCTAssertTrue("\($0)".contains("date field"), "\($0)")
        }
    }

    func testLatestSumTakesEachUnitsLatestRoundInTheWindow() throws {
        let fields = ["admin_pcode", "admin_name", "parent_pcode", "date", "idps", "returnees"]
        let rows: [[Value]] = [
            [.text("g3 "), .null, .text("T1"), .text("2020-06-30"), .number(100), .number(10)],
            [.text("G3"), .null, .text("T1"), .text("2020-09-30"), .number(150), .number(20)],
            [.text("G3"), .null, .text("T1"), .text("2020-09-30"), .number(50), .null],
            [.null, .text("KASAI CENTRE"), .text("T1"), .text("2020-09-30"), .number(70), .number(7)],
            [.null, .text("Kasai-centre"), .text("T1"), .text("2021-01-15"), .number(999), .number(9)],
            [.text("XX999"), .text("Mutéfu"), .text("t2"), .text("2020-03-01"), .number(40), .number(4)],
        ]
        let layer = Layer(path: "dtm.csv", fields: fields.map { FieldSchema(name: $0, type: .text) },
                          features: rows.enumerated().map { Feature(location: SourceLocation(file: "dtm.csv", line: $0.offset + 3), shape: nil, values: $0.element) })
        let e = try FactEngine(units: HandFixture.units(), layers: [BoundLayer(name: "dtm", layer: layer, roles: LayerRoles(
            placement: .byKey(TableKeyFields(codeField: "admin_pcode", nameField: "admin_name", parentField: "parent_pcode")),
            dateField: "date"))])
        let asOf = DateWindow(from: nil, to: ISODate(year: 2020, month: 12, day: 31))
        // G3: round 2020-09-30 (two rows) 150 + 50; G1 (by name): 70, its 2021 round is after as_of;
        // G2 (unknown code, then by name with accent): 40; G4 and G5 have no rows: not assessed, so unknown.
        XCTAssertEqual(try e.compute(FactSpec(name: "idp", layer: "dtm", aggregate: .latestSum(field: "idps"), window: asOf)), [200, 70, 40, nil, nil])
        let ret = try e.evaluate(FactSpec(name: "ret", layer: "dtm", aggregate: .latestSum(field: "returnees"), window: asOf))
        XCTAssertEqual(ret.values, [20, 7, 4, nil, nil])
        // G3's latest round has 20 and a null: 20, reported as a partial sum.
        XCTAssertEqual(ret.diagnostics.map(\.code), [.nullValue, .partialSum])
        XCTAssertEqual(ret.diagnostics.first?.location.line, 5)
        XCTAssertEqual(try e.compute(FactSpec(name: "idp_all", layer: "dtm", aggregate: .latestSum(field: "idps"))), [200, 999, 40, nil, nil])
        XCTAssertEqual(try e.compute(FactSpec(name: "rows", layer: "dtm", aggregate: .count)), [3, 2, 1, 0, 0])
        let report = try e.placement(ofLayer: "dtm").joinReport
        XCTAssertEqual(report?.matchedByCode.count, 3)
        XCTAssertEqual(report?.matchedByName.map(\.unit), ["G1", "G1", "G2"])
        XCTAssertEqual(report?.unknownCodes, [JoinReport.UnknownCode(location: "dtm.csv:8", code: "XX999", resolvedByName: "G2")])
        XCTAssertThrowsError(try e.compute(FactSpec(name: "d", layer: "dtm", aggregate: .nearestKm)))
    }
}
