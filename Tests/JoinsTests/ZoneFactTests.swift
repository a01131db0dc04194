import XCTest
import Domain
@testable import Joins

/// Facts on a zone layer (a DTM table by health zone) apportioned to units.
///
///     y=0.1 +---------+---------+---------+      units U1, U2, U3: 0.1° squares on the equator
///           |   U1    |   U2    |   U3    |      zone ZA: x 0 … 0.15  (2/3 in U1, 1/3 in U2)
///           |   ZA    ZA | ZB   ZB        |      zone ZB: x 0.15 … 0.3 (1/3 in U2, 2/3 in U3)
///     y=0   +---------+----+----+---------+
///           x=0      0.1  0.15 0.2       0.3
///
/// By hand the shares are 2/3 and 1/3 (a box between meridians and parallels has an area exactly
/// proportional to its width; the polygons' top edges are geodesics, not parallels, which moves
/// the shares by about 2e-7). The reference shares below come from
/// scratch/crosswalk/shares.py (shapely intersections, pyproj.Geod WGS 84 areas):
/// ZA→U1 0.6666664537016771, ZA→U2 0.33333316296138077, ZB→U2 0.33333316296138094,
/// ZB→U3 0.6666664537016769. Tolerance: 1e-9 relative against pyproj, 1e-5 against the hand
/// fractions.
final class ZoneFactTests: XCTestCase {
    static func rect(_ x0: Double, _ x1: Double) -> [Polygon] {
        [Polygon(exterior: [Coordinate(x0, 0), Coordinate(x1, 0), Coordinate(x1, 0.1), Coordinate(x0, 0.1), Coordinate(x0, 0)])]
    }

    func units() throws -> UnitSet {
        try UnitSet(ids: ["U1", "U2", "U3"].map(UnitID.init), names: ["Un", "Deux", "Trois"], parents: [nil, nil, nil],
                    polygons: [Self.rect(0, 0.1), Self.rect(0.1, 0.2), Self.rect(0.2, 0.3)], population: [1000, 2000, nil])
    }

    /// Rows of a DTM table by zone, each already carrying its zone's shape (as the loader makes them).
    func dtmByZone(only zone: String? = nil) -> Layer {
        let rows: [(String, String, Value)] = [
            ("ZA", "2020-03-31", .null),          // ZA, an earlier round with no figure: reported, not 0
            ("ZA", "2020-06-30", .number(300)),   // ZA, round 1
            ("za ", "2020-09-30", .number(600)),  // ZA, round 2 (code trimmed and upper-cased): ZA's latest
            ("ZB", "2020-09-30", .number(900)),   // ZB, latest in the window
            ("ZB", "2021-03-31", .number(5000)),  // ZB, after as_of: outside the window
            ("ZB", "2020-09-30", .number(30)),    // ZB, a second row of the same round: both count
        ]
        let shapes = ["ZA": Self.rect(0, 0.15), "ZB": Self.rect(0.15, 0.3)]
        var features: [Feature] = []
        for (k, (code, date, idps)) in rows.enumerated() {
            let key = code.trimmingCharacters(in: .whitespaces).uppercased()
            if let zone, key != zone { continue }
            features.append(Feature(location: SourceLocation(file: "dtm_zs.csv", line: k + 3),
                                    shape: shapes[key].map { .polygons($0) },
                                    values: [.text(code), .text(date), idps]))
        }
        return Layer(path: "dtm_zs.csv", fields: [FieldSchema(name: "ZS_PCODE", type: .text), FieldSchema(name: "date", type: .text),
                                                  FieldSchema(name: "idps", type: .real)], features: features)
    }

    func engine(_ layer: Layer) throws -> FactEngine {
        try FactEngine(units: units(), layers: [
            BoundLayer(name: "dtm_zones", layer: layer,
                       roles: LayerRoles(placement: .apportioned(ZoneApportioning(method: .area, zoneField: "ZS_PCODE")), dateField: "date"))])
    }

    let asOf = DateWindow(from: ISODate(year: 2016, month: 8, day: 1), to: ISODate(year: 2020, month: 12, day: 31))
    let wA1 = 0.6666664537016771, wA2 = 0.33333316296138077, wB2 = 0.33333316296138094, wB3 = 0.6666664537016769

