import Domain

/// Puts one column of transformed values on a common scale across the ranked units, then applies
/// the indicator's direction. Missing values stay missing.
enum Normaliser {
    /// The numbers `normalise` takes from a column (see `NormalisationBounds`); the one place
    /// they are computed, so the reports show exactly what the scaling used.
    static func bounds(_ column: [Double?], _ method: Normalisation, indicator: String) -> NormalisationBounds {
        var b = NormalisationBounds(indicator: indicator, count: 0)
        switch method {
        case .minMax:
            // One pass, comparing as `min()` and `max()` do (the first value, then each one that is below / above).
            for case let x? in column {
                b.count += 1
                if let m = b.min { if x < m { b.min = x } } else { b.min = x }
                if let m = b.max { if m < x { b.max = x } } else { b.max = x }
            }
        case .goalposts(let lo, let hi, _):
            b.count = column.reduce(0) { $1 == nil ? $0 : $0 + 1 }
            b.min = lo; b.max = hi
        case .zScore:
            let present = column.compactMap { $0 }
            b.count = present.count
            guard !present.isEmpty else { break }
            let n = Double(present.count)
            let mean = present.reduce(0, +) / n
            b.mean = mean
            b.sd = (present.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
        case .percentile, .thresholds, .identity:
            b.count = column.reduce(0) { $1 == nil ? $0 : $0 + 1 }
        }
        return b
    }

    static func normalise(_ column: [Double?], _ method: Normalisation, direction: Direction) -> [Double?] {
        normalise(column, method, direction: direction, bounds: bounds(column, method, indicator: ""))
    }

    /// The same with the column's `bounds` already computed (the ranking reports them too).
    static func normalise(_ column: [Double?], _ method: Normalisation, direction: Direction,
                          bounds used: NormalisationBounds) -> [Double?] {
        let scaled: [Double?]
        switch method {
        case .minMax(let lower, let upper):
            guard let lo = used.min, let hi = used.max else { return column }
            // The default method (Scripts/METHOD.md): all equal → 0 (the lower end). The direction
            // is applied in the same pass, with the same arithmetic as `invert`.
            let inverted = direction == .lowerIsWorse
            return column.map { $0.map { x in
                let v = hi > lo ? lower + (x - lo) / (hi - lo) * (upper - lower) : lower
                return inverted ? lower + upper - v : v
            } }
        case .goalposts(let a, let b, let scale):
            scaled = column.map { $0.map { b != a ? Swift.min(Swift.max(($0 - a) / (b - a), 0), 1) * scale : 0 } }
        case .zScore:
            let mean = used.mean ?? 0, sd = used.sd ?? 0
            scaled = column.map { $0.map { sd > 0 ? ($0 - mean) / sd : 0 } }
        case .percentile(let scale):
            let sorted = column.compactMap { $0 }.sorted(), n = sorted.count
            // The number of values before the first one not satisfying `before` (sorted order).
            func count(_ before: (Double) -> Bool) -> Int {
                var lo = 0, hi = n
                while lo < hi { let mid = (lo + hi) / 2; if before(sorted[mid]) { lo = mid + 1 } else { hi = mid } }
                return lo
            }
            scaled = column.map { v in
                v.map { x in
                    guard n > 1 else { return 0 }
                    let below = count { $0 < x }
                    let equal = count { $0 <= x } - below
                    return (Double(below) + 0.5 * Double(equal - 1)) / Double(n - 1) * scale
                }
            }
        case .thresholds(let breaks, let scores):
            scaled = column.map { $0.map { x in scores[breaks.filter { x >= $0 }.count] } }
        case .identity:
            scaled = column
        }
        guard direction == .lowerIsWorse else { return scaled }
        return scaled.map { $0.map { invert($0, method) } }
    }

    /// The mirror image on the method's own scale: 10 − v on 0–10.
    static func invert(_ v: Double, _ method: Normalisation) -> Double {
        switch method {
        case .minMax(let lower, let upper): return lower + upper - v
        case .goalposts(_, _, let scale), .percentile(let scale): return scale - v
        case .thresholds(_, let scores): return (scores.min() ?? 0) + (scores.max() ?? 0) - v
        case .zScore, .identity: return -v
        }
    }

    /// A method that cannot be applied is a script error, caught before any unit is ranked.
    static func validate(_ method: Normalisation, indicator: IndicatorMethod) throws {
        if case .thresholds(let breaks, let scores) = method {
            guard scores.count == breaks.count + 1 else {
                throw TargetingError("indicator \(indicator.name): thresholds need one more score than breaks (\(breaks.count) breaks, \(scores.count) scores)",
                                     at: indicator.location)
            }
            guard breaks == breaks.sorted() else {
                throw TargetingError("indicator \(indicator.name): threshold breaks must be ascending", at: indicator.location)
            }
        }
        if case .goalposts(let a, let b, _) = method, a == b {
            throw TargetingError("indicator \(indicator.name): goalposts must differ", at: indicator.location)
        }
    }
}
