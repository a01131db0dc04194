import Domain

/// Unit values rolled up to their parents (groupements → territoires). Parents come out sorted
/// by id. A unit whose value is nil is left out of its parent and listed in `incomplete`, so a
/// parent total is never silently short; a parent none of whose units has a value gets nil.
public enum RollUp {
    public struct Result: Sendable, Equatable {
        public var parents: [UnitID]
        public var values: [Double?]
        /// For each parent, the units left out (nil value, or nil population for a weighted mean).
        public var incomplete: [UnitID: [UnitID]]
        /// Units with no parent id: they roll up nowhere.
        public var orphans: [UnitID]
    }

    public static func sum(_ values: [Double?], of units: UnitSet) -> Result {
        roll(values, units) { members in
            let present = members.compactMap { $0.value }
            return present.isEmpty ? nil : present.reduce(0, +)
        } missing: { $0.value == nil }
    }

    /// Σ value·population / Σ population over the parent's units that have both.
    public static func populationWeightedMean(_ values: [Double?], of units: UnitSet) -> Result {
        roll(values, units) { members in
            var num = 0.0, den = 0.0
            for m in members { if let v = m.value, let p = m.population, p > 0 { num += v * p; den += p } }
            return den > 0 ? num / den : nil
        } missing: { $0.value == nil || $0.population == nil }
    }

    private struct Member { var unit: UnitID; var value: Double?; var population: Double? }

    private static func roll(_ values: [Double?], _ units: UnitSet, combine: ([Member]) -> Double?,
                             missing: (Member) -> Bool) -> Result {
        precondition(values.count == units.count, "one value per unit")
        var groups: [UnitID: [Member]] = [:]
        var orphans: [UnitID] = []
        for u in units.idOrder {
            let m = Member(unit: units.ids[u], value: values[u], population: units.population[u])
            if let p = units.parents[u] { groups[p, default: []].append(m) } else { orphans.append(m.unit) }
        }
        let parents = groups.keys.sorted()
        var incomplete: [UnitID: [UnitID]] = [:]
        for p in parents {
            let left = groups[p, default: []].filter(missing).map(\.unit)
            if !left.isEmpty { incomplete[p] = left }
        }
        return Result(parents: parents, values: parents.map { combine(groups[$0, default: []]) },
                      incomplete: incomplete, orphans: orphans)
    }
}
