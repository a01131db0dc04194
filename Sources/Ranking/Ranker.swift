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
        var transformed: [String: [Int: Double]] = [:]
        var normalised: [String: [Int: Double]] = [:]
        var bounds: [NormalisationBounds] = []
        for ind in indicators {
            let raw = rankedPool.map { units[$0].raw[ind.name] }
            let t = try Transforms.apply(ind.transforms, to: raw, indicator: ind.name, ids: poolIDs)
            let n = Normaliser.normalise(t, ind.normalisation, direction: ind.direction)
            bounds.append(Normaliser.bounds(t, ind.normalisation, indicator: ind.name))
            transformed[ind.name] = Dictionary(uniqueKeysWithValues: zip(rankedPool, t).compactMap { i, v in v.map { (i, $0) } })
            normalised[ind.name] = Dictionary(uniqueKeysWithValues: zip(rankedPool, n).compactMap { i, v in v.map { (i, $0) } })
        }

        // Criteria a unit lacks entirely follow the method's missing-data policy; the parent means
        // some policies impute are computed first, over the units that have the criterion.
        let tree = ScoreTree(method.score)
        let weights = tree.weights
        let meanPool = rankedPool.sorted { units[$0].id < units[$1].id }
        let parentGroups = ParentGroups(meanPool.map { units[$0].parent })
        let means = try ParentMeans.compute(tree, weights: weights, group: parentGroups.group, groups: parentGroups.count,
                                            leaf: { normalised[tree.indicatorNames[$1]]?[meanPool[$0]] },
                                            failed: { tree.error($1, unit: units[meanPool[$0]].id) })
        let criteriaByName = Dictionary(method.score.criteria.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

        var outcomes: [UnitOutcome] = []
        var e = tree.makeEvaluation()
        for (i, unit) in units.enumerated() {
            let elig = eligibility[i]
            var explained = TreeExplanation()
            var lacking: [String] = []
            if elig.eligible {
                let group = parentGroups.index[unit.parent?.rawValue ?? ""]
                do {
                    try tree.evaluate(&e, weights: weights, leaf: { normalised[tree.indicatorNames[$0]]?[i] },
                                      mean: { n in group.flatMap { means.value(node: n, group: $0) } })
                } catch let x as ScoreTree.OutOfDomain { throw tree.error(x, unit: unit.id) }
                explained = TreeExplanation(tree, e, weights: weights, parent: unit.parent)
                lacking = e.lacking.map { n in
                    MissingCriterion.reason(tree.nodes[n].name, criteriaByName[tree.nodes[n].name], unit: unit,
                                            parentMeanFailed: e.noParentMean.contains(n))
                }
            }
            // A unit not ranked for a missing criterion adds nothing to any score: no contributions.
            if !lacking.isEmpty {
                explained.contributions = [:]
                for k in explained.criteria.indices { explained.criteria[k].contribution = nil }
            }
            let indicatorOutcomes = indicators.map { ind -> IndicatorOutcome in
                IndicatorOutcome(name: ind.name, criterionPath: explained.paths[ind.name] ?? [], raw: unit.raw[ind.name],
                                 transformed: transformed[ind.name]?[i], normalised: normalised[ind.name]?[i],
                                 contribution: explained.contributions[ind.name] ?? nil, missing: unit.missing[ind.name])
            }
            let score = elig.eligible && lacking.isEmpty ? explained.rootValue : nil
            var exclusions = elig.reasons + lacking
            if elig.eligible && lacking.isEmpty && score == nil { exclusions.append("no score: every indicator is missing") }
            let drivers = topDrivers(indicatorOutcomes)
            let missing = indicators.compactMap { ind in unit.missing[ind.name].map { "\(ind.name): \($0)" } }
                + explained.imputedCriteria.map { "criterion \($0.name): missing, \($0.how)" }
            outcomes.append(UnitOutcome(
                id: unit.id, name: unit.name, parent: unit.parent, eligible: elig.eligible, exclusions: exclusions,
                override: unit.overrideAction.map { "\($0.rawValue): \(unit.overrideReason ?? "")" },
                score: score, rank: nil, rankInParent: nil, priorityClass: nil, criteria: explained.criteria,
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
            return Diagnostic(.warning, ind.location ?? SourceLocation(file: "rules"), code: .missingIndicator,
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

/// What the explanation of one unit reads from its evaluation (`ScoreTree.evaluate`): each
/// criterion's value and share of the score, each indicator's path and contribution, and the
/// criteria the missing-data policy gave a value.
struct TreeExplanation {
    var criteria: [CriterionOutcome] = []
    var contributions: [String: Double?] = [:]
    var paths: [String: [String]] = [:]
    var rootValue: Double?
    var imputedCriteria: [(name: String, how: String)] = []

    init() {}

    init(_ tree: ScoreTree, _ e: ScoreTree.Evaluation, weights: [Double], parent: UnitID?) {
        let share = tree.shares(e, weights: weights)
        for (n, node) in tree.nodes.enumerated() where n != 0 {
            let contribution = e.value[n].flatMap { v in share[n].map { v * $0 } }
            if node.indicator != nil {
                paths[node.name] = node.path
                contributions[node.name] = contribution
            } else {
                criteria.append(CriterionOutcome(name: node.name, criterionPath: node.path, value: e.value[n], contribution: contribution))
            }
        }
        rootValue = e.value[0]
        imputedCriteria = e.imputed.map { n in
            let node = tree.nodes[n]
            switch node.missing {
            case .value(let x): return (node.name, "set to \(Value.format(x)) by the rules")
            default: return (node.name, "imputed with the mean of \(parent?.rawValue ?? "the units without parent") (\(Value.format(e.value[n] ?? 0)))")
            }
        }
    }
}

/// Parent keys of a pool of units as small integers (first seen, first numbered), so that the
/// parent means of a run are an array, not a dictionary of strings.
struct ParentGroups {
    var group: [Int] = []
    var index: [String: Int] = [:]
    var count: Int { index.count }
    init(_ parents: [UnitID?]) {
        for p in parents {
            let key = p?.rawValue ?? ""
            if index[key] == nil { index[key] = index.count }
            group.append(index[key] ?? 0)
        }
    }
}
