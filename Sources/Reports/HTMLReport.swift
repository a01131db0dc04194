import Foundation
import Domain

/// The shareable report: one HTML file with everything inline (no network): summary, maps, the
/// priority list overall and per parent, an explanation per unit, the method as declared, data
/// quality and the run manifest.
extension RunRecord {
    public func htmlReport(maps: [MapFile]) throws -> String {
        var h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        h += "<title>\(esc(project.manifest.name)) — priority report</title>\n<style>\(RunRecord.css)</style></head><body>\n"
        if isSynthetic {
            h += "<p class=\"synthetic\">SYNTHETIC DATA — the bundled sample is generated, calibrated to the strategy's figures; it does not describe real places.</p>\n"
        }
        if !poorDataAccepted.isEmpty {
            h += "<div class=\"poor-data\"><p>POOR DATA ACCEPTED — this list was written with --accept-poor-data although the input crossed "
            h += "\(poorDataAccepted.count) data-quality limit\(poorDataAccepted.count == 1 ? "" : "s") of the project; read it with that in mind:</p><ul>"
            h += poorDataAccepted.map { "<li>\(esc($0))</li>" }.joined() + "</ul></div>\n"
        }
        h += "<h1>\(esc(project.manifest.name)): priority list</h1>\n"
        let groups = diagnosticGroups()
        h += summary(groups)
        h += "<h2 id=\"maps\">Maps</h2>\n"
        for m in maps { h += "<figure>\(m.svg)<figcaption>\(esc(m.title))</figcaption></figure>\n" }
        if !maps.isEmpty, let note = mapsNotDrawnNote() { h += "<p class=\"note\">Not every criterion has a map: \(esc(note)).</p>\n" }
        h += try parentSection()
        h += priorityTables()
        h += uncertaintySection()
        h += thenAndNowSection()
        h += weightsFitSection()
        h += coherenceSection()
        h += explanations()
        h += methodSection()
        h += qualitySection(groups)
        h += "<h2 id=\"run\">Run manifest</h2>\n<pre>\(esc(try runManifestJSON()))</pre>\n"
        h += "</body></html>\n"
        return h
    }

    func summary(_ groups: [(code: String, items: [Diagnostic])]) -> String {
        let ranked = result.units.filter { $0.rank != nil }
        var s = "<h2 id=\"summary\">Summary</h2>\n<ul>\n"
        s += "<li>As of <b>\(asOf)</b>, rules <code>\(esc(rulesPath))</code>.</li>\n"
        s += "<li>\(ranked.count) of \(result.units.count) units ranked"
        let notRanked = result.units.count - ranked.count
        if notRanked > 0 { s += "; \(notRanked) not ranked (gates, overrides or missing data: see the explanations)" }
        s += ".</li>\n"
        if result.selectedCount > 0 {
            s += "<li>\(result.selectedCount) units selected" + (result.selectedCost.map { ", total cost \(NumberText.grouped($0))" } ?? "") + ".</li>\n"
        }
        let top = ranked.prefix(5).map { "\(esc($0.name)) (\(esc(parentName($0.parent))))" }
        if !top.isEmpty { s += "<li>Highest priority: \(top.joined(separator: ", ")).</li>\n" }
        // Which parents lead: count of top-20 units per parent.
        var lead: [String: Int] = [:]
        for u in ranked.prefix(20) { lead[parentName(u.parent).isEmpty ? (u.parent?.rawValue ?? "?") : parentName(u.parent), default: 0] += 1 }
        let leaders = lead.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(4)
        if !leaders.isEmpty { s += "<li>Of the top 20: " + leaders.map { "\(esc($0.key)) \($0.value)" }.joined(separator: ", ") + ".</li>\n" }
        let warnings = groups.reduce(0) { $0 + $1.items.count }
        s += "<li>Data quality: \(warnings) warnings in \(groups.count) kinds (see <a href=\"#quality\">below</a>).</li>\n"
        return s + "</ul>\n"
    }

