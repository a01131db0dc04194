import XCTest
import Domain
@testable import Joins

/// `FactEngine.evaluate(all:)` computes facts on every core at once: the values are the hand
/// values of `FactTests`, and the notes come in the order one fact after another gives them
/// (the layer's placement notes when it is first used, then each fact's own).
final class FactsAtOnceTests: XCTestCase {
    func fixture<T: XCTestCase>(_ type: T.Type) -> T { T(name: "fixture", testClosure: { _ in }) }
    let window = DateWindow(from: ISODate(year: 2016, month: 8, day: 1), to: ISODate(year: 2020, month: 12, day: 31))

    func testValuesAndNotesInTheFactsOrder() throws {
        let specs = [FactSpec(name: "area", layer: nil, aggregate: .areaKm2),
                     FactSpec(name: "n", layer: "acled", aggregate: .count),
                     FactSpec(name: "f", layer: "acled", aggregate: .sum(field: "fatalities")),
                     FactSpec(name: "n_w", layer: "acled", aggregate: .count, window: window)]
        let e = try fixture(FactTests.self).engine()
        e.rowBound = 2
        let results = e.evaluate(all: specs)
        XCTAssertEqual(results.count, 4)
        let values = try results.map { try $0.get().values }
        XCTAssertEqual(values[1], [4, 3, 5, 1, 2])                 // FactTests.testCountsWithWindowsAndFilters
        XCTAssertEqual(values[2], [8, 13, 14, nil, 10])            // FactTests.testSumsExcludeNullsAndReportThem
        XCTAssertEqual(values[3], [4, 2, 3, 1, 2])
        // The area fact reads no layer: the placement notes come with the first fact that does.
        // Placement: line 19 has no point, line 20 is not a longitude/latitude, lines 13 and 14
        // lie outside; then the sum's rows (null at line 3, "n/a" at line 10 and the two unit
        // notes), then the window's rows without a readable date (lines 8 and 9).
        XCTAssertEqual(e.diagnostics.prefix(4).map(\.code), [DiagnosticCode.noPoint, .badCoordinate, .outsideUnits, .outsideUnits])
        XCTAssertEqual(e.diagnostics.prefix(4).map { $0.location.line ?? 0 }, [19, 20, 13, 14])
        XCTAssertEqual(Set(e.diagnostics.dropFirst(4).prefix(4).map(\.code)), [DiagnosticCode.badNumber, .nullValue, .partialSum, .sumWithoutValues])
        XCTAssertEqual(Set(e.diagnostics.dropFirst(8).map(\.code)), [DiagnosticCode.missingDate, .badDate])
        XCTAssertEqual(e.diagnostics.count, 10)
        // The same facts one after the other: the same rows behind the values, the same notes.
        let inTurn = try fixture(FactTests.self).engine()
        inTurn.rowBound = 2
        for (k, spec) in specs.enumerated() {
            let r = try inTurn.evaluate(spec)
            let atOnce = try results[k].get()
            XCTAssertEqual(atOnce.rows?.listed, r.rows?.listed, spec.name)
            XCTAssertEqual(atOnce.rows?.restSum, r.rows?.restSum, spec.name)
        }
        XCTAssertEqual(inTurn.diagnostics, e.diagnostics)
    }

    /// A fact that fails ends the list with its error; the facts before it keep their values.
    func testAFailingFactEndsTheResults() throws {
        let e = try fixture(FactTests.self).engine()
        let results = e.evaluate(all: [FactSpec(name: "n", layer: "acled", aggregate: .count),
                                       FactSpec(name: "s", layer: "acled", aggregate: .sum(field: "deaths")),
                                       FactSpec(name: "m", layer: "acled", aggregate: .count)])
        XCTAssertEqual(results.count, 2)
        XCTAssertEqual(try results[0].get().values, [4, 3, 5, 1, 2])
        XCTAssertThrowsError(try results[1].get()) { error in
            XCTAssertEqual((error as? TargetingError)?.message,
                           "fact s: layer acled (acled.csv) has no value field deaths")
        }
    }
}
