import Domain

/// Parent means for the criteria whose missing-data policy is `parentMean`: per criterion and per
/// parent, the mean of the criterion's value over the eligible units of that parent that have it
/// (computed from their own indicators, never from an imputed value).
struct ParentMeans {
    var byCriterion: [String: [String: Double]] = [:]

    func value(_ criterion: String, parent: UnitID?) -> Double? { byCriterion[criterion]?[parent?.rawValue ?? ""] }

    /// A criterion's value can depend on imputed values of the criteria below it, so the means are
    /// computed level by level: one pass per level of nesting, each with the means of the previous.
    static func compute(_ score: CriterionMethod, units: [RankingUnitInput], pool: [Int],
                        normalised: (String, Int) -> Double?) throws -> ParentMeans {
        let wanted = Set(score.criteria.filter { $0.missing == .parentMean }.map(\.name))
        var means = ParentMeans()
        guard !wanted.isEmpty else { return means }
        for _ in 0..<depth(score) {
            var sums: [String: [String: (sum: Double, count: Int)]] = [:]
            for i in pool {
                var tree = TreeEvaluation(unit: units[i])
                _ = try tree.evaluate(.criterion(score), path: [], share: 1, isRoot: true,
                                      value: { normalised($0, i) }, imputed: { means.value($0, parent: units[i].parent) })
                for name in wanted.sorted() {
                    guard let v = tree.computed[name] else { continue }
                    let key = units[i].parent?.rawValue ?? ""
                    let old = sums[name, default: [:]][key] ?? (0, 0)
                    sums[name, default: [:]][key] = (old.sum + v, old.count + 1)
                }
            }
            means.byCriterion = sums.mapValues { $0.mapValues { $0.sum / Double($0.count) } }
        }
        return means
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
