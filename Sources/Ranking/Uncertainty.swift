import Foundation
import Domain

/// Re-ranks the units under weights drawn from an `uncertainty { … }` declaration. The facts and
/// the rules ran once: every run starts from the normalised indicator values of the ranking
/// (weights do not change normalisation) and redoes only the aggregation up the criteria tree
/// (`Aggregator`), the ranking (score descending, ties by unit id, as `Ranker`) and the
/// selection (`Selector`, or the top priority class when nothing is selected).
///
/// Determinism: run r draws its weights from its own stream, SplitMix64 seeded with
/// `seed &+ (r + 1) &* 0x9E3779B97F4A7C15`; one uniform per varying weight, in declaration order,
/// u = (bits >> 11 + 0.5) / 2^53, weight = the spread's quantile at u. Runs are spread over every
/// core and their results combined in run order, so the outcome does not depend on scheduling.
public enum UncertaintyAnalysis {
    /// Points of each weight's spread evaluated by the one-at-a-time sensitivity: the quantiles at
    /// (k − 0.5)/points, k = 1…points (a deterministic quadrature over the spread).
    public static let sensitivityPoints = 20
    /// Every run's rank of every unit is kept (4 bytes + 1 for selected): at most this many.
    public static let maxRunRanks = 50_000_000

    /// Refuses an analysis whose table of run ranks would not fit comfortably in memory.
    public static func checkSize(runs: Int, units: Int, at location: SourceLocation?) throws {
        // Compared by division: runs from --uncertainty can be large enough for runs × units to overflow.
        guard runs > maxRunRanks / Swift.max(units, 1) else { return }
        throw TargetingError("uncertainty: \(runs) runs × \(units) ranked units is more than the \(maxRunRanks) ranks an analysis keeps",
                             at: location, hint: "use at most \(maxRunRanks / Swift.max(units, 1)) runs (runs = … or --uncertainty N)")
    }

    public static func analyse(_ result: RankingResult, settings: UncertaintySettings) -> UncertaintyResult {
        let scenario = Scenario(result)
        let n = scenario.count
        let slots = settings.weights.map { scenario.tree.index[$0.node] ?? 0 }
        let runs = settings.runs
        let base = scenario.evaluate(weights: scenario.tree.weights)

        var ranks = [Int32](repeating: 0, count: runs * n)
        var chosen = [Bool](repeating: false, count: runs * n)
        ranks.withUnsafeMutableBufferPointer { rankBuffer in
            chosen.withUnsafeMutableBufferPointer { chosenBuffer in
                let rankOut = DisjointWrites(rankBuffer), chosenOut = DisjointWrites(chosenBuffer)
                DispatchQueue.concurrentPerform(iterations: runs) { run in
                    var rng = SplitMix64(seed: settings.seed, run: run)
                    var w = scenario.tree.weights
                    for (k, input) in settings.weights.enumerated() {
                        w[slots[k]] = input.spread.quantile(rng.uniform(), declared: input.declared)
                    }
                    let outcome = scenario.evaluate(weights: w, scoreAggregation: drawAggregation(settings, &rng))
                    for i in 0..<n {
                        rankOut.buffer[run * n + i] = Int32(outcome.ranks[i])
                        chosenOut.buffer[run * n + i] = outcome.selected[i]
                    }
                }
            }
        }

        var spreads: [UnitID: RankSpread] = [:]
        var column = [Int32](repeating: 0, count: runs)
        for i in 0..<n where runs > 0 {
            var hits = 0
            for r in 0..<runs {
                column[r] = ranks[r * n + i]
                if chosen[r * n + i] { hits += 1 }
            }
            column.sort()
            spreads[scenario.ids[i]] = RankSpread(
                p05: Int(nearestRank(column, 5)), median: Int(nearestRank(column, 50)), p95: Int(nearestRank(column, 95)),
                pSelected: scenario.selectionBasis == nil ? nil : Double(hits) / Double(runs))
        }

        let sensitivity = oneAtATime(scenario, settings: settings, slots: slots, baseRanks: base.ranks)
        return UncertaintyResult(settings: settings, selectionBasis: scenario.selectionBasis, units: spreads,
                                 sensitivity: sensitivity, sensitivityPoints: sensitivityPoints)
    }

    /// After the weights, one more uniform u picks aggregation ⌊u · k⌋ of the k alternatives.
    static func drawAggregation(_ settings: UncertaintySettings, _ rng: inout SplitMix64) -> Aggregation? {
        let options = settings.scoreAggregations
        guard !options.isEmpty else { return nil }
        return options[Swift.min(Int(rng.uniform() * Double(options.count)), options.count - 1)]
    }

    /// The nearest-rank percentile of sorted values: the value at position ⌈p/100 · N⌉ (1-based).
    static func nearestRank(_ sorted: [Int32], _ p: Int) -> Int32 {
        let position = (p * sorted.count + 99) / 100
        return sorted[Swift.max(position, 1) - 1]
    }

