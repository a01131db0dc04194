import Foundation
import Domain

/// Re-ranks the units under weights, aggregations and scales drawn from an `uncertainty { … }`
/// declaration. The facts and the rules ran once: every run starts from the indicator values of
/// the ranking (transformed, then normalised once per alternative scale) and redoes the criteria
/// and score with the one evaluator the ranking uses (`ScoreTree`, missing-data policies and
/// parent means included), the ranking (score descending, ties by unit id, as `Ranker`) and the
/// selection (`Selector`, or the top priority class when nothing is selected).
///
/// Determinism: run r draws from its own stream, SplitMix64 seeded with
/// `seed &+ (r + 1) &* 0x9E3779B97F4A7C15`; one uniform per varying weight, in declaration order,
/// u = (bits >> 11 + 0.5) / 2^53, weight = the spread's quantile at u; then one uniform for the
/// score's aggregation and one for the scale, when they vary, and one per fact whose window
/// varies (its alternatives were ranked beforehand: `windowRankings`). Runs are spread over every core,
/// each writing its own slots, and combined in run order: the outcome does not depend on the
/// number of threads or on scheduling.
public enum UncertaintyAnalysis {
    /// Points of each weight's spread evaluated by the one-at-a-time sensitivity: the quantiles at
    /// (k − 0.5)/points, k = 1…points (a deterministic quadrature over the spread).
    public static let sensitivityPoints = 20
    /// Every run's rank of every unit is kept (4 bytes + 1 for selected): at most this many.
    static let maxRunRanks = 50_000_000

    /// Refuses an analysis whose table of run ranks would not fit comfortably in memory.
    public static func checkSize(runs: Int, units: Int, at location: SourceLocation?) throws {
        // Compared by division: runs from --uncertainty can be large enough for runs × units to overflow.
        guard runs > maxRunRanks / Swift.max(units, 1) else { return }
        throw TargetingError("uncertainty: \(runs) runs × \(units) ranked units is more than the \(maxRunRanks) ranks an analysis keeps",
                             at: location, hint: "use at most \(maxRunRanks / Swift.max(units, 1)) runs (runs = … or --uncertainty N)")
    }

    /// The window alternatives the runs and the one-at-a-time sensitivity use, besides the
    /// declared windows (`settings.windows`): every combination of the windows' alternatives (one index per varying
    /// window, in `settings.windows` order), and each alternative of one window with the others
    /// as declared (nil).
    public static func windowKeys(_ windows: [WindowChoice]) -> [[Int?]] {
        let counts = windows.map(\.days.count)
        guard !counts.isEmpty else { return [] }
        var keys: [[Int?]] = [[]]
        for c in counts { keys = keys.flatMap { key in (0..<c).map { key + [$0] } } }
        for (k, c) in counts.enumerated() where counts.count > 1 {
            for j in 0..<c { var key = [Int?](repeating: nil, count: counts.count); key[k] = j; keys.append(key) }
        }
        return keys
    }