    func priorityTables() -> String {
        let crit = criteria
        func table(_ units: [UnitOutcome], parentColumn: Bool) -> String {
            var t = "<table><thead><tr><th>rank</th><th>unit</th>" + (parentColumn ? "<th>parent</th>" : "<th>rank in parent</th>")
            t += "<th>score</th><th>class</th>" + crit.map { "<th>\(esc($0.name))</th>" }.joined() + "<th>selected</th></tr></thead><tbody>\n"
            for u in units {
                t += "<tr\(u.selected ? " class=\"sel\"" : "")><td>\(u.rank.map(String.init) ?? "–")</td><td><a href=\"#u-\(esc(u.id.rawValue))\">\(esc(u.name))</a> <small>\(esc(u.id.rawValue))</small></td>"
                t += parentColumn ? "<td>\(esc(parentName(u.parent)))</td>" : "<td>\(u.rankInParent.map(String.init) ?? "–")</td>"
                t += "<td>\(NumberText.fixed(u.score))</td><td>\(esc(u.priorityClass ?? "–"))</td>"
                for c in crit { t += "<td>\(NumberText.fixed(u.criteria.first { $0.name == c.name && $0.criterionPath.isEmpty }?.value))</td>" }
                t += "<td>\(u.selected ? "yes" : "")</td></tr>\n"
            }
            return t + "</tbody></table>\n"
        }
        var s = "<h2 id=\"list\">Priority list</h2>\n"
        if result.selectedCount > 0 {
            s += "<h3>Selection</h3>\n" + table(result.units.filter(\.selected), parentColumn: true)
        }
        s += "<h3>Overall</h3>\n" + table(result.units, parentColumn: true)
        s += "<h3>Per parent</h3>\n"
        var byParent: [String: [UnitOutcome]] = [:]
        for u in result.units { byParent[u.parent?.rawValue ?? "", default: []].append(u) }
        for key in byParent.keys.sorted() {
            let name = parentName(byParent[key]?.first?.parent)
            s += "<details><summary>\(esc(name.isEmpty ? key : "\(name) (\(key))")) — \(byParent[key]!.count) units</summary>\n"
            s += table(byParent[key]!, parentColumn: false) + "</details>\n"
        }
        return s
    }

    /// The roll-up per territoire and province, from the same rows as parents.csv.
    func parentSection() throws -> String {
        guard !project.levels.isEmpty else { return "" }
        let (header, rows) = try parentSummary()
        var s = "<h2 id=\"parents\">Per territoire and province</h2>\n<p>Population-weighted means of the score and criteria; counts of units ranked, in the top 50 and selected.</p>\n"
        s += "<table><thead><tr>" + header.map { "<th>\(esc($0.replacingOccurrences(of: "_", with: " ")))</th>" }.joined() + "</tr></thead><tbody>\n"
        for row in rows {
            s += "<tr>" + row.map { cell in "<td>\(esc(Double(cell).map { $0 == $0.rounded() ? NumberText.grouped($0) : NumberText.fixed($0) } ?? cell))</td>" }.joined() + "</tr>\n"
        }
        return s + "</tbody></table>\n"
    }

    func explanations() -> String {
        var s = "<h2 id=\"why\">Why each unit ranks where it does</h2>\n"
        for u in result.units {
            s += "<details id=\"u-\(esc(u.id.rawValue))\"><summary>\(u.rank.map { "\($0). " } ?? "") \(esc(u.name)) <small>\(esc(u.id.rawValue))</small></summary><ul>"
            s += explanationLines(u).map { "<li>\(esc($0))</li>" }.joined()
            s += "</ul></details>\n"
        }
        return s
    }

    func methodSection() -> String {
        let m = result.method
        var s = "<h2 id=\"method\">Method, as the rules declare it</h2>\n"
        s += "<p>Score: \(m.score.aggregation.rawValue)\(m.score.shift != 0 ? " (shift \(Value.format(m.score.shift)))" : "") of " + m.score.children.map { "\(esc($0.name)) (weight \(Value.format($0.weight)))" }.joined(separator: ", ") + ".</p>\n"
        // The missing-data policy in force: what a unit lacking a whole criterion gets.
        let policies = m.score.criteria.map { "\(esc($0.name)): \(esc($0.missing.description))" }.joined(separator: "; ")
        s += "<p>Missing data: within a criterion, indicators missing for a unit are left out and the others' weights rescaled. "
            + "When a whole criterion is missing for a unit — \(policies).</p>\n"
        s += "<table><thead><tr><th>criterion</th><th>indicator</th><th>value from</th><th>transforms</th><th>direction</th><th>normalisation</th><th>bounds used</th><th>weight</th></tr></thead><tbody>\n"
        func walk(_ c: CriterionMethod, _ path: [String]) {
            for child in c.children {
                switch child {
                case .criterion(let sub): walk(sub, path + [sub.name])
                case .indicator(let i):
                    s += "<tr><td>\(esc((path).joined(separator: " / ")))</td><td>\(esc(i.name))\(i.title.map { "<br><small>\(esc($0))</small>" } ?? "")</td>"
                    s += "<td>\(esc(i.source))</td><td>\(esc(i.transforms.map(\.description).joined(separator: ", ")))</td>"
                    s += "<td>\(i.direction.rawValue)</td><td>\(esc(i.normalisation.description))</td>"
                    s += "<td>\(esc(boundsText(i.name)))</td><td>\(Value.format(i.weight))</td></tr>\n"
                }
            }
        }
        for child in m.score.children {
            if case .criterion(let c) = child {
                s += "<tr class=\"crit\"><td colspan=\"8\"><b>\(esc(c.name))</b> \(esc(c.title ?? "")) — \(c.aggregation.rawValue)\(c.shift != 0 ? " (shift \(Value.format(c.shift)))" : "") of its indicators</td></tr>\n"
                walk(c, [c.name])
            }
        }
        s += "</tbody></table>\n<h3>Facts computed from the layers</h3>\n<ul>"
        s += m.facts.map { "<li><code>\(esc($0.description))</code></li>" }.joined() + "</ul>\n"
        s += "<p>The input rows behind every fact of every unit (file, line or record, the row's id) are in <code>fact_rows.csv</code>, at most \(RunRecord.factRowsBound) per unit and fact; the bounds used are the transformed values' min and max (or mean and sd) over the units ranked, also in <code>indicators.csv</code>.</p>\n"
        if !m.gates.isEmpty { s += "<h3>Gates</h3><ul>" + m.gates.map { "<li>\(esc($0.name)): \(esc($0.reason))</li>" }.joined() + "</ul>\n" }
        if !m.overrides.isEmpty {
            s += "<h3>Overrides</h3><ul>" + m.overrides.map { "<li>\($0.action.rawValue) \(esc($0.units.map(\.rawValue).joined(separator: ", "))): \(esc($0.reason))</li>" }.joined() + "</ul>\n"
        }
        return s
    }

    func qualitySection(_ groups: [(code: String, items: [Diagnostic])]) -> String {
        var s = "<h2 id=\"quality\">Data quality</h2>\n<pre>\(esc(DataHealth(self).summary))</pre>\n<table><thead><tr><th>entry</th><th>file</th><th>records</th><th>kept</th><th>rejected</th><th>encoding</th><th>CRS</th></tr></thead><tbody>\n"
        for f in project.files {
            s += "<tr><td>\(esc(f.entry))</td><td>\(esc((f.path as NSString).lastPathComponent))</td><td>\(f.records)</td><td>\(f.kept)</td><td>\(f.rejected)</td><td>\(esc(f.encoding ?? ""))</td><td>\(esc(f.crs ?? ""))</td></tr>\n"
        }
        s += "</tbody></table>\n<ul>"
        for p in placements { s += "<li>\(esc(p.layer)): \(p.placement.placedCount) placed, \(p.placement.outsideCount) outside every unit</li>" }
        s += "</ul>\n"
        let n = DiagnosticListing.perCodeInReports
        for g in groups {
            var lines = g.items.prefix(n).map(\.description)
            if g.items.count > n { lines.append("… and \(g.items.count - n) more: \(RunRecord.csvListing)") }
            s += "<details><summary>\(esc(g.code)): \(g.items.count)</summary><pre>\(esc(lines.joined(separator: "\n")))</pre></details>\n"
        }
        for (r, text) in joinReportTexts {
            s += "<details><summary>Join report: \(esc(r.table)) — \(r.matchedCount) of \(r.rowCount) rows matched</summary><pre>\(esc(text))</pre></details>\n"
        }
        return s
    }

    func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static let css = """
    body{font-family:DejaVu Sans,Arial,sans-serif;max-width:1100px;margin:2em auto;color:#222;line-height:1.4}
    h1{font-size:1.6em}h2{border-bottom:2px solid #444;margin-top:2em}
    table{border-collapse:collapse;font-size:0.85em;margin:0.5em 0}th,td{border:1px solid #bbb;padding:2px 6px;text-align:left}
    th{background:#eee}tr.sel{background:#fff6cc}tr.crit td{background:#f4f4f4}
    figure{margin:1em 0}figure svg{max-width:100%;height:auto}figcaption{font-size:0.9em;color:#555}
    .synthetic{background:#222;color:#fff;padding:0.5em 1em;font-weight:bold}
    .poor-data{background:#b00020;color:#fff;padding:0.5em 1em}.poor-data p{font-weight:bold;margin:0.3em 0}
    pre{background:#f7f7f7;padding:0.5em;overflow-x:auto;font-size:0.8em}small{color:#666}
    """
}
