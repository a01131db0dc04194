import XCTest
import Domain
import Ranking
@testable import Reports

/// Pearson's r on values small enough to check by hand.
final class CoherenceTests: XCTestCase {
    func testPearsonByHand() {
        // x = 1,2,3,4; y = 2,4,6,8 → r = 1; y = 4,3,2,1 → r = −1.
        XCTAssertEqual(RunRecord.pearson([1, 2, 3, 4], [2, 4, 6, 8]).r, 1)
        XCTAssertEqual(RunRecord.pearson([1, 2, 3, 4], [4, 3, 2, 1]).r, -1)
        // x = 1,2,3; y = 1,3,2: means 2, 2; Σdxdy = (−1)(−1) + 0 + (1)(0) = 1; Σdx² = 2, Σdy² = 2 → r = 0.5.
        XCTAssertEqual(RunRecord.pearson([1, 2, 3], [1, 3, 2]).r, 0.5)
        // Pairs with a missing side are left out; fewer than 3 or a constant side: undefined.
        XCTAssertEqual(RunRecord.pearson([1, 2, nil, 3], [1, 3, 9, 2]).r, 0.5)
        XCTAssertEqual(RunRecord.pearson([1, 2, nil, 3], [1, 3, 9, 2]).n, 3)
        XCTAssertNil(RunRecord.pearson([1, 2], [1, 2]).r)
        XCTAssertNil(RunRecord.pearson([1, 1, 1], [1, 2, 3]).r)
    }

    func testFlagsRedundantPairsAndIndicatorsAgainstTheirCriterion() throws {
        // Criterion c = mean(a, b, d) with identity scales. a and b are equal (r = 1, flagged);
        // d falls as a and b rise: with values a = b = 0, 5, 10 and d = 9, 3, 0, c = 3, 4.33, 6.67,
        // so d correlates negatively with c (flagged).
        let ind = { (n: String) in IndicatorMethod(name: n, source: "fact \(n)", fact: n, normalisation: .identity) }
        let score = CriterionMethod(name: "score", children: [
            .criterion(CriterionMethod(name: "c", children: [.indicator(ind("a")), .indicator(ind("b")), .indicator(ind("d"))])),
        ])
        let m = MethodDescription(script: "t", asOf: nil, facts: [], score: score)
        let units = [(0.0, 9.0), (5, 3), (10, 0)].enumerated().map { k, v in
            RankingUnitInput(id: UnitID("U\(k)"), name: "U\(k)", parent: nil, raw: ["a": v.0, "b": v.0, "d": v.1])
        }
        let rows = RunRecord.coherenceRows(of: try Ranker.rank(RankingInput(method: m, units: units)))
        let ab = try XCTUnwrap(rows.first { $0.indicator == "a" && $0.other == "b" })
        XCTAssertEqual(ab.r, 1)
        XCTAssertEqual(ab.flag, "|r| ≥ 0.9: nearly the same information")
        let dc = try XCTUnwrap(rows.first { $0.indicator == "d" && $0.kind == "criterion" })
        XCTAssertEqual(dc.other, "c")
        XCTAssertLessThan(try XCTUnwrap(dc.r), 0)
        XCTAssertEqual(dc.flag, "negative: pulls against its own criterion")
        XCTAssertEqual(rows.first { $0.indicator == "a" && $0.kind == "criterion" }?.flag, "")
        // 3 pairs of indicators + 3 × (criterion, score).
        XCTAssertEqual(rows.count, 9)
    }
}
