import XCTest
import Domain
@testable import Ranking

/// The ranking reads each unit's raw values by walking its dictionary and remembering the column
/// of the name at each position: units whose dictionaries differ (other names, other orders,
/// names the method does not use) must still get exactly their own values.
final class RankingColumnsTests: XCTestCase {
    func testRawValuesReachTheirIndicatorWhateverTheDictionaryHolds() throws {
        let names = ["a1", "a2", "b1"]
        let score = CriterionMethod(name: "score", children: names.map { .indicator(IndicatorMethod(name: $0, source: "fact \($0)", fact: $0)) })
        let method = MethodDescription(script: "test", asOf: nil, facts: [], score: score)
        // Built in different orders, with an unused name, a missing one, and one unit with none.
        let raws: [[(String, Double)]] = [
            [("a1", 1), ("a2", 2), ("b1", 3)],
            [("b1", 30), ("a2", 20), ("a1", 10)],
            [("unused", 99), ("a1", 100), ("b1", 300)],
            [("a2", 2000), ("zz", 1), ("yy", 2), ("a1", 1000), ("b1", 3000)],
            [],
            [("a1", 7), ("a2", 8), ("b1", 9)],
        ]
        let units = raws.enumerated().map { i, pairs -> RankingUnitInput in
            var u = RankingUnitInput(id: UnitID("U\(i)"), name: "U\(i)", parent: nil)
            for (name, v) in pairs { u.raw[name] = v }
            for name in names where !pairs.contains(where: { $0.0 == name }) { u.missing[name] = "no \(name)" }
            return u
        }
        let result = try Ranker.rank(RankingInput(method: method, units: units))
        XCTAssertEqual(result.units.count, units.count)
        for outcome in result.units {
            let i = Int(outcome.id.rawValue.dropFirst())!
            let expected = Dictionary(raws[i], uniquingKeysWith: { a, _ in a })
            XCTAssertEqual(outcome.indicators.map(\.name), names)
            XCTAssertEqual(outcome.indicators.map(\.raw), names.map { expected[$0] }, "unit \(outcome.id)")
            XCTAssertEqual(outcome.indicators.map(\.missing), names.map { expected[$0] == nil ? "no \($0)" : nil }, "unit \(outcome.id)")
        }
        // The unit without values has no score and says why.
        let empty = try XCTUnwrap(result.units.first { $0.id == UnitID("U4") })
        XCTAssertNil(empty.score)
        XCTAssertEqual(empty.exclusions, ["no score: every indicator is missing"])
        XCTAssertEqual(empty.missing, ["a1: no a1", "a2: no a2", "b1: no b1"])
    }
}
