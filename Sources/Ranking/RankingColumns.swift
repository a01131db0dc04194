import Domain

/// Every unit's indicator values, unit by unit in one array (unit × indicator, declaration
/// order): raw as the rules gave them, then transformed and normalised over the eligible units
/// only (nil elsewhere: the min and max are those of the units ranked).
struct IndicatorColumns {
    let count: Int
    private(set) var raw: [Double?]
    private(set) var transformed: [Double?]
    private(set) var normalised: [Double?]
    private(set) var bounds: [NormalisationBounds] = []
    /// Normalised values by unit and leaf slot of the tree (unit × slot): what the evaluator reads.
    private(set) var leaves: [Double?]
    let slotCount: Int

    init(_ units: [RankingUnitInput], indicators: [IndicatorMethod], tree: ScoreTree, eligible: [Bool]) throws {
        let k = indicators.count, n = units.count
        count = k
        slotCount = tree.indicatorCount
        raw = [Double?](repeating: nil, count: n * k)
        transformed = raw; normalised = raw
        leaves = [Double?](repeating: nil, count: n * slotCount)
        // Each unit's values are read by walking its dictionary, not by looking each name up:
        // hashing a name costs more than the rest of a unit's ranking. Units whose values the
        // rules gave alike walk their names in the same order, so the column of the name at each
        // position is remembered and checked with one comparison.
        let names = indicators.map(\.name)
        var columnAt: [Int] = []
        for i in units.indices {
            var position = 0
            for (name, v) in units[i].raw {
                if position == columnAt.count { columnAt.append(-1) }
                var j = columnAt[position]
                if j < 0 || names[j] != name {
                    j = names.firstIndex(of: name) ?? -1
                    columnAt[position] = j
                }
                if j >= 0 { raw[i * k + j] = v }
                position += 1
            }
        }
        let pool = units.indices.filter { eligible[$0] }
        let poolIDs = pool.map { units[$0].id }
        for (j, ind) in indicators.enumerated() {
            let t = try Transforms.apply(ind.transforms, to: pool.map { raw[$0 * k + j] }, indicator: ind.name, ids: poolIDs)
            let scaled = Normaliser.normalise(t, ind.normalisation, direction: ind.direction)
            bounds.append(Normaliser.bounds(t, ind.normalisation, indicator: ind.name))
            let slot = tree.indicatorSlot[ind.name]
            for (p, i) in pool.enumerated() {
                transformed[i * k + j] = t[p]
                normalised[i * k + j] = scaled[p]
                if let slot { leaves[i * slotCount + slot] = scaled[p] }
            }
        }
    }
}

/// The criteria tree evaluated once per eligible unit by the one evaluator (`ScoreTree.evaluate`,
/// which the uncertainty runs use too), kept by unit and node: each node's value, its
/// contribution to the score (value × share; nil for a unit not ranked for a missing criterion),
/// the score. The few units that lack a criterion or had one imputed keep their reasons aside.
struct TreeColumns {
    let nodeCount: Int
    private(set) var value: [Double?]
    private(set) var contribution: [Double?]
    private(set) var score: [Double?]
    /// Unit → why it is not ranked: the criteria it lacks.
    private(set) var lacking: [Int: [String]] = [:]
    /// Unit → its criteria given a value by their missing-data policy, as its missing list says them.
    private(set) var imputed: [Int: [String]] = [:]

    init(_ tree: ScoreTree, columns: IndicatorColumns, units: [RankingUnitInput], eligibility: [Eligibility],
         criteria: [CriterionMethod]) throws {
        let n = units.count, nodes = tree.nodes.count, k = columns.slotCount
        let weights = tree.weights, leaves = columns.leaves
        nodeCount = nodes
        value = [Double?](repeating: nil, count: n * nodes)
        contribution = value
        score = [Double?](repeating: nil, count: n)

        // Criteria a unit lacks entirely follow the method's missing-data policy; the parent means
        // some policies impute are computed first, over the units that have the criterion.
        var means = ParentMeans(groups: 0)
        var groupOfUnit: [Int?] = []
        if !tree.parentMeanNodes.isEmpty {
            let meanPool = units.indices.filter { eligibility[$0].eligible }.sorted { units[$0].id < units[$1].id }
            let parentGroups = ParentGroups(meanPool.map { units[$0].parent })
            means = try ParentMeans.compute(tree, weights: weights, group: parentGroups.group, groups: parentGroups.count,
                                            leaf: { leaves[meanPool[$0] * k + $1] },
                                            failed: { tree.error($1, unit: units[meanPool[$0]].id) })
            groupOfUnit = units.map { parentGroups.index[$0.parent?.rawValue ?? ""] }
        }
        let criteriaByName = Dictionary(criteria.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

        var e = tree.makeEvaluation()
        var share = [Double?](repeating: nil, count: nodes)
        for i in 0..<n where eligibility[i].eligible {
            let group = groupOfUnit.isEmpty ? nil : groupOfUnit[i]
            do {
                try tree.evaluate(&e, weights: weights, leaf: { leaves[i * k + $0] },
                                  mean: { node in group.flatMap { means.value(node: node, group: $0) } })
            } catch let x as ScoreTree.OutOfDomain { throw tree.error(x, unit: units[i].id) }
            let base = i * nodes
            for node in 0..<nodes { value[base + node] = e.value[node] }
            if e.lacking.isEmpty {
                // A unit not ranked for a missing criterion adds nothing to any score: no contributions.
                tree.shares(e, weights: weights, into: &share)
                for node in 1..<max(nodes, 1) { contribution[base + node] = e.value[node].flatMap { v in share[node].map { v * $0 } } }
                score[i] = e.value[0]
            } else {
                lacking[i] = e.lacking.map { node in
                    MissingCriterion.reason(tree.nodes[node].name, criteriaByName[tree.nodes[node].name], unit: units[i],
                                            parentMeanFailed: e.noParentMean.contains(node))
                }
            }
            if !e.imputed.isEmpty {
                imputed[i] = e.imputed.map { node in
                    let parent = units[i].parent
                    switch tree.nodes[node].missing {
                    case .value(let x): return "criterion \(tree.nodes[node].name): missing, set to \(Value.format(x)) by the rules"
                    default:
                        return "criterion \(tree.nodes[node].name): missing, imputed with the mean of \(parent?.rawValue ?? "the units without parent") (\(Value.format(e.value[node] ?? 0)))"
                    }
                }
            }
        }
    }
}

/// A unit's outcome and explanation from the columns: its indicators (raw, transformed,
/// normalised, contribution, path), criteria, top drivers, exclusions and missing values.
struct OutcomeBuilder {
    let columns: IndicatorColumns
    let evaluated: TreeColumns
    let names: [String]
    /// Per indicator (declaration order): its node in the tree and the criteria above it.
    let indicatorNode: [Int]
    let indicatorPath: [[String]]
    /// The criteria, depth first in declaration order: node, name, path.
    let criteria: [(node: Int, name: String, path: [String])]

