import Foundation
import Domain
import Outputs

/// The shareable report: one HTML file with everything inline (no network): summary, maps, the
/// priority list overall and per parent, an explanation per unit, the method as declared, data
/// quality and the run manifest.
extension RunRecord {
    public func htmlReport(maps: [MapFile]) throws -> String { try htmlReport(drawsMap: !maps.isEmpty) }

    /// `drawsMap`: whether the run draws maps (not under --no-maps); the report's map is drawn
    /// then, while the map files are drawn, from the topology they share through `share` (its
    /// own when nil). The page's data are made first, while the maps build that topology.
    public func htmlReport(drawsMap: Bool, share: MapTopologyShare? = nil) throws -> String {
        try htmlReport(drawsMap: drawsMap, share: share, coherence: CoherenceShare())
    }

    /// The same, with the coherence rows from `coherence` (shared with coherence.csv).
    func htmlReport(drawsMap: Bool, share: MapTopologyShare?, coherence: CoherenceShare) throws -> String {
        let coherenceRows = coherence.rows(for: self)
        let layers = reportLayers()
        let data = reportDataJSON(layers: layers)
        let drawing = drawsMap ? reportMap(layers: layers, share: share) : nil
        let script = RunRecord.script
        var h = "<!DOCTYPE html>\n<html lang=\"en\" class=\"nojs\"><head><meta charset=\"utf-8\">\n"
        // Nothing may leave the page: no source of any kind is allowed but the page's own styles
        // and the one script whose hash is given here.
        h += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        h += "script-src '\(RunRecord.sha256Base64(script))'; img-src data:; form-action 'none'; base-uri 'none'\">\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        h += "<title>\(esc(project.manifest.name)) — priority report</title>\n<style>\(RunRecord.css)</style>\n"
        h += "<style id=\"mapcolours\">\(drawing?.css ?? "")</style></head><body>\n"
        if isSynthetic {
            h += "<p class=\"synthetic\">SYNTHETIC DATA — the project's manifest marks its data as generated (synthetic = true): they do not describe real places.</p>\n"
        }
        if !poorDataAccepted.isEmpty {
            h += "<div class=\"poor-data\"><p>POOR DATA ACCEPTED — this list was written with --accept-poor-data although the input crossed "
            h += "\(poorDataAccepted.count) data-quality limit\(poorDataAccepted.count == 1 ? "" : "s") of the project; read it with that in mind:</p><ul>"
            h += poorDataAccepted.map { "<li>\(esc($0))</li>" }.joined() + "</ul></div>\n"
        }
        h += "<h1>\(esc(project.manifest.name)): priority list</h1>\n"
        h += "<nav class=\"toc\"><a href=\"#summary\">Summary</a><a href=\"#maps\">Map</a><a href=\"#selected\">Selected</a>"
        h += "<a class=\"js-only\" href=\"#all-units\">All units</a>" + (project.levels.isEmpty ? "" : "<a href=\"#parents\">Per parent</a>")
        h += (result.uncertainty == nil ? "" : "<a href=\"#robustness\">Robustness</a>")
        h += "<a href=\"#coherence\">Coherence</a><a href=\"#method\">Method</a><a href=\"#quality\">Data quality</a></nav>\n"
        let groups = diagnosticGroups()
        h += summary(groups)
        if let drawing {
            h += mapSection(drawing, layers: layers)
            if let note = mapsNotDrawnNote() { h += "<p class=\"note\">Not every criterion has a map: \(esc(note)).</p>\n" }
        }
        h += "<section id=\"card\" class=\"js-only\" hidden></section>\n"
        h += selectedSection()
        h += listSection()
        h += try parentSection()
        h += uncertaintySection(coherence: coherenceRows)
        h += thenAndNowSection()
        h += weightsFitSection()
        h += coherenceSection(rows: coherenceRows)
        h += methodSection()
        h += qualitySection(groups)
        h += "<h2 id=\"run\">Run manifest</h2>\n<pre id=\"run-manifest\">\(esc(try runManifestJSON()))</pre>\n"
        h += "<script type=\"application/json\" id=\"data\">\(data)</script>\n"
        h += "<script>\(script)</script>\n"
        h += "</body></html>\n"
        return h
    }

