import XCTest
@testable import Domain
@testable import Ranking

/// Uncertainty runs on hand-made methods whose answers are known without the analysis code:
/// two criteria c1, c2 (one identity-scaled indicator each), score = weighted mean.
final class UncertaintyTests: XCTestCase {
    func method(selection: SelectionSettings = SelectionSettings(), classes: ClassMethod? = nil) -> MethodDescription {
        let i1 = IndicatorMethod(name: "i1", source: "fact i1", fact: "i1", normalisation: .identity)
        let i2 = IndicatorMethod(name: "i2", source: "fact i2", fact: "i2", normalisation: .identity)
        let score = CriterionMethod(name: "score", children: [
            .criterion(CriterionMethod(name: "c1", children: [.indicator(i1)])),
            .criterion(CriterionMethod(name: "c2", children: [.indicator(i2)])),
        ])
        return MethodDescription(script: "test", asOf: nil, facts: [], score: score, classes: classes, selection: selection)
    }

    func units(_ values: [(String, Double, Double)]) -> [RankingUnitInput] {
        values.map { id, a, b in RankingUnitInput(id: UnitID(id), name: id, parent: UnitID("P"), raw: ["i1": a, "i2": b]) }
    }

    func analyse(_ m: MethodDescription, _ u: [RankingUnitInput], _ s: UncertaintySettings) throws -> UncertaintyResult {
        try UncertaintyAnalysis.analyse(try Ranker.rank(RankingInput(method: m, units: u)), settings: s)
    }

    func weights(_ spread: WeightSpread, _ names: [String] = ["c1", "c2", "i1", "i2"]) -> [UncertainWeight] {
        names.map { UncertainWeight(node: $0, declared: 1, spread: spread) }
    }

    func testZeroSpreadGivesZeroWidthIntervalsAndNoSensitivity() throws {
        // Scores (equal weights): A (3+1)/2 = 2, B (0+5)/2 = 2.5, C (1+1)/2 = 1 → B 1, A 2, C 3.
        let u = units([("A", 3, 1), ("B", 0, 5), ("C", 1, 1)])
        let r = try analyse(method(), u, UncertaintySettings(runs: 50, seed: 9, weights: weights(.relative(0))))
        XCTAssertEqual(r.units[UnitID("B")], RankSpread(p05: 1, median: 1, p95: 1, pSelected: nil))
        XCTAssertEqual(r.units[UnitID("A")], RankSpread(p05: 2, median: 2, p95: 2, pSelected: nil))
        XCTAssertEqual(r.units[UnitID("C")], RankSpread(p05: 3, median: 3, p95: 3, pSelected: nil))
        XCTAssertNil(r.selectionBasis)
        XCTAssertEqual(r.sensitivity.map(\.meanAbsRankShift), [0, 0, 0, 0])
    }

    func testAUnitBestOnEveryCriterionIsAlwaysSelected() throws {
        // A is highest on both criteria: any positive weights make it first.
        let u = units([("A", 10, 10), ("B", 5, 2), ("C", 0, 8)])
        let spread = WeightSpread.between(low: 0.01, high: 100)
        let r = try analyse(method(selection: SelectionSettings(top: 1)), u, UncertaintySettings(runs: 300, seed: 3, weights: weights(spread)))
        XCTAssertEqual(r.selectionBasis, "selected")
        XCTAssertEqual(r.units[UnitID("A")], RankSpread(p05: 1, median: 1, p95: 1, pSelected: 1))
        XCTAssertEqual(r.units[UnitID("B")]?.pSelected, 0)
        XCTAssertEqual(r.units[UnitID("C")]?.pSelected, 0)
        // B and C swap: B first iff 5·w1 + 2·w2 > 0·w1 + 8·w2, i.e. w1/w2 > 1.2 — it happens both ways.
        XCTAssertEqual(r.units[UnitID("B")]?.p05, 2)
        XCTAssertEqual(r.units[UnitID("B")]?.p95, 3)
    }

    /// An independent copy of the documented stream: SplitMix64 seeded with seed + (run+1)·golden,
    /// u = (bits >> 11 + 0.5) / 2^53.
    struct ReferenceStream {
        var state: UInt64
        init(seed: UInt64, run: Int) { state = seed &+ UInt64(run + 1) &* 0x9E3779B97F4A7C15 }
        mutating func u() -> Double {
            state = state &+ 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            z ^= z >> 31
            return (Double(z >> 11) + 0.5) / 9007199254740992.0
        }
    }