    /// For each varying weight alone (the others as declared): the mean and largest |rank shift|
    /// over the ranked units and the spread's quadrature points.
    static func oneAtATime(_ scenario: Scenario, settings: UncertaintySettings, slots: [Int], baseRanks: [Int]) -> [SensitivityEntry] {
        let points = sensitivityPoints, inputs = settings.weights.count, n = scenario.count
        var sums = [Int](repeating: 0, count: inputs * points), maxima = [Int](repeating: 0, count: inputs * points)
        sums.withUnsafeMutableBufferPointer { sumBuffer in
            maxima.withUnsafeMutableBufferPointer { maxBuffer in
                let sumOut = DisjointWrites(sumBuffer), maxOut = DisjointWrites(maxBuffer)
                DispatchQueue.concurrentPerform(iterations: inputs * points) { job in
                    let k = job / points, point = job % points
                    var w = scenario.tree.weights
                    let input = settings.weights[k]
                    w[slots[k]] = input.spread.quantile((Double(point) + 0.5) / Double(points), declared: input.declared)
                    let ranks = scenario.evaluate(weights: w).ranks
                    var sum = 0, largest = 0
                    for i in 0..<n {
                        let shift = abs(ranks[i] - baseRanks[i])
                        sum += shift
                        largest = Swift.max(largest, shift)
                    }
                    sumOut.buffer[job] = sum
                    maxOut.buffer[job] = largest
                }
            }
        }
        let entries = settings.weights.enumerated().map { k, input -> SensitivityEntry in
            let range = (k * points)..<((k + 1) * points)
            let total = range.reduce(0) { $0 + sums[$1] }
            return SensitivityEntry(input: "weight of \(input.node)", spread: input.spread.description,
                                    meanAbsRankShift: n == 0 ? 0 : Double(total) / Double(points * n),
                                    maxAbsRankShift: range.map { maxima[$0] }.max() ?? 0, points: points)
        }
        var all = entries
        if !settings.scoreAggregations.isEmpty {
            // Each alternative once, the weights as declared.
            var total = 0, largest = 0
            for aggregation in settings.scoreAggregations {
                let ranks = scenario.evaluate(weights: scenario.tree.weights, scoreAggregation: aggregation).ranks
                for i in 0..<n { let shift = abs(ranks[i] - baseRanks[i]); total += shift; largest = Swift.max(largest, shift) }
            }
            let k = settings.scoreAggregations.count
            all.append(SensitivityEntry(input: "aggregation of the score",
                                        spread: settings.scoreAggregations.map(\.rawValue).joined(separator: " / "),
                                        meanAbsRankShift: n == 0 ? 0 : Double(total) / Double(k * n), maxAbsRankShift: largest, points: k))
        }
        return all.sorted { a, b in a.meanAbsRankShift != b.meanAbsRankShift ? a.meanAbsRankShift > b.meanAbsRankShift : a.input < b.input }
    }
}

/// The fixed part of every run: the criteria tree with its weights, each ranked unit's normalised
/// indicator values, and the base outcomes the selector works on.
struct Scenario: Sendable {
    let tree: WeightTree
    /// Ranked units (by base rank) × indicators, row-major.
    let leaves: [Double?]
    let ids: [UnitID]
    let count: Int
    /// The ranking's units (ranked first, then the others), as the selector receives them.
    let outcomes: [UnitOutcome]
    let selection: SelectionSettings
    let classes: ClassMethod?
    let selectionBasis: String?

    init(_ result: RankingResult) {
        tree = WeightTree(result.method.score)
        let ranked = result.units.filter { $0.rank != nil }
        ids = ranked.map(\.id)
        count = ranked.count
        let k = tree.indicatorCount
        var values = [Double?](repeating: nil, count: ranked.count * k)
        for (u, unit) in ranked.enumerated() {
            for ind in unit.indicators { if let slot = tree.indicatorSlot[ind.name] { values[u * k + slot] = ind.normalised } }
        }
        leaves = values
        // What the selector reads (id, parent, rank, cost); the explanations are left out so
        // that the copies made in every run stay small.
        outcomes = result.units.map { u in
            UnitOutcome(id: u.id, name: "", parent: u.parent, eligible: u.eligible, exclusions: [], override: nil,
                        score: u.score, rank: u.rank, rankInParent: nil, priorityClass: nil, criteria: [], indicators: [],
                        drivers: [], missing: [], flags: [], cost: u.cost, selected: false, selectionReason: "")
        }
        selection = result.method.selection
        classes = result.method.classes
        if !selection.isEmpty { selectionBasis = "selected" }
        else if let first = classes?.labels.first { selectionBasis = "in the first class (\(first))" }
        else { selectionBasis = nil }
    }