    init(indicators: [IndicatorMethod], tree: ScoreTree, columns: IndicatorColumns, evaluated: TreeColumns) {
        self.columns = columns; self.evaluated = evaluated
        names = indicators.map(\.name)
        indicatorNode = indicators.map { tree.index[$0.name] ?? 0 }
        indicatorPath = indicators.map { tree.index[$0.name].map { tree.nodes[$0].path } ?? [] }
        criteria = tree.nodes.indices.filter { $0 != 0 && tree.nodes[$0].indicator == nil }.map { ($0, tree.nodes[$0].name, tree.nodes[$0].path) }
    }

    func outcome(_ unit: RankingUnitInput, at i: Int, eligibility elig: Eligibility) -> UnitOutcome {
        let k = columns.count, nodes = evaluated.nodeCount
        let criterionOutcomes = elig.eligible ? criteria.map { c in
            CriterionOutcome(name: c.name, criterionPath: c.path, value: evaluated.value[i * nodes + c.node],
                             contribution: evaluated.contribution[i * nodes + c.node])
        } : []
        let hasMissing = !unit.missing.isEmpty
        var drivers = TopDrivers()
        let indicatorOutcomes = (0..<k).map { j -> IndicatorOutcome in
            let contribution = elig.eligible ? evaluated.contribution[i * nodes + indicatorNode[j]] : nil
            if let c = contribution, c > 0 { drivers.add(j, c, names: names) }
            return IndicatorOutcome(
                name: names[j], criterionPath: elig.eligible ? indicatorPath[j] : [], raw: columns.raw[i * k + j],
                transformed: columns.transformed[i * k + j], normalised: columns.normalised[i * k + j],
                contribution: contribution, missing: hasMissing ? unit.missing[names[j]] : nil)
        }
        let score = evaluated.score[i]
        let lacking = evaluated.lacking.isEmpty ? [] : evaluated.lacking[i] ?? []
        var exclusions = elig.reasons + lacking
        if elig.eligible && lacking.isEmpty && score == nil { exclusions.append("no score: every indicator is missing") }
        var missing: [String] = []
        if hasMissing { missing = names.compactMap { name in unit.missing[name].map { "\(name): \($0)" } } }
        if !evaluated.imputed.isEmpty { missing += evaluated.imputed[i] ?? [] }
        return UnitOutcome(
            id: unit.id, name: unit.name, parent: unit.parent, eligible: elig.eligible, exclusions: exclusions,
            override: unit.overrideAction.map { "\($0.rawValue): \(unit.overrideReason ?? "")" },
            score: score, rank: nil, rankInParent: nil, priorityClass: nil, criteria: criterionOutcomes,
            indicators: indicatorOutcomes, drivers: drivers.names(names), missing: missing, flags: unit.flags, cost: unit.cost,
            selected: false, selectionReason: "not ranked")
    }
}

/// The three largest positive contributions, ties by name, kept as they come (no list to sort):
/// indicators by their column.
struct TopDrivers {
    private var first: (j: Int, value: Double)?
    private var second: (j: Int, value: Double)?
    private var third: (j: Int, value: Double)?

    mutating func add(_ j: Int, _ value: Double, names: [String]) {
        func before(_ y: (j: Int, value: Double)?) -> Bool {
            guard let y else { return true }
            return value != y.value ? value > y.value : names[j] < names[y.j]
        }
        let x = (j: j, value: value)
        if before(first) { third = second; second = first; first = x }
        else if before(second) { third = second; second = x }
        else if before(third) { third = x }
    }

    func names(_ names: [String]) -> [String] {
        switch (first, second, third) {
        case let (a?, b?, c?): return [names[a.j], names[b.j], names[c.j]]
        case let (a?, b?, .none): return [names[a.j], names[b.j]]
        case let (a?, .none, _): return [names[a.j]]
        default: return []
        }
    }
}
