import XCTest
import Domain
@testable import Ranking

/// Weights fitted from data against numpy (Tests/Fixtures/uncertainty/weights_fit.py, which prints
/// the expected numbers below): least squares on standardised criteria, and the first principal
/// component's squared loadings.
final class WeightsFromDataTests: XCTestCase {
    let a = [2.0, 7.5, 3.1, 9.0, 4.4, 6.2, 1.3, 8.8, 5.5, 0.7, 6.9, 3.8]
    let b = [5.1, 2.2, 8.4, 1.0, 6.6, 3.3, 9.1, 2.7, 4.0, 7.7, 1.9, 5.8]
    let c = [3.3, 3.9, 2.8, 6.1, 5.0, 4.2, 1.1, 7.3, 2.2, 3.6, 8.0, 4.9]
    let y = [0.61, 0.22, 0.70, 0.05, 0.41, 0.35, 0.88, 0.09, 0.47, 0.80, 0.15, 0.52]

    func input(_ spec: FittedWeightsSpec) -> (RankingInput, [UnitID: Double]) {
        func criterion(_ name: String) -> MethodNode {
            .criterion(CriterionMethod(name: name, children: [.indicator(IndicatorMethod(name: name + "_i", source: "fact", normalisation: .identity))]))
        }
        var m = MethodDescription(script: "test.lua", asOf: nil, facts: [], score: CriterionMethod(name: "score", children: ["A", "B", "C"].map(criterion)))
        m.fittedWeights = spec
        var units: [RankingUnitInput] = [], outcome: [UnitID: Double] = [:]
        for i in a.indices {
            let id = UnitID(String(format: "U%02d", i))
            units.append(RankingUnitInput(id: id, name: id.rawValue, parent: nil, raw: ["A_i": a[i], "B_i": b[i], "C_i": c[i]]))
            outcome[id] = y[i]
        }
        return (RankingInput(method: m, units: units), outcome)
    }

    func testLeastSquaresMatchesNumpy() throws {
        let beta = [0.43750000000000006, -0.15101791216127436, 0.06731576413808078, -0.06583137874061686]
        let se = [0.010763982784464596, 0.0247987046116735, 0.024504164204561685, 0.014957879058332338]
        let spec = FittedWeightsSpec(method: .leastSquares, outcome: "y", higherIsBetter: true, location: SourceLocation(file: "test.lua", line: 9))
        let (i, outcome) = input(spec)
        let r = try WeightsFromData.rank(i, outcome: outcome, population: [:])
        let m = try XCTUnwrap(r.fittedWeights)
        XCTAssertEqual(m.n, 12)
        XCTAssertEqual(m.intercept ?? .nan, beta[0], accuracy: 1e-9)
        XCTAssertEqual(m.rSquared ?? .nan, 0.9868059912376406, accuracy: 1e-9)
        for (k, t) in m.terms.enumerated() {
            XCTAssertEqual(t.coefficient, beta[k + 1], accuracy: 1e-9, t.name)
            XCTAssertEqual(t.standardError ?? .nan, se[k + 1], accuracy: 1e-9, t.name)
        }
        let weights = [0.6213203617191537, 0.0, 0.3786796382808463]
        for (k, t) in m.terms.enumerated() { XCTAssertEqual(t.weight, weights[k], accuracy: 1e-9, t.name) }
        // B's slope has the other sign: weight 0, said in a warning with a stable code.
        XCTAssertEqual(r.diagnostics.filter { $0.code == .fittedWeightWrongSign }.map(\.message),
                       ["fit_weights: criterion B goes the other way (slope 0.06732 ± 0.0245 per sd of y); its weight is set to 0"])
        // The ranking used the fitted weights: score = 0.621·A + 0.379·C (a mean of weights summing to 1).
        for u in r.units {
            let k = Int(u.id.rawValue.dropFirst()) ?? 0
            XCTAssertEqual(u.score ?? .nan, weights[0] * a[k] + weights[2] * c[k], accuracy: 1e-9)
        }
        XCTAssertEqual(r.method.score.children.map(\.weight)[1], 0)
    }

