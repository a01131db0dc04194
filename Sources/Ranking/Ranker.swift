import Domain

/// The numeric method: eligibility, transforms, normalisation across the ranked units, criteria,
/// score, ranks, classes, selection and an explanation per unit. Deterministic: every order is
/// by rank then unit id, or by declaration order.
///
/// Values stay in columns indexed by unit from the rules' raw values through normalisation, the
/// criteria tree (evaluated once per unit) and the ranking; each unit's explanation (its
/// indicators, criteria and drivers) is read from them when a writer asks (`UnitExplanations`).
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
        // Read field by field: a copy of each unit would retain every one of its fields.
        let eligibility = units.indices.map { i in
            Eligibility(failedGates: units[i].failedGates, overrideAction: units[i].overrideAction, overrideReason: units[i].overrideReason)
        }
        let tree = ScoreTree(method.score)
        let columns = try IndicatorColumns(units, indicators: indicators, tree: tree, eligible: eligibility.map(\.eligible))
        let evaluated = try TreeColumns(tree, columns: columns, units: units, eligibility: eligibility, criteria: method.score.criteria)

        // Rank by score descending, ties by unit id ascending; the units without a score follow, by id.
        // Sorted as (score, unit) keys: the ids are read only to break a tie.
        let ids = units.map(\.id), scores = evaluated.score
        var keys: [(score: Double, unit: Int)] = []
        keys.reserveCapacity(units.count)
        for i in units.indices { if let s = scores[i] { keys.append((s, i)) } }
        keys.sort { a, b in a.score != b.score ? a.score > b.score : ids[a.unit] < ids[b.unit] }
        let rankedIdx = keys.map(\.unit)
        let unrankedIdx = units.indices.filter { scores[$0] == nil }.sorted { ids[$0] < ids[$1] }
        let explain = UnitExplanations(indicators: indicators, tree: tree, columns: columns, evaluated: evaluated,
                                       units: units, eligible: eligibility.map(\.eligible))
        var ordered: [UnitOutcome] = []
        ordered.reserveCapacity(units.count)
        // Ranks within each parent: one look-up of the parent per unit, the counts in an array.
        var parentSlot: [String: Int] = [:], perParent: [Int] = []
        for (r, i) in rankedIdx.enumerated() {
            let key = units[i].parent?.rawValue ?? ""
            let slot: Int
            if let s = parentSlot[key] { slot = s } else { slot = perParent.count; parentSlot[key] = slot; perParent.append(0) }
            perParent[slot] += 1
            // Built in place in the list: a copy of an outcome retains each of its fields.
            ordered.append(explain.outcome(units, at: i, eligibility: eligibility[i]))
            ordered[r].rank = r + 1
            ordered[r].rankInParent = perParent[slot]
            ordered[r].priorityClass = Classifier.classify(score: scores[i] ?? 0, rank: r + 1, of: rankedIdx.count, method.classes)
        }
        for i in unrankedIdx { ordered.append(explain.outcome(units, at: i, eligibility: eligibility[i])) }
        try Selector.checkCosts(ordered, units: units, settings: method.selection)
        let summary = Selector.select(&ordered, settings: method.selection)

        var result = RankingResult(method: method, units: ordered, selectedCount: summary.count, selectedCost: summary.cost,
                                   diagnostics: input.diagnostics + missingSummary(indicators, units))
        result.normalisationBounds = columns.bounds
        return result
    }

    /// One warning per indicator with missing values: how many units, and the first few ids.
    static func missingSummary(_ indicators: [IndicatorMethod], _ units: [RankingUnitInput]) -> [Diagnostic] {
        let withMissing = units.indices.filter { !units[$0].missing.isEmpty }
        return indicators.compactMap { ind in
            let ids = withMissing.filter { units[$0].missing[ind.name] != nil }.map { units[$0].id }.sorted()
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
    init(failedGates: [String: String], overrideAction: OverrideAction?, overrideReason: String?) {
        guard !failedGates.isEmpty || overrideAction != nil else { eligible = true; reasons = []; return }
        let gateReasons = failedGates.keys.sorted().map { "gate \($0): \(failedGates[$0] ?? "")" }
        switch overrideAction {
        // The gate failures stay on record, marked as overridden: the list and the explanation
        // show what the inclusion set aside.
        case .include?: eligible = true; reasons = gateReasons.map { "\($0) (overridden by include: \(overrideReason ?? ""))" }
        case .exclude?: eligible = false; reasons = ["excluded: \(overrideReason ?? "")"] + gateReasons
        case nil: eligible = gateReasons.isEmpty; reasons = gateReasons
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