    func assertValues(_ got: [Double?], _ want: [Double], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(got.count, want.count, file: file, line: line)
        for (g, w) in zip(got, want) {
            guard let g else { XCTFail("nil where \(w) was expected", file: file, line: line); continue }
            XCTAssertEqual(g, w, accuracy: abs(w) * 1e-9, file: file, line: line)
        }
    }

    func testWeightsMatchPyprojAndTheHandFractions() throws {
        let p = try engine(dtmByZone()).placement(ofLayer: "dtm_zones")
        let z = try XCTUnwrap(p.zoneShares)
        XCTAssertEqual(z.zoneCodes, ["ZA", "ZB"])
        XCTAssertEqual(z.zoneOfFeature, [0, 0, 0, 1, 1, 1])
        XCTAssertEqual(z.shares.map { $0.map(\.unit) }, [[0, 1], [1, 2]])
        let got = z.shares.flatMap { $0.map(\.weight) }
        for (g, w) in zip(got, [wA1, wA2, wB2, wB3]) { XCTAssertEqual(g, w, accuracy: w * 1e-9) }
        for (g, w) in zip(got, [2.0 / 3, 1.0 / 3, 1.0 / 3, 2.0 / 3]) { XCTAssertEqual(g, w, accuracy: 1e-5) }
        XCTAssertEqual(p.placedCount, 6)
        XCTAssertEqual(p.outsideCount, 0)
        XCTAssertEqual(z.uncoveredUnits, [])
        XCTAssertTrue(p.diagnostics.isEmpty, "\(p.diagnostics)")
    }

    func testLatestSumTakesEachZonesLatestRoundThenApportions() throws {
        let r = try engine(dtmByZone()).evaluate(FactSpec(name: "idps", layer: "dtm_zones", aggregate: .latestSum(field: "idps"), window: asOf))
        // ZA's latest round is 2020-09-30 (600); ZB's is 2020-09-30 (900 + 30), 2021 is outside.
        // U1 = 600·wA1 ≈ 400, U2 = 600·wA2 + 930·wB2 ≈ 510, U3 = 930·wB3 ≈ 620.
        assertValues(r.values, [600 * wA1, 600 * wA2 + 930 * wB2, 930 * wB3])
        assertValues(r.values, [399.9998722210063, 509.9997393309127, 619.9998019425595])   // pyproj, as printed
        XCTAssertEqual(r.rowsUsed, 3)
    }

    func testSumAndCountApportionEveryRowAndReportNulls() throws {
        let e = try engine(dtmByZone())
        let sum = try e.evaluate(FactSpec(name: "all_idps", layer: "dtm_zones", aggregate: .sum(field: "idps")))
        // ZA: 300 + 600 (the null row is left out and reported), ZB: 900 + 5000 + 30.
        assertValues(sum.values, [599.9998083315094, 2276.665503026232, 3953.332070450944])
        XCTAssertEqual(sum.diagnostics.map(\.code), [.nullValue, .partialSum])
        XCTAssertEqual(sum.diagnostics.first?.location.line, 3)
        XCTAssertEqual(sum.diagnostics.last?.message, "zone ZA: 1 of 3 rows have no value in idps, this one first: all_idps is the sum of the other 2 (a partial sum)")
        let count = try e.compute(FactSpec(name: "rows", layer: "dtm_zones", aggregate: .count, window: asOf))
        // In the window: ZA 3 rows, ZB 2 rows.
        assertValues(count, [3 * wA1, 3 * wA2 + 2 * wB2, 2 * wB3])
        let per10k = try e.compute(FactSpec(name: "rows10k", layer: "dtm_zones", aggregate: .per10k, window: asOf))
        XCTAssertEqual(per10k[0]!, 3 * wA1 / 1000 * 10_000, accuracy: 1e-9)
        XCTAssertNil(per10k[2], "U3 has no population: no per-head value")
    }