    /// The map with its layer switch, zoom buttons, legend and the tooltip's box. Without the
    /// script: the score map, its legend, and the borders.
    func mapSection(_ drawing: ReportMapDrawing, layers: [ReportLayer]) -> String {
        var s = "<h2 id=\"maps\">Map</h2>\n<div id=\"mapbox\">\n<figure>"
        // Over the map, not in it: the mark stays the same size at any zoom.
        if isSynthetic { s += "<div class=\"watermark\" aria-hidden=\"true\">SYNTHETIC</div>" }
        s += drawing.svg
        s += "<figcaption><span id=\"maptitle\">\(esc(layers.first?.title ?? ""))</span>. Selected units outlined in black"
        s += project.levels.isEmpty ? "" : "; thin lines: \(esc(project.levels.first?.name ?? "parent")) borders, thick: \(esc(project.levels.dropFirst().first?.name ?? "their parents'"))"
        s += ". Shapes simplified for display (\(drawing.verticesKept) of \(drawing.verticesIn) vertices; neighbours share their borders); \(drawing.projection) centred on the data.</figcaption></figure>\n"
        s += "<div><div class=\"controls js-only\"><label for=\"layer\">Show</label><select id=\"layer\"></select></div>\n"
        s += "<div class=\"controls js-only\"><button type=\"button\" id=\"zoom-in\" aria-label=\"Zoom in\">+</button>"
        s += "<button type=\"button\" id=\"zoom-out\" aria-label=\"Zoom out\">−</button><button type=\"button\" id=\"zoom-home\">whole map</button></div>\n"
        s += "<ul id=\"legend\">"
        if let l = layers.first {
            let values = result.units.compactMap(l.value)
            for k in (0..<l.colours.count).reversed() {
                let label = l.names.map { k < $0.count ? $0[k] : "" }
                    ?? "\(NumberText.fixed(k == 0 ? values.min() : l.breaks[k - 1])) – \(NumberText.fixed(k == l.breaks.count ? values.max() : l.breaks[k]))"
                s += "<li><span class=\"sw\" style=\"background:\(l.colours[k])\"></span>\(esc(label))</li>"
            }
            if result.units.contains(where: { l.value($0) == nil }) { s += "<li><span class=\"sw nodata\"></span>no data</li>" }
        }
        s += "</ul>\n<p id=\"mapnote\" class=\"note js-only\">Hover a unit for its numbers, click it for its card; wheel or buttons to zoom, drag to pan.</p></div>\n"
        s += "<div id=\"tooltip\" hidden></div>\n</div>\n"
        return s
    }

    /// Units shown in the page's static list (and explained under it) when nothing is selected.
    static let staticListUnits = 50

    /// The selected units (or, without a selection, the first ranked units) as a plain table with
    /// their explanations: what the page shows and prints without its script.
    func selectedSection() -> String {
        let selected = result.units.filter(\.selected)
        let units = selected.isEmpty ? Array(result.units.filter { $0.rank != nil }.prefix(Self.staticListUnits)) : selected
        var s = "<h2 id=\"selected\">" + (selected.isEmpty ? "The first \(units.count) units" : "Selected units") + "</h2>\n"
        if selected.isEmpty { s += "<p>No selection rule applies to this run (see --top, --per-parent, --budget or selection { } in the rules); the first units by rank.</p>\n" }
        s += staticTable(units)
        s += "<h3 id=\"why\">Why each of them ranks where it does</h3>\n"
        for u in units {
            s += "<details id=\"u-\(esc(u.id.rawValue))\"><summary>\(u.rank.map { "\($0). " } ?? "") \(esc(u.name)) <small>\(esc(u.id.rawValue))</small></summary><ul>"
            s += explanationLines(u).map { "<li>\(esc($0))</li>" }.joined()
            s += "</ul></details>\n"
        }
        return s
    }

