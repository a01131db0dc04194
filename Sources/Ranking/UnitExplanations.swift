import Domain

/// Every unit's explanation read from the ranking's columns when a writer asks for it: its
/// indicators (raw, transformed, normalised, contribution, path), criteria and top drivers. One
/// instance is shared by all the outcomes of a ranking, so ranking a unit builds none of these
/// lists and copies no name or path; a unit's list is built each time it is read. It keeps of the
/// input only each unit's reasons for missing values, not its raw dictionary.
final class UnitExplanations: UnitExplanationSource {
    let columns: IndicatorColumns
    let evaluated: TreeColumns
    /// Per unit: indicator → why it is missing.
    let missing: [[String: String]]
    let eligible: [Bool]
    let names: [String]
    /// Per indicator (declaration order): its node in the tree and the criteria above it.
    let indicatorNode: [Int]
    let indicatorPath: [[String]]
    /// The criteria, depth first in declaration order: node, name, path.
    let criteria: [(node: Int, name: String, path: [String])]
    /// Name → position in `names` and in `criteria` (the first, should a name repeat).
    let indicatorPosition: [String: Int]
    let criterionPosition: [String: Int]

    init(indicators: [IndicatorMethod], tree: ScoreTree, columns: IndicatorColumns, evaluated: TreeColumns,
         units: [RankingUnitInput], eligible: [Bool]) {
        self.columns = columns; self.evaluated = evaluated; self.eligible = eligible
        missing = units.indices.map { units[$0].missing }
        names = indicators.map(\.name)
        indicatorNode = indicators.map { tree.index[$0.name] ?? 0 }
        indicatorPath = indicators.map { tree.index[$0.name].map { tree.nodes[$0].path } ?? [] }
        criteria = tree.nodes.indices.filter { $0 != 0 && tree.nodes[$0].indicator == nil }.map { ($0, tree.nodes[$0].name, tree.nodes[$0].path) }
        indicatorPosition = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        criterionPosition = Dictionary(criteria.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Unit `i` of `units` (the ranking's input)'s outcome before ranks, classes and selection;
    /// its explanation stays here.
    func outcome(_ units: [RankingUnitInput], at i: Int, eligibility elig: Eligibility) -> UnitOutcome {
        let score = evaluated.score[i]
        let lacking = evaluated.lacking.isEmpty ? [] : evaluated.lacking[i] ?? []
        var exclusions = elig.reasons
        if !lacking.isEmpty { exclusions += lacking }
        if elig.eligible && lacking.isEmpty && score == nil { exclusions.append("no score: every indicator is missing") }
        var missing: [String] = []
        if !units[i].missing.isEmpty { missing = names.compactMap { name in units[i].missing[name].map { "\(name): \($0)" } } }
        if !evaluated.imputed.isEmpty, let imputed = evaluated.imputed[i] { missing += imputed }
        // Fields read one by one: a copy of the whole input would retain every one of its fields.
        return UnitOutcome(id: units[i].id, name: units[i].name, parent: units[i].parent, eligible: elig.eligible, exclusions: exclusions,
                           override: units[i].overrideAction.map { "\($0.rawValue): \(units[i].overrideReason ?? "")" },
                           score: score, explainedBy: self, unit: i, missing: missing, flags: units[i].flags, cost: units[i].cost)
    }

    func indicators(of i: Int) -> [IndicatorOutcome] { names.indices.map { indicator($0, of: i) } }

    func criteria(of i: Int) -> [CriterionOutcome] {
        eligible[i] ? criteria.indices.map { criterion($0, of: i) } : []
    }

    func drivers(of i: Int) -> [String] {
        guard eligible[i] else { return [] }
        var drivers = TopDrivers()
        for j in names.indices {
            if let c = evaluated.contribution[i * evaluated.nodeCount + indicatorNode[j]], c > 0 { drivers.add(j, c, names: names) }
        }
        return drivers.names(names)
    }

    func indicator(named name: String, of i: Int) -> IndicatorOutcome? { indicatorPosition[name].map { indicator($0, of: i) } }

    func criterion(named name: String, of i: Int) -> CriterionOutcome? {
        guard eligible[i] else { return nil }
        return criterionPosition[name].map { criterion($0, of: i) }
    }

    private func indicator(_ j: Int, of i: Int) -> IndicatorOutcome {
        let k = columns.count, at = i * k + j, eligible = eligible[i]
        let missing = self.missing[i]
        return IndicatorOutcome(
            name: names[j], criterionPath: eligible ? indicatorPath[j] : [], raw: columns.raw[at],
            transformed: columns.transformed[at], normalised: columns.normalised[at],
            contribution: eligible ? evaluated.contribution[i * evaluated.nodeCount + indicatorNode[j]] : nil,
            missing: missing.isEmpty ? nil : missing[names[j]])
    }

    private func criterion(_ c: Int, of i: Int) -> CriterionOutcome {
        let at = i * evaluated.nodeCount + criteria[c].node
        return CriterionOutcome(name: criteria[c].name, criterionPath: criteria[c].path, value: evaluated.value[at],
                                contribution: evaluated.contribution[at])
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
