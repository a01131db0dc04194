import Domain
import Outputs

/// What the uncertainty and coherence analyses found, in sentences a planner can repeat to a donor,
/// and the rank intervals of the first units drawn as a caterpillar plot (5th–95th percentile bar,
/// median dot, the rank of this run as a tick).
extension RunRecord {
    /// Units shown in the caterpillar plot.
    static let caterpillarUnits = 30

    /// `coherence`: the rows of `coherenceRows()` when the caller has them already.
    func robustnessFindings(coherence: [CoherenceRow]? = nil) -> [String] {
        var out: [String] = []
        if let a = result.uncertainty {
            let runs = a.settings.runs
            let selected = result.units.filter(\.selected)
            let basis = a.selectionBasis ?? "selected"
            let group = selected.isEmpty ? Array(result.units.filter { $0.rank != nil }.prefix(20)) : selected
            let probabilities = group.compactMap { a.units[$0.id]?.pSelected }
            if !probabilities.isEmpty {
                let firm = probabilities.filter { $0 >= 0.9 }.count, shaky = probabilities.filter { $0 < 0.5 }.count
                let who = selected.isEmpty ? "Of the first \(group.count) units" : "Of the \(group.count) units selected"
                out.append("\(who), \(firm) are \(basis) in at least 90% of the \(runs) runs with other plausible weights\(a.settings.windows.isEmpty ? "" : " and windows"); "
                           + "\(shaky) in fewer than half of them. The first are a firm choice; the others depend on how the criteria are weighed\(a.settings.windows.isEmpty ? "" : " and which windows are used").")
            }
            let top = result.units.filter { $0.rank != nil }.prefix(10)
            let widths = top.compactMap { u in a.units[u.id].map { (u, $0.p95 - $0.p05) } }
            if let widest = widths.max(by: { $0.1 < $1.1 }), let narrowest = widths.min(by: { $0.1 < $1.1 }) {
                let w = a.units[widest.0.id]!, n = a.units[narrowest.0.id]!
                out.append("Among the first 10, \(widest.0.name) is the least certain (rank \(w.p05) to \(w.p95) in 90% of the runs) "
                           + "and \(narrowest.0.name) the most (rank \(n.p05) to \(n.p95)).")
            }
            if let first = a.sensitivity.first {
                var s = "The list depends most on the \(first.input) (\(first.spread)): varying it alone moves a unit by "
                    + "\(NumberText.fixed(first.meanAbsRankShift, 1)) places on average, at most \(first.maxAbsRankShift)."
                if a.sensitivity.count > 1, let last = a.sensitivity.last {
                    s += " It depends least on the \(last.input) (\(NumberText.fixed(last.meanAbsRankShift, 1)) places on average)."
                }
                out.append(s)
            }
        }
        let rows = coherence ?? coherenceRows()
        let redundant = rows.filter { $0.kind == "indicator" && ($0.r.map { abs($0) >= Self.redundantAt } ?? false) }
        for r in redundant.prefix(5) {
            out.append("\(r.indicator) and \(r.other) carry nearly the same information (r = \(NumberText.fixed(r.r))): "
                       + "together they count that information twice in the score.")
        }
        if redundant.count > 5 { out.append("\(redundant.count - 5) more pairs of indicators are nearly redundant (coherence.csv).") }
        let against = rows.filter { $0.kind == "criterion" && ($0.r.map { $0 < 0 } ?? false) }
        for r in against {
            out.append("\(r.indicator) goes against the rest of its criterion \(r.other) (r = \(NumberText.fixed(r.r))): "
                       + "where it is high the criterion tends to be low, so it partly cancels the other indicators.")
        }
        if redundant.isEmpty && against.isEmpty {
            out.append("No two indicators are nearly redundant (|r| ≥ 0.9), and none pulls against its own criterion.")
        }
        return out
    }

    /// Rank intervals of the first `caterpillarUnits` ranked units, or nil without an analysis.
    func caterpillarSVG() -> String? {
        guard let a = result.uncertainty else { return nil }
        let shown = result.units.filter { $0.rank != nil }.prefix(Self.caterpillarUnits).compactMap { u in a.units[u.id].map { (u, $0) } }
        guard !shown.isEmpty else { return nil }
        let maxRank = max(10, shown.map(\.1.p95).max() ?? 10)
        let left = 190.0, right = 20.0, width = 900.0, row = 16.0, top = 30.0
        let height = top + row * Double(shown.count) + 40
        func x(_ rank: Int) -> Double { left + (width - left - right) * Double(rank - 1) / Double(max(1, maxRank - 1)) }
        func f(_ d: Double) -> String { FixedDecimal.format(d, places: 1, trimZeros: true) }
        var s = "<svg class=\"caterpillar\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" "
        s += "aria-label=\"Rank intervals of the first \(shown.count) units\" font-size=\"11\">\n"
        s += "<text x=\"\(f(left))\" y=\"14\" font-weight=\"bold\">rank over \(a.settings.runs) runs: bar 5th–95th percentile, dot median, tick this run</text>\n"
        // Axis ticks at round ranks.
        let step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000].first { maxRank / $0 <= 10 } ?? 10000
        var t = step == 1 ? 1 : 0
        while t <= maxRank {
            let r = max(1, t)
            s += "<line x1=\"\(f(x(r)))\" x2=\"\(f(x(r)))\" y1=\"\(f(top - 6))\" y2=\"\(f(top + row * Double(shown.count)))\" stroke=\"#dddddd\"/>"
            s += "<text x=\"\(f(x(r)))\" y=\"\(f(top + row * Double(shown.count) + 14))\" text-anchor=\"middle\" fill=\"#555555\">\(r)</text>\n"
            t += step
        }
        for (k, (u, spread)) in shown.enumerated() {
            let y = top + row * Double(k) + row / 2
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(u.rank!). \(esc(String(u.name.prefix(24))))</text>"
            s += "<line x1=\"\(f(x(spread.p05)))\" x2=\"\(f(max(x(spread.p95), x(spread.p05) + 1)))\" y1=\"\(f(y))\" y2=\"\(f(y))\" stroke=\"#3b528b\" stroke-width=\"5\"/>"
            s += "<circle cx=\"\(f(x(spread.median)))\" cy=\"\(f(y))\" r=\"3.5\" fill=\"#fde725\" stroke=\"#000000\"/>"
            s += "<line x1=\"\(f(x(u.rank!)))\" x2=\"\(f(x(u.rank!)))\" y1=\"\(f(y - 6))\" y2=\"\(f(y + 6))\" stroke=\"#b00020\" stroke-width=\"1.5\"/>\n"
        }
        s += "<text x=\"\(f(width - right))\" y=\"\(f(height - 6))\" text-anchor=\"end\" fill=\"#555555\">rank (1 = highest priority)</text>\n"
        return s + "</svg>\n"
    }
}
