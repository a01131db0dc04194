import Foundation
import Domain
import Outputs

/// Then and now: each unit's rank and score at several reference dates, from whole runs (facts
/// whose windows are relative to `as_of` recomputed for each date). The run's other outputs are
/// those of the latest date; this table adds the earlier ones beside it.
public struct ThenAndNow: Sendable, Hashable {
    public struct Column: Sendable, Hashable {
        public var date: ISODate
        public var rank: [UnitID: Int]
        public var score: [UnitID: Double]
        public init(date: ISODate, units: [UnitOutcome]) {
            self.date = date
            var rank: [UnitID: Int] = [:], score: [UnitID: Double] = [:]
            for u in units { rank[u.id] = u.rank; score[u.id] = u.score }
            self.rank = rank; self.score = score
        }
    }

    /// One column per date, ascending; the last is the run's own.
    public var columns: [Column]
    public init(columns: [Column]) { self.columns = columns.sorted { $0.date < $1.date } }

    public var datesText: String { columns.map(\.date.description).joined(separator: ",") }

    /// First date's rank − last date's rank (positive: rose), for a unit ranked at both.
    public func change(_ id: UnitID) -> Int? {
        guard let first = columns.first?.rank[id], let last = columns.last?.rank[id] else { return nil }
        return first - last
    }

    /// The units that rose (or fell) most between the first and the last date, largest move first,
    /// ties by the latest rank.
    public func movers(rose: Bool, limit: Int) -> [(id: UnitID, from: Int, to: Int)] {
        guard let first = columns.first, let last = columns.last else { return [] }
        let moved = last.rank.compactMap { id, to -> (id: UnitID, from: Int, to: Int)? in
            guard let from = first.rank[id], rose ? from > to : from < to else { return nil }
            return (id, from, to)
        }
        return moved.sorted { a, b in
            let da = abs(a.from - a.to), db = abs(b.from - b.to)
            return da != db ? da > db : a.to < b.to
        }.prefix(limit).map { $0 }
    }
}

extension RunRecord {
    public static let thenAndNowFile = "then_and_now.csv"

    /// One row per unit, in the order of the priority list (the latest date's): rank and score at
    /// every date, and the change of rank from the first date to the last.
    public func thenAndNowCSV() -> String? {
        guard let t = thenAndNow else { return nil }
        let perDate = t.columns.flatMap { ["rank_\($0.date)", "score_\($0.date)"] }
        var w = CSVWriter(header: ["unit_id", "name", "parent_id", "parent_name"] + perDate + ["rank_change"])
        for u in result.units {
            let cells = t.columns.flatMap { c in [c.rank[u.id].map(String.init) ?? "", NumberText.full(c.score[u.id])] }
            w.appendRow([u.id.rawValue, u.name, u.parent?.rawValue ?? "", parentName(u.parent)] + cells + [t.change(u.id).map(String.init) ?? ""])
        }
        return w.text
    }

    /// "rose most: Name (120 → 8), …" and "fell most: …", for the console and the report.
    public func thenAndNowLines(limit: Int = 5) -> [String] {
        guard let t = thenAndNow, let first = t.columns.first, let last = t.columns.last else { return [] }
        let names = Dictionary(result.units.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        func list(_ rose: Bool) -> String {
            let m = t.movers(rose: rose, limit: limit)
            return m.isEmpty ? "none" : m.map { "\(names[$0.id] ?? $0.id.rawValue) \($0.id) (\($0.from) → \($0.to))" }.joined(separator: ", ")
        }
        return ["then and now, \(first.date) → \(last.date) (\(Self.thenAndNowFile)):",
                "  rose most: \(list(true))", "  fell most: \(list(false))"]
    }

    func thenAndNowSection() -> String {
        guard let t = thenAndNow, t.columns.count > 1 else { return "" }
        let lines = thenAndNowLines(limit: 10)
        var h = "<h2 id=\"then-and-now\">Then and now</h2>\n"
        h += "<p>The same rules at \(t.columns.count) reference dates (\(esc(t.columns.map(\.date.description).joined(separator: ", ")))); facts whose windows follow the date were recomputed for each. "
        h += "This report and every other output are those of the latest date; \(Self.thenAndNowFile) has every unit's rank and score at each date.</p>\n<ul>\n"
        for line in lines.dropFirst() { h += "<li>\(esc(line.trimmingCharacters(in: .whitespaces)))</li>\n" }
        return h + "</ul>\n"
    }
}
