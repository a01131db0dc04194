import Domain

/// The numeric method: eligibility, transforms, normalisation across the ranked units, criteria,
/// score, ranks, classes, selection and an explanation per unit. Deterministic: every order is
/// by rank then unit id, or by declaration order.
public enum Ranker {
    /// - Parameter selection: settings that replace the script's, field by field (command-line
    ///   `--top`, `--per-parent`, `--budget`); nil fields keep the script's value.
    public static func rank(_ input: RankingInput, selection: SelectionSettings? = nil) throws -> RankingResult {
        var method = input.method
        if let s = selection { method.selection = SelectionMerge.merge(script: method.selection, override: s) }
        let indicators = method.score.indicators
        try checkNames(method.score)
        try MethodValidation.validate(method.score)
        for ind in indicators { try Normaliser.validate(ind.normalisation, indicator: ind) }
        try Classifier.validate(method.classes)

        let units = input.units
        let eligibility = units.map(Eligibility.init)
        let rankedPool = units.indices.filter { eligibility[$0].eligible }
        let poolIDs = rankedPool.map { units[$0].id }

        // Columns over the eligible units only: the min and max are those of the units ranked.
        // Indexed by unit position (nil: not ranked, or no value).
        var transformed: [String: [Double?]] = [:]
        var normalised: [String: [Double?]] = [:]
        var bounds: [NormalisationBounds] = []
        for ind in indicators {
            let raw = rankedPool.map { units[$0].raw[ind.name] }
            let t = try Transforms.apply(ind.transforms, to: raw, indicator: ind.name, ids: poolIDs)
            let n = Normaliser.normalise(t, ind.normalisation, direction: ind.direction)
            bounds.append(Normaliser.bounds(t, ind.normalisation, indicator: ind.name))
            var tColumn = [Double?](repeating: nil, count: units.count), nColumn = tColumn
            for (k, i) in rankedPool.enumerated() { tColumn[i] = t[k]; nColumn[i] = n[k] }
            transformed[ind.name] = tColumn
            normalised[ind.name] = nColumn
        }

        // Criteria a unit lacks entirely follow the method's missing-data policy; the parent means
        // some policies impute are computed first, over the units that have the criterion.
        let means = try ParentMeans.compute(method.score, units: units, pool: rankedPool) { normalised[$0]?[$1] ?? nil }
        let criteriaByName = Dictionary(method.score.criteria.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

        var outcomes: [UnitOutcome] = []
        for (i, unit) in units.enumerated() {
            let elig = eligibility[i]
            var tree = TreeEvaluation(unit: unit)
            if elig.eligible {
                _ = try tree.evaluate(.criterion(method.score), path: [], share: 1, isRoot: true,
                                      value: { normalised[$0]?[i] ?? nil }, imputed: { means.value($0, parent: unit.parent) })
            }
            let lacking = tree.excludingCriteria.map { name in
                MissingCriterion.reason(name, criteriaByName[name], unit: unit, parentMeanFailed: tree.noParentMean.contains(name))
            }
            // A unit not ranked for a missing criterion adds nothing to any score: no contributions.
            if !lacking.isEmpty {
                tree.contributions = [:]
                for k in tree.criteria.indices { tree.criteria[k].contribution = nil }
            }
            let indicatorOutcomes = indicators.map { ind -> IndicatorOutcome in
                IndicatorOutcome(name: ind.name, criterionPath: tree.paths[ind.name] ?? [], raw: unit.raw[ind.name],
                                 transformed: transformed[ind.name]?[i] ?? nil, normalised: normalised[ind.name]?[i] ?? nil,
                                 contribution: tree.contributions[ind.name] ?? nil, missing: unit.missing[ind.name])
            }
            let score = elig.eligible && lacking.isEmpty ? tree.rootValue : nil
            var exclusions = elig.reasons + lacking
            if elig.eligible && lacking.isEmpty && score == nil { exclusions.append("no score: every indicator is missing") }
            let drivers = topDrivers(indicatorOutcomes)
            let missing = indicators.compactMap { ind in unit.missing[ind.name].map { "\(ind.name): \($0)" } }
                + tree.imputedCriteria.map { "criterion \($0.name): missing, \($0.how)" }
            outcomes.append(UnitOutcome(
                id: unit.id, name: unit.name, parent: unit.parent, eligible: elig.eligible, exclusions: exclusions,
                override: unit.overrideAction.map { "\($0.rawValue): \(unit.overrideReason ?? "")" },
                score: score, rank: nil, rankInParent: nil, priorityClass: nil, criteria: tree.criteria,
                indicators: indicatorOutcomes, drivers: drivers, missing: missing, flags: unit.flags, cost: unit.cost,
                selected: false, selectionReason: "not ranked"))
        }

        // Rank by score descending, ties by unit id ascending.
        let rankedIdx = outcomes.indices.filter { outcomes[$0].score != nil }.sorted { a, b in
            let sa = outcomes[a].score ?? 0, sb = outcomes[b].score ?? 0
            return sa != sb ? sa > sb : outcomes[a].id < outcomes[b].id
        }
        var perParent: [String: Int] = [:]
        for (r, i) in rankedIdx.enumerated() {
            outcomes[i].rank = r + 1
            let key = outcomes[i].parent?.rawValue ?? ""
            perParent[key, default: 0] += 1
            outcomes[i].rankInParent = perParent[key]
            outcomes[i].priorityClass = Classifier.classify(score: outcomes[i].score ?? 0, rank: r + 1,
                                                            of: rankedIdx.count, method.classes)
        }
        let unrankedIdx = outcomes.indices.filter { outcomes[$0].score == nil }.sorted { outcomes[$0].id < outcomes[$1].id }
        var ordered = (rankedIdx + unrankedIdx).map { outcomes[$0] }
        try Selector.checkCosts(ordered, units: units, settings: method.selection)
        let summary = Selector.select(&ordered, settings: method.selection)

        var result = RankingResult(method: method, units: ordered, selectedCount: summary.count, selectedCost: summary.cost,
                                   diagnostics: input.diagnostics + missingSummary(indicators, units))
        result.normalisationBounds = bounds
        return result
    }

    /// The three largest positive contributions, ties by name.
    static func topDrivers(_ outcomes: [IndicatorOutcome]) -> [String] {
        var pairs: [(name: String, value: Double)] = []
        for o in outcomes { if let c = o.contribution, c > 0 { pairs.append((o.name, c)) } }
        pairs.sort { a, b in a.value != b.value ? a.value > b.value : a.name < b.name }
        return pairs.prefix(3).map { $0.name }
    }

    /// One warning per indicator with missing values: how many units, and the first few ids.
    static func missingSummary(_ indicators: [IndicatorMethod], _ units: [RankingUnitInput]) -> [Diagnostic] {
        indicators.compactMap { ind in
            let ids = units.filter { $0.missing[ind.name] != nil }.map(\.id).sorted()
            guard !ids.isEmpty else { return nil }
            let sample = ids.prefix(5).map(\.rawValue).joined(separator: ", ")
            return Diagnostic(.warning, ind.location ?? SourceLocation(file: "rules"), code: "missing-indicator",
                              "indicator \(ind.name) is missing for \(ids.count) unit(s) (\(sample)\(ids.count > 5 ? ", …" : "")); they are left out of it, not read as zero",
                              hint: "see each unit's missing list for the reason")
        }
    }

    /// Names must be unique across criteria and indicators: explanations are keyed by name.
    static func checkNames(_ root: CriterionMethod) throws {
        var seen = Set<String>()
        func visit(_ node: MethodNode) throws {
            guard seen.insert(node.name).inserted else {
                throw TargetingError("the name '\(node.name)' is used twice in the method", hint: "give every criterion and indicator its own name")
            }
            if case .criterion(let c) = node { for child in c.children { try visit(child) } }
        }
        for child in root.children { try visit(child) }
    }
}

/// Gates, then overrides: a forced inclusion beats failed gates; a forced exclusion beats all.
struct Eligibility {
    var eligible: Bool
    var reasons: [String]
    init(_ unit: RankingUnitInput) {
        let gateReasons = unit.failedGates.keys.sorted().map { "gate \($0): \(unit.failedGates[$0] ?? "")" }
        switch unit.overrideAction {
        // The gate failures stay on record, marked as overridden: the list and the explanation
        // show what the inclusion set aside.
        case .include?: eligible = true; reasons = gateReasons.map { "\($0) (overridden by include: \(unit.overrideReason ?? ""))" }
        case .exclude?: eligible = false; reasons = ["excluded: \(unit.overrideReason ?? "")"] + gateReasons
        case nil: eligible = gateReasons.isEmpty; reasons = gateReasons
        }
    }
}

/// Walks the criteria tree for one unit, recording each criterion's value and each node's share of
/// the score (the product of mean-weight shares from the root; nil below a non-mean criterion),
/// and applying the missing-data policy of each criterion the unit lacks entirely.
struct TreeEvaluation {
    let unit: RankingUnitInput
    var criteria: [CriterionOutcome] = []
    var contributions: [String: Double?] = [:]
    var paths: [String: [String]] = [:]
    var rootValue: Double?
    /// Criteria computed from their own children (not imputed), for parent means.
    var computed: [String: Double] = [:]
    /// Criteria missing under the `exclude` policy (or with no parent mean to impute).
    var excludingCriteria: [String] = []
    var noParentMean: Set<String> = []
    var imputedCriteria: [(name: String, how: String)] = []

