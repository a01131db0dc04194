import XCTest
import Domain
@testable import Ranking

/// The uncertainty runs and the ranking share one evaluator: with the declared weights a run
/// reproduces the ranking exactly, missing-data policies and parent means included; and the
/// drawn scales and the first-order index give the answers known by hand.
final class OneEvaluatorTests: XCTestCase {
    func ind(_ n: String, _ scale: Normalisation = .identity) -> MethodNode {
        .indicator(IndicatorMethod(name: n, source: "fact \(n)", fact: n, normalisation: scale))
    }

    /// Two levels, a parent mean, a stated value and rescale, unequal weights; U7 and U8 lack B
    /// and take their parents' means (P: mean of U1, U2, U3; Q: of U4, U5), which depend on B1's weight.
    func nestedMethod() -> MethodDescription {
        let inner = CriterionMethod(name: "B1", weight: 2, children: [ind("b1"), ind("b2")], missing: .rescale)
        let score = CriterionMethod(name: "score", children: [
            .criterion(CriterionMethod(name: "A", weight: 3, children: [ind("a1")], missing: .value(4))),
            .criterion(CriterionMethod(name: "B", weight: 1.5, children: [.criterion(inner), ind("b3")], missing: .parentMean)),
            .criterion(CriterionMethod(name: "C", weight: 0.7, children: [ind("c1")], missing: .rescale)),
        ])
        return MethodDescription(script: "test", asOf: nil, facts: [], score: score, selection: SelectionSettings(top: 3))
    }

    func nestedUnits() -> [RankingUnitInput] {
        let rows: [(String, String, [String: Double])] = [
            ("U1", "P", ["a1": 1.3, "b1": 2.9, "b2": 7.1, "b3": 0.4, "c1": 9.2]),
            ("U2", "P", ["a1": 8.8, "b1": 1.7, "b3": 6.6, "c1": 3.3]),
            ("U3", "P", ["b1": 4.4, "b2": 5.5, "b3": 1.1, "c1": 2.2]),
            ("U4", "Q", ["a1": 6.1, "b2": 3.9, "c1": 7.7]),
            ("U5", "Q", ["a1": 2.5, "b3": 8.1]),
            ("U6", "R", ["a1": 5.0, "b1": 5.0, "b2": 5.0, "b3": 5.0, "c1": 5.0]),
            ("U7", "P", ["a1": 4.2, "c1": 6.4]),
            ("U8", "Q", ["a1": 9.9, "c1": 0.3]),
        ]
        return rows.map { id, parent, raw in
            var u = RankingUnitInput(id: UnitID(id), name: id, parent: UnitID(parent), raw: raw)
            for k in ["a1", "b1", "b2", "b3", "c1"] where raw[k] == nil { u.missing[k] = "no \(k)" }
            return u
        }
    }

    func testDeclaredWeightsReproduceTheRankingExactlyWithParentMeans() throws {
        // Units listed in reverse: the ranking and the runs must add parent means in the same order.
        let result = try Ranker.rank(RankingInput(method: nestedMethod(), units: nestedUnits().reversed()))
        XCTAssertTrue(result.units.contains { $0.missing.contains { $0.hasPrefix("criterion B: missing, imputed") } })
        let scenario = try Scenario(result)
        let scores = try scenario.scores(weights: scenario.tree.weights)
        let ranked = result.units.filter { $0.rank != nil }
        XCTAssertEqual(ranked.count, 8)
        for (k, unit) in ranked.enumerated() {
            XCTAssertEqual(scores[k], unit.score, "\(unit.id)")   // bit for bit, not to a tolerance
        }
        let outcome = try scenario.evaluate(weights: scenario.tree.weights)
        XCTAssertEqual(outcome.ranks, ranked.map { $0.rank ?? 0 })
        XCTAssertEqual(outcome.selected, ranked.map(\.selected))
        // And run 0 of an analysis at spread 0 keeps every unit at its rank.
        let weights = ["A", "B", "B1", "C"].map { UncertainWeight(node: $0, declared: 1, spread: .relative(0)) }
        var settings = UncertaintySettings(runs: 1, seed: 3, weights: weights)
        settings.weights = weights.map { w in var w = w; w.declared = scenario.tree.weights[scenario.tree.index[w.node] ?? 0]; return w }
        let analysis = try UncertaintyAnalysis.analyse(result, settings: settings)
        for unit in ranked { XCTAssertEqual(analysis.units[unit.id]?.median, unit.rank) }
    }

    func testParentMeansFollowTheRunsWeights() throws {
        // U7 lacks B and takes P's mean of B over U1 and U2; B1's weight inside B changes that
        // mean, so a run with other weights must recompute it, as the ranking would.
        let result = try Ranker.rank(RankingInput(method: nestedMethod(), units: nestedUnits()))
        let scenario = try Scenario(result)
        var w = scenario.tree.weights
        w[scenario.tree.index["B1"] ?? 0] = 0.25
        var reweighted = nestedMethod()
        if case .criterion(var b) = reweighted.score.children[1], case .criterion(var b1) = b.children[0] {
            b1.weight = 0.25; b.children[0] = .criterion(b1); reweighted.score.children[1] = .criterion(b)
        }
        let direct = try Ranker.rank(RankingInput(method: reweighted, units: nestedUnits()))
        let byID = Dictionary(uniqueKeysWithValues: direct.units.map { ($0.id, $0.score) })
        let scores = try scenario.scores(weights: w)
        for (k, id) in scenario.ids.enumerated() { XCTAssertEqual(scores[k], byID[id] ?? nil, "\(id)") }
        XCTAssertNotEqual(byID[UnitID("U7")] ?? nil, result.units.first { $0.id == UnitID("U7") }?.score)
    }

