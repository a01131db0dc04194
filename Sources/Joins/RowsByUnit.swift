import Domain

/// A layer's placed features grouped by unit, each unit's in file order: a stable counting sort
/// of `unitOfFeature`, cut into ranges of features sorted on every core at once.
///
/// Facts over every row of a layer (`FactEngine+AllRows.swift`) walk a unit's rows in the order
/// one pass over the file would meet them, so their sums add in the same order, but a unit at a
/// time and units on every core, without a per-row list of (unit, row, value) to sort.
struct RowsByUnit: Sendable {
    let unitCount: Int
    /// Unit `u`'s features are `features[start[u] ..< start[u + 1]]`, ascending.
    let start: [Int]
    let features: [Int32]
    /// The feature ranges sorted at once, and where range `k`'s rows of unit `u` begin in
    /// `features` (`chunkStart[k * unitCount + u]`): a pass over range `k` in file order that
    /// writes its rows from these slots on writes them in grouped order.
    let chunks: [Range<Int>]
    private let chunkStart: [Int]

    /// Rows placed in some unit.
    var placed: Int { start[unitCount] }

    /// Nil when the features do not fit 32-bit indexes (no layer read into memory comes near).
    init?(unitOf: [Int32], unitCount: Int) {
        guard unitOf.count < Int(Int32.max) else { return nil }
        self.unitCount = unitCount
        let chunks = Parallel.ranges(unitOf.count, minimum: 100_000, perCore: 2)
        self.chunks = chunks
        let n = unitCount
        // Each range counts its own rows per unit.
        let counts = Parallel.map(chunks.count) { k -> [Int] in
            var c = [Int](repeating: 0, count: n)
            for r in chunks[k] where unitOf[r] >= 0 { c[Int(unitOf[r])] += 1 }
            return c
        }
        // Units in order, and within a unit the ranges in file order: the stable order.
        var start = [Int](repeating: 0, count: n + 1)
        var chunkStart = [Int](repeating: 0, count: chunks.count * n)
        var running = 0
        for u in 0 ..< n {
            start[u] = running
            for k in chunks.indices { chunkStart[k * n + u] = running; running += counts[k][u] }
        }
        start[n] = running
        self.start = start
        self.chunkStart = chunkStart
        features = [Int32](unsafeUninitializedCapacity: running) { buffer, initialized in
            if let base = buffer.baseAddress {
                let out = DisjointBuffer(base: base)
                _ = Parallel.map(chunks.count) { k -> Void in
                    var next = Array(chunkStart[k * n ..< (k + 1) * n])
                    for r in chunks[k] where unitOf[r] >= 0 {
                        let u = Int(unitOf[r])
                        out.write(next[u], Int32(r)); next[u] += 1
                    }
                }
            }
            initialized = running
        }
    }

    /// `value(r)` of every placed row `r`, in grouped order (parallel to `features`), read in
    /// file order on every core; nil as soon as one row has none.
    func values(unitOf: [Int32], _ value: (Int) -> Double?) -> [Double]? {
        let n = unitCount
        var complete = true
        let out = [Double](unsafeUninitializedCapacity: placed) { buffer, initialized in
            if let base = buffer.baseAddress {
                let slots = DisjointBuffer(base: base)
                let done = Parallel.map(chunks.count) { k -> Bool in
                    var next = Array(chunkStart[k * n ..< (k + 1) * n])
                    for r in chunks[k] where unitOf[r] >= 0 {
                        let u = Int(unitOf[r])
                        guard let v = value(r) else { return false }
                        slots.write(next[u], v); next[u] += 1
                    }
                    return true
                }
                complete = !done.contains(false)
            }
            initialized = placed  // plain doubles: slots a failed pass left unwritten are dropped below
        }
        return complete ? out : nil
    }
}
