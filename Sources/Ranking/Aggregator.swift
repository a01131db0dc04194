import Foundation
import Domain

/// Combines the values of a criterion's children over those that are not missing; all missing
/// gives missing. Returns each present child's weight share too, for contributions (mean only).
enum Aggregator {
    /// A child value the aggregation cannot take (geometric mean over a value at or below −shift).
    struct OutOfDomain: Error { var child: Int; var value: Double }

    static func combine(_ values: [Double?], weights: [Double], _ aggregation: Aggregation,
                        shift: Double = 0) throws -> (value: Double?, shares: [Double?]) {
        let present = values.indices.filter { values[$0] != nil }
        guard !present.isEmpty else { return (nil, values.map { _ in nil }) }
        let totalWeight = present.reduce(0) { $0 + weights[$1] }
        switch aggregation {
        case .mean:
            guard totalWeight > 0 else { return (nil, values.map { _ in nil }) }
            var sum = 0.0
            var shares: [Double?] = values.map { _ in nil }
            for i in present {
                let share = weights[i] / totalWeight
                shares[i] = share
                sum += share * (values[i] ?? 0)
            }
            return (sum, shares)
        case .geometric:
            guard totalWeight > 0 else { return (nil, values.map { _ in nil }) }
            // Never read a value at or below 0 as "the criterion is 0": the method check refuses
            // scales that allow it, and a value that still gets there (scale = "none") is an error.
            if let i = present.first(where: { (values[$0] ?? 0) + shift <= 0 }) { throw OutOfDomain(child: i, value: values[i] ?? 0) }
            let logSum = present.reduce(0.0) { $0 + weights[$1] * Foundation.log((values[$1] ?? 0) + shift) }
            return (Foundation.exp(logSum / totalWeight) - shift, values.map { _ in nil })
        case .minimum:
            return (present.compactMap { values[$0] }.min(), values.map { _ in nil })
        case .maximum:
            return (present.compactMap { values[$0] }.max(), values.map { _ in nil })
        }
    }
}
