import XCTest
import Domain
@testable import Ranking

/// A four-unit method computed by hand (plus one unit that a gate keeps out of the ranking).
final class RankerTests: XCTestCase {
    // Method: score = weighted mean of A (weight 1) and B (weight 3).
    //   A = mean(a1 min–max 0–10, a2 min–max then inverted); B = b1 capped at 5 then min–max.
    func method(selection: SelectionSettings = SelectionSettings()) -> MethodDescription {
        let a1 = IndicatorMethod(name: "a1", source: "fact a1", fact: "a1")
        let a2 = IndicatorMethod(name: "a2", source: "fact a2", fact: "a2", direction: .lowerIsWorse)
        let b1 = IndicatorMethod(name: "b1", source: "fact b1", fact: "b1", transforms: [.cap(5)])
        let score = CriterionMethod(name: "score", children: [
            .criterion(CriterionMethod(name: "A", weight: 1, children: [.indicator(a1), .indicator(a2)])),
            .criterion(CriterionMethod(name: "B", weight: 3, children: [.indicator(b1)])),
        ])
        return MethodDescription(script: "test", asOf: nil, facts: [], score: score,
                                 classes: ClassMethod(kind: .quantile, labels: ["high", "low"]), selection: selection)
    }

    func units() -> [RankingUnitInput] {
        func u(_ id: String, _ a1: Double, _ a2: Double?, _ b1: Double, cost: Double) -> RankingUnitInput {
            var r = RankingUnitInput(id: UnitID(id), name: id, parent: UnitID(String(id.prefix(1))), cost: cost)
            r.raw = ["a1": a1, "b1": b1]
            if let a2 { r.raw["a2"] = a2 } else { r.missing["a2"] = "missing a2" }
            return r
        }
        var gated = u("A9", 100, 100, 100, cost: 1)
        gated.failedGates = ["populated": "no population figure"]
        return [u("A1", 0, 1, 2, cost: 1), u("A2", 5, 3, 8, cost: 5), u("B1", 10, 5, 4, cost: 3), u("B2", 10, nil, 6, cost: 6), gated]
    }

    func testScoresRanksAndExplanationsByHand() throws {
        // a1 over the eligible units 0,5,10,10 → 0,5,10,10 (A9's 100 is not in the min–max).
        // a2 1,3,5,– → (x−1)/4·10 = 0,5,10 → inverted 10,5,0,–.
        // A = mean of present: A1 (0+10)/2=5, A2 (5+5)/2=5, B1 (10+0)/2=5, B2 10 (a2 missing).
        // b1 capped 2,5,4,5 → (x−2)/3·10 = 0, 10, 6.667, 10.
        // score = (A + 3B)/4: A1 1.25, A2 8.75, B1 6.25, B2 10.
        let r = try Ranker.rank(RankingInput(method: method(), units: units()))
        XCTAssertEqual(r.units.map(\.id.rawValue), ["B2", "A2", "B1", "A1", "A9"])
        let scores = r.units.prefix(4).map { $0.score! }
        for (got, want) in zip(scores, [10, 8.75, 6.25, 1.25]) { XCTAssertEqual(got, want, accuracy: 1e-12) }
        XCTAssertEqual(r.units.map(\.rank), [1, 2, 3, 4, nil])
        XCTAssertEqual(r.units.map(\.rankInParent), [1, 1, 2, 2, nil])
        XCTAssertEqual(r.units.map(\.priorityClass), ["high", "high", "low", "low", nil])

        // A2: contributions a1 5·¼·½ = 0.625, a2 0.625, b1 10·¾ = 7.5; they add up to the score.
        let a2 = r.units[1]
        let contributions = Dictionary(uniqueKeysWithValues: a2.indicators.map { ($0.name, $0.contribution!) })
        XCTAssertEqual(contributions["a1"]!, 0.625, accuracy: 1e-12)
        XCTAssertEqual(contributions["a2"]!, 0.625, accuracy: 1e-12)
        XCTAssertEqual(contributions["b1"]!, 7.5, accuracy: 1e-12)
        XCTAssertEqual(a2.drivers, ["b1", "a1", "a2"]) // tie at 0.625 broken by name
        XCTAssertEqual(a2.criteria.map(\.name), ["A", "B"])
        XCTAssertEqual(a2.criteria[0].value!, 5, accuracy: 1e-12)
        XCTAssertEqual(a2.criteria[1].contribution!, 7.5, accuracy: 1e-12)
        let b1 = a2.indicators.first { $0.name == "b1" }!
        XCTAssertEqual(b1.raw, 8); XCTAssertEqual(b1.transformed, 5); XCTAssertEqual(b1.normalised, 10)
        XCTAssertEqual(b1.criterionPath, ["B"])

        // B2: a2 missing → a1 carries all of A: 10·¼ = 2.5; the missing value is reported.
        let b2 = r.units[0]
        XCTAssertEqual(b2.indicators.first { $0.name == "a1" }!.contribution!, 2.5, accuracy: 1e-12)
        XCTAssertEqual(b2.missing, ["a2: missing a2"])
        XCTAssertTrue(r.diagnostics.contains { $0.code == .missingIndicator && $0.message.contains("B2") })

        // The gated unit: not ranked, with the gate's reason, no score.
        let gated = r.units[4]
        XCTAssertFalse(gated.eligible)
        XCTAssertEqual(gated.exclusions, ["gate populated: no population figure"])
        XCTAssertNil(gated.score)
    }

