import Domain

/// Parent means for the criteria whose missing-data policy is `parentMean`: per criterion and per
/// parent, the mean of the criterion's value over the eligible units of that parent that have it
/// (computed from their own indicators, never from an imputed value). Computed with the one
/// evaluator (`ScoreTree`) under given weights: the ranking's, or an uncertainty run's.
struct ParentMeans {
    /// Parent groups of the pool: `group[i]` for pool member i, `groups` of them.
    var groups: Int
    /// node × group, row-major; nil: no unit of the group has the criterion.
    private var means: [Double?]

    /// No means yet (the first pass of `compute` imputes nothing).
    init(groups: Int) { self.groups = groups; means = [] }

    func value(node: Int, group: Int) -> Double? { means.isEmpty ? nil : means[node * groups + group] }

    /// A criterion's value can depend on imputed values of the criteria below it, so the means are
    /// computed level by level: one pass per level of nesting, each with the means of the previous.
    /// The pool is summed in the order given (the ranking and the uncertainty runs both give it by
    /// unit id, so that they add the same numbers in the same order).
    static func compute(_ tree: ScoreTree, weights: [Double], group: [Int], groups: Int,
                        leaf: (_ member: Int, _ slot: Int) -> Double?,
                        failed: (_ member: Int, ScoreTree.OutOfDomain) -> Error) throws -> ParentMeans {
        var result = ParentMeans(groups: groups)
        guard !tree.parentMeanNodes.isEmpty else { return result }
        var e = tree.makeEvaluation()
        for _ in 0..<tree.depth {
            var sums = [Double](repeating: 0, count: tree.nodes.count * groups)
            var counts = [Int](repeating: 0, count: tree.nodes.count * groups)
            for i in group.indices {
                do {
                    try tree.evaluate(&e, weights: weights, leaf: { leaf(i, $0) },
                                      mean: { result.value(node: $0, group: group[i]) })
                } catch let x as ScoreTree.OutOfDomain { throw failed(i, x) }
                for n in tree.parentMeanNodes {
                    guard let v = e.computed[n] else { continue }
                    sums[n * groups + group[i]] += v
                    counts[n * groups + group[i]] += 1
                }
            }
            result.means = zip(sums, counts).map { $1 == 0 ? nil : $0 / Double($1) }
        }
        return result
    }

    static func depth(_ c: CriterionMethod) -> Int {
        1 + (c.children.compactMap { node -> Int? in if case .criterion(let s) = node { return depth(s) } else { return nil } }.max() ?? 0)
    }
}

/// The reason listed for a unit not ranked because it lacks a whole criterion.
enum MissingCriterion {
    static func reason(_ name: String, _ criterion: CriterionMethod?, unit: RankingUnitInput, parentMeanFailed: Bool) -> String {
        let why = (criterion?.indicators ?? []).map { "\($0.name): \(unit.missing[$0.name] ?? "no value")" }.joined(separator: "; ")
        let base = "missing criterion \(name)" + (why.isEmpty ? "" : " (\(why))")
        return parentMeanFailed ? base + "; no unit of \(unit.parent?.rawValue ?? "its parent") has it to impute a mean" : base
    }
}