    func staticTable(_ units: [UnitOutcome]) -> String {
        let crit = criteria
        var t = "<table class=\"static-list\"><thead><tr><th>rank</th><th>unit</th><th>parent</th><th>score</th><th>class</th>"
        t += crit.map { "<th>\(esc($0.name))</th>" }.joined()
        t += (result.uncertainty == nil ? "" : "<th>rank interval</th><th>p(selected)</th>") + "<th>selected</th></tr></thead><tbody>\n"
        for u in units {
            t += "<tr\(u.selected ? " class=\"sel\"" : "")><td>\(u.rank.map(String.init) ?? "–")</td><td><a href=\"#u-\(esc(u.id.rawValue))\">\(esc(u.name))</a> <small>\(esc(u.id.rawValue))</small></td>"
            t += "<td>\(esc(parentName(u.parent)))</td><td>\(NumberText.fixed(u.score))</td><td>\(esc(u.priorityClass ?? "–"))</td>"
            for c in crit { t += "<td>\(NumberText.fixed(u.criterion(named: c.name, topLevel: true)?.value))</td>" }
            if let a = result.uncertainty {
                let spread = a.units[u.id]
                t += "<td>\(spread.map { "\($0.p05)–\($0.p95)" } ?? "–")</td><td>\(NumberText.fixed(spread?.pSelected))</td>"
            }
            t += "<td>\(u.selected ? "yes" : "")</td></tr>\n"
        }
        return t + "</tbody></table>\n"
    }

    /// Every unit, paged, sortable and filtered by the script.
    func listSection() -> String {
        var s = "<section id=\"all-units\"><h2 id=\"list\">All units</h2>\n"
        s += "<noscript><p>The list of all \(result.units.count) units needs JavaScript; every unit is in priority_list.csv and explanations.md.</p></noscript>\n"
        s += "<div class=\"controls js-only\"><label>Search <input id=\"f-search\" type=\"search\" placeholder=\"name or p-code\"></label>"
        s += "<label>\(esc(project.levels.first?.name ?? "Parent")) <select id=\"f-parent\"></select></label>"
        s += "<label>Class <select id=\"f-class\"></select></label>"
        s += "<label>Selected <select id=\"f-selected\"><option value=\"\">all</option><option value=\"1\">yes</option><option value=\"0\">no</option></select></label></div>\n"
        s += "<div class=\"controls js-only\"><button type=\"button\" id=\"list-prev\">previous</button><span id=\"list-count\"></span>"
        s += "<button type=\"button\" id=\"list-next\">next</button></div>\n"
        s += "<table id=\"list-table\" class=\"js-only\"><thead><tr id=\"list-head\"></tr></thead><tbody id=\"list-body\"></tbody></table>\n</section>\n"
        return s
    }

    func summary(_ groups: [(code: DiagnosticCode, items: [Diagnostic])]) -> String {
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
        let top = ranked.prefix(5).map { u in esc(u.name) + (parentLabel(u.parent).map { " (\(esc($0)))" } ?? "") }
        if !top.isEmpty { s += "<li>Highest priority: \(top.joined(separator: ", ")).</li>\n" }
        // Which parents lead: count of top-20 units per parent.
        var lead: [String: Int] = [:]
        for u in ranked.prefix(20) { if let p = parentLabel(u.parent) { lead[p, default: 0] += 1 } }
        let leaders = lead.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(4)
        if !leaders.isEmpty { s += "<li>Of the top 20: " + leaders.map { "\(esc($0.key)) \($0.value)" }.joined(separator: ", ") + ".</li>\n" }
        let warnings = groups.reduce(0) { $0 + $1.items.count }
        // Grouped as the console's data health says it ("28,553"), not "28553".
        s += "<li>Data quality: \(NumberText.grouped(Double(warnings))) warning\(warnings == 1 ? "" : "s") in \(groups.count) kind\(groups.count == 1 ? "" : "s") (see <a href=\"#quality\">below</a>).</li>\n"
        return s + "</ul>\n"
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

    func qualitySection(_ groups: [(code: DiagnosticCode, items: [Diagnostic])]) -> String {
        var s = "<h2 id=\"quality\">Data quality</h2>\n<pre>\(esc(health.summary))</pre>\n<table><thead><tr><th>entry</th><th>file</th><th>records</th><th>kept</th><th>rejected</th><th>encoding</th><th>CRS</th></tr></thead><tbody>\n"
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
            s += "<details><summary>\(esc(g.code.rawValue)): \(g.items.count)</summary><pre>\(esc(lines.joined(separator: "\n")))</pre></details>\n"
        }
        for (r, text) in joinReportTexts {
            s += "<details><summary>Join report: \(esc(r.table)) — \(r.matchedCount) of \(r.rowCount) rows matched</summary><pre>\(esc(text))</pre></details>\n"
        }
        return s
    }

    func esc(_ s: String) -> String { MarkupEscaping.escaped(s) }

    static let css = String(decoding: PackageResources.report_css, as: UTF8.self)
    static let script = String(decoding: PackageResources.report_js, as: UTF8.self)

    /// The CSP source of a script: `sha256-` and the base64 of its SHA-256.
    static func sha256Base64(_ text: String) -> String {
        var h = SHA256()
        h.update(Array(text.utf8))
        let hex = Array(h.finalizeHex().utf8)
        var bytes: [UInt8] = []
        for k in stride(from: 0, to: hex.count, by: 2) { bytes.append(UInt8(String(decoding: hex[k..<(k + 2)], as: UTF8.self), radix: 16)!) }
        return "sha256-" + Data(bytes).base64EncodedString()
    }
}