    func testSelectionWithBudgetAndPerParentLimit() throws {
        // Budget 10, at most 1 per parent. By rank: B2 (cost 6) taken; A2 (5) would make 11 → over
        // budget; B1: parent B full; A1 (1) → 7 spent. Selected: B2, A1.
        let r = try Ranker.rank(RankingInput(method: method(selection: SelectionSettings(perParentMax: 1, budget: 10, costSource: "test")), units: units()))
        XCTAssertEqual(r.units.filter(\.selected).map(\.id.rawValue), ["B2", "A1"])
        XCTAssertEqual(r.selectedCost, 7)
        XCTAssertTrue(r.units[1].selectionReason.contains("over budget"), r.units[1].selectionReason)
        XCTAssertTrue(r.units[2].selectionReason.contains("B is full"), r.units[2].selectionReason)
        // Command-line settings replace the script's: top 3, no budget, one per parent minimum.
        let top = try Ranker.rank(RankingInput(method: method(selection: SelectionSettings(budget: 10, costSource: "x")), units: units()),
                                  selection: SelectionSettings(top: 3, budget: 1000))
        XCTAssertEqual(top.units.filter(\.selected).map(\.id.rawValue), ["B2", "A2", "B1"])
        let perParent = try Ranker.rank(RankingInput(method: method(), units: units()),
                                        selection: SelectionSettings(top: 2, perParentMin: 1, lockedOut: [UnitID("A2")]))
        XCTAssertEqual(perParent.units.filter(\.selected).map(\.id.rawValue), ["B2", "A1"])
    }

    func testForcedInclusionBeatsAGateAndExclusionBeatsAll() throws {
        var us = units()
        us[4].overrideAction = .include; us[4].overrideReason = "joint assessment 2020"
        us[0].overrideAction = .exclude; us[0].overrideReason = "served by another partner"
        let r = try Ranker.rank(RankingInput(method: method(), units: us))
        // Now ranked: A2, B1, B2, A9. a1 5,10,10,100 → A9 10, A2 0; a2 3,5,100 inverted → A9 0,
        // A2 10; both have A = 5 and b1 at the cap (10): (5 + 30)/4 = 8.75 each. Tie → by id: A2, A9.
        XCTAssertEqual(r.units.prefix(2).map(\.id.rawValue), ["A2", "A9"])
        XCTAssertEqual(r.units[1].score!, 8.75, accuracy: 1e-12)
        XCTAssertEqual(r.units[1].override, "include: joint assessment 2020")
        let a1 = r.units.first { $0.id.rawValue == "A1" }!
        XCTAssertNil(a1.rank)
        XCTAssertEqual(a1.exclusions, ["excluded: served by another partner"])
    }

    func testAllEqualScalesToZeroAndTiesBreakById() throws {
        let ind = IndicatorMethod(name: "x", source: "fact x", fact: "x")
        let m = MethodDescription(script: "t", asOf: nil, facts: [], score: CriterionMethod(name: "score", children: [.indicator(ind)]))
        let us = ["C", "A", "B"].map { RankingUnitInput(id: UnitID($0), name: $0, parent: nil, raw: ["x": 7]) }
        let r = try Ranker.rank(RankingInput(method: m, units: us))
        XCTAssertEqual(r.units.map(\.id.rawValue), ["A", "B", "C"])
        XCTAssertEqual(r.units.map(\.score), [0, 0, 0])
    }
}

