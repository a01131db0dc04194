import Foundation
import Domain

/// Combines the values of a criterion's children over those that are not missing; all missing
/// gives missing. Allocates nothing: it runs for every criterion of every unit in every
/// uncertainty run. (Each present child's share of a mean, for contributions: `ScoreTree.shares`.)
enum Aggregator {
    /// A child value the aggregation cannot take (geometric mean over a value at or below −shift).
    struct OutOfDomain: Error { var child: Int; var value: Double }

    static func combine(_ values: [Double?], weights: [Double], _ aggregation: Aggregation, shift: Double = 0) throws -> Double? {
        var totalWeight = 0.0, present = false
        for i in values.indices where values[i] != nil { totalWeight += weights[i]; present = true }
        guard present else { return nil }
        switch aggregation {
        case .mean:
            guard totalWeight > 0 else { return nil }
            var sum = 0.0
            for i in values.indices { if let v = values[i] { sum += weights[i] / totalWeight * v } }
            return sum
        case .geometric:
            guard totalWeight > 0 else { return nil }
            // Never read a value at or below 0 as "the criterion is 0": the method check refuses
            // scales that allow it, and a value that still gets there (scale = "none") is an error.
            var logSum = 0.0
            for i in values.indices {
                guard let v = values[i] else { continue }
                guard v + shift > 0 else { throw OutOfDomain(child: i, value: v) }
                logSum += weights[i] * Foundation.log(v + shift)
            }
            return Foundation.exp(logSum / totalWeight) - shift
        case .minimum, .maximum:
            var best: Double?
            for case let v? in values {
                if let b = best { best = aggregation == .minimum ? Swift.min(b, v) : Swift.max(b, v) } else { best = v }
            }
            return best
        }
    }
}