    func testPrincipalComponentMatchesNumpy() throws {
        let (i, _) = input(FittedWeightsSpec(method: .principalComponent))
        let m = try XCTUnwrap(try WeightsFromData.rank(i, outcome: [:], population: [:]).fittedWeights)
        let expected = [0.3572729845351802, 0.3547026617096618, 0.2880243537551577]
        for (k, t) in m.terms.enumerated() { XCTAssertEqual(t.weight, expected[k], accuracy: 1e-9, t.name) }
        XCTAssertEqual(m.varianceExplained ?? .nan, 0.8339692798399355, accuracy: 1e-9)
        XCTAssertNil(m.rSquared)
    }

    func testTooFewUnitsAndAConstantCriterionAreRefused() {
        let spec = FittedWeightsSpec(method: .leastSquares, outcome: "y", higherIsBetter: true, location: SourceLocation(file: "test.lua", line: 9))
        var (i, outcome) = input(spec)
        let few = outcome.filter { Int($0.key.rawValue.dropFirst()) ?? 0 < 4 }
        XCTAssertThrowsError(try WeightsFromData.rank(i, outcome: few, population: [:])) { e in
            XCTAssertEqual("\(e)", "test.lua:9: fit_weights: 4 ranked units have every criterion and the outcome, and fitting 3 weights needs at least 5\n  hint: check that the outcome fact has values for the ranked units, or state the weights")
        }
        for k in i.units.indices { i.units[k].raw["C_i"] = 2 }
        XCTAssertThrowsError(try WeightsFromData.rank(i, outcome: outcome, population: [:])) { e in
            XCTAssertEqual("\(e)", "test.lua:9: fit_weights: criterion C is 2 for every one of the 12 units used, so no weight can be estimated for it\n  hint: leave it out of the score, or state the weights")
        }
        var (j, _) = input(spec)
        for k in j.units.indices { j.units[k].raw["C_i"] = 2 * a[k] - b[k] }
        XCTAssertThrowsError(try WeightsFromData.rank(j, outcome: outcome, population: [:])) { e in
            XCTAssertEqual("\(e)", "test.lua:9: fit_weights: criterion C is a linear combination of the others over the 12 units used, so their weights cannot be told apart\n  hint: leave one of them out of the score, or state the weights")
        }
        // y = A + C + 0.1·B + e: every slope is positive, and higher_is = "better" wants negative
        // ones. Slopes and standard errors from numpy (lstsq on the standardised columns).
        let e = [0.3, -0.2, 0.1, -0.4, 0.25, -0.1, 0.05, 0.2, -0.3, 0.15, -0.05, 0.1]
        var rising: [UnitID: Double] = [:]
        for k in a.indices { rising[UnitID(String(format: "U%02d", k))] = a[k] + c[k] + 0.1 * b[k] + e[k] }
        let (r, _) = input(spec)
        XCTAssertThrowsError(try WeightsFromData.rank(r, outcome: rising, population: [:])) { e in
            XCTAssertEqual("\(e)", "test.lua:9: fit_weights: no criterion goes with a lower y (slopes per sd over 12 units: A +2.601 ± 0.104, B +0.3858 ± 0.1027, C +2.103 ± 0.06272), so no weight can be taken from the fit\n  hint: check higher_is = \"better\", or state the weights")
        }
    }

    func testUncertaintyDrawsFittedWeightsFromTheirStandardErrors() throws {
        let spec = FittedWeightsSpec(method: .leastSquares, outcome: "y", higherIsBetter: true)
        var (i, outcome) = input(spec)
        var w = UncertainWeight(node: "A", declared: 1, spread: .normal(sd: 0))
        w.fromFit = true
        i.method.uncertainty = UncertaintySettings(runs: 10, seed: 1, weights: [w, UncertainWeight(node: "C", declared: 1, spread: .relative(0.5))])
        let r = try WeightsFromData.rank(i, outcome: outcome, population: [:])
        let u = try XCTUnwrap(r.method.uncertainty)
        // A: fitted weight, × normal(1, SE/|β|) = 0.0247987046116735 / 0.15101791216127436; C: its fitted weight, ±50%.
        XCTAssertEqual(u.weights[0].declared, 0.6213203617191537, accuracy: 1e-9)
        guard case .normal(let sd) = u.weights[0].spread else { return XCTFail("\(u.weights[0].spread)") }
        XCTAssertEqual(sd, 0.0247987046116735 / 0.15101791216127436, accuracy: 1e-9)
        XCTAssertEqual(u.weights[1].declared, 0.3786796382808463, accuracy: 1e-9)
        XCTAssertEqual(u.weights[1].spread, .relative(0.5))
    }
}
