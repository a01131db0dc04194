import Domain

/// Traces a change of a unit's criterion back to the method changes that explain it: a weight in
/// the criterion's line of parents (which changes its share of the score), or, when its value
/// changed, the indicators below it whose values changed and what changed them (their transform,
/// scale, direction or source, the fact they read and its window, or a different set of units
/// ranked, over which every value is rescaled).
struct CauseContext {
    var changes: [MethodChange]
    var methodA: MethodDescription
    var methodB: MethodDescription
    var rankedA: Int
    var rankedB: Int
    var sameInputs: Bool

    /// Criterion/indicator name → the criterion it sits under, in B then A.
    var parentOf: [String: String] {
        var map: [String: String] = [:]
        for (node, parent) in MethodChanges.nodes(methodA.score) + MethodChanges.nodes(methodB.score) { map[node.name] = parent }
        return map
    }

    func causes(criterion s: RankingDiff.Shift, indicators: [RankingDiff.Shift]) -> [RankingDiff.Cause] {
        let parents = parentOf
        var out: [RankingDiff.Cause] = []
        // Its share: weights and combinations along the line from the score down to it.
        var line = [methodB.score.name], up = s.name
        while let p = parents[up], p != methodB.score.name, !line.contains(p) { line.append(p); up = p }
        out += changes(under: line)
        // Its value: the indicators below it that moved.
        if Self.differ(s.valueA, s.valueB) {
            let below = Set(indicatorNames(under: s.name))
            // Weights inside it change its value, not its share.
            out += changes(under: [s.name] + criterionNames(under: s.name))
            for ind in indicators where below.contains(ind.name) && Self.differ(ind.valueA, ind.valueB) {
                out += causes(indicator: ind.name, a: ind.valueA, b: ind.valueB, parents: parents)
            }
        }
        if out.isEmpty { out.append(.missingDataRule(criterion: s.name)) }
        return out
    }

    func causes(indicator name: String, a: Double?, b: Double?, parents: [String: String]) -> [RankingDiff.Cause] {
        var own = changes.filter {
            if case .node(let n, _) = $0.subject { return n == name }
            return false
        }
        let facts = Set([indicator(name, in: methodA)?.fact, indicator(name, in: methodB)?.fact].compactMap { $0 })
        own += changes.filter { if case .fact(let f) = $0.subject { return facts.contains(f) } else { return false } }
        if !own.isEmpty { return own.map(RankingDiff.Cause.method) }
        if a == nil || b == nil { return [.missingOnOneSide(indicator: name)] }
        if rankedA != rankedB { return [.rescaled(indicator: name, rankedA: rankedA, rankedB: rankedB)] }
        if !sameInputs { return [.inputsDiffer(indicator: name)] }
        return [.valueChanged(indicator: name, a: a, b: b)]
    }

    /// Changes of nodes sitting directly under one of these criteria.
    func changes(under parents: [String]) -> [RankingDiff.Cause] {
        changes.filter {
            if case .node(_, let parent) = $0.subject { return parents.contains(parent) }
            return false
        }.map(RankingDiff.Cause.method)
    }

    func criterionNames(under criterion: String) -> [String] {
        [methodA.score, methodB.score].flatMap { root -> [String] in
            root.criteria.first { $0.name == criterion }?.criteria.map(\.name) ?? []
        }
    }

    static func differ(_ x: Double?, _ y: Double?) -> Bool {
        switch (x, y) {
        case let (x?, y?): return abs(x - y) > RankingDiff.tolerance
        case (nil, nil): return false
        default: return true
        }
    }

    func indicator(_ name: String, in m: MethodDescription) -> IndicatorMethod? {
        m.score.indicators.first { $0.name == name }
    }

    func indicatorNames(under criterion: String) -> [String] {
        [methodA.score, methodB.score].flatMap { root -> [String] in
            if root.name == criterion { return root.indicators.map(\.name) }
            if let c = root.criteria.first(where: { $0.name == criterion }) { return c.indicators.map(\.name) }
            return root.indicators.contains { $0.name == criterion } ? [criterion] : []
        }
    }

    /// A unit whose score did not change moved because others did: who passed it, who fell.
    func neighbours(id: UnitID, x: UnitOutcome, y: UnitOutcome, a: RankingDiff.Ranked, b: RankingDiff.Ranked) -> RankingDiff.Cause {
        let ra = x.rank ?? .max, rb = y.rank ?? .max
        var fellOut = 0, fellBelow = 0, rose = 0
        for (other, ox) in a.units where other != id {
            let oy = b.units[other]
            let aboveA = (ox.rank ?? .max) < ra, aboveB = (oy?.rank ?? .max) < rb
            if aboveA && oy?.rank == nil { fellOut += 1 } else if aboveA && !aboveB { fellBelow += 1 } else if !aboveA && aboveB { rose += 1 }
        }
        for (other, oy) in b.units where a.units[other] == nil && (oy.rank ?? .max) < rb { rose += 1 }
        return .othersMoved(score: y.score, fellOut: fellOut, fellBelow: fellBelow, rose: rose)
    }
}
