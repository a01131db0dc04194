import XCTest
import Domain
@testable import Ranking

/// The missing-data policy for a unit that lacks a whole criterion, computed by hand.
///
/// Score = mean of A (a1), B (b1, b2) and C (c1), values as they are (scale "none").
///   unit parent  a1  b1  b2  c1
///   U1   P        0   0   0   0
///   U2   P       10  10  10  10
///   U3   P        5   –   –   5     B missing
///   U4   Q        5   5   –   5     B = 5 (one indicator missing: the criterion is not)
///   U5   Q       10   –   –   3     B missing
///   U6   R        1   –   –   1     B missing, and no unit of R has B
final class MissingPolicyTests: XCTestCase {
    func method(_ policy: MissingPolicy) -> MethodDescription {
        func ind(_ n: String) -> MethodNode { .indicator(IndicatorMethod(name: n, source: "fact \(n)", fact: n, normalisation: .identity)) }
        let score = CriterionMethod(name: "score", children: [
            .criterion(CriterionMethod(name: "A", children: [ind("a1")])),
            .criterion(CriterionMethod(name: "B", children: [ind("b1"), ind("b2")], missing: policy)),
            .criterion(CriterionMethod(name: "C", children: [ind("c1")])),
        ])
        return MethodDescription(script: "test", asOf: nil, facts: [], score: score)
    }

    func units() -> [RankingUnitInput] {
        let rows: [(String, String, [String: Double])] = [
            ("U1", "P", ["a1": 0, "b1": 0, "b2": 0, "c1": 0]), ("U2", "P", ["a1": 10, "b1": 10, "b2": 10, "c1": 10]),
            ("U3", "P", ["a1": 5, "c1": 5]), ("U4", "Q", ["a1": 5, "b1": 5, "c1": 5]),
            ("U5", "Q", ["a1": 10, "c1": 3]), ("U6", "R", ["a1": 1, "c1": 1]),
        ]
        return rows.map { id, parent, raw in
            var u = RankingUnitInput(id: UnitID(id), name: id, parent: UnitID(parent), raw: raw)
            for k in ["a1", "b1", "b2", "c1"] where raw[k] == nil { u.missing[k] = "missing \(k)" }
            return u
        }
    }

    func scores(_ r: RankingResult) -> [String: Double?] {
        Dictionary(uniqueKeysWithValues: r.units.map { ($0.id.rawValue, $0.score) })
    }

    func testExcludeIsTheDefaultAndListsTheReason() throws {
        XCTAssertEqual(CriterionMethod(name: "x", children: []).missing, .exclude)
        let r = try Ranker.rank(RankingInput(method: method(.exclude), units: units()))
        XCTAssertEqual(scores(r), ["U1": 0, "U2": 10, "U3": nil, "U4": 5, "U5": nil, "U6": nil])
        let u3 = try XCTUnwrap(r.units.first { $0.id == UnitID("U3") })
        XCTAssertEqual(u3.exclusions, ["missing criterion B (b1: missing b1; b2: missing b2)"])
        XCTAssertTrue(u3.eligible, "no gate failed: the unit is eligible, just not scored")
        XCTAssertEqual(r.units.compactMap(\.rank), [1, 2, 3])
    }

    func testRescaleScoresOnTheCriteriaPresent() throws {
        let r = try Ranker.rank(RankingInput(method: method(.rescale), units: units()))
        // U3 (5+5)/2, U5 (10+3)/2, U6 (1+1)/2.
        XCTAssertEqual(scores(r), ["U1": 0, "U2": 10, "U3": 5, "U4": 5, "U5": 6.5, "U6": 1])
    }

    func testParentMeanImputesFromTheUnitsOfTheSameParent() throws {
        let r = try Ranker.rank(RankingInput(method: method(.parentMean), units: units()))
        // B over P's units that have it: U1 0, U2 10 → 5; over Q's: U4 5 → 5. U3 (5+5+5)/3; U5 (10+5+3)/3.
        XCTAssertEqual(scores(r), ["U1": 0, "U2": 10, "U3": 5, "U4": 5, "U5": 6, "U6": nil])
        let u5 = try XCTUnwrap(r.units.first { $0.id == UnitID("U5") })
        XCTAssertEqual(u5.missing.last, "criterion B: missing, imputed with the mean of Q (5)")
        XCTAssertEqual(u5.criteria.first { $0.name == "B" }?.contribution ?? .nan, 5.0 / 3, accuracy: 1e-12)
        let u6 = try XCTUnwrap(r.units.first { $0.id == UnitID("U6") })
        XCTAssertEqual(u6.exclusions, ["missing criterion B (b1: missing b1; b2: missing b2); no unit of R has it to impute a mean"])
    }

    func testAStatedValue() throws {
        let r = try Ranker.rank(RankingInput(method: method(.value(2)), units: units()))
        // U3 (5+2+5)/3, U5 (10+2+3)/3, U6 (1+2+1)/3.
        let s = scores(r)
        XCTAssertEqual(s["U3"]!!, 4, accuracy: 1e-12)
        XCTAssertEqual(s["U5"]!!, 5, accuracy: 1e-12)
        XCTAssertEqual(s["U6"]!!, 4.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(r.units.first { $0.id == UnitID("U6") }?.missing.last, "criterion B: missing, set to 2 by the rules")
    }

    func testGeometricMeetingAValueAtZeroAtRunTimeIsAnError() {
        let a = IndicatorMethod(name: "a", source: "fact a", fact: "a", normalisation: .identity)
        let b = IndicatorMethod(name: "b", source: "fact b", fact: "b", normalisation: .identity)
        let score = CriterionMethod(name: "score", aggregation: .geometric, children: [.indicator(a), .indicator(b)],
                                    location: SourceLocation(file: "Scripts/g.lua", line: 7))
        let units = [RankingUnitInput(id: UnitID("U1"), name: "U1", parent: nil, raw: ["a": 4, "b": 9]),
                     RankingUnitInput(id: UnitID("U2"), name: "U2", parent: nil, raw: ["a": 0, "b": 9])]
        XCTAssertThrowsError(try Ranker.rank(RankingInput(method: MethodDescription(script: "g", asOf: nil, facts: [], score: score), units: units))) {
            XCTAssertEqual("\($0)", """
            Scripts/g.lua:7: the score: geometric mean over a = 0 for unit U2, which is not above 0
              hint: use a scale above 0 for it, or add shift = … to the aggregation (geometric mean of value + shift, minus the shift)
            """)
        }
    }
}
