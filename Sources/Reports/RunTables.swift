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
            for c in crit { row.append(NumberText.full(u.criterion(named: c.name, topLevel: true)?.value
                                                       ?? u.criterion(named: c.name)?.value)) }
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

    /// One row per unit and indicator: raw, transformed, normalised, contribution, missing reason,
    /// and the bounds the indicator's normalisation used (the same on every row of an indicator),
    /// so that normalised can be recomputed from transformed on any row.
    public func indicatorsCSV() -> String { String(decoding: indicatorsCSVBytes(), as: UTF8.self) }

    /// The same text as UTF-8 bytes, as written to indicators.csv: spelled as bytes (as
    /// `fact_rows.csv` is), each indicator's bounds once, as it is the largest table after that one.
    func indicatorsCSVBytes() -> [UInt8] {
        var w = CSVBytes()
        for (k, h) in ["unit_id", "criterion", "indicator", "raw", "transformed", "normalised", "contribution", "missing",
                       "norm_min", "norm_max", "norm_mean", "norm_sd"].enumerated() { w.text(h, first: k == 0) }
        w.endRow()
        var boundsCells: [String: [UInt8]] = [:]
        for b in result.normalisationBounds where boundsCells[b.indicator] == nil {
            var cells = CSVBytes()
            for v in [b.min, b.max, b.mean, b.sd] { cells.number(v) }
            boundsCells[b.indicator] = cells.bytes
        }
        let noBounds = Array(",,,,".utf8)
        let units = result.units
        for i in units.indices.sorted(by: { units[$0].id < units[$1].id }) {
            let u = units[i]
            let id = CSVBytes.quoted(u.id.rawValue)
            for ind in u.indicators {
                w.raw(id, first: true); w.text(ind.criterionPath.joined(separator: "/")); w.text(ind.name)
                w.number(ind.raw); w.number(ind.transformed); w.number(ind.normalised); w.number(ind.contribution)
                w.text(ind.missing ?? "")
                w.bytes.append(contentsOf: boundsCells[ind.name] ?? noBounds)
                w.endRow()
            }
        }
        return w.bytes
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
        let parent = parentLabel(u.parent) ?? "its parent"
        lines.append("score \(NumberText.fixed(u.score)) · class \(u.priorityClass ?? "–")"
                     + (u.rankInParent.map { " · #\($0) in \(parent)" } ?? ""))
        for c in u.criteria where c.criterionPath.isEmpty {
            lines.append("\(c.name): \(NumberText.fixed(c.value))" + (c.contribution.map { " (adds \(NumberText.fixed($0)) to the score)" } ?? ""))
        }
        if !u.drivers.isEmpty {
            let parts = u.drivers.map { d -> String in
                guard let ind = u.indicator(named: d) else { return d }
                return "\(d) = \(NumberText.readable(ind.raw)) (scaled \(NumberText.fixed(ind.normalised)))"
            }
            lines.append("top drivers: " + parts.joined(separator: "; "))
        }
        lines += rowLines(u)
        // A ranked unit's exclusions are gate failures an include overrode: still on record.
        if !u.exclusions.isEmpty { lines.append((u.rank == nil ? "not ranked: " : "ranked by override despite: ") + u.exclusions.joined(separator: "; ")) }
        if let o = u.override { lines.append("override: " + o) }
        if !u.missing.isEmpty { lines.append("missing data: " + u.missing.joined(separator: "; ")) }
        if !u.flags.isEmpty { lines.append("flags: " + u.flags.joined(separator: "; ")) }
        lines.append("selection: " + (u.selected ? "selected" : "not selected") + (u.selectionReason.isEmpty ? "" : " (\(u.selectionReason))"))
        return lines
    }
}

extension RunRecord {
    /// Units ranked this high or better cite the input rows behind their drivers.
    public static let explainedRowsRank = 20
    /// Rows cited per driver (the largest contributions first; all of them are in fact_rows.csv).
    public static let explainedRowsPerDriver = 5

    /// For a unit in the top `explainedRowsRank`, one line per driver read from one fact: the rows
    /// that added most to that fact, e.g. which conflict events put the unit first. A driver
    /// computed by a rules function (from several facts) is named, its rows being under each fact.
    func rowLines(_ u: UnitOutcome) -> [String] {
        guard let rank = u.rank, rank <= Self.explainedRowsRank, let i = project.units.index(of: u.id) else { return [] }
        let indicators = result.method.score.indicators
        var lines: [String] = []
        for d in u.drivers {
            guard let ind = indicators.first(where: { $0.name == d }) else { continue }
            guard let fact = ind.fact else {
                lines.append("rows behind \(d): computed by the rules (\(ind.source)); the rows of the facts it reads are in fact_rows.csv")
                continue
            }
            guard let (rows, total) = topRows(unit: i, fact: fact, count: Self.explainedRowsPerDriver) else { continue }
            let aggregate = facts.first { $0.spec.name == fact }?.spec.aggregate
            let cited = rows.map { "\($0.reference.shortDescription) \(Self.contributionText($0.value, aggregate))" }
            let rest = total - rows.count
            lines.append("rows behind \(d) (\(fact), \(total) row\(total == 1 ? "" : "s")\(rows.count < total ? ", largest first" : "")): "
                         + cited.joined(separator: "; ") + (rest > 0 ? "; … and \(rest) more in fact_rows.csv" : ""))
        }
        return lines
    }
}

extension RunRecord {
    /// What one row did to a fact, in words: `+3` to a count or sum, `12.4 km` for the nearest
    /// feature, `value 7` for a mean, minimum or maximum.
    static func contributionText(_ v: Double, _ aggregate: FactSpec.Aggregate?) -> String {
        switch aggregate {
        case .nearestKm?: return "\(NumberText.readable(v)) km"
        case .mean?, .min?, .max?, .attribute?, .areaKm2?: return "value \(NumberText.readable(v))"
        default: return v.isNaN ? "(unit has no population)" : "+\(NumberText.readable(v))"
        }
    }
}