    /// `windowRankings`: the ranking under each key of `windowKeys(settings.windows)` (the same rules,
    /// facts recomputed for those windows).
    public static func analyse(_ result: RankingResult, settings: UncertaintySettings,
                               windowRankings: [[Int?]: RankingResult] = [:]) throws -> UncertaintyResult {
        let scenario = try Scenario(result, scales: settings.scales, windows: settings.windows, windowRankings: windowRankings,
                                    at: settings.location)
        let n = scenario.count
        let slots = try settings.weights.map { w -> Int in
            // The rules loader resolved every name against this method: a miss is a bug, said as one.
            guard let slot = scenario.tree.index[w.node] else {
                throw TargetingError("internal: uncertainty weight \(w.node) names no node of the method", at: settings.location)
            }
            return slot
        }
        let runs = settings.runs
        let base = try scenario.evaluate(weights: scenario.tree.weights)
        let inputs = Inputs(settings)

        var ranks = [Int32](repeating: 0, count: runs * n)
        var chosen = [Bool](repeating: false, count: runs * n)
        var draws = [Double](repeating: 0, count: runs * inputs.count)
        var failures = [String?](repeating: nil, count: runs)
        ranks.withUnsafeMutableBufferPointer { rankBuffer in
            chosen.withUnsafeMutableBufferPointer { chosenBuffer in
                draws.withUnsafeMutableBufferPointer { drawBuffer in
                    failures.withUnsafeMutableBufferPointer { failureBuffer in
                        let rankOut = DisjointWrites(rankBuffer), chosenOut = DisjointWrites(chosenBuffer)
                        let drawOut = DisjointWrites(drawBuffer), failureOut = DisjointWrites(failureBuffer)
                        DispatchQueue.concurrentPerform(iterations: runs) { run in
                            var rng = SplitMix64(seed: settings.seed, run: run)
                            var w = scenario.tree.weights
                            for (k, input) in settings.weights.enumerated() {
                                let u = rng.uniform()
                                drawOut.buffer[run * inputs.count + k] = u
                                w[slots[k]] = input.spread.quantile(u, declared: input.declared)
                            }
                            let aggregation = draw(settings.scoreAggregations.count, &rng)
                            let scale = draw(settings.scales.count, &rng)
                            if let a = aggregation { drawOut.buffer[run * inputs.count + inputs.aggregation] = Double(a) }
                            if let s = scale { drawOut.buffer[run * inputs.count + inputs.scale] = Double(s) }
                            var windowKey: [Int?] = []
                            for (k, choice) in settings.windows.enumerated() {
                                let j = draw(choice.days.count, &rng) ?? 0
                                drawOut.buffer[run * inputs.count + inputs.windows[k]] = Double(j)
                                windowKey.append(j)
                            }
                            do {
                                let outcome = try scenario.evaluate(weights: w, scoreAggregation: aggregation.map { settings.scoreAggregations[$0] },
                                                                    scale: scale.map { $0 + 1 } ?? 0, window: scenario.window(windowKey))
                                for i in 0..<n {
                                    rankOut.buffer[run * n + i] = Int32(outcome.ranks[i])
                                    chosenOut.buffer[run * n + i] = outcome.selected[i]
                                }
                            } catch {
                                failureOut.buffer[run] = "\(error)"
                            }
                        }
                    }
                }
            }
        }
        if let (run, message) = failures.enumerated().first(where: { $0.element != nil }) {
            throw TargetingError("uncertainty run \(run + 1): \(message ?? "")", at: settings.location)
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

        var sensitivity = try oneAtATime(scenario, settings: settings, slots: slots, baseRanks: base.ranks)
        let firstOrder = FirstOrderIndex.estimate(ranks: ranks, units: n, runs: runs, draws: draws, inputs: inputs)
        for k in sensitivity.indices { sensitivity[k].firstOrder = firstOrder[sensitivity[k].input] ?? nil }
        sensitivity.sort { a, b in a.meanAbsRankShift != b.meanAbsRankShift ? a.meanAbsRankShift > b.meanAbsRankShift : a.input < b.input }
        return UncertaintyResult(settings: settings, selectionBasis: scenario.selectionBasis, units: spreads,
                                 sensitivity: sensitivity, sensitivityPoints: sensitivityPoints)
    }

    /// One more uniform u picks alternative ⌊u · k⌋ of k (nil when nothing is drawn).
    static func draw(_ k: Int, _ rng: inout SplitMix64) -> Int? {
        guard k > 0 else { return nil }
        return Swift.min(Int(rng.uniform() * Double(k)), k - 1)
    }

    /// The nearest-rank percentile of sorted values: the value at position ⌈p/100 · N⌉ (1-based).
    static func nearestRank(_ sorted: [Int32], _ p: Int) -> Int32 {
        let position = (p * sorted.count + 99) / 100
        return sorted[Swift.max(position, 1) - 1]
    }

    static func shifts(_ ranks: [Int], _ base: [Int]) -> (sum: Int, largest: Int) {
        var sum = 0, largest = 0
        for i in ranks.indices { let shift = abs(ranks[i] - base[i]); sum += shift; largest = Swift.max(largest, shift) }
        return (sum, largest)
    }

    /// For each varying weight alone (the others as declared): the mean and largest |rank shift|
    /// over the ranked units and the spread's quadrature points; each alternative aggregation or
    /// scale once, everything else as declared.
    static func oneAtATime(_ scenario: Scenario, settings: UncertaintySettings, slots: [Int], baseRanks: [Int]) throws -> [SensitivityEntry] {
        let points = sensitivityPoints, inputs = settings.weights.count, n = scenario.count
        var sums = [Int](repeating: 0, count: inputs * points), maxima = [Int](repeating: 0, count: inputs * points)
        var failures = [String?](repeating: nil, count: inputs * points)
        sums.withUnsafeMutableBufferPointer { sumBuffer in
            maxima.withUnsafeMutableBufferPointer { maxBuffer in
                failures.withUnsafeMutableBufferPointer { failureBuffer in
                    let sumOut = DisjointWrites(sumBuffer), maxOut = DisjointWrites(maxBuffer), failureOut = DisjointWrites(failureBuffer)
                    DispatchQueue.concurrentPerform(iterations: inputs * points) { job in
                        let k = job / points, point = job % points
                        var w = scenario.tree.weights
                        let input = settings.weights[k]
                        w[slots[k]] = input.spread.quantile((Double(point) + 0.5) / Double(points), declared: input.declared)
                        do {
                            let s = shifts(try scenario.evaluate(weights: w).ranks, baseRanks)
                            sumOut.buffer[job] = s.sum
                            maxOut.buffer[job] = s.largest
                        } catch { failureOut.buffer[job] = "\(error)" }
                    }
                }
            }
        }
        if let message = failures.first(where: { $0 != nil }) {
            throw TargetingError("uncertainty sensitivity: \(message ?? "")", at: settings.location)
        }
        var all = settings.weights.enumerated().map { k, input -> SensitivityEntry in
            let range = (k * points)..<((k + 1) * points)
            let total = range.reduce(0) { $0 + sums[$1] }
            return SensitivityEntry(input: Inputs.weightName(input.node), spread: input.spread.description,
                                    meanAbsRankShift: n == 0 ? 0 : Double(total) / Double(points * n),
                                    maxAbsRankShift: range.map { maxima[$0] }.max() ?? 0, points: points)
        }
        func alternatives(_ name: String, _ labels: [String], spread: String? = nil, _ evaluate: (Int) throws -> [Int]) rethrows {
            guard !labels.isEmpty else { return }
            var total = 0, largest = 0
            for k in labels.indices { let s = shifts(try evaluate(k), baseRanks); total += s.sum; largest = Swift.max(largest, s.largest) }
            all.append(SensitivityEntry(input: name, spread: spread ?? labels.joined(separator: " / "),
                                        meanAbsRankShift: n == 0 ? 0 : Double(total) / Double(labels.count * n),
                                        maxAbsRankShift: largest, points: labels.count))
        }
        try alternatives(Inputs.aggregationName, settings.scoreAggregations.map(\.rawValue)) {
            try scenario.evaluate(weights: scenario.tree.weights, scoreAggregation: settings.scoreAggregations[$0]).ranks
        }
        try alternatives(Inputs.scaleName, settings.scales.map(\.name)) {
            try scenario.evaluate(weights: scenario.tree.weights, scale: $0 + 1).ranks
        }
        for (k, choice) in settings.windows.enumerated() {
            try alternatives(Inputs.windowName(choice.fact), choice.days.map { "\($0) days" }, spread: choice.spreadText) { j in
                var key = [Int?](repeating: nil, count: settings.windows.count)
                key[k] = j
                return try scenario.evaluate(weights: scenario.tree.weights, window: scenario.window(key)).ranks
            }
        }
        return all
    }
}

/// The inputs drawn in every run, in draw order: the weights, then the score's aggregation and
/// the scale when they vary; their names as `sensitivity.csv` gives them.
struct Inputs {
    static let aggregationName = "aggregation of the score"
    static let scaleName = "scale of the indicators"
    static func weightName(_ node: String) -> String { "weight of \(node)" }
    static func windowName(_ fact: String) -> String { "window of \(fact)" }

