import Domain

enum SelectionMerge {
    /// The command line's settings replace the script's where given.
    static func merge(script: SelectionSettings, override o: SelectionSettings) -> SelectionSettings {
        var s = script
        if let v = o.top { s.top = v }
        if let v = o.perParentMax { s.perParentMax = v }
        if let v = o.perParentMin { s.perParentMin = v }
        if let v = o.budget { s.budget = v }
        if !o.lockedIn.isEmpty { s.lockedIn = o.lockedIn }
        if !o.lockedOut.isEmpty { s.lockedOut = o.lockedOut }
        // A command-line quota replaces the script's at the same level; the others stay.
        for q in o.levelQuotas {
            if let i = s.levelQuotas.firstIndex(where: { $0.level == q.level }) { s.levelQuotas[i] = q } else { s.levelQuotas.append(q) }
        }
        return s
    }
}

/// Chooses units for planners, greedily in rank order: locked-in units first, then the best unit(s)
/// of each parent up to the minimum per parent (parents in order of their best rank), then the rest
/// by rank while the top-N, per-parent maximum and budget allow. A unit that does not fit is
/// skipped and the next one tried, so a cheaper unit further down can still use the budget.
enum Selector {
    /// Under a budget every unit the selection may take needs a cost that is a number ≥ 0: a
    /// missing cost would otherwise quietly skip the unit, a negative one would buy room for others.
    static func checkCosts(_ outcomes: [UnitOutcome], units: [RankingUnitInput], settings s: SelectionSettings) throws {
        guard let budget = s.budget else { return }
        let inputs = Dictionary(units.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let lockedOut = Set(s.lockedOut), lockedIn = Set(s.lockedIn)
        let candidates = outcomes.filter { ($0.rank != nil || lockedIn.contains($0.id)) && !lockedOut.contains($0.id) }
        let source = s.costSource.map { " (cost from \($0))" } ?? ""
        let noCost = candidates.filter { $0.cost == nil }
        if let first = noCost.first {
            let why = inputs[first.id]?.costMissing ?? "no cost given"
            throw TargetingError(
                "budget \(Value.format(budget)): unit \(first.id) (\(first.name)) has no cost\(source): \(why)"
                    + (noCost.count > 1 ? "; \(noCost.count) of the \(candidates.count) units that can be selected have none" : ""),
                at: s.costLocation, hint: "the cost must give a number for every unit ranked (e.g. a default for a missing field: u.attr[\"COST\"] or 20000)")
        }
        if let bad = candidates.first(where: { ($0.cost ?? 0) < 0 || !($0.cost ?? 0).isFinite }) {
            throw TargetingError("budget \(Value.format(budget)): unit \(bad.id) (\(bad.name)) has a cost of \(Value.format(bad.cost ?? 0))\(source); a cost must be a finite number ≥ 0",
                                 at: s.costLocation, hint: "check the cost rule for this unit")
        }
    }

    static func select(_ units: inout [UnitOutcome], settings s: SelectionSettings) -> (count: Int, cost: Double?) {
        guard !s.isEmpty else {
            for i in units.indices where units[i].rank != nil { units[i].selectionReason = "no selection requested" }
            return (0, nil)
        }
        let lockedIn = Set(s.lockedIn), lockedOut = Set(s.lockedOut)
        var perParent: [String: Int] = [:]
        // Selected units per area, one table per level quota (in the quotas' order).
        var perArea = [[String: Int]](repeating: [:], count: s.levelQuotas.count)
        func area(_ q: LevelQuota, _ i: Int) -> String { q.areaOf[units[i].id]?.rawValue ?? "" }
        var count = 0
        var cost = 0.0
        func take(_ i: Int, _ reason: String) {
            units[i].selected = true
            units[i].selectionReason = reason
            perParent[units[i].parent?.rawValue ?? "", default: 0] += 1
            for (k, q) in s.levelQuotas.enumerated() { perArea[k][area(q, i), default: 0] += 1 }
            count += 1
            cost += units[i].cost ?? 0
        }
        func refusal(_ i: Int) -> String? {
            let parent = units[i].parent?.rawValue ?? ""
            if let top = s.top, count >= top { return "top \(top) already chosen" }
            if let k = s.perParentMax, perParent[parent, default: 0] >= k { return "at most \(k) per parent: \(parent) is full" }
            for (k, q) in s.levelQuotas.enumerated() where perArea[k][area(q, i), default: 0] >= q.max {
                let a = area(q, i)
                return "at most \(q.max) per \(q.level): \(a.isEmpty ? "no \(q.level)" : a) is full"
            }
            if let b = s.budget {
                guard let c = units[i].cost else { return "no cost figure for the budget" }
                if cost + c > b { return "over budget (\(Value.format(cost)) spent + \(Value.format(c)) > \(Value.format(b)))" }
            }
            return nil
        }

        for i in units.indices where lockedIn.contains(units[i].id) { take(i, "locked in") }
        for i in units.indices where lockedOut.contains(units[i].id) && !units[i].selected {
            units[i].selectionReason = "locked out"
        }
        let candidates = units.indices.filter { units[$0].rank != nil && !units[$0].selected && !lockedOut.contains(units[$0].id) }

        if let m = s.perParentMin, m > 0 {
            var parentsInOrder: [String] = []
            for i in candidates where !parentsInOrder.contains(units[i].parent?.rawValue ?? "") {
                parentsInOrder.append(units[i].parent?.rawValue ?? "")
            }
            for parent in parentsInOrder {
                for i in candidates where (units[i].parent?.rawValue ?? "") == parent && !units[i].selected {
                    if perParent[parent, default: 0] >= m { break }
                    if refusal(i) == nil { take(i, "at least \(m) per parent (\(parent.isEmpty ? "no parent" : parent))") }
                }
            }
        }
        for i in candidates where !units[i].selected {
            if let why = refusal(i) { units[i].selectionReason = "not selected: \(why)" }
            else {
                let quotas = s.levelQuotas.map { "at most \($0.max) per \($0.level)" }
                take(i, "rank \(units[i].rank ?? 0) within the limits" + (quotas.isEmpty ? "" : " (\(quotas.joined(separator: ", ")))"))
            }
        }
        return (count, s.budget != nil || units.contains { $0.selected && $0.cost != nil } ? cost : nil)
    }
}
