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
        // Each column its own buffer from the start: one assigned from another would be copied on its first write.
        transformed = [Double?](repeating: nil, count: n * k)
        normalised = [Double?](repeating: nil, count: n * k)
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
            let b = Normaliser.bounds(t, ind.normalisation, indicator: ind.name)
            let scaled = Normaliser.normalise(t, ind.normalisation, direction: ind.direction, bounds: b)
            bounds.append(b)
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
        contribution = [Double?](repeating: nil, count: n * nodes)
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
        // The shares depend only on which nodes have a value (the weights are the method's): a unit
        // with the same nodes present as the last one computed reuses them. Nodes as bits, up to 64.
        var sharesPresence: UInt64?
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
                let presence = nodes <= 64 ? Self.presence(e.value) : nil
                if presence == nil || presence != sharesPresence {
                    tree.shares(e, weights: weights, into: &share)
                    sharesPresence = presence
                }
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

extension TreeColumns {
    /// Which nodes have a value, one bit per node (at most 64 nodes).
    static func presence(_ values: [Double?]) -> UInt64 {
        var bits: UInt64 = 0
        for (node, v) in values.enumerated() where v != nil { bits |= 1 << UInt64(node) }
        return bits
    }
}
