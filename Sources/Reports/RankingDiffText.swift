import Domain
import Outputs

/// The comparison as the console summary (method changes first) and as diff.csv.
extension RankingDiff {
    /// "conflict 3.33 → 5.00" for a criterion or indicator whose share of the score changed.
    static func shiftText(_ s: Shift) -> String {
        let share = "\(s.name) \(NumberText.fixed(s.contributionA)) → \(NumberText.fixed(s.contributionB))"
        if !CauseContext.differ(s.valueA, s.valueB) {
            return share + " (value \(NumberText.fixed(s.valueA)) unchanged)"
        }
        return share + " (value \(NumberText.fixed(s.valueA)) → \(NumberText.fixed(s.valueB)))"
    }

    public func text(labelA: String, labelB: String) -> String {
        var s = "A: \(labelA)\nB: \(labelB)\n"
        s += "\nmethod changes (\(methodChanges.count))\n"
        if methodChanges.isEmpty {
            s += sameInputs ? "  none: the two scripts declare the same method\n" : "  none: the same method on two projects (their data differ)\n"
        }
        for c in methodChanges { s += "  \(c.text)\n" }
        s += "\nthe list compared: A \(listName(usesSelection.a)), B \(listName(usesSelection.b))\n"
        for kind in [Kind.entered, .left, .moved] {
            let group = changes.filter { $0.kind == kind }
            s += "\n\(kind.rawValue) (\(group.count))\n"
            for c in group {
                let ra = c.rankA.map(String.init) ?? "–", rb = c.rankB.map(String.init) ?? "–"
                s += "  \(pad(c.id.rawValue, 11)) \(pad(c.name, 26)) rank \(pad(ra, 4, right: true)) → \(pad(rb, 4))"
                    + " score \(NumberText.fixed(c.scoreA)) → \(NumberText.fixed(c.scoreB))\n"
                if !c.criteriaMoved.isEmpty { s += "      moved by: " + c.criteriaMoved.prefix(3).map(Self.shiftText).joined(separator: "; ") + "\n" }
                for cause in c.causes { s += "      because: \(cause)\n" }
            }
        }
        let same = changes.filter { $0.kind == .same }
        let rescored = same.filter { CauseContext.differ($0.scoreA, $0.scoreB) }.count
        s += "\nunchanged in the list: \(same.count)" + (rescored > 0 ? " (\(rescored) of them with another score)\n" : "\n")
        return s
    }

    func listName(_ selects: Bool) -> String { selects ? "units selected" : "top \(top) ranks" }

    public func csv() -> String {
        let columns = criterionNames
        var w = CSVWriter(header: ["unit_id", "unit_name", "change", "rank_a", "rank_b", "score_a", "score_b", "status_a", "status_b",
                                   "criteria_moved", "indicators_moved", "causes"]
                          + columns.flatMap { ["\($0)_contribution_a", "\($0)_contribution_b"] })
        for c in changes {
            let byName = Dictionary(c.criteria.map { ($0.name, $0) }, uniquingKeysWith: { x, _ in x })
            let ranks = [c.rankA.map(String.init) ?? "", c.rankB.map(String.init) ?? ""]
            let scores = [NumberText.full(c.scoreA), NumberText.full(c.scoreB)]
            let explained: [String] = [c.statusA, c.statusB,
                                       c.criteriaMoved.map(Self.shiftText).joined(separator: "; "),
                                       c.indicatorsMoved.map(Self.shiftText).joined(separator: "; "),
                                       c.causes.map(\.description).joined(separator: "; ")]
            var contributions: [String] = []
            for name in columns {
                contributions.append(NumberText.full(byName[name]?.contributionA))
                contributions.append(NumberText.full(byName[name]?.contributionB))
            }
            let row: [String] = [c.id.rawValue, c.name, c.kind.rawValue] + ranks + scores + explained + contributions
            w.appendRow(row)
        }
        return w.text
    }

    func pad(_ s: String, _ n: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, n - s.count))
        return right ? fill + s : s + fill
    }
}
