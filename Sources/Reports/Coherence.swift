import Domain
import Outputs

/// Statistical coherence of the method: Pearson's r of every indicator's normalised values (after
/// its direction, i.e. as they enter the score) with every other indicator, with its own
/// criterion and with the score, over the ranked units that have both values. Two indicators at
/// |r| ≥ 0.9 measure much the same thing (their criterion counts it twice); an indicator that
/// correlates negatively with its own criterion pulls against it.
extension RunRecord {
    public struct CoherenceRow: Hashable, Sendable {
        public var indicator: String
        public var other: String
        /// "indicator", "criterion" or "score".
        public var kind: String
        public var r: Double?
        public var n: Int
        public var flag: String
    }

    static let redundantAt = 0.9

    public func coherenceRows() -> [CoherenceRow] { Self.coherenceRows(of: result) }

    static func coherenceRows(of result: RankingResult) -> [CoherenceRow] {
        let units = result.units
        let ranked = units.indices.filter { units[$0].rank != nil }
        let indicators = result.method.score.indicators
        // Each indicator's criterion: the last of its path, as the first ranked unit has it.
        let criterionOf: [String?] = ranked.first.map { first in
            let outcomes = units[first].indicators
            return indicators.map { ind in outcomes.first { $0.name == ind.name }?.criterionPath.last }
        } ?? indicators.map { _ in nil }
        // Every column read in one pass over the ranked units, each unit's indicators and
        // criteria built once (an outcome builds them from the ranking's columns when read),
        // rather than once per indicator looked up.
        var columns = [[Double?]](repeating: [], count: indicators.count)
        var criterionValues = [[Double?]](repeating: [], count: indicators.count)
        var scores: [Double?] = []
        for k in columns.indices { columns[k].reserveCapacity(ranked.count); criterionValues[k].reserveCapacity(ranked.count) }
        scores.reserveCapacity(ranked.count)
        for i in ranked {
            let u = units[i]
            let outcomes = u.indicators
            let criteria = criterionOf.contains { $0 != nil } ? u.criteria : []
            for (a, ind) in indicators.enumerated() {
                columns[a].append(outcomes.first { $0.name == ind.name }?.normalised)
                if let name = criterionOf[a] { criterionValues[a].append(criteria.first { $0.name == name }?.value) }
            }
            scores.append(u.score)
        }
        var rows: [CoherenceRow] = []
        for (a, ind) in indicators.enumerated() {
            for b in (a + 1)..<indicators.count {
                let (r, n) = pearson(columns[a], columns[b])
                let flag = r.map { abs($0) >= redundantAt ? "|r| ≥ 0.9: nearly the same information" : "" } ?? undefined
                rows.append(CoherenceRow(indicator: ind.name, other: indicators[b].name, kind: "indicator", r: r, n: n, flag: flag))
            }
            if let criterion = criterionOf[a] {
                let (r, n) = pearson(columns[a], criterionValues[a])
                let flag = r.map { $0 < 0 ? "negative: pulls against its own criterion" : "" } ?? undefined
                rows.append(CoherenceRow(indicator: ind.name, other: criterion, kind: "criterion", r: r, n: n, flag: flag))
            }
            let (r, n) = pearson(columns[a], scores)
            rows.append(CoherenceRow(indicator: ind.name, other: "score", kind: "score", r: r, n: n, flag: r == nil ? undefined : ""))
        }
        return rows
    }

    static let undefined = "undefined: fewer than 3 units with both values, or one is constant"

    /// Pearson's r over the pairs where both values are present; nil when n < 3 or a side is constant.
    static func pearson(_ x: [Double?], _ y: [Double?]) -> (r: Double?, n: Int) {
        var xs: [Double] = [], ys: [Double] = []
        for (a, b) in zip(x, y) { if let a, let b { xs.append(a); ys.append(b) } }
        let n = xs.count
        guard n >= 3 else { return (nil, n) }
        let mx = xs.reduce(0, +) / Double(n), my = ys.reduce(0, +) / Double(n)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for k in 0..<n {
            let dx = xs[k] - mx, dy = ys[k] - my
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy
        }
        guard sxx > 0, syy > 0 else { return (nil, n) }
        return (Swift.max(-1, Swift.min(1, sxy / (sxx * syy).squareRoot())), n)
    }

    public func coherenceCSV() -> String { coherenceCSV(rows: coherenceRows()) }

    func coherenceCSV(rows: [CoherenceRow]) -> String {
        var w = CSVWriter(header: ["indicator", "other", "kind", "r", "n", "flag"])
        for row in rows {
            w.appendRow([row.indicator, row.other, row.kind, NumberText.full(row.r), String(row.n), row.flag])
        }
        return w.text
    }

    /// `rows`: `coherenceRows()`, made once for the report (and shared with coherence.csv).
    func coherenceSection(rows: [CoherenceRow]) -> String {
        let flagged = rows.filter { !$0.flag.isEmpty }
        var h = "<h2 id=\"coherence\">Statistical coherence</h2>\n"
        h += "<p>Pearson's r of each indicator's normalised values with the other indicators, its criterion and the score, over the ranked units "
        h += "(all \(rows.count) pairs in coherence.csv). Flagged: indicators at |r| ≥ 0.9 (nearly the same information, counted twice) "
        h += "and indicators correlating negatively with their own criterion.</p>\n"
        if result.uncertainty == nil { h += findingsHTML(coherence: rows) }
        guard !flagged.isEmpty else { return h + "<p>Nothing flagged.</p>\n" }
        h += "<table><thead><tr><th>indicator</th><th>with</th><th>r</th><th>units</th><th>flag</th></tr></thead><tbody>\n"
        for row in flagged {
            h += "<tr><td>\(esc(row.indicator))</td><td>\(esc(row.other)) <small>\(esc(row.kind))</small></td><td>\(NumberText.fixed(row.r))</td><td>\(row.n)</td><td>\(esc(row.flag))</td></tr>\n"
        }
        return h + "</tbody></table>\n"
    }
}

/// The coherence rows of one run, made once for the writers that read them side by side
/// (coherence.csv and the report's coherence and robustness sections: they were made three
/// times), by whichever asks first.
struct CoherenceShare: Sendable {
    private let once = MadeOnce<[RunRecord.CoherenceRow]>()

    func rows(for run: RunRecord) -> [RunRecord.CoherenceRow] { once.value { run.coherenceRows() } }
}
