import Domain

/// Two rankings of the same units compared: the method changes first, then each unit that
/// entered, left or moved in the list, with its score on both sides, the criteria and indicators
/// whose share of the score changed, and the cause named (a method change, a gate or exclusion,
/// a selection rule, the rescaling of values over a different set of units ranked).
///
/// "The list" of a side is its selection when that side selects (a `select` in the script, or
/// --top/--per-parent/--budget), else its first `top` ranks.
public struct RankingDiff: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case entered, left, moved, same }

    /// A criterion or indicator whose share of a unit's score differs between the two sides.
    public struct Shift: Sendable, Equatable {
        public var name: String
        /// Criterion value / indicator normalised value, A and B.
        public var valueA: Double?, valueB: Double?
        /// Share of the score (value × weight shares up the tree), A and B.
        public var contributionA: Double?, contributionB: Double?
        public var delta: Double { (contributionB ?? 0) - (contributionA ?? 0) }
        /// Its share of the score or its value differs (beyond rounding).
        public var changed: Bool {
            CauseContext.differ(contributionA, contributionB) || CauseContext.differ(valueA, valueB)
        }
    }

    public struct UnitChange: Sendable {
        public var id: UnitID
        public var name: String
        public var kind: Kind
        public var rankA: Int?, rankB: Int?
        public var scoreA: Double?, scoreB: Double?
        /// Where the unit stands on each side: "rank 3", "not ranked: gate x: …", "not selected: over budget …".
        public var statusA: String, statusB: String
        /// Every criterion / indicator, the largest change of share first.
        public var criteria: [Shift]
        public var indicators: [Shift]
        /// Only for a unit scored on both sides: one not scored has no share to compare (its
        /// status says why).
        public var criteriaMoved: [Shift] { scoredOnBothSides ? criteria.filter(\.changed) : [] }
        public var indicatorsMoved: [Shift] { scoredOnBothSides ? indicators.filter(\.changed) : [] }
        public var scoredOnBothSides: Bool { scoreA != nil && scoreB != nil }
        /// Why it changed, most direct first.
        public var causes: [Cause]
    }

    public var methodChanges: [MethodChange]
    public var changes: [UnitChange]
    public var usesSelection: (a: Bool, b: Bool)
    public var top: Int
    /// Both rankings read the same project.
    public var sameInputs: Bool
    /// Criteria of A then those only B has, in declaration order (the contribution columns of diff.csv).
    public var criterionNames: [String]

    /// Differences below this are rounding, not a change (scores are on scales of 0–10 or so).
    static let tolerance = 1e-9

    /// - Parameters:
    ///   - sameInputs: both rankings read the same project (else values may differ by the data).
    ///   - code: the two scripts' texts, to tell whether a rule function changed.
    public init(a: RankingResult, b: RankingResult, top: Int, sameInputs: Bool = true,
                code: RuleFunctionCode = RuleFunctionCode(scriptA: nil, scriptB: nil)) {
        self.top = top
        self.sameInputs = sameInputs
        methodChanges = MethodChanges.compare(a.method, b.method, code: code)
        let namesA = a.method.score.criteria.map(\.name)
        criterionNames = namesA + b.method.score.criteria.map(\.name).filter { !namesA.contains($0) }
        usesSelection = (!a.method.selection.isEmpty, !b.method.selection.isEmpty)
        let sides = (a: Ranked(a, top: top), b: Ranked(b, top: top))
        let context = CauseContext(changes: methodChanges, methodA: a.method, methodB: b.method,
                                   rankedA: a.units.filter { $0.rank != nil }.count,
                                   rankedB: b.units.filter { $0.rank != nil }.count, sameInputs: sameInputs)
        var found: [UnitChange] = []
        for id in sides.a.list.union(sides.b.list).sorted() {
            let x = sides.a.units[id], y = sides.b.units[id]
            let kind: Kind
            switch (sides.a.list.contains(id), sides.b.list.contains(id)) {
            case (false, true): kind = .entered
            case (true, false): kind = .left
            default: kind = x?.rank == y?.rank ? .same : .moved
            }
            found.append(Self.explain(id: id, x: x, y: y, kind: kind, sides: sides, context: context))
        }
        let order: [Kind: Int] = [.entered: 0, .left: 1, .moved: 2, .same: 3]
        changes = found.sorted {
            (order[$0.kind]!, $0.rankB ?? .max, $0.rankA ?? .max, $0.id) < (order[$1.kind]!, $1.rankB ?? .max, $1.rankA ?? .max, $1.id)
        }
    }

    /// One side's units by id and the ids in its list.
    struct Ranked {
        var units: [UnitID: UnitOutcome]
        var list: Set<UnitID>
        var selects: Bool
        var top: Int
        init(_ r: RankingResult, top: Int) {
            units = Dictionary(r.units.map { ($0.id, $0) }, uniquingKeysWith: { x, _ in x })
            let selects = !r.method.selection.isEmpty
            self.selects = selects
            self.top = top
            list = Set(r.units.filter { selects ? $0.selected : ($0.rank ?? .max) <= top }.map(\.id))
        }
        func status(_ u: UnitOutcome?) -> String {
            guard let u else { return "not in this project" }
            guard let rank = u.rank else { return "not ranked: " + u.exclusions.joined(separator: "; ") }
            if selects { return u.selected ? "rank \(rank), selected: \(u.selectionReason)" : "rank \(rank), \(u.selectionReason)" }
            return rank <= top ? "rank \(rank)" : "rank \(rank), below the top \(top)"
        }
    }

    static func explain(id: UnitID, x: UnitOutcome?, y: UnitOutcome?, kind: Kind, sides: (a: Ranked, b: Ranked),
                        context: CauseContext) -> UnitChange {
        let criteria = shifts(x?.criteria.map { ($0.name, $0.value, $0.contribution) } ?? [],
                              y?.criteria.map { ($0.name, $0.value, $0.contribution) } ?? [])
        let indicators = shifts(x?.indicators.map { ($0.name, $0.normalised, $0.contribution) } ?? [],
                                y?.indicators.map { ($0.name, $0.normalised, $0.contribution) } ?? [])
        var causes: [Cause] = []
        // Out of the list on one side: why, in that side's own words.
        if kind == .entered { causes.append(.outOfTheList(.a, status: sides.a.status(x))) }
        if kind == .left { causes.append(.outOfTheList(.b, status: sides.b.status(y))) }
        if x?.rank != nil && y?.rank != nil {
            let scoreMoved = abs((y?.score ?? 0) - (x?.score ?? 0)) > tolerance
            if scoreMoved {
                for s in criteria where s.changed {
                    causes += context.causes(criterion: s, indicators: indicators)
                }
            } else if x?.rank != y?.rank, let x, let y {
                causes.append(context.neighbours(id: id, x: x, y: y, a: sides.a, b: sides.b))
            }
        }
        // Two method changes can read the same (a weight met on both paths): said once.
        var unique: [Cause] = []
        for c in causes where !unique.contains(where: { $0.description == c.description }) { unique.append(c) }
        return UnitChange(id: id, name: y?.name ?? x?.name ?? id.rawValue, kind: kind, rankA: x?.rank, rankB: y?.rank,
                          scoreA: x?.score, scoreB: y?.score, statusA: sides.a.status(x), statusB: sides.b.status(y),
                          criteria: criteria.sorted(by: largerChange), indicators: indicators.sorted(by: largerChange),
                          causes: unique)
    }

    /// Larger change of share first; equal ones by name.
    static func largerChange(_ x: Shift, _ y: Shift) -> Bool {
        abs(x.delta) != abs(y.delta) ? abs(x.delta) > abs(y.delta) : x.name < y.name
    }

    /// Pairs up named values of both sides (A's order, then names only B has).
    static func shifts(_ a: [(String, Double?, Double?)], _ b: [(String, Double?, Double?)]) -> [Shift] {
        let byName = Dictionary(b.map { ($0.0, $0) }, uniquingKeysWith: { x, _ in x })
        let namesA = Set(a.map(\.0))
        return a.map { x in Shift(name: x.0, valueA: x.1, valueB: byName[x.0]?.1, contributionA: x.2, contributionB: byName[x.0]?.2) }
            + b.filter { !namesA.contains($0.0) }.map { Shift(name: $0.0, valueA: nil, valueB: $0.1, contributionA: nil, contributionB: $0.2) }
    }
}