    init(unit: RankingUnitInput) { self.unit = unit }

    /// What `evaluate` returns for a child node (never the root), without recording anything: the
    /// same aggregation, the same errors, the same missing-data policy.
    func value(of node: MethodNode, value: (String) -> Double?, imputed: (String) -> Double?) throws -> Double? {
        switch node {
        case .indicator(let ind):
            return value(ind.name)
        case .criterion(let c):
            let childValues = try c.children.map { try self.value(of: $0, value: value, imputed: imputed) }
            var v = try combine(c, childValues, isRoot: false).value
            if v == nil {
                switch c.missing {
                case .exclude, .rescale: break
                case .value(let x): v = x
                case .parentMean: v = imputed(c.name)
                }
            }
            return v
        }
    }

    /// The criterion's aggregation of its children's values, with the error a geometric mean out
    /// of its domain gives.
    func combine(_ c: CriterionMethod, _ childValues: [Double?], isRoot: Bool) throws -> (value: Double?, shares: [Double?]) {
        do {
            return try Aggregator.combine(childValues, weights: c.children.map(\.weight), c.aggregation, shift: c.shift)
        } catch let e as Aggregator.OutOfDomain {
            throw TargetingError(
                "\(isRoot ? "the score" : "criterion \(c.name)"): geometric mean over \(c.children[e.child].name) = \(Value.format(e.value)) for unit \(unit.id)\(c.shift != 0 ? " (shift \(Value.format(c.shift)))" : ""), which is not above 0",
                at: c.location, hint: "use a scale above 0 for it, or add shift = … to the aggregation (geometric mean of value + shift, minus the shift)")
        }
    }

