import Domain

/// `uncertainty { runs = …, seed = …, weights = { … } }` as the prelude hands it over (keys and types: DeclarationSchema).
struct UncertaintyDecl: Decodable {
    var runs: Int?
    var seed: UInt64?
    var weights: [UncertainWeightDecl]
    var aggregations: [String]?
    var scales: [String]?
    /// `windows = { fact = { days, … } }`: alternative window lengths per fact.
    var windows: [UncertainWindowDecl]?
    var `where`: String
}

struct UncertainWindowDecl: Decodable {
    var fact: String
    var days: [Int]
}

/// One entry of `weights`: `name = 0.5` (relative), `name = { low, high }` or `name = { sd }`.
struct UncertainWeightDecl: Decodable {
    var name: String
    var relative: Double?
    var low: Double?
    var high: Double?
    var sd: Double?
    /// `"fitted"`: drawn from the fitted coefficient's standard error (`fit_weights`).
    var fitted: Bool?
}

enum UncertaintyBuilder {
    static let defaultRuns = 1000
    static let defaultSeed: UInt64 = 1

    /// Resolves names against the method: every named criterion or indicator must exist; `all`
    /// gives every criterion and indicator not named its own entry. Order: the method's, depth first.
    static func settings(_ d: UncertaintyDecl?, score: CriterionMethod, fitted: FittedWeightsSpec? = nil,
                         facts: [FactSpec] = []) throws -> UncertaintySettings? {
        guard let d else { return nil }
        let loc = MethodBuilder.location(d.where)
        var nodes: [MethodNode] = []
        // Children of a minimum or maximum: their weights do not act (the method check holds
        // them at 1), so drawing them would add runs that change nothing and read as "robust".
        // The score's children act when an alternative aggregation of the score weighs them.
        let scoreAggregations = try (d.aggregations ?? []).map { try aggregation($0, at: loc) }
        var inert = Set<String>()
        // The only child of a criterion: its weight divides out (a mean of one value is that
        // value, whatever the aggregation), so `all = …` leaves it out as well.
        var alone = Set<String>()
        func visit(_ c: CriterionMethod, isScore: Bool) {
            let ignoresWeights = !c.aggregation.isCompensatory && c.aggregation != .geometric
                && !(isScore && scoreAggregations.contains { $0 == .mean || $0 == .geometric })
            for child in c.children {
                nodes.append(child)
                if ignoresWeights { inert.insert(child.name) }
                if c.children.count == 1 { alone.insert(child.name) }
                if case .criterion(let sub) = child { visit(sub, isScore: false) }
            }
        }
        visit(score, isScore: true)
        let names = Set(nodes.map(\.name))
        if names.contains("all") {
            throw TargetingError("uncertainty: a criterion or indicator is named 'all', which the weights table uses for every weight",
                                 at: loc, hint: "rename it")
        }
        var byName: [String: WeightSpread] = [:]
        var fromFit = Set<String>()
        for w in d.weights {
            guard w.name == "all" || names.contains(w.name) else {
                throw TargetingError("uncertainty: weights.\(w.name) names no criterion or indicator", at: loc,
                                     hint: "names in the method: \(names.sorted().joined(separator: ", ")); or all")
            }
            if inert.contains(w.name) {
                throw TargetingError("uncertainty: weights.\(w.name): \(w.name) is under a minimum or maximum, which takes no weights, so its weight cannot vary",
                                     at: loc, hint: "leave weights.\(w.name) out (all = … leaves it out by itself)")
            }
            if w.fitted == true {
                guard fitted?.method == .leastSquares else {
                    throw TargetingError("uncertainty: weights.\(w.name) = \"fitted\" needs weights fitted by least squares (fit_weights { outcome = … })",
                                         at: loc, hint: "add fit_weights { … } to the rules, or give weights.\(w.name) a spread such as 0.5")
                }
                guard score.children.contains(where: { $0.name == w.name }) || w.name == "all" else {
                    throw TargetingError("uncertainty: weights.\(w.name) = \"fitted\": only the score's criteria have fitted weights",
                                         at: loc, hint: "fitted weights: \(score.children.map(\.name).joined(separator: ", "))")
                }
                fromFit.insert(w.name)
                byName[w.name] = .normal(sd: 0)   // replaced by the fit's standard error (WeightsFromData)
            }
            else if let p = w.relative { byName[w.name] = .relative(p) }
            else if let sd = w.sd { byName[w.name] = .normal(sd: sd) }
            else if let a = w.low, let b = w.high { byName[w.name] = .between(low: a, high: b) }
        }
        let fallback = byName["all"]
        let weights = nodes.compactMap { n -> UncertainWeight? in
            guard !inert.contains(n.name), let spread = byName[n.name] ?? (alone.contains(n.name) ? nil : fallback) else { return nil }
            // all = "fitted" covers the score's criteria only: the others have no fitted weight.
            if byName[n.name] == nil && fromFit.contains("all") && !score.children.contains(where: { $0.name == n.name }) { return nil }
            var w = UncertainWeight(node: n.name, declared: n.weight, spread: spread)
            w.fromFit = fromFit.contains(n.name) || (byName[n.name] == nil && fromFit.contains("all"))
            return w
        }
        var settings = UncertaintySettings(runs: d.runs ?? defaultRuns, seed: d.seed ?? defaultSeed, weights: weights, location: loc)
        settings.fixedWeights = fallback == nil ? [] : nodes.map(\.name).filter { inert.contains($0) || (alone.contains($0) && byName[$0] == nil) }
        settings.scoreAggregations = scoreAggregations
        try checkAggregations(settings.scoreAggregations, score: score, at: loc)
        settings.scales = try UncertainScales.choices(d.scales ?? [], score: score, at: loc)
        settings.windows = try UncertainWindows.choices(d.windows ?? [], facts: facts, at: loc)
        return settings
    }

