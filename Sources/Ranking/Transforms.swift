import Foundation
import Domain

/// Applies an indicator's transforms, in declaration order, to one column of values (one per
/// ranked unit, nil = missing). Per-value transforms need no other unit; winsorising clips to
/// percentiles of the column as it stands at that step.
enum Transforms {
    static func apply(_ transforms: [IndicatorTransform], to column: [Double?], indicator: String,
                      ids: [UnitID]) throws -> [Double?] {
        var values = column
        for t in transforms {
            switch t {
            case .log1p:
                try mapChecked(&values, indicator: indicator, ids: ids, what: "log(1+x)") { $0 > -1 ? Foundation.log1p($0) : nil }
            case .sqrt:
                try mapChecked(&values, indicator: indicator, ids: ids, what: "sqrt(x)") { $0 >= 0 ? $0.squareRoot() : nil }
            case .cap(let c):
                values = values.map { $0.map { Swift.min($0, c) } }
            case .floor(let f):
                values = values.map { $0.map { Swift.max($0, f) } }
            case .winsorise(let lower, let upper):
                let present = values.compactMap { $0 }.sorted()
                guard !present.isEmpty else { continue }
                let lo = Statistics.percentile(present, lower), hi = Statistics.percentile(present, upper)
                values = values.map { $0.map { Swift.min(Swift.max($0, lo), hi) } }
            }
        }
        return values
    }

    /// nil from `f` means the transform is undefined for that value: an error naming the unit.
    /// In place: a column is not copied for each transform.
    private static func mapChecked(_ values: inout [Double?], indicator: String, ids: [UnitID], what: String,
                                   _ f: (Double) -> Double?) throws {
        for i in values.indices {
            guard let x = values[i] else { continue }
            guard let y = f(x) else {
                throw TargetingError("indicator \(indicator): \(what) is undefined for \(Value.format(x)) (unit \(ids[i]))",
                                     hint: "cap or floor the value first, or choose another transform")
            }
            values[i] = y
        }
    }
}

enum Statistics {
    /// Linear interpolation between closest ranks (R type 7) on sorted values, p in 0…1.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard sorted.count > 1 else { return sorted.first ?? 0 }
        let h = Double(sorted.count - 1) * Swift.min(Swift.max(p, 0), 1)
        let lo = Int(h.rounded(.down)), hi = Swift.min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}
