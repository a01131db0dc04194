import Foundation
import Domain

/// The criteria tree flattened once, and the one evaluator of a unit's criteria and score: the
/// ranking and every uncertainty run call `evaluate`, so a missing-data policy, a shift or an
/// aggregation means the same thing in both. Node 0 is the score; nodes are numbered depth
/// first in declaration order (a criterion before its children); weights are indexed by node.
struct ScoreTree: Sendable {
    struct Node: Sendable {
        var name: String
        var children: [Int] = []
        var aggregation: Aggregation = .mean
        /// The indicator's column (leaf slot), for an indicator.
        var indicator: Int?
        /// The criterion's `shift` for a geometric mean (0 otherwise).
        var shift: Double = 0
        var missing: MissingPolicy = .exclude
        var location: SourceLocation?
        /// The criteria above the node, outermost first, without the score.
        var path: [String] = []
    }

    /// A child value the aggregation of `node` cannot take (geometric mean at or below −shift).
    struct OutOfDomain: Error { var node: Int; var child: Int; var value: Double }

    private(set) var nodes: [Node] = []
    /// The declared weights, by node.
    private(set) var weights: [Double] = []
    /// Criterion and indicator names (not the score) → node.
    private(set) var index: [String: Int] = [:]
    /// Indicator names → leaf slot, and back.
    private(set) var indicatorSlot: [String: Int] = [:]
    private(set) var indicatorNames: [String] = []
    /// Every child before its parent (the score, node 0, last).
    private(set) var postOrder: [Int] = []
    /// Criteria (not the score) with `missing = "parent_mean"`.
    private(set) var parentMeanNodes: [Int] = []
    /// Levels of criteria nesting (a score over indicators only: 1).
    private(set) var depth = 0

    var indicatorCount: Int { indicatorNames.count }

    /// What `evaluate` reads per node, in post-order, with no reference-counted field: copying a
    /// `Node` (name, path) for every node of every unit of every run would dominate the runs.
    private struct Step {
        var node: Int
        /// The leaf slot, or −1 for a criterion.
        var indicator: Int
        /// The node's children are `childList[firstChild ..< firstChild + childCount]`.
        var firstChild: Int
        var childCount: Int
        var aggregation: Aggregation
        var shift: Double
        var missing: MissingPolicy
    }
    private var steps: [Step] = []
    private var childList: [Int] = []
    /// Node → its step.
    private var stepOfNode: [Int] = []

    init(_ root: CriterionMethod) {
        _ = add(.criterion(root), path: [], isRoot: true)
        depth = ParentMeans.depth(root)
        parentMeanNodes = nodes.indices.filter { $0 != 0 && nodes[$0].indicator == nil && nodes[$0].missing == .parentMean }
        for n in postOrder {
            let node = nodes[n]
            steps.append(Step(node: n, indicator: node.indicator ?? -1, firstChild: childList.count, childCount: node.children.count,
                              aggregation: node.aggregation, shift: node.shift, missing: node.missing))
            childList += node.children
        }
        stepOfNode = [Int](repeating: 0, count: nodes.count)
        for (k, step) in steps.enumerated() { stepOfNode[step.node] = k }
    }

    private mutating func add(_ node: MethodNode, path: [String], isRoot: Bool = false) -> Int {
        let slot = nodes.count
        nodes.append(Node(name: node.name, path: path))
        weights.append(node.weight)
        if !isRoot { index[node.name] = slot }
        switch node {
        case .indicator(let ind):
            indicatorSlot[ind.name] = indicatorNames.count
            nodes[slot].indicator = indicatorNames.count
            nodes[slot].location = ind.location
            indicatorNames.append(ind.name)
        case .criterion(let c):
            nodes[slot].aggregation = c.aggregation
            nodes[slot].shift = c.shift
            nodes[slot].missing = c.missing
            nodes[slot].location = c.location
            let childPath = isRoot ? path : path + [c.name]
            var children: [Int] = []
            for child in c.children { children.append(add(child, path: childPath)) }
            nodes[slot].children = children
        }
        postOrder.append(slot)
        return slot
    }

