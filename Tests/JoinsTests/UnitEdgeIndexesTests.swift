import XCTest
import Domain
@testable import Joins

/// The units' edge indexes built before the engine (`UnitEdgeIndexes`, as the loader builds them
/// while the boundaries' review runs) give the hand values of `FactTests` and the same notes as
/// an engine that builds its own; indexes built for other units are not used.
final class UnitEdgeIndexesTests: XCTestCase {
    let specs = [FactSpec(name: "n", layer: "acled", aggregate: .count),
                 FactSpec(name: "f", layer: "acled", aggregate: .sum(field: "fatalities"))]

    func engine(edgeIndexes: UnitEdgeIndexes?) throws -> FactEngine {
        let facts = FactTests(name: "fixture", testClosure: { _ in })
        return try FactEngine(units: HandFixture.units(), layers: [
            BoundLayer(name: "acled", layer: facts.acled(), roles: LayerRoles(placement: .byLocation, dateField: "event_date"))],
            edgeIndexes: edgeIndexes)
    }

    func values(_ e: FactEngine) throws -> [[Double?]] {
        e.rowBound = 2
        return try e.evaluate(all: specs).map { try $0.get().values }
    }

    func testIndexesBuiltBeforehandGiveTheHandValues() throws {
        let own = try engine(edgeIndexes: nil)
        let given = try engine(edgeIndexes: UnitEdgeIndexes(units: HandFixture.units()))
        // FactTests.testCountsWithWindowsAndFilters and testSumsExcludeNullsAndReportThem.
        XCTAssertEqual(try values(given), [[4, 3, 5, 1, 2], [8, 13, 14, nil, 10]])
        XCTAssertEqual(try values(own), try values(given))
        XCTAssertEqual(own.diagnostics, given.diagnostics)
        XCTAssertEqual(try own.placement(ofLayer: "acled").unitOfFeature, try given.placement(ofLayer: "acled").unitOfFeature)
    }

    /// Indexes of a tiling with other units (other ids): placing the hand layer's points with
    /// them would count other areas; the engine builds its own instead.
    func testIndexesOfOtherUnitsAreNotUsed() throws {
        let other = try RandomTiling.make(columns: 3, rows: 2, seed: 7)
        XCTAssertNotEqual(other.ids, try HandFixture.units().ids)
        let e = try engine(edgeIndexes: UnitEdgeIndexes(units: other))
        XCTAssertEqual(try values(e), [[4, 3, 5, 1, 2], [8, 13, 14, nil, 10]])
    }
}
