import Foundation
import Domain

/// `fit_weights { … }`: the score's weights estimated from the data, then the ranking with them.
/// The criteria do not depend on the score's own weights, so a first ranking (declared weights)
/// gives every unit's criteria; the fit reads them, sets the score's weights, and the units are
/// ranked again. Least squares: outcome = a + Σ βₖ·zₖ over the standardised criteria zₖ; the
/// weight of criterion k is ±βₖ/sdₖ (the slope per unit of the criterion), scaled to sum 1, so
/// that the weighted mean ranks units as the fitted outcome does. Principal component: weights =
/// squared loadings of the first component of the standardised criteria (they sum to 1).
public enum WeightsFromData {
    public static func rank(_ input: RankingInput, selection: SelectionSettings? = nil,
                            outcome: [UnitID: Double], population: [UnitID: Double]) throws -> RankingResult {
        guard let spec = input.method.fittedWeights else { return try Ranker.rank(input, selection: selection) }
        let first = try Ranker.rank(input, selection: selection)
        let (model, warnings) = try fit(first, spec: spec, outcome: outcome, population: population)
        var again = input
        let weight = Dictionary(uniqueKeysWithValues: model.terms.map { ($0.name, $0.weight) })
        again.method.score.children = again.method.score.children.map { node in
            switch node {
            case .criterion(var c): c.weight = weight[c.name] ?? c.weight; return .criterion(c)
            case .indicator(var i): i.weight = weight[i.name] ?? i.weight; return .indicator(i)
            }
        }
        if var u = again.method.uncertainty {
            u.weights = try u.weights.map { try fromFit($0, model, at: u.location) }
            again.method.uncertainty = u
        }
        var result = try Ranker.rank(again, selection: selection)
        result.fittedWeights = model
        result.diagnostics += warnings
        return result
    }

    /// A varying weight of a score child starts from the fitted weight; "fitted" draws it as
    /// weight × normal(1, SE(β)/|β|), truncated at 0: the coefficient's own uncertainty.
    static func fromFit(_ w: UncertainWeight, _ model: FittedModel, at loc: SourceLocation?) throws -> UncertainWeight {
        var w = w
        guard let term = model.terms.first(where: { $0.name == w.node }) else { return w }
        w.declared = term.weight
        if w.fromFit {
            guard let se = term.standardError, term.coefficient != 0 else {
                throw TargetingError("uncertainty: weights.\(w.node) = \"fitted\" needs a standard error, and a principal component gives none",
                                     at: loc, hint: "use a spread such as weights.\(w.node) = 0.5, or fit_weights by least squares")
            }
            w.spread = .normal(sd: se / abs(term.coefficient))
        }
        return w
    }