    func testADrawnScaleDecidesTheFirstUnit() throws {
        // Min–max 0–10: i1 A 0, B 1, C 10; i2 A 10, B 9.5, C 0 → A 5, B 5.25, C 5: B first.
        // Percentile 0–10: i1 A 0, B 5, C 10; i2 A 10, B 5, C 0 → all 5: A first (ties by id).
        let score = CriterionMethod(name: "score", children: [
            .criterion(CriterionMethod(name: "c1", children: [ind("i1", .minMax(lower: 0, upper: 10))])),
            .criterion(CriterionMethod(name: "c2", children: [ind("i2", .minMax(lower: 0, upper: 10))])),
        ])
        let m = MethodDescription(script: "test", asOf: nil, facts: [], score: score, selection: SelectionSettings(top: 1))
        let u = [("A", 0.0, 10.0), ("B", 1, 9.5), ("C", 10, 0)].map { id, a, b in
            RankingUnitInput(id: UnitID(id), name: id, parent: nil, raw: ["i1": a, "i2": b])
        }
        var s = UncertaintySettings(runs: 400, seed: 21, weights: ["c1", "c2"].map { UncertainWeight(node: $0, declared: 1, spread: .relative(0)) })
        let percent = ScaleChoice(name: "percentile", normalisations: ["i1": .percentile(scale: 10), "i2": .percentile(scale: 10)])
        let minmax = ScaleChoice(name: "minmax", normalisations: ["i1": .minMax(lower: 0, upper: 10), "i2": .minMax(lower: 0, upper: 10)])
        s.scales = [minmax, percent]
        let r = try UncertaintyAnalysis.analyse(try Ranker.rank(RankingInput(method: m, units: u)), settings: s)
        var percentileRuns = 0
        for run in 0..<400 {
            var stream = UncertaintyTests.ReferenceStream(seed: 21, run: run)
            _ = stream.u(); _ = stream.u()
            if stream.u() >= 0.5 { percentileRuns += 1 }
        }
        XCTAssertEqual(r.units[UnitID("A")]?.pSelected, Double(percentileRuns) / 400)
        XCTAssertEqual(r.units[UnitID("B")]?.pSelected, Double(400 - percentileRuns) / 400)
        let entry = r.sensitivity.first { $0.input == "scale of the indicators" }
        // One-at-a-time: min–max keeps the order; percentile moves A 2 → 1 and B 1 → 2 (C stays 3):
        // (0 + 2) / (2 alternatives · 3 units).
        XCTAssertEqual(entry?.meanAbsRankShift, 2.0 / 6.0)
        XCTAssertEqual(entry?.spread, "minmax / percentile")
        // The scale alone decides A's and B's ranks: nearly all the rank variance is first order.
        XCTAssertEqual(entry?.firstOrder ?? 0, 1, accuracy: 0.01)
    }

    func testFirstOrderFormulaOnHandComputedRuns() {
        // One unit, four runs, two bins. Ranks 1 1 2 2 binned (0 0 1 1): the bin explains all:
        // between = 0.25, within = 0, total = 0.25 → 1.
        XCTAssertEqual(FirstOrderIndex.explained(ranks: [1, 1, 2, 2], units: 1, runs: 4, bin: [0, 0, 1, 1], bins: 2, means: [1.5]), 0.25)
        // Ranks 1 2 1 2, same bins: between 0, within Σ = 4 · 0.25 = 1, pooled 1/(4 − 2) = 0.5,
        // correction (2 − 1)/4 · 0.5 = 0.125 → −0.125 (an input that does nothing reads ≈ 0).
        XCTAssertEqual(FirstOrderIndex.explained(ranks: [1, 2, 1, 2], units: 1, runs: 4, bin: [0, 0, 1, 1], bins: 2, means: [1.5]), -0.125)
    }

    func testFirstOrderSeparatesTheWeightThatActsFromOneThatCannot() throws {
        // A = (10, 0), B = (0, 6) under c1, c2: A first iff 10·w1 ≥ 6·w2. Only c1 varies (c2 fixed
        // at 1): A's rank is a step function of c1's draw, so c1 explains all the variance (S → 1);
        // i1 is c1's only indicator, so its weight changes no score (S ≈ 0).
        let score = CriterionMethod(name: "score", children: [
            .criterion(CriterionMethod(name: "c1", children: [ind("i1")])), .criterion(CriterionMethod(name: "c2", children: [ind("i2")])),
        ])
        let m = MethodDescription(script: "test", asOf: nil, facts: [], score: score)
        let u = [("A", 10.0, 0.0), ("B", 0, 6)].map { id, a, b in RankingUnitInput(id: UnitID(id), name: id, parent: nil, raw: ["i1": a, "i2": b]) }
        let s = UncertaintySettings(runs: 2000, seed: 8, weights: [
            UncertainWeight(node: "c1", declared: 1, spread: .relative(0.5)), UncertainWeight(node: "i1", declared: 1, spread: .relative(0.5)),
        ])
        let r = try UncertaintyAnalysis.analyse(try Ranker.rank(RankingInput(method: m, units: u)), settings: s)
        let c1 = try XCTUnwrap(r.sensitivity.first { $0.input == "weight of c1" }?.firstOrder)
        let i1 = try XCTUnwrap(r.sensitivity.first { $0.input == "weight of i1" }?.firstOrder)
        XCTAssertGreaterThan(c1, 0.9)
        XCTAssertEqual(i1, 0, accuracy: 0.03)
    }
}
