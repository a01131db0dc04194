import Domain

/// `uncertainty { scales = { "minmax", "percentile", "zscore" } }`: each run puts every indicator
/// with a scale taken from the units ranked (min–max, percentile, z-score) on one of these, drawn
/// with equal chances; indicators on fixed goalposts, thresholds or no scale keep theirs. A bounded
/// alternative keeps the indicator's declared range, so criteria still combine values on one scale.
enum UncertainScales {
    static let names = ["minmax", "percentile", "zscore"]

    static func choices(_ requested: [String], score: CriterionMethod, at loc: SourceLocation?) throws -> [ScaleChoice] {
        try requested.map { name in
            guard names.contains(name) else {
                throw TargetingError("uncertainty: scales has \"\(name)\", which is not a scale to draw from", at: loc,
                                     hint: "use \(names.map { "\"\($0)\"" }.joined(separator: ", "))")
            }
            var normalisations: [String: Normalisation] = [:]
            for ind in score.indicators {
                guard let range = drawnRange(ind.normalisation) else { continue }
                switch name {
                case "minmax": normalisations[ind.name] = .minMax(lower: range.lower, upper: range.upper)
                case "percentile":
                    guard range.lower == 0 else {
                        throw TargetingError("uncertainty: scales = \"percentile\": indicator \(ind.name) is on \(Value.format(range.lower))–\(Value.format(range.upper)), and a percentile scale starts at 0",
                                             at: loc, hint: "leave percentile out of scales, or put the indicator on a scale from 0")
                    }
                    normalisations[ind.name] = .percentile(scale: range.upper)
                default: normalisations[ind.name] = .zScore
                }
            }
            let choice = ScaleChoice(name: name, normalisations: normalisations)
            do {
                try MethodValidation.validate(apply(choice, to: score))
            } catch var e as TargetingError {
                e.message = "uncertainty: scales = \"\(name)\": " + e.message
                e.location = loc
                e.hint = "leave \(name) out of scales"
                throw e
            }
            return choice
        }
    }

    /// The range an indicator's drawn scale keeps (z-scores: that of a 0–10 min–max, used only
    /// when "minmax" or "percentile" replaces a declared z-score); nil: the indicator keeps its scale.
    static func drawnRange(_ n: Normalisation) -> (lower: Double, upper: Double)? {
        switch n {
        case .minMax(let l, let u): return (l, u)
        case .percentile(let s): return (0, s)
        case .zScore: return (0, 10)
        case .goalposts, .thresholds, .identity: return nil
        }
    }

    /// The method with each indicator on the choice's scale, for the method check.
    static func apply(_ choice: ScaleChoice, to c: CriterionMethod) -> CriterionMethod {
        var c = c
        c.children = c.children.map { node in
            switch node {
            case .indicator(var i): i.normalisation = choice.normalisations[i.name] ?? i.normalisation; return .indicator(i)
            case .criterion(let sub): return .criterion(apply(choice, to: sub))
            }
        }
        return c
    }
}