    /// Ranks (1 = first; a unit without a score in this run comes after every scored one) and
    /// whether each ranked unit is selected, under the given node weights.
    func evaluate(weights: [Double], scoreAggregation: Aggregation? = nil) -> (ranks: [Int], selected: [Bool]) {
        let k = tree.indicatorCount
        let scores = tree.scores(weights: weights, units: count, rootAggregation: scoreAggregation) { u, i in leaves[u * k + i] }
        let order = (0..<count).sorted { a, b in
            switch (scores[a], scores[b]) {
            case let (x?, y?): return x != y ? x > y : ids[a] < ids[b]
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return ids[a] < ids[b]
            }
        }
        var ranks = [Int](repeating: 0, count: count)
        for (r, u) in order.enumerated() { ranks[u] = r + 1 }
        var selected = [Bool](repeating: false, count: count)
        if !selection.isEmpty {
            var units = order.map { u -> UnitOutcome in
                var o = outcomes[u]
                o.rank = scores[u] == nil ? nil : ranks[u]
                o.score = scores[u]
                o.selected = false
                return o
            }
            for o in outcomes[count...] { var o = o; o.selected = false; units.append(o) }
            _ = Selector.select(&units, settings: selection)
            for (r, u) in order.enumerated() { selected[u] = units[r].selected }
        } else if let classes, let top = classes.labels.first {
            let scored = scores.filter { $0 != nil }.count
            for u in 0..<count {
                guard let s = scores[u] else { continue }
                selected[u] = Classifier.classify(score: s, rank: ranks[u], of: scored, classes) == top
            }
        }
        return (ranks, selected)
    }
}

/// The criteria tree flattened: node 0 is the score; weights are indexed by node.
struct WeightTree: Sendable {
    struct Node: Sendable {
        var children: [Int]
        var aggregation: Aggregation
        var indicator: Int?
        /// The criterion's `shift` for a geometric mean (0 otherwise), as the ranking applies it.
        var shift: Double = 0
    }
    var nodes: [Node] = []
    var weights: [Double] = []
    var index: [String: Int] = [:]
    var indicatorSlot: [String: Int] = [:]
    var indicatorCount: Int { indicatorSlot.count }
    /// Node indices, every child before its parent (the score, node 0, last).
    var postOrder: [Int] = []

    init(_ root: CriterionMethod) {
        _ = add(.criterion(root), isRoot: true)
    }

    private mutating func add(_ node: MethodNode, isRoot: Bool = false) -> Int {
        let slot = nodes.count
        nodes.append(Node(children: [], aggregation: .mean, indicator: nil))
        weights.append(node.weight)
        if !isRoot { index[node.name] = slot }
        switch node {
        case .indicator(let ind):
            let k = indicatorSlot.count
            indicatorSlot[ind.name] = k
            nodes[slot].indicator = k
        case .criterion(let c):
            nodes[slot].aggregation = c.aggregation
            nodes[slot].shift = c.shift
            var children: [Int] = []
            for child in c.children { children.append(add(child)) }
            nodes[slot].children = children
        }
        postOrder.append(slot)
        return slot
    }

    /// Every unit's score, as `TreeEvaluation` computes it, under these node weights. Children come
    /// before their parent in `postOrder`, so one pass per unit fills `scratch` bottom-up; the
    /// weights of each criterion's children are gathered once per call, not once per unit.
    func scores(weights: [Double], units: Int, rootAggregation: Aggregation? = nil, leaf: (Int, Int) -> Double?) -> [Double?] {
        let childWeights = nodes.map { $0.children.map { weights[$0] } }
        var scratch = [Double?](repeating: nil, count: nodes.count)
        var out = [Double?](repeating: nil, count: units)
        for u in 0..<units {
            for n in postOrder {
                let node = nodes[n]
                if let k = node.indicator { scratch[n] = leaf(u, k); continue }
                let aggregation = n == 0 ? (rootAggregation ?? node.aggregation) : node.aggregation
                // Out of the geometric mean's domain cannot happen here: the ranking already
                // combined these values with the declared aggregations, and an alternative score
                // aggregation is refused at load unless every value is provably in its domain
                // (UncertaintyBuilder.checkAggregations).
                scratch[n] = (try? Aggregator.combine(node.children.map { scratch[$0] }, weights: childWeights[n], aggregation,
                                                      shift: node.shift))?.value ?? nil
            }
            out[u] = scratch[0]
        }
        return out
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): small, fast, and its streams for nearby seeds are
/// independent enough for weight draws.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64, run: Int) { state = seed &+ UInt64(run + 1) &* 0x9E3779B97F4A7C15 }
    mutating func next() -> UInt64 {
        state = state &+ 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
    /// Uniform in (0, 1), never 0 or 1.
    mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / 9007199254740992.0 }
}

/// A buffer written from concurrent iterations, each to its own slots only (run × unit, or job):
/// no two iterations touch the same element, and the buffer outlives `concurrentPerform`.
struct DisjointWrites<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}