    var names: [String]
    /// Inputs drawn from a list of alternatives (the draw is the alternative's index, not a u).
    var discrete: Set<Int> = []
    var aggregation = -1, scale = -1
    var windows: [Int] = []
    var count: Int { names.count }

    init(_ s: UncertaintySettings) {
        names = s.weights.map { Self.weightName($0.node) }
        if !s.scoreAggregations.isEmpty { aggregation = names.count; discrete.insert(names.count); names.append(Self.aggregationName) }
        if !s.scales.isEmpty { scale = names.count; discrete.insert(names.count); names.append(Self.scaleName) }
        for w in s.windows { windows.append(names.count); discrete.insert(names.count); names.append(Self.windowName(w.fact)) }
    }
}

/// The fixed part of every run: the criteria tree with its weights, the normalised indicator
/// values of every eligible unit (once per window alternative and scale: the declared one, then
/// each alternative), and the base outcomes the selector works on.
struct Scenario: Sendable {
    let tree: ScoreTree
    /// Eligible units, by unit id: the pool parent means are taken over (as the ranking does).
    let poolIDs: [UnitID]
    let poolGroup: [Int]
    let groups: Int
    /// Per window alternative (0: declared) and scale (0: declared), at window × scales + scale:
    /// pool members × indicators, row-major.
    let leaves: [[Double?]]
    let scaleCount: Int
    /// Window key (one alternative per varying window; nil: declared) → window alternative.
    let windowIndex: [[Int?]: Int]
    /// Ranked units, by base rank: their pool member, id.
    let member: [Int]
    let ids: [UnitID]
    let count: Int
    /// The ranking's units (ranked first, then the others), as the selector receives them.
    let outcomes: [UnitOutcome]
    let selection: SelectionSettings
    let classes: ClassMethod?
    let selectionBasis: String?

