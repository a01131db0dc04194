import Domain

/// Priority classes from a score (fixed breaks) or a rank (quantiles of equal size).
enum Classifier {
    static func classify(score: Double, rank: Int, of count: Int, _ method: ClassMethod?) -> String? {
        guard let m = method, !m.labels.isEmpty else { return nil }
        switch m.kind {
        case .quantile:
            // Rank r of n falls in group ⌊(r−1)·k/n⌋: groups differ in size by at most one.
            let k = m.labels.count
            return m.labels[Swift.min((rank - 1) * k / Swift.max(count, 1), k - 1)]
        case .breaks(let breaks):
            let i = breaks.firstIndex { score >= $0 } ?? breaks.count
            return m.labels[i]
        }
    }

    static func validate(_ method: ClassMethod?) throws {
        guard let m = method else { return }
        if case .breaks(let b) = m.kind {
            guard m.labels.count == b.count + 1 else {
                throw TargetingError("classes: \(b.count) breaks need \(b.count + 1) labels, got \(m.labels.count)")
            }
            guard b == b.sorted(by: >) else { throw TargetingError("classes: breaks must be in descending order (highest class first)") }
        }
    }
}