    func testAUnitNoZoneCoversIsNilAndReported() throws {
        let e = try engine(dtmByZone(only: "ZA"))
        let r = try e.evaluate(FactSpec(name: "idps", layer: "dtm_zones", aggregate: .latestSum(field: "idps"), window: asOf))
        XCTAssertEqual(r.values[0]!, 600 * wA1, accuracy: 1e-9)
        XCTAssertEqual(r.values[1]!, 600 * wA2, accuracy: 1e-9)
        XCTAssertNil(r.values[2], "no zone covers U3: unknown, not 0")
        let p = try e.placement(ofLayer: "dtm_zones")
        XCTAssertEqual(p.zoneShares?.uncoveredUnits, [2])
        XCTAssertEqual(p.diagnostics.map(\.code), [.unitWithoutZone])
        XCTAssertTrue(p.diagnostics[0].message.hasPrefix("unit U3 (Trois) lies in no zone of layer dtm_zones"))
    }

    func testAZonePartlyOutsideTheUnitsIsReported() throws {
        // ZC spans x 0.2 … 0.4: half of it lies east of U3, outside every unit.
        let zc = Layer(path: "zc.shp", fields: [FieldSchema(name: "cases", type: .real)],
                       features: [Feature(location: SourceLocation(file: "zc.shp", record: 1), shape: .polygons(Self.rect(0.2, 0.4)), values: [.number(100)])])
        let e = try FactEngine(units: units(), layers: [BoundLayer(name: "zc", layer: zc, roles: LayerRoles(placement: .apportioned(ZoneApportioning())))])
        let v = try e.compute(FactSpec(name: "cases", layer: "zc", aggregate: .sum(field: "cases")))
        XCTAssertNil(v[0]); XCTAssertNil(v[1])
        XCTAssertEqual(v[2]!, 50, accuracy: 1e-4)   // half the zone by width; geodesic edges move it by < 1e-6
        let p = try e.placement(ofLayer: "zc")
        XCTAssertTrue(p.diagnostics.contains { $0.code == .zoneOutsideUnits && $0.location.record == 1 && $0.message.hasPrefix("50% ") },
                      "\(p.diagnostics)")
    }

    func testAggregatesThatCannotBeSharedAreRefused() throws {
        let e = try engine(dtmByZone())
        for agg: FactSpec.Aggregate in [.mean(field: "idps"), .min(field: "idps"), .max(field: "idps"), .nearestKm, .countWithin(km: 10)] {
            XCTAssertThrowsError(try e.compute(FactSpec(name: "f", layer: "dtm_zones", aggregate: agg))) { error in
                let m = (error as? TargetingError)?.message ?? ""
                XCTAssertTrue(m.contains("is not defined on layer dtm_zones: it is a zone layer"), m)
            }
        }
    }

    func testPopulationWeightsFollowTheVillages() throws {
        // 30 people of ZA in U1, 10 in U2; ZB has no village: falls back to area, and says so.
        let villages = Layer(path: "villages.shp", fields: [FieldSchema(name: "population", type: .real)], features: [
            Feature(location: SourceLocation(file: "villages.shp", record: 1), shape: .point(Coordinate(0.05, 0.05)), values: [.number(30)]),
            Feature(location: SourceLocation(file: "villages.shp", record: 2), shape: .point(Coordinate(0.12, 0.05)), values: [.number(10)]),
        ])
        let e = try FactEngine(units: units(), layers: [
            BoundLayer(name: "dtm_zones", layer: dtmByZone(),
                       roles: LayerRoles(placement: .apportioned(ZoneApportioning(method: .population(pointsLayer: "villages", field: "population"),
                                                                                  zoneField: "ZS_PCODE")), dateField: "date")),
            BoundLayer(name: "villages", layer: villages, roles: LayerRoles())])
        let v = try e.compute(FactSpec(name: "idps", layer: "dtm_zones", aggregate: .latestSum(field: "idps"), window: asOf))
        XCTAssertEqual(v[0]!, 600 * 0.75, accuracy: 1e-9)
        XCTAssertEqual(v[1]!, 600 * 0.25 + 930 * wB2, accuracy: 1e-6)
        XCTAssertEqual(v[2]!, 930 * wB3, accuracy: 1e-6)
        XCTAssertTrue(try e.placement(ofLayer: "dtm_zones").diagnostics.contains { $0.code == .zoneWithoutPopulation && $0.location.line == 6 })
    }
}
