import XCTest
import Domain
@testable import Joins

/// Zone values apportioned to units (a zone layer of `FactEngine`, its weights from `Crosswalk`)
/// and roll-up, on the hand fixture (degrees near the equator). Area weights come from
/// Tests/Fixtures/joins/crosswalk_reference.py (shapely intersection + pyproj.Geod areas).
final class CrosswalkTests: XCTestCase {
    func zones() -> Layer {
        let rows: [(Ring, Value)] = [(HandFixture.rect(3, 0, 4, 2), .number(100)),   // Z1, inside G1
                                     (HandFixture.rect(1, 0, 3, 2), .number(60)),    // Z2, over G3, G4, G1
                                     (HandFixture.rect(5.5, 0, 7, 1), .number(30)),  // Z3, a third on G2's island
                                     (HandFixture.rect(0, 2, 1, 3), .null)]          // Z4, value unknown
        return Layer(path: "zones.shp", fields: [FieldSchema(name: "cases", type: .real)],
                     features: rows.enumerated().map { Feature(location: SourceLocation(file: "zones.shp", record: $0.offset + 1),
                                                               shape: .polygons([Polygon(exterior: $0.element.0)]), values: [$0.element.1]) })
    }

    /// The zones as a zone layer of an engine (each feature its own zone), with `extra` layers.
    func engine(_ method: ZoneApportioning.Method, extra: [BoundLayer] = []) throws -> FactEngine {
        try FactEngine(units: HandFixture.units(), layers: [
            BoundLayer(name: "zones", layer: zones(), roles: LayerRoles(placement: .apportioned(ZoneApportioning(method: method))))] + extra)
    }

    let cases = FactSpec(name: "cases", layer: "zones", aggregate: .sum(field: "cases"))

    func testAreaWeightedMatchesShapelyAndPyproj() throws {
        let e = try engine(.area)
        let r = try e.evaluate(cases)
        // Unit order G3, G1, G2, G4, G5. G5 only touches Z1 along an edge: no share, so nil.
        let expected: [Double?] = [22.498142620522774, 129.99770265016244, 9.999489028234262, 7.499560029639646, nil]
        XCTAssertEqual(r.values.count, expected.count)
        for (got, want) in zip(r.values, expected) {
            if let want { XCTAssertEqual(got!, want, accuracy: want * 1e-6) } else { XCTAssertNil(got) }
        }
        let p = try e.placement(ofLayer: "zones")
        let z2 = try XCTUnwrap(p.zoneShares).shares[1]
        XCTAssertEqual(z2.map(\.unit), [0, 1, 3])
        // Geodesic pieces do not add up exactly to the whole (pyproj gives the same 0.99992).
        XCTAssertEqual(z2.map(\.weight).reduce(0, +), 0.9999234216720808, accuracy: 1e-9)
        XCTAssertEqual(z2[0].weight, 0.3749690436753796, accuracy: 1e-9)
        // Z4's null value adds nothing to G2 (not 0 read from a null) and is reported; Z3's two
        // thirds outside every unit are reported, and so is G5, which no zone covers.
        // Z4's only row being null, the zone itself is also said to have no value (sum-without-values).
        XCTAssertEqual(r.diagnostics.map(\.code), [.nullValue, .sumWithoutValues])
        XCTAssertEqual(r.diagnostics.last?.message.contains("none of its 1 row(s) has a value in"), true, "\(r.diagnostics.last?.message ?? "")")
        XCTAssertEqual(Set(p.diagnostics.map(\.code)), [.zoneOutsideUnits, .unitWithoutZone])
        XCTAssertEqual(p.diagnostics.first { $0.code == .zoneOutsideUnits }?.location.record, 3)
    }

    func testPopulationWeightedFollowsThePoints() throws {
        let pts: [(Double, Double, Value)] = [(1.2, 0.2, .number(30)),  // Z2, G3
                                              (1.2, 1.0, .number(10)),  // Z2, G4
                                              (2.5, 1.0, .number(60)),  // Z2, G1
                                              (3.5, 1.0, .number(5)),   // Z1, G1
                                              (2.5, 0.5, .null)]        // no population: reported
        let layer = Layer(path: "villages.csv", fields: [FieldSchema(name: "pop", type: .real)],
                          features: pts.enumerated().map { Feature(location: SourceLocation(file: "villages.csv", line: $0.offset + 2),
                                                                   shape: .point(Coordinate($0.element.0, $0.element.1)), values: [$0.element.2]) })
        let e = try engine(.population(pointsLayer: "villages", field: "pop"),
                           extra: [BoundLayer(name: "villages", layer: layer, roles: LayerRoles())])
        let values = try e.compute(cases)
        // Z2's 60 split 30:10:60 → 18, 6, 36; Z1's 100 all to G1; Z3 has no villages: by area, 30 × 0.3333163.
        XCTAssertEqual(values[0]!, 18, accuracy: 1e-12)
        XCTAssertEqual(values[1]!, 136, accuracy: 1e-12)
        XCTAssertEqual(values[2]!, 30 * 0.33331630094114206, accuracy: 1e-6)
        XCTAssertEqual(values[3]!, 6, accuracy: 1e-12)
        XCTAssertNil(values[4])
        let diagnostics = try e.placement(ofLayer: "zones").diagnostics
        XCTAssertTrue(diagnostics.contains { $0.code == .zoneWithoutPopulation && $0.location.record == 3 })
        XCTAssertTrue(diagnostics.contains { $0.code == .badPopulation && $0.location.line == 6 })
    }

    func testRollUpSumsAndWeightedMeansWithGapsReported() throws {
        let units = try HandFixture.units()   // parents T1: G3, G1, G4; T2: G2, G5. Populations 1000, 2000, nil, 0, 500.
        let values: [Double?] = [10, 20, nil, 40, 5]
        let sum = RollUp.sum(values, of: units)
        XCTAssertEqual(sum.parents, [UnitID("T1"), UnitID("T2")])
        XCTAssertEqual(sum.values, [70, 5])
        XCTAssertEqual(sum.incomplete, [UnitID("T2"): [UnitID("G2")]])
        let mean = RollUp.populationWeightedMean(values, of: units)
        // T1: (10·1000 + 20·2000 + 40·0) / 3000; T2: G2 has neither value nor population, G5: 5.
        XCTAssertEqual(mean.values[0]!, 50_000.0 / 3000, accuracy: 1e-12)
        XCTAssertEqual(mean.values[1], 5)
        XCTAssertEqual(mean.incomplete, [UnitID("T2"): [UnitID("G2")]])
        XCTAssertEqual(RollUp.sum([nil, nil, nil, nil, nil], of: units).values, [nil, nil])
    }
}