    mutating func evaluate(_ node: MethodNode, path: [String], share: Double?, isRoot: Bool = false,
                           value: (String) -> Double?, imputed: (String) -> Double?) throws -> Double? {
        switch node {
        case .indicator(let ind):
            let v = value(ind.name)
            paths[ind.name] = path
            contributions[ind.name] = v.flatMap { x in share.map { x * $0 } }
            return v
        case .criterion(let c):
            let slot = criteria.count
            if !isRoot { criteria.append(CriterionOutcome(name: c.name, criterionPath: path, value: nil, contribution: nil)) }
            let childPath = isRoot ? path : path + [c.name]
            // Shares depend on which children are present, so values come first (computed without
            // recording anything: no copy of this evaluation's tables).
            let childValues = try c.children.map { try self.value(of: $0, value: value, imputed: imputed) }
            let combined = try combine(c, childValues, isRoot: isRoot)
            for (k, child) in c.children.enumerated() {
                let childShare: Double? = (c.aggregation == .mean) ? share.flatMap { s in combined.shares[k].map { s * $0 } } : nil
                _ = try evaluate(child, path: childPath, share: childShare, value: value, imputed: imputed)
            }
            var v = combined.value
            if let x = v, !isRoot { computed[c.name] = x }
            if v == nil && !isRoot {
                switch c.missing {
                case .exclude: excludingCriteria.append(c.name)
                case .rescale: break
                case .value(let x): v = x; imputedCriteria.append((c.name, "set to \(Value.format(x)) by the rules"))
                case .parentMean:
                    if let x = imputed(c.name) {
                        v = x
                        imputedCriteria.append((c.name, "imputed with the mean of \(unit.parent?.rawValue ?? "the units without parent") (\(Value.format(x)))"))
                    } else {
                        excludingCriteria.append(c.name); noParentMean.insert(c.name)
                    }
                }
            }
            if isRoot { rootValue = v } else {
                criteria[slot].value = v
                criteria[slot].contribution = v.flatMap { x in share.map { x * $0 } }
            }
            return v
        }
    }
}