final class NormalisationTests: XCTestCase {
    func testEachMethodByHand() throws {
        // z-score of 1,2,3: mean 2, population sd √(2/3).
        let z = Normaliser.normalise([1, 2, 3], .zScore, direction: .higherIsWorse).map { $0! }
        XCTAssertEqual(z[0], -1 / (2.0 / 3).squareRoot(), accuracy: 1e-12); XCTAssertEqual(z[1], 0)
        // percentile of 1,2,2,4: (below + ½(equal−1))/(n−1)·10 → 0, 5, 5, 10.
        XCTAssertEqual(Normaliser.normalise([1, 2, 2, 4], .percentile(scale: 10), direction: .higherIsWorse), [0, 5, 5, 10])
        // Unsorted, with a missing value and ties at the top: 1,2,2,4,4 → 4: (3 + ½)/4·10 = 8.75; 2: (1 + ½)/4·10 = 3.75.
        XCTAssertEqual(Normaliser.normalise([4, nil, 2, 1, 2, 4], .percentile(scale: 10), direction: .higherIsWorse), [8.75, nil, 3.75, 0, 3.75, 8.75])
        // goalposts 0–100 clamp: 50 → 5, 150 → 10, −5 → 0; inverted: 10 − v.
        XCTAssertEqual(Normaliser.normalise([50, 150, -5], .goalposts(min: 0, max: 100, scale: 10), direction: .higherIsWorse), [5, 10, 0])
        XCTAssertEqual(Normaliser.normalise([50, 150, -5], .goalposts(min: 0, max: 100, scale: 10), direction: .lowerIsWorse), [5, 0, 10])
        // thresholds 10/20 → 0/5/10.
        XCTAssertEqual(Normaliser.normalise([5, 10, 25, nil], .thresholds(breaks: [10, 20], scores: [0, 5, 10]), direction: .higherIsWorse), [0, 5, 10, nil])
        // winsorise to the 25th–75th percentiles of 0,10,20,30,40 (10 and 30).
        XCTAssertEqual(try Transforms.apply([.winsorise(lower: 0.25, upper: 0.75)], to: [0, 10, 20, 30, 40], indicator: "w", ids: []), [10, 10, 20, 30, 30])
        // log1p of −2 is undefined: an error naming the unit.
        XCTAssertThrowsError(try Transforms.apply([.log1p], to: [-2], indicator: "w", ids: [UnitID("CD1")])) {
            XCTAssertTrue("\($0)".contains("unit CD1"))
        }
        // geometric mean of 4 and 9 is 6; with shift 1: √(5·10) − 1; a child at 0 (no shift) is refused,
        // never read as "the criterion is 0".
        XCTAssertEqual(try Aggregator.combine([4, 9], weights: [1, 1], .geometric)!, 6, accuracy: 1e-12)
        XCTAssertEqual(try Aggregator.combine([4, 9], weights: [1, 1], .geometric, shift: 1)!, 50.0.squareRoot() - 1, accuracy: 1e-12)
        XCTAssertThrowsError(try Aggregator.combine([0, 9], weights: [1, 1], .geometric))
        XCTAssertEqual(try Aggregator.combine([nil, nil], weights: [1, 1], .mean), nil)
    }

    func testQuantileAndBreakClasses() {
        let q = ClassMethod(kind: .quantile, labels: ["very high", "high", "medium", "low"])
        // 10 ranked units in 4 groups: ⌊(r−1)·4/10⌋ → 3,2,3,2 units.
        XCTAssertEqual((1...10).map { Classifier.classify(score: 0, rank: $0, of: 10, q)! },
                       ["very high", "very high", "very high", "high", "high", "medium", "medium", "medium", "low", "low"])
        let b = ClassMethod(kind: .breaks([7.5, 5]), labels: ["high", "medium", "low"])
        XCTAssertEqual([8, 7.5, 6, 1].map { Classifier.classify(score: $0, rank: 1, of: 1, b)! }, ["high", "high", "medium", "low"])
    }
}