    /// One unit's values, by node; reused from unit to unit so that runs allocate nothing per unit.
    struct Evaluation {
        /// After the missing-data policy (what the parent aggregates).
        var value: [Double?]
        /// From the node's own children only (before any policy): what parent means average.
        var computed: [Double?]
        /// Criteria the unit lacks that keep it out of the ranking (`exclude`, or `parent_mean`
        /// with no mean to impute), children before parents.
        var lacking: [Int] = []
        var noParentMean: [Int] = []
        /// Criteria given a value by their policy, children before parents.
        var imputed: [Int] = []

        init(nodes: Int) {
            value = [Double?](repeating: nil, count: nodes)
            computed = [Double?](repeating: nil, count: nodes)
        }
        /// The score (nil: no indicator present, or the unit lacks a criterion).
        var score: Double? { lacking.isEmpty ? value[0] : nil }
    }

    func makeEvaluation() -> Evaluation { Evaluation(nodes: nodes.count) }

    /// Fills `e` bottom-up for one unit: each criterion combines its children (`Aggregator`),
    /// then a criterion with no value takes its missing-data policy. `leaf(slot)` is the unit's
    /// normalised value of an indicator; `mean(node)` the parent mean the policy imputes.
    func evaluate(_ e: inout Evaluation, weights: [Double], rootAggregation: Aggregation? = nil,
                  leaf: (Int) -> Double?, mean: (Int) -> Double?) throws {
        e.lacking.removeAll(keepingCapacity: true)
        e.noParentMean.removeAll(keepingCapacity: true)
        e.imputed.removeAll(keepingCapacity: true)
        for step in steps {
            let n = step.node
            if step.indicator >= 0 { e.value[n] = leaf(step.indicator); e.computed[n] = e.value[n]; continue }
            let aggregation = n == 0 ? (rootAggregation ?? step.aggregation) : step.aggregation
            let v: Double?
            do {
                v = try Aggregator.combine(children: childList[step.firstChild ..< step.firstChild + step.childCount], values: e.value,
                                           weights: weights, aggregation, shift: step.shift)
            } catch let x as Aggregator.OutOfDomain { throw OutOfDomain(node: n, child: x.child, value: x.value) }
            e.computed[n] = v
            e.value[n] = v
            guard v == nil, n != 0 else { continue }
            switch step.missing {
            case .exclude: e.lacking.append(n)
            case .rescale: break
            case .value(let x): e.value[n] = x; e.imputed.append(n)
            case .parentMean:
                if let x = mean(n) { e.value[n] = x; e.imputed.append(n) }
                else { e.lacking.append(n); e.noParentMean.append(n) }
            }
        }
    }

    /// The error the ranking reports for a value out of a geometric mean's domain.
    func error(_ x: OutOfDomain, unit: UnitID) -> TargetingError {
        let node = nodes[x.node]
        return TargetingError(
            "\(x.node == 0 ? "the score" : "criterion \(node.name)"): geometric mean over \(nodes[x.child].name) = \(Value.format(x.value)) for unit \(unit)\(node.shift != 0 ? " (shift \(Value.format(node.shift)))" : ""), which is not above 0",
            at: node.location, hint: "use a scale above 0 for it, or add shift = … to the aggregation (geometric mean of value + shift, minus the shift)")
    }

    /// Each node's share of the score: the product of the mean-weight shares of the present
    /// children from the root (nil below a criterion that is not a mean, where a share is not
    /// defined), written into `share` (one slot per node, reused from unit to unit).
    func shares(_ e: Evaluation, weights: [Double], into share: inout [Double?]) {
        for n in share.indices { share[n] = nil }
        share[0] = 1
        // Nodes are numbered parent before children: a criterion's share is known when it is read.
        for n in nodes.indices {
            let step = steps[stepOfNode[n]]
            guard step.indicator < 0, step.aggregation == .mean, let s = share[n] else { continue }
            let children = childList[step.firstChild ..< step.firstChild + step.childCount]
            let total = children.reduce(0.0) { e.value[$1] == nil ? $0 : $0 + weights[$1] }
            guard total > 0 else { continue }
            for c in children where e.value[c] != nil { share[c] = s * weights[c] / total }
        }
    }
}
