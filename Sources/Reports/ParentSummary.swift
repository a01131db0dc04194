import Domain
import Joins
import Outputs

/// The ranking rolled up to each parent level (territoire, then province): how many units each
/// holds, ranks and selects, its population, and its population-weighted score and criteria —
/// the table a planner shows when the question is "which territoires?".
extension RunRecord {
    public func parentSummaryCSV() throws -> String {
        let table = try parentSummary()
        var w = CSVWriter(header: table.header)
        table.rows.forEach { w.appendRow($0) }
        return w.text
    }

    /// The roll-up as a header and rows of text, for the CSV and the report alike.
    func parentSummary() throws -> (header: [String], rows: [[String]]) {
        let units = project.units
        let byID = Dictionary(uniqueKeysWithValues: result.units.map { ($0.id, $0) })
        let outcomes = units.ids.map { byID[$0] }
        let header = ["level", "parent_id", "parent_name", "units", "units_ranked", "units_in_top_50", "units_selected",
                      "population", "score_pop_weighted"] + criteria.map { "\($0.name)_pop_weighted" }
        var rows: [[String]] = []
        // Each level's parent of every unit: the unit's own parent, then that parent's parent, …
        var parentOfUnit: [UnitID?] = units.parents
        for level in project.levels {
            let rolled = try UnitSet(ids: units.ids, names: units.names, parents: parentOfUnit,
                                     polygons: Array(repeating: [], count: units.count), population: units.population)
            let score = RollUp.populationWeightedMean(outcomes.map { $0?.score }, of: rolled)
            let crit = criteria.map { c in
                RollUp.populationWeightedMean(outcomes.map { o in o?.criterion(named: c.name, topLevel: true)?.value }, of: rolled)
            }
            let population = RollUp.sum(units.population, of: rolled)
            func count(_ f: (UnitOutcome) -> Bool) -> RollUp.Result { RollUp.sum(outcomes.map { o in o.map { f($0) ? 1 : 0 } }, of: rolled) }
            let all = count { _ in true }, ranked = count { $0.rank != nil }
            let top = count { ($0.rank ?? .max) <= 50 }, selected = count(\.selected)
            for (k, parent) in score.parents.enumerated() {
                let name = level.units.index(of: parent).map { level.units.names[$0] } ?? ""
                rows.append([level.name, parent.rawValue, name, NumberText.full(all.values[k]), NumberText.full(ranked.values[k]),
                             NumberText.full(top.values[k]), NumberText.full(selected.values[k]),
                             NumberText.full(population.values[k]), NumberText.full(score.values[k])]
                            + crit.map { NumberText.full($0.values[k]) })
            }
            // Up one level: a unit's next parent is its current parent's parent.
            parentOfUnit = parentOfUnit.map { p in p.flatMap { level.units.index(of: $0) }.flatMap { level.units.parents[$0] } }
        }
        return (header, rows)
    }
}
