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
        // Spelled as bytes, as indicators.csv is: no array of cells, and no string, per row.
        var w = CSVBytes()
        for (k, h) in header.enumerated() { w.text(h, first: k == 0) }
        w.endRow()
        for u in result.units {
            w.raw(u.rank.map(String.init) ?? "", first: true)
            w.text(u.id.rawValue); w.text(u.name); w.text(u.parent?.rawValue ?? ""); w.text(parentName(u.parent))
            w.number(u.score); w.text(u.priorityClass ?? "")
            for c in crit { w.number(u.criterion(named: c.name, topLevel: true)?.value ?? u.criterion(named: c.name)?.value) }
            w.integer(u.rankInParent); w.raw(u.selected ? "yes" : "no"); w.text(u.selectionReason)
            w.raw(u.eligible ? "yes" : "no"); w.text(u.exclusions.joined(separator: "; ")); w.text(u.override ?? "")
            w.text(u.drivers.joined(separator: "; ")); w.text(u.missing.joined(separator: "; "))
            for cell in uncertaintyCells(u) { w.text(cell) }
            w.endRow()
        }
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// Every fact the rules used, per unit (unit id order), so an analyst can audit any number.
    public func factsCSV() -> String {
        let units = project.units
        // Population is the unit's own attribute (the manifest's population field): per-head
        // indicators divide by it, so it belongs beside the facts.
        var w = CSVBytes()
        for (k, h) in (["unit_id", "unit_name", "parent_id", "population"] + facts.map(\.spec.name)).enumerated() { w.text(h, first: k == 0) }
        w.endRow()
        for i in units.idOrder {
            w.text(units.ids[i].rawValue, first: true); w.text(units.names[i]); w.text(units.parents[i]?.rawValue ?? "")
            w.number(units.population[i])
            for f in facts { w.number(f.values[i]) }
            w.endRow()
        }
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// One row per unit and indicator: raw, transformed, normalised, contribution, missing reason,
    /// and the bounds the indicator's normalisation used (the same on every row of an indicator),
    /// so that normalised can be recomputed from transformed on any row.
    public func indicatorsCSV() -> String { String(decoding: indicatorsCSVBytes(), as: UTF8.self) }

    /// The same text as UTF-8 bytes (indicators.csv itself is streamed by `writeIndicatorsCSV`
    /// through the same `spellIndicatorsCSV`).
    func indicatorsCSVBytes() -> [UInt8] {
        var out: [UInt8] = []
        spellIndicatorsCSV { out += $0 }
        return out
    }

    /// Writes indicators.csv at `path` as it is spelled, hashed on the way (2.5 MB at 6,000
    /// units were grown by doubling, then copied whole); returns its SHA-256.
    func writeIndicatorsCSV(to path: String) throws -> String {
        try HashedFile.write(to: path) { file in try spellIndicatorsCSV { try file.append(contentsOf: $0) } }
    }

    /// The text of indicators.csv, handed to `sink` in pieces of about 128 KB, in order (one
    /// buffer reused, its bytes hashed and copied while still in the core's cache).
    private func spellIndicatorsCSV(_ sink: ([UInt8]) throws -> Void) rethrows {
        var w = CSVBytes()
        w.bytes.reserveCapacity(1 << 17 + 4096)
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
        // The criterion and indicator cells, spelled once per position in a unit's list: every
        // unit lists the same indicators in the same order (kept while name and path are the same).
        var named: [(name: String, path: [String], cells: [UInt8], bounds: [UInt8])] = []
        for i in resultPositionsByID() {
            let u = units[i]
            let id = CSVBytes.quoted(u.id.rawValue)
            for (k, ind) in u.indicators.enumerated() {
                w.raw(id, first: true)
                if k == named.count || named[k].name != ind.name || named[k].path != ind.criterionPath {
                    var cells = CSVBytes()
                    cells.text(ind.criterionPath.joined(separator: "/")); cells.text(ind.name)
                    let entry = (ind.name, ind.criterionPath, cells.bytes, boundsCells[ind.name] ?? noBounds)
                    if k == named.count { named.append(entry) } else { named[k] = entry }
                }
                w.bytes.append(contentsOf: named[k].cells)
                w.number(ind.raw); w.number(ind.transformed); w.number(ind.normalised); w.number(ind.contribution)
                if let missing = ind.missing { w.text(missing) } else { w.bytes.append(UInt8(ascii: ",")) }
                w.bytes.append(contentsOf: named[k].bounds)
                w.endRow()
            }
            if w.bytes.count >= 1 << 17 { try sink(w.bytes); w.bytes.removeAll(keepingCapacity: true) }
        }
        try sink(w.bytes)
    }

    /// A short explanation per unit, in rank order, as Markdown: score, criteria, drivers, gates.
    public func explanationsMarkdown() -> String {
        var s = "# Why each unit ranks where it does\n\n"
        s += "Rules: `\(rulesPath)` · as of \(asOf)\n\n"
        // Appended piece by piece: no string per heading or item, nor a list of them per unit.
        for u in result.units {
            s += "## "
            if let rank = u.rank { s += String(rank); s += ". " } else { s += "(not ranked) " }
            s += u.name; s += " ("; s += u.id.description; s += ")\n\n"
            for line in explanationLines(u) { s += "- "; s += line; s += "\n" }
            s += "\n"
        }
        return s
    }

    func explanationLines(_ u: UnitOutcome) -> [String] {
        var lines: [String] = []
        var head = "score " + NumberText.fixed(u.score) + " · class " + (u.priorityClass ?? "–")
        if let r = u.rankInParent { head += " · #" + String(r) + " in " + (parentLabel(u.parent) ?? "its parent") }
        lines.append(head)
        for c in u.criteria where c.criterionPath.isEmpty {
            var line = c.name + ": " + NumberText.fixed(c.value)
            if let added = c.contribution { line += " (adds " + NumberText.fixed(added) + " to the score)" }
            lines.append(line)
        }
        let drivers = u.drivers
        if !drivers.isEmpty {
            var line = "top drivers: "
            for (k, d) in drivers.enumerated() {
                if k > 0 { line += "; " }
                line += d
                if let ind = u.indicator(named: d) {
                    line += " = " + NumberText.readable(ind.raw) + " (scaled " + NumberText.fixed(ind.normalised) + ")"
                }
            }
            lines.append(line)
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
