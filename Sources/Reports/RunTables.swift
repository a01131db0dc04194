import Domain
import Outputs

/// The priority list, the per-unit facts and the per-unit indicator table, as CSV.
extension RunRecord {
    /// One row per unit in rank order (then unranked units by id): what a planner sorts and filters.
    public func priorityListCSV() -> String {
        let crit = criteria
        var header = ["rank", "unit_id", "unit_name", "parent_id", "parent_name", "score", "class"]
        header += crit.map(\.name)
        header += ["rank_in_parent", "selected", "selection_reason", "eligible", "exclusions", "override", "top_drivers", "missing"]
        header += uncertaintyHeader
        var w = CSVWriter(header: header)
        for u in result.units {
            var row = [u.rank.map(String.init) ?? "", u.id.rawValue, u.name, u.parent?.rawValue ?? "", parentName(u.parent),
                       NumberText.full(u.score), u.priorityClass ?? ""]
            for c in crit { row.append(NumberText.full(u.criteria.first { $0.name == c.name && $0.criterionPath.isEmpty }?.value
                                                       ?? u.criteria.first { $0.name == c.name }?.value)) }
            row += [u.rankInParent.map(String.init) ?? "", u.selected ? "yes" : "no", u.selectionReason,
                    u.eligible ? "yes" : "no", u.exclusions.joined(separator: "; "), u.override ?? "",
                    u.drivers.joined(separator: "; "), u.missing.joined(separator: "; ")]
            row += uncertaintyCells(u)
            w.appendRow(row)
        }
        return w.text
    }

    /// Every fact the rules used, per unit (unit id order), so an analyst can audit any number.
    public func factsCSV() -> String {
        let units = project.units
        // Population is the unit's own attribute (the manifest's population field): per-head
        // indicators divide by it, so it belongs beside the facts.
        var w = CSVWriter(header: ["unit_id", "unit_name", "parent_id", "population"] + facts.map(\.spec.name))
        for i in units.idOrder {
            w.appendRow([units.ids[i].rawValue, units.names[i], units.parents[i]?.rawValue ?? "", NumberText.full(units.population[i])]
                        + facts.map { NumberText.full($0.values[i]) })
        }
        return w.text
    }

    /// One row per unit and indicator: raw, transformed, normalised, contribution, missing reason.
    public func indicatorsCSV() -> String {
        var w = CSVWriter(header: ["unit_id", "criterion", "indicator", "raw", "transformed", "normalised", "contribution", "missing"])
        for u in result.units.sorted(by: { $0.id < $1.id }) {
            for ind in u.indicators {
                w.appendRow([u.id.rawValue, ind.criterionPath.joined(separator: "/"), ind.name, NumberText.full(ind.raw),
                             NumberText.full(ind.transformed), NumberText.full(ind.normalised),
                             NumberText.full(ind.contribution), ind.missing ?? ""])
            }
        }
        return w.text
    }

    /// A short explanation per unit, in rank order, as Markdown: score, criteria, drivers, gates.
    public func explanationsMarkdown() -> String {
        var s = "# Why each unit ranks where it does\n\n"
        s += "Rules: `\(rulesPath)` · as of \(asOf)\n\n"
        for u in result.units {
            s += "## \(u.rank.map { "\($0). " } ?? "(not ranked) ")\(u.name) (\(u.id))\n\n"
            s += explanationLines(u).map { "- \($0)\n" }.joined() + "\n"
        }
        return s
    }

    func explanationLines(_ u: UnitOutcome) -> [String] {
        var lines: [String] = []
        let parent = parentName(u.parent)
        lines.append("score \(NumberText.fixed(u.score)) · class \(u.priorityClass ?? "–")"
                     + (u.rankInParent.map { " · #\($0) in \(parent.isEmpty ? (u.parent?.rawValue ?? "its parent") : parent)" } ?? ""))
        for c in u.criteria where c.criterionPath.isEmpty {
            lines.append("\(c.name): \(NumberText.fixed(c.value))" + (c.contribution.map { " (adds \(NumberText.fixed($0)) to the score)" } ?? ""))
        }
        if !u.drivers.isEmpty {
            let parts = u.drivers.map { d -> String in
                guard let ind = u.indicators.first(where: { $0.name == d }) else { return d }
                return "\(d) = \(NumberText.readable(ind.raw)) (scaled \(NumberText.fixed(ind.normalised)))"
            }
            lines.append("top drivers: " + parts.joined(separator: "; "))
        }
        if !u.exclusions.isEmpty { lines.append("not ranked: " + u.exclusions.joined(separator: "; ")) }
        if let o = u.override { lines.append("override: " + o) }
        if !u.missing.isEmpty { lines.append("missing data: " + u.missing.joined(separator: "; ")) }
        if !u.flags.isEmpty { lines.append("flags: " + u.flags.joined(separator: "; ")) }
        lines.append("selection: " + (u.selected ? "selected" : "not selected") + (u.selectionReason.isEmpty ? "" : " (\(u.selectionReason))"))
        return lines
    }
}
