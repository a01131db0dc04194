import Domain

/// `fit_weights { outcome = "returnees", per = "population", higher_is = "better" }` or
/// `fit_weights { method = "principal_component" }`, as the prelude passes it (text only: every
/// value is checked here, against the method).
struct FitWeightsDecl: Decodable {
    var method: String?
    var outcome: String?
    var per: String?
    var higher_is: String?
    var `where`: String
}

enum FitWeightsBuilder {
    static func spec(_ d: FitWeightsDecl?, method m: MethodDescription) throws -> FittedWeightsSpec? {
        guard let d else { return nil }
        let loc = MethodBuilder.location(d.where)
        guard let method = FittedWeightsSpec.Method(rawValue: d.method ?? "least_squares") else {
            throw TargetingError("fit_weights: method = \"\(d.method ?? "")\" is not a way to fit weights", at: loc,
                                 hint: "use method = \"least_squares\" (with an outcome) or \"principal_component\"")
        }
        guard m.score.children.count >= 2 else {
            throw TargetingError("fit_weights: the score has \(m.score.children.count) criterion, and weights are shares among at least two", at: loc)
        }
        guard m.score.aggregation == .mean || m.score.aggregation == .geometric else {
            throw TargetingError("fit_weights: the score's aggregate = \"\(m.score.aggregation.rawValue)\" takes no weights", at: loc,
                                 hint: "use aggregate = \"mean\" (or \"geometric\") in score { … }")
        }
        if method == .principalComponent {
            if let key = [("outcome", d.outcome), ("per", d.per), ("higher_is", d.higher_is)].first(where: { $0.1 != nil })?.0 {
                throw TargetingError("fit_weights: \(key) is for method = \"least_squares\"; a principal component uses the criteria only", at: loc)
            }
            return FittedWeightsSpec(method: method, location: loc)
        }
        guard let outcome = d.outcome else {
            throw TargetingError("fit_weights: least squares needs an outcome: the fact it explains", at: loc,
                                 hint: "e.g. fit_weights { outcome = \"returnees\", per = \"population\", higher_is = \"better\" }")
        }
        guard m.facts.contains(where: { $0.name == outcome }) else {
            throw TargetingError("fit_weights: outcome = \"\(outcome)\" is not a fact of the rules", at: loc,
                                 hint: "facts: \(m.facts.map(\.name).sorted().joined(separator: ", "))")
        }
        if let per = d.per, per != "population" {
            throw TargetingError("fit_weights: per = \"\(per)\" is not known", at: loc, hint: "per = \"population\" divides the outcome by the unit's population")
        }
        guard let higher = d.higher_is, higher == "better" || higher == "worse" else {
            throw TargetingError("fit_weights: higher_is = \"better\" or \"worse\" is needed: does a higher \(outcome) mean less priority (better) or more (worse)?",
                                 at: loc, hint: "returns where places are stable: higher_is = \"better\"")
        }
        return FittedWeightsSpec(method: method, outcome: outcome, perPopulation: d.per != nil, higherIsBetter: higher == "better", location: loc)
    }
}
