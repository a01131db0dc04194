/// Checks that a method means what it says before any unit is ranked: each aggregation combines
/// values on one scale, a non-compensatory aggregation is not silently decided by a child at 0 or
/// by a weight it ignores, and a stated value for a missing criterion is on the criterion's scale.
/// Run by the rules loader (errors carry the script's `file:line`) and again by the ranking.
public enum MethodValidation {
    /// The values a node can take, as far as the method tells.
    public enum Scale: Hashable, Sendable, CustomStringConvertible {
        /// Bounded: every value lies in lower…upper.
        case range(Double, Double)
        /// z-scores: centred on 0, unbounded.
        case zScore
        /// `scale = "none"`: the values as the rule computes them, range unknown.
        case asIs

        public var description: String {
            switch self {
            case .range(let a, let b): return "\(Value.format(a))–\(Value.format(b))"
            case .zScore: return "z-scores"
            case .asIs: return "values as they are (scale = \"none\")"
            }
        }
        var lower: Double? { if case .range(let a, _) = self { return a } else { return nil } }
    }

    public static func scale(of n: Normalisation) -> Scale {
        switch n {
        case .minMax(let l, let u): return .range(Swift.min(l, u), Swift.max(l, u))
        case .goalposts(_, _, let s), .percentile(let s): return .range(Swift.min(0, s), Swift.max(0, s))
        case .thresholds(_, let scores): return .range(scores.min() ?? 0, scores.max() ?? 0)
        case .zScore: return .zScore
        case .identity: return .asIs
        }
    }

    /// Throws at the first criterion whose aggregation is ill-defined; returns the root's scale.
    @discardableResult
    public static func validate(_ root: CriterionMethod) throws -> Scale {
        try scale(of: .criterion(root))
    }

    static func scale(of node: MethodNode) throws -> Scale {
        switch node {
        case .indicator(let i): return scale(of: i.normalisation)
        case .criterion(let c):
            let scales = try c.children.map { try scale(of: $0) }
            let what = c.name == "score" ? "the score" : "criterion \(c.name)"
            if let k = scales.indices.first(where: { scales[$0] != scales[0] }) {
                throw TargetingError(
                    "\(what) mixes scales: \(c.children[0].name) is on \(scales[0]) and \(c.children[k].name) on \(scales[k]); a mean of them is not defined",
                    at: c.location, hint: "put every child of one aggregation on the same scale (e.g. scale = \"minmax\", 0–10, for all its indicators)")
            }
            if c.aggregation == .geometric {
                for (k, child) in c.children.enumerated() {
                    if child.weight == 0 {
                        throw TargetingError(
                            "\(what): geometric mean with a weight of 0 for \(child.name); a child that must not count does not belong in a geometric mean (at 0 it would set the result to 0 whatever its weight)",
                            at: c.location, hint: "take \(child.name) out of this aggregation, or use aggregate = \"mean\"")
                    }
                    switch scales[k] {
                    case .zScore:
                        throw TargetingError("\(what): geometric mean over z-scores (\(child.name)), which are below 0 for about half the units",
                                             at: c.location, hint: "use a bounded scale such as minmax(1, 10), or aggregate = \"mean\"")
                    case .range(let lo, _) where lo + c.shift <= 0:
                        throw TargetingError(
                            "\(what): geometric mean over values that can be \(Value.format(lo)) (\(child.name) is on \(scales[k])\(c.shift != 0 ? ", shift \(Value.format(c.shift))" : "")); a unit at \(Value.format(lo)) would get 0 (or no value) whatever its other values",
                            at: c.location, hint: "add shift = \(Value.format(1 - lo)) to the aggregation (geometric mean of value + shift, minus the shift), or use a scale above 0 such as minmax(1, 10)")
                    default: break
                    }
                }
            } else if !c.aggregation.isCompensatory, let child = c.children.first(where: { $0.weight != 1 }) {
                throw TargetingError("\(what): \(c.aggregation.rawValue) takes no weights, but \(child.name) has weight \(Value.format(child.weight))",
                                     at: c.location, hint: "remove the weight, or use aggregate = \"mean\" or \"geometric\"")
            }
            if c.shift != 0 && c.aggregation != .geometric {
                throw TargetingError("\(what): shift applies to aggregate = \"geometric\" only", at: c.location)
            }
            let result = scales.first ?? .asIs
            if case .value(let v) = c.missing, case .range(let lo, let hi) = result, v < lo || v > hi {
                throw TargetingError("\(what): missing = \(Value.format(v)) is outside its scale \(result)", at: c.location,
                                     hint: "state a value on the criterion's own scale")
            }
            return result
        }
    }
}