    func testRankFlipAtAKnownWeightRatio() throws {
        // A = (10·w1 + 0·w2)/(w1+w2), B = (0·w1 + 6·w2)/(w1+w2): A is first iff 10·w1 ≥ 6·w2 (a tie
        // goes to A by id). w1 = 0.5 + u1, w2 = 0.5 + u2 with u uniform: P(w2 ≤ 5/3·w1) =
        // ∫_{0.5}^{0.9} (5x/3 − 0.5) dx + 0.6 = 13/15.
        let u = units([("A", 10, 0), ("B", 0, 6)])
        let runs = 2000, seed: UInt64 = 42
        let settings = UncertaintySettings(runs: runs, seed: seed, weights: weights(.relative(0.5), ["c1", "c2"]))
        let r = try analyse(method(selection: SelectionSettings(top: 1)), u, settings)

        var aFirst = 0
        for run in 0..<runs {
            var s = ReferenceStream(seed: seed, run: run)
            let w1 = 0.5 + s.u(), w2 = 0.5 + s.u()
            if 10 * w1 >= 6 * w2 { aFirst += 1 }
        }
        XCTAssertEqual(r.units[UnitID("A")]?.pSelected, Double(aFirst) / Double(runs))
        XCTAssertEqual(r.units[UnitID("B")]?.pSelected, Double(runs - aFirst) / Double(runs))
        // Binomial tolerance: 4 standard deviations of a share over 2000 runs at p = 13/15 (0.030).
        let p = 13.0 / 15.0
        XCTAssertEqual(Double(aFirst) / Double(runs), p, accuracy: 4 * (p * (1 - p) / Double(runs)).squareRoot())
        // B is first in about 13% of runs: more than 5%, fewer than 50%.
        XCTAssertEqual(r.units[UnitID("A")], RankSpread(p05: 1, median: 1, p95: 2, pSelected: Double(aFirst) / Double(runs)))
        XCTAssertEqual(r.units[UnitID("B")]?.p05, 1)
        XCTAssertEqual(r.units[UnitID("B")]?.median, 2)
    }

    func testTopClassIsTheShareWhenNothingIsSelected() throws {
        // Quantile classes of 2 over 2 units: the first-ranked is "high". Same flip as above.
        let u = units([("A", 10, 0), ("B", 0, 6)])
        let settings = UncertaintySettings(runs: 400, seed: 5, weights: weights(.relative(0.5), ["c1", "c2"]))
        let r = try analyse(method(classes: ClassMethod(kind: .quantile, labels: ["high", "low"])), u, settings)
        XCTAssertEqual(r.selectionBasis, "in the first class (high)")
        var aFirst = 0
        for run in 0..<400 {
            var s = ReferenceStream(seed: 5, run: run)
            if 10 * (0.5 + s.u()) >= 6 * (0.5 + s.u()) { aFirst += 1 }
        }
        XCTAssertEqual(r.units[UnitID("A")]?.pSelected, Double(aFirst) / 400)
    }

    func testSameSeedSameResultOtherSeedOtherDraws() throws {
        let u = units([("A", 10, 0), ("B", 0, 6), ("C", 4, 4), ("D", 7, 1)])
        let m = method(selection: SelectionSettings(top: 2))
        let s = UncertaintySettings(runs: 500, seed: 11, weights: weights(.normal(sd: 0.4)))
        XCTAssertEqual(try analyse(m, u, s), try analyse(m, u, s))
        var other = s
        other.seed = 12
        XCTAssertNotEqual(try analyse(m, u, s).units, try analyse(m, u, other).units)
    }

    func testSensitivityRanksTheWeightThatFlipsUnits() throws {
        // Only c1/c2 matter (one indicator each: an indicator's own weight has no sibling to share
        // with). At the quadrature points u = 0.025, 0.075, …, 0.975 of ±50% on c1 alone (w2 = 1),
        // A is first iff 10·w1 ≥ 6 with w1 = 0.5 + u: the points u = 0.025 and 0.075 swap both
        // units by one rank, so the mean shift is 2 points · 2 units / (20 · 2) = 0.1.
        let u = units([("A", 10, 0), ("B", 0, 6)])
        let r = try analyse(method(), u, UncertaintySettings(runs: 10, seed: 1, weights: weights(.relative(0.5))))
        var swaps = 0
        for k in 0..<20 { let w1 = 0.5 + (Double(k) + 0.5) / 20; if !(10 * w1 >= 6) { swaps += 1 } }
        let c1 = r.sensitivity.first { $0.input == "weight of c1" }
        XCTAssertEqual(swaps, 2)
        XCTAssertEqual(c1?.meanAbsRankShift, 0.1)
        XCTAssertEqual(c1?.maxAbsRankShift, swaps > 0 ? 1 : 0)
        XCTAssertEqual(r.sensitivity.first { $0.input == "weight of i1" }?.meanAbsRankShift, 0)
        XCTAssertEqual(r.sensitivity.first?.input, "weight of c1")
    }