    static func fit(_ r: RankingResult, spec: FittedWeightsSpec, outcome: [UnitID: Double],
                    population: [UnitID: Double]) throws -> (FittedModel, [Diagnostic]) {
        let names = r.method.score.children.map(\.name)
        let loc = spec.location
        var columns = [[Double]](repeating: [], count: names.count), y: [Double] = []
        for u in r.units where u.rank != nil {
            let values = names.map { name in
                u.criterion(named: name, topLevel: true)?.value ?? u.indicator(named: name, topLevel: true)?.normalised
            }
            guard values.allSatisfy({ $0 != nil }) else { continue }
            if spec.method == .leastSquares {
                guard var v = outcome[u.id], v.isFinite else { continue }
                if spec.perPopulation {
                    guard let p = population[u.id], p > 0 else { continue }
                    v /= p
                }
                y.append(v)
            }
            for (k, v) in values.enumerated() { columns[k].append(v ?? 0) }
        }
        let n = columns.first?.count ?? 0
        let needed = spec.method == .leastSquares ? names.count + 2 : 2
        guard n >= needed else {
            throw TargetingError("fit_weights: \(n) ranked units have every criterion\(spec.method == .leastSquares ? " and the outcome" : ""), and fitting \(names.count) weights needs at least \(needed)",
                                 at: loc, hint: "check that the outcome fact has values for the ranked units, or state the weights")
        }
        var means: [Double] = [], sds: [Double] = []
        for (k, column) in columns.enumerated() {
            let mean = column.reduce(0, +) / Double(n)
            let sd = (column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)).squareRoot()
            guard sd > 0 else {
                throw TargetingError("fit_weights: criterion \(names[k]) is \(Value.format(mean)) for every one of the \(n) units used, so no weight can be estimated for it",
                                     at: loc, hint: "leave it out of the score, or state the weights")
            }
            means.append(mean); sds.append(sd)
        }
        let z = columns.enumerated().map { k, column in column.map { ($0 - means[k]) / sds[k] } }
        switch spec.method {
        case .principalComponent:
            let pc = PrincipalComponent.first(z)
            let terms = names.indices.map { k in
                FittedTerm(name: names[k], coefficient: pc.vector[k], standardError: nil, mean: means[k], sd: sds[k], weight: pc.vector[k] * pc.vector[k])
            }
            return (FittedModel(spec: spec, n: n, varianceExplained: pc.share, terms: terms), [])
        case .leastSquares:
            let f: LeastSquares.Fit
            do { f = try LeastSquares.fit(columns: z, y: y) } catch LeastSquares.Failure.singular(let column) {
                throw TargetingError("fit_weights: criterion \(names[Swift.max(column - 1, 0)]) is a linear combination of the others over the \(n) units used, so their weights cannot be told apart",
                                     at: loc, hint: "leave one of them out of the score, or state the weights")
            }
            let sign = spec.higherIsBetter ? -1.0 : 1.0
            let raw = names.indices.map { sign * f.coefficients[$0 + 1] / sds[$0] }
            let total = raw.filter { $0 > 0 }.reduce(0, +)
            let outcomeText = (spec.outcome ?? "") + (spec.perPopulation ? " per head" : "")
            guard total > 0 else {
                let slopes = names.indices.map { "\(names[$0]) \(String(format: "%+.4g", f.coefficients[$0 + 1])) ± \(String(format: "%.4g", f.standardErrors[$0 + 1]))" }
                throw TargetingError("fit_weights: no criterion goes with \(spec.higherIsBetter ? "a lower" : "a higher") \(outcomeText) (slopes per sd over \(n) units: \(slopes.joined(separator: ", "))), so no weight can be taken from the fit",
                                     at: loc, hint: "check higher_is = \"\(spec.higherIsBetter ? "better" : "worse")\", or state the weights")
            }
            // A weight taken from a slope the data cannot tell from 0 (|t| < 2) is noise: said for
            // each, and an error when every weight would rest on such slopes.
            func slope(_ k: Int) -> String {
                "\(names[k]) \(String(format: "%+.4g", f.coefficients[k + 1])) ± \(String(format: "%.4g", f.standardErrors[k + 1]))"
            }
            let kept = names.indices.filter { raw[$0] > 0 }
            let unclear = kept.filter { k in !(abs(f.coefficients[k + 1]) >= 2 * f.standardErrors[k + 1]) }
            if unclear.count == kept.count {
                throw TargetingError("fit_weights: the only slopes that go with \(spec.higherIsBetter ? "a lower" : "a higher") \(outcomeText) (\(kept.map(slope).joined(separator: ", ")) per sd over \(n) units) are within 2 standard errors of 0: the data cannot tell them from no link, so weights taken from them would be noise",
                                     at: loc, hint: "check the outcome and higher_is = \"\(spec.higherIsBetter ? "better" : "worse")\", or state the weights")
            }
            var warnings: [Diagnostic] = []
            for k in unclear {
                warnings.append(Diagnostic(.warning, loc ?? SourceLocation(file: r.method.script), code: .fittedWeightUnclear,
                                           "fit_weights: the weight of criterion \(names[k]) rests on a slope within 2 standard errors of 0 (\(slope(k)) per sd of \(outcomeText)): the data cannot tell it from no link",
                                           hint: "read its weight as uncertain (uncertainty { weights = { all = \"fitted\" } } draws it from its standard error), or state the weights"))
            }
            for k in names.indices where raw[k] <= 0 {
                warnings.append(Diagnostic(.warning, loc ?? SourceLocation(file: r.method.script), code: .fittedWeightWrongSign,
                                           "fit_weights: criterion \(names[k]) goes the other way (slope \(String(format: "%.4g", f.coefficients[k + 1])) ± \(String(format: "%.4g", f.standardErrors[k + 1])) per sd of \(outcomeText)); its weight is set to 0",
                                           hint: "a slope within about 2 standard errors of 0 says the data cannot tell; state the weights to keep the criterion"))
            }
            let terms = names.indices.map { k in
                FittedTerm(name: names[k], coefficient: f.coefficients[k + 1], standardError: f.standardErrors[k + 1],
                           mean: means[k], sd: sds[k], weight: Swift.max(raw[k], 0) / total)
            }
            return (FittedModel(spec: spec, n: n, intercept: f.coefficients[0], rSquared: f.rSquared, residualSD: f.residualSD, terms: terms), warnings)
        }
    }
}
