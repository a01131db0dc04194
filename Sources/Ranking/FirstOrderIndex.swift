import Foundation

/// A variance-based first-order sensitivity index per input, from the joint runs already made
/// (no extra evaluations): S_k = V(E[rank | input k]) / V(rank), pooled over the ranked units
/// (numerator and denominator each summed over units, so units whose rank never moves weigh
/// nothing). E[rank | input k] is estimated by binning the runs on input k's draw: ⌊√N⌋ bins of
/// (nearly) equal size in the order of the draw (ties by run), or one bin per alternative for an
/// aggregation or scale. The between-bin variance of N runs in B bins overstates V(E[Y|X]) by about
/// (B − 1)/N times the within-bin variance, so that much is taken off (the estimate can then be a
/// little below 0 for an input that does nothing; it is reported as computed).
enum FirstOrderIndex {
    /// Input name → index (nil when no unit's rank varies over the runs).
    static func estimate(ranks: [Int32], units n: Int, runs: Int, draws: [Double], inputs: Inputs) -> [String: Double?] {
        guard runs > 1, n > 0 else { return Dictionary(uniqueKeysWithValues: inputs.names.map { ($0, nil) }) }
        // Total variance per unit (population), summed over units.
        var sums = [Double](repeating: 0, count: n)
        for r in 0..<runs { for i in 0..<n { sums[i] += Double(ranks[r * n + i]) } }
        let means = sums.map { $0 / Double(runs) }
        var squares = 0.0
        for r in 0..<runs { for i in 0..<n { let d = Double(ranks[r * n + i]) - means[i]; squares += d * d } }
        let total = squares / Double(runs)

        var indices = [Double?](repeating: nil, count: inputs.count)
        indices.withUnsafeMutableBufferPointer { buffer in
            let out = DisjointWrites(buffer)
            DispatchQueue.concurrentPerform(iterations: inputs.count) { k in
                let bin = bins(k, runs: runs, draws: draws, inputs: inputs)
                out.buffer[k] = total > 0 ? explained(ranks: ranks, units: n, runs: runs, bin: bin.of, bins: bin.count, means: means) / total : nil
            }
        }
        return Dictionary(uniqueKeysWithValues: zip(inputs.names, indices))
    }

    /// Each run's bin for input k: by alternative for a discrete input, else by the rank of its draw.
    static func bins(_ k: Int, runs: Int, draws: [Double], inputs: Inputs) -> (of: [Int], count: Int) {
        let stride = inputs.count
        if inputs.discrete.contains(k) {
            let of = (0..<runs).map { Int(draws[$0 * stride + k]) }
            return (of, (of.max() ?? 0) + 1)
        }
        let order = (0..<runs).sorted { a, b in
            let x = draws[a * stride + k], y = draws[b * stride + k]
            return x != y ? x < y : a < b
        }
        let count = Swift.max(1, Int(Double(runs).squareRoot()))
        var of = [Int](repeating: 0, count: runs)
        for (position, run) in order.enumerated() { of[run] = position * count / runs }
        return (of, count)
    }

    /// Σ over units of the between-bin variance of the rank (population, bins weighted by size)
    /// less (B − 1)/N times the pooled within-bin variance.
    static func explained(ranks: [Int32], units n: Int, runs: Int, bin: [Int], bins: Int, means: [Double]) -> Double {
        var size = [Int](repeating: 0, count: bins)
        for r in 0..<runs { size[bin[r]] += 1 }
        let used = size.filter { $0 > 0 }.count
        var sums = [Double](repeating: 0, count: bins * n)
        for r in 0..<runs { let b = bin[r] * n; for i in 0..<n { sums[b + i] += Double(ranks[r * n + i]) } }
        var between = 0.0
        for b in 0..<bins where size[b] > 0 {
            for i in 0..<n {
                let d = sums[b * n + i] / Double(size[b]) - means[i]
                between += Double(size[b]) * d * d
            }
        }
        var within = 0.0
        for r in 0..<runs {
            let b = bin[r]
            for i in 0..<n { let d = Double(ranks[r * n + i]) - sums[b * n + i] / Double(size[b]); within += d * d }
        }
        between /= Double(runs)
        let pooledWithin = runs > used ? within / Double(runs - used) : 0
        return between - Double(used - 1) / Double(runs) * pooledWithin
    }
}
