import Foundation
import Domain
import Outputs

/// The uncertainty analysis in the outputs: four columns of the priority list and unit layers,
/// sensitivity.csv, and a report section. Nothing is added when no analysis ran, so a run
/// without `uncertainty { … }` writes exactly what it wrote before.
extension RunRecord {
    static let uncertaintyColumns = ["rank_p05", "rank_median", "rank_p95", "p_selected"]

    var uncertaintyHeader: [String] { result.uncertainty == nil ? [] : Self.uncertaintyColumns }

    /// The unit's cells under `uncertaintyHeader` (empty for units not ranked).
    func uncertaintyCells(_ u: UnitOutcome) -> [String] {
        guard let a = result.uncertainty else { return [] }
        guard let s = a.units[u.id] else { return ["", "", "", ""] }
        return [String(s.p05), String(s.median), String(s.p95), NumberText.full(s.pSelected)]
    }

    /// (long name, DBF name, value) for the unit layers.
    func uncertaintyLayerValues() -> [(long: String, short: String, type: FieldType, value: (UnitOutcome) -> Value)] {
        guard let a = result.uncertainty else { return [] }
        func int(_ f: @escaping (RankSpread) -> Int) -> (UnitOutcome) -> Value {
            { u in a.units[u.id].map { .number(Double(f($0))) } ?? .null }
        }
        return [("rank_p05", "RANK_P05", .integer, int(\.p05)), ("rank_median", "RANK_MED", .integer, int(\.median)),
                ("rank_p95", "RANK_P95", .integer, int(\.p95)),
                ("p_selected", "P_SELECTED", .real, { u in a.units[u.id]?.pSelected.map(Value.number) ?? .null })]
    }

    func uncertaintyMeaning(of column: String) -> String? {
        guard let a = result.uncertainty else { return nil }
        let runs = a.settings.runs
        switch column {
        case "rank_p05": return "5th percentile (nearest rank) of the rank over \(runs) uncertainty runs"
        case "rank_median": return "median (nearest rank) of the rank over \(runs) uncertainty runs"
        case "rank_p95": return "95th percentile (nearest rank) of the rank over \(runs) uncertainty runs"
        case "p_selected": return a.selectionBasis.map { "share of the \(runs) runs in which the unit is \($0)" } ?? "no selection or classes: empty"
        default: return nil
        }
    }

    public static let sensitivityFile = "sensitivity.csv"
    static let sensitivityHeader = ["input", "spread", "mean_abs_rank_shift", "max_abs_rank_shift", "points", "first_order"]

    /// One row per varying weight, largest mean rank shift first.
    public func sensitivityCSV() -> String? {
        guard let a = result.uncertainty else { return nil }
        var w = CSVWriter(header: Self.sensitivityHeader)
        for e in a.sensitivity {
            w.appendRow([e.input, e.spread, NumberText.full(e.meanAbsRankShift), String(e.maxAbsRankShift), String(e.points),
                         NumberText.full(e.firstOrder)])
        }
        return w.text
    }

    /// `coherence`: the rows of `coherenceRows()`, made once for the report.
    func uncertaintySection(coherence: [CoherenceRow]) -> String {
        guard let a = result.uncertainty else { return "" }
        let s = a.settings
        var h = "<h2 id=\"robustness\">How robust is the list</h2>\n"
        h += "<p>\(s.runs) runs with the weights drawn at random (seed \(s.seed)); the facts and indicator values are those of this run, "
        h += s.windows.isEmpty ? "only the weights vary. Ranks" : "except those of the facts whose window is drawn (below), computed once per window. Ranks"
        h += " are given as the 5th, 50th and 95th percentile over the runs (nearest rank)"
        h += a.selectionBasis.map { "; p(selected) is the share of runs in which the unit is \(esc($0))" } ?? ""
        h += ".</p>\n" + findingsHTML(coherence: coherence)
        if let plot = caterpillarSVG() { h += "<figure>\(plot)<figcaption>Rank intervals of the first \(Self.caterpillarUnits) units.</figcaption></figure>\n" }
        h += "<table><thead><tr><th>weight</th><th>varies</th></tr></thead><tbody>\n"
        for w in s.weights { h += "<tr><td>\(esc(w.node))</td><td>\(esc(w.spread.description)) (declared \(Value.format(w.declared)))</td></tr>\n" }
        if !s.scoreAggregations.isEmpty {
            h += "<tr><td>aggregation of the score</td><td>one of \(esc(s.scoreAggregations.map(\.rawValue).joined(separator: " / "))) per run, equal chances</td></tr>\n"
        }
        if !s.scales.isEmpty {
            h += "<tr><td>scale of the indicators</td><td>one of \(esc(s.scales.map(\.name).joined(separator: " / "))) per run, equal chances (indicators on goalposts, thresholds or no scale keep theirs)</td></tr>\n"
        }
        for w in s.windows {
            h += "<tr><td>window of \(esc(w.fact))</td><td>one of \(esc(w.spreadText)) per run, equal chances (declared \(esc(w.declared.description)))</td></tr>\n"
        }
        if !s.fixedWeights.isEmpty {
            h += "<tr><td>\(esc(s.fixedWeights.joined(separator: ", ")))</td><td>not varied: under a minimum or maximum, which takes no weights, or alone in its criterion, where its weight cancels out</td></tr>\n"
        }
        h += "</tbody></table>\n<h3>Sensitivity</h3>\n"
        h += "<p>Each input varied alone, the others as declared, at \(a.sensitivityPoints) evenly spaced points of its spread (an aggregation, scale or window: each alternative once): the mean and largest change of rank over the ranked units. "
        h += "First order: the share of the rank variance of the joint runs that the input explains on its own (0: none, 1: all; what the inputs leave unexplained together comes from their interactions).</p>\n"
        h += "<table><thead><tr><th>input</th><th>spread</th><th>mean |rank shift|</th><th>largest</th><th>first order</th></tr></thead><tbody>\n"
        for e in a.sensitivity {
            h += "<tr><td>\(esc(e.input))</td><td>\(esc(e.spread))</td><td>\(NumberText.fixed(e.meanAbsRankShift))</td><td>\(e.maxAbsRankShift)</td>"
            h += "<td>\(e.firstOrder.map { NumberText.fixed($0) } ?? "–")</td></tr>\n"
        }
        h += "</tbody></table>\n<h3>Rank ranges of the first 50</h3>\n"
        h += "<table><thead><tr><th>rank</th><th>unit</th><th>5th</th><th>median</th><th>95th</th><th>p(selected)</th></tr></thead><tbody>\n"
        for u in result.units.prefix(50) {
            guard let r = u.rank, let spread = a.units[u.id] else { continue }
            h += "<tr><td>\(r)</td><td>\(esc(u.name)) <small>\(esc(u.id.rawValue))</small></td><td>\(spread.p05)</td><td>\(spread.median)</td>"
            h += "<td>\(spread.p95)</td><td>\(spread.pSelected.map { NumberText.fixed($0) } ?? "–")</td></tr>\n"
        }
        return h + "</tbody></table>\n"
    }

    /// The findings as a list, said once: in the robustness section when an analysis ran, else
    /// under the coherence table.
    func findingsHTML(coherence: [CoherenceRow]? = nil) -> String {
        "<h3>In plain words</h3>\n<ul class=\"findings\">" + robustnessFindings(coherence: coherence).map { "<li>\(esc($0))</li>" }.joined() + "</ul>\n"
    }
}
