import Foundation
import Domain

/// Combines the values of a criterion's children over those that are not missing; all missing
/// gives missing. Allocates nothing: it runs for every criterion of every unit in every
/// uncertainty run. (Each present child's share of a mean, for contributions: `ScoreTree.shares`.)
enum Aggregator {
    /// A child value the aggregation cannot take (geometric mean over a value at or below −shift).
    struct OutOfDomain: Error { var child: Int; var value: Double }

    static func combine(_ values: [Double?], weights: [Double], _ aggregation: Aggregation, shift: Double = 0) throws -> Double? {
        try combine(children: ArraySlice(values.indices), values: values, weights: weights, aggregation, shift: shift)
    }

    /// The same over the `children` of a node, whose values and weights are read at their index
    /// in `values` and `weights` (by node, in the evaluator); `OutOfDomain.child` is that index.
    /// Reading in place builds no list per node and unit.
    static func combine(children: ArraySlice<Int>, values: [Double?], weights: [Double], _ aggregation: Aggregation,
                        shift: Double = 0) throws -> Double? {
        var totalWeight = 0.0, present = false
        for c in children where values[c] != nil { totalWeight += weights[c]; present = true }
        guard present else { return nil }
        switch aggregation {
        case .mean:
            guard totalWeight > 0 else { return nil }
            var sum = 0.0
            for c in children { if let v = values[c] { sum += weights[c] / totalWeight * v } }
            return sum
        case .geometric:
            guard totalWeight > 0 else { return nil }
            // Never read a value at or below 0 as "the criterion is 0": the method check refuses
            // scales that allow it, and a value that still gets there (scale = "none") is an error.
            var logSum = 0.0
            for c in children {
                guard let v = values[c] else { continue }
                guard v + shift > 0 else { throw OutOfDomain(child: c, value: v) }
                logSum += weights[c] * Foundation.log(v + shift)
            }
            return Foundation.exp(logSum / totalWeight) - shift
        case .minimum, .maximum:
            var best: Double?
            for c in children {
                guard let v = values[c] else { continue }
                if let b = best { best = aggregation == .minimum ? Swift.min(b, v) : Swift.max(b, v) } else { best = v }
            }
            return best
        }
    }
}