    func testTooManyRunRanksAreRefusedWithTheMostThatFits() {
        XCTAssertNoThrow(try UncertaintyAnalysis.checkSize(runs: 50_000, units: 1_000, at: nil))
        XCTAssertThrowsError(try UncertaintyAnalysis.checkSize(runs: 100_000, units: 6_000, at: SourceLocation(file: "r.lua", line: 3))) { e in
            XCTAssertEqual("\(e)", "r.lua:3: uncertainty: 100000 runs × 6000 ranked units is more than the 50000000 ranks an analysis keeps\n  hint: use at most 8333 runs (runs = … or --uncertainty N)")
        }
    }

    func testNearestRankPercentiles() {
        let values = (1...20).map(Int32.init)
        // ⌈p/100 · 20⌉-th value: p5 → 1st, p50 → 10th, p95 → 19th.
        XCTAssertEqual(UncertaintyAnalysis.nearestRank(values, 5), 1)
        XCTAssertEqual(UncertaintyAnalysis.nearestRank(values, 50), 10)
        XCTAssertEqual(UncertaintyAnalysis.nearestRank(values, 95), 19)
        XCTAssertEqual(UncertaintyAnalysis.nearestRank([7], 95), 7)
    }

    func testNormalSpreadQuantiles() {
        XCTAssertEqual(NormalDistribution.quantile(0.975), 1.959963985, accuracy: 1e-8)
        XCTAssertEqual(NormalDistribution.cdf(1.959963985), 0.975, accuracy: 1e-9)
        // sd 0.2: the truncation at 0 is 5 sd away, so the median factor is 1 and u = 0.975 gives 1 + 0.2·1.96.
        XCTAssertEqual(WeightSpread.normal(sd: 0.2).quantile(0.5, declared: 2), 2, accuracy: 1e-6)
        XCTAssertEqual(WeightSpread.normal(sd: 0.2).quantile(0.975, declared: 1), 1.391993, accuracy: 1e-5)
        // sd 2: much of the normal lies below 0, but the truncated draw never does.
        XCTAssertGreaterThan(WeightSpread.normal(sd: 2).quantile(1e-9, declared: 1), -1e-12)
    }

    /// The score's aggregation drawn per run: a flip known exactly.
    func testMeanOrGeometricDecidesTheFirstUnit() throws {
        // A = (10, 0.1), B = (4, 4): mean A 5.05 > B 4; geometric A √(10 · 0.1) = 1 < B 4. Weights fixed
        // (spread 0), so A is first exactly in the runs that draw the mean: u < 0.5 for the one
        // uniform after the (here two) weight draws.
        let u = units([("A", 10, 0.1), ("B", 4, 4)])
        var s = UncertaintySettings(runs: 600, seed: 77, weights: weights(.relative(0), ["c1", "c2"]))
        s.scoreAggregations = [.mean, .geometric]
        let r = try analyse(method(selection: SelectionSettings(top: 1)), u, s)
        var meanRuns = 0
        for run in 0..<600 {
            var stream = ReferenceStream(seed: 77, run: run)
            _ = stream.u(); _ = stream.u()
            if stream.u() < 0.5 { meanRuns += 1 }
        }
        XCTAssertEqual(r.units[UnitID("A")]?.pSelected, Double(meanRuns) / 600)
        XCTAssertEqual(Double(meanRuns) / 600, 0.5, accuracy: 4 * (0.25 / 600).squareRoot())
        // One-at-a-time: mean keeps the declared order, geometric swaps both units:
        // (0 + 2) / (2 alternatives · 2 units) = 0.5.
        let entry = r.sensitivity.first { $0.input == "aggregation of the score" }
        XCTAssertEqual(entry?.meanAbsRankShift, 0.5)
        XCTAssertEqual(entry?.spread, "mean / geometric")
        XCTAssertEqual(entry?.points, 2)
        XCTAssertEqual(r.sensitivity.first { $0.input == "weight of c1" }?.points, 20)
    }
}