    /// The aggregation a name gives; the names are checked here only (the prelude passes text).
    static func aggregation(_ name: String, at loc: SourceLocation?) throws -> Aggregation {
        guard let a = Aggregation(rawValue: name) else {
            throw TargetingError("uncertainty: aggregations has \"\(name)\", which is not an aggregation", at: loc,
                                 hint: "use \"mean\", \"geometric\", \"minimum\" or \"maximum\"")
        }
        return a
    }

    /// Each alternative aggregation of the score must be as well defined as a declared one: the
    /// same method checks (no geometric mean over values that can be 0 or below, no weight it
    /// ignores), and no geometric mean over values of unknown range (`scale = "none"`).
    static func checkAggregations(_ aggregations: [Aggregation], score: CriterionMethod, at loc: SourceLocation?) throws {
        for a in aggregations where a != score.aggregation {
            var alternative = score
            alternative.aggregation = a
            // The score's shift belongs to its geometric mean; another aggregation ignores it.
            alternative.shift = a == .geometric ? score.shift : 0
            do {
                try MethodValidation.validate(alternative)
            } catch var e as TargetingError {
                e.message = "uncertainty: aggregations = \"\(a.rawValue)\": " + e.message
                e.location = loc
                // A shift is refused on a score whose declared aggregation is not geometric.
                e.hint = a == .geometric
                    ? "put the criteria on a scale above 0 (e.g. scale = minmax(1, 10) for their indicators), or leave geometric out of aggregations"
                    : "leave \(a.rawValue) out of aggregations"
                throw e
            }
            if a == .geometric, case .asIs = try MethodValidation.validate(score) {
                throw TargetingError("uncertainty: aggregations = \"geometric\": the score's criteria are on no known scale (scale = \"none\"), so a geometric mean of them may meet values at or below 0",
                                     at: loc, hint: "put the criteria on a scale above 0 (e.g. minmax(1, 10)) or leave geometric out of aggregations")
            }
        }
    }
}