    init(_ result: RankingResult, scales: [ScaleChoice] = [], windows: [WindowChoice] = [],
         windowRankings: [[Int?]: RankingResult] = [:], at location: SourceLocation? = nil) throws {
        tree = ScoreTree(result.method.score)
        let pool = result.units.filter(\.eligible).sorted { $0.id < $1.id }
        poolIDs = pool.map(\.id)
        let parentGroups = ParentGroups(pool.map(\.parent))
        poolGroup = parentGroups.group
        groups = parentGroups.count
        let memberOf = Dictionary(uniqueKeysWithValues: pool.enumerated().map { ($1.id, $0) })
        let ranked = result.units.filter { $0.rank != nil }
        member = ranked.map { memberOf[$0.id] ?? 0 }
        ids = ranked.map(\.id)
        count = ranked.count
        let keys = UncertaintyAnalysis.windowKeys(windows)
        var all = Self.leaves(result, pool: pool, tree: tree, scales: scales)
        var index: [[Int?]: Int] = [[Int?](repeating: nil, count: windows.count): 0]
        for key in keys {
            guard let alternative = windowRankings[key] else {
                throw TargetingError("internal: no ranking for the window alternative \(key)", at: location)
            }
            let label = zip(windows, key).compactMap { w, j in j.map { "\(w.fact) over \(w.days[$0]) days" } }.joined(separator: ", ")
            let units = Dictionary(alternative.units.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let eligible = alternative.units.filter(\.eligible)
            // Runs compare ranks among the same units: a window that lets a gate or an exclusion
            // keep a different set out would make ranks of different lists look comparable.
            if let changed = pool.first(where: { units[$0.id]?.eligible != true }) ?? eligible.first(where: { memberOf[$0.id] == nil }) {
                let inDeclared = memberOf[changed.id] != nil
                throw TargetingError("uncertainty: with \(label), unit \(changed.id) is \(inDeclared ? "not ranked" : "ranked") (\(units[changed.id].map { Self.exclusionText($0) } ?? "no value")), where the declared windows \(inDeclared ? "rank it" : "keep it out"): runs that rank different units cannot be compared",
                                     at: location, hint: "keep gates and exclusions off the facts whose window varies, or leave that fact out of windows")
            }
            all += Self.leaves(alternative, pool: pool.map { units[$0.id] ?? $0 }, tree: tree, scales: scales)
            index[key] = all.count / (scales.count + 1) - 1
        }
        leaves = all
        scaleCount = scales.count + 1
        windowIndex = index
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

    /// Per scale (the declared one, then each alternative): the pool's normalised indicator values.
    static func leaves(_ result: RankingResult, pool: [UnitOutcome], tree: ScoreTree, scales: [ScaleChoice]) -> [[Double?]] {
        let k = tree.indicatorCount
        var declared = [Double?](repeating: nil, count: pool.count * k)
        for (u, unit) in pool.enumerated() {
            for ind in unit.indicators { if let slot = tree.indicatorSlot[ind.name] { declared[u * k + slot] = ind.normalised } }
        }
        var all = [declared]
        let indicators = result.method.score.indicators
        for choice in scales {
            var values = declared
            for ind in indicators {
                guard let method = choice.normalisations[ind.name], let slot = tree.indicatorSlot[ind.name] else { continue }
                let column = pool.map { unit in unit.indicator(named: ind.name)?.transformed }
                for (u, v) in Normaliser.normalise(column, method, direction: ind.direction).enumerated() { values[u * k + slot] = v }
            }
            all.append(values)
        }
        return all
    }

    static func exclusionText(_ u: UnitOutcome) -> String {
        u.eligible ? "eligible" : u.exclusions.isEmpty ? "excluded" : u.exclusions.joined(separator: "; ")
    }

    /// The window alternative of a key (0, the declared windows, for an empty key).
    func window(_ key: [Int?]) -> Int { key.isEmpty ? 0 : windowIndex[key] ?? 0 }

    /// Every ranked unit's score under these weights, aggregation of the score and scale, by the
    /// one evaluator the ranking uses (parent means recomputed under the same weights).
    func scores(weights: [Double], scoreAggregation: Aggregation? = nil, scale: Int = 0, window: Int = 0) throws -> [Double?] {
        let k = tree.indicatorCount, values = leaves[window * scaleCount + scale]
        let means = try ParentMeans.compute(tree, weights: weights, group: poolGroup, groups: groups,
                                            leaf: { values[$0 * k + $1] }, failed: { tree.error($1, unit: poolIDs[$0]) })
        var e = tree.makeEvaluation()
        var out = [Double?](repeating: nil, count: count)
        for u in 0..<count {
            let m = member[u]
            do {
                try tree.evaluate(&e, weights: weights, rootAggregation: scoreAggregation, leaf: { values[m * k + $0] },
                                  mean: { means.value(node: $0, group: poolGroup[m]) })
            } catch let x as ScoreTree.OutOfDomain { throw tree.error(x, unit: ids[u]) }
            out[u] = e.score
        }
        return out
    }

    /// Ranks (1 = first; a unit without a score in this run comes after every scored one) and
    /// whether each ranked unit is selected.
    func evaluate(weights: [Double], scoreAggregation: Aggregation? = nil, scale: Int = 0, window: Int = 0) throws -> (ranks: [Int], selected: [Bool]) {
        let scores = try scores(weights: weights, scoreAggregation: scoreAggregation, scale: scale, window: window)
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
