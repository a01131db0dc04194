import Foundation

/// SplitMix64: a tiny, well-mixed generator whose output depends only on its seed, so the
/// sample is the same on every run and every machine. Each part of the sample draws from its
/// own named stream, so adding draws to one layer never shifts another.
struct SampleRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A stream named after what it generates (e.g. "acled"), derived from the sample seed.
    init(stream: String) { state = SampleRandom.sampleSeed ^ fnv1a(stream) }

    /// Changing this regenerates a different (equally valid) sample.
    static let sampleSeed: UInt64 = 0x4B41_5341_4932_3032  // "KASAI202"

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return mix64(state)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * unit() }

    /// Uniform in 0..<n (n > 0). The modulo bias is below 2^-40 for the sizes used here.
    mutating func int(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }

    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
        let u = max(unit(), 0x1p-53), v = unit()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    /// Poisson count: Knuth's product method for small means, a rounded normal above 30.
    mutating func poisson(_ mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        if mean > 30 { return max(0, Int((mean + mean.squareRoot() * normal()).rounded())) }
        let limit = exp(-mean)
        var k = 0, p = unit()
        while p > limit { k += 1; p *= unit() }
        return k
    }

    mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }

    /// An index drawn with probability proportional to `weights` (all ≥ 0, not all 0).
    mutating func weightedIndex(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var r = unit() * total
        for (i, w) in weights.enumerated() {
            r -= w
            if r < 0 { return i }
        }
        return weights.lastIndex(where: { $0 > 0 }) ?? 0
    }
}

/// The SplitMix64 finaliser: a bijective scramble of 64 bits.
func mix64(_ x: UInt64) -> UInt64 {
    var z = x
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// FNV-1a over UTF-8: a stable string hash (Swift's `hashValue` is randomised per process).
func fnv1a(_ s: String) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
    return h
}

/// Splits `total` into integers proportional to `weights` that add up exactly to `total`
/// (largest remainder; ties go to the lower index, so the split is deterministic).
func apportion(_ total: Int, weights: [Double]) -> [Int] {
    let sum = weights.reduce(0, +)
    guard sum > 0, !weights.isEmpty else { return weights.map { _ in 0 } }
    let exact = weights.map { Double(total) * $0 / sum }
    var parts = exact.map { Int($0.rounded(.down)) }
    var left = total - parts.reduce(0, +)
    let order = exact.indices.sorted { a, b in
        let ra = exact[a] - exact[a].rounded(.down), rb = exact[b] - exact[b].rounded(.down)
        return ra != rb ? ra > rb : a < b
    }
    var k = 0
    while left > 0 { parts[order[k % order.count]] += 1; left -= 1; k += 1 }
    return parts
}
