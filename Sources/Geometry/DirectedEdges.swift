import Domain

/// Every unit's directed edges, and their matching by coordinate bits.
///
/// The rings are kept as read (no copy of their points): edge `g` is a position in their
/// concatenation, ring `r`'s edge `k` (from its point k to k + 1, walked backwards when the ring
/// is reversed) at `starts[r] + k`. The matching takes three passes, so that only one of them
/// reads or writes memory out of order:
/// 1. in ring order, each edge's key: the top bits of a hash of its end points (the sum of the
///    points' hashes: the same both ways, each point hashed once) above its position;
/// 2. the keys radix-sorted: the edges of a run of equal hash bits are named each other's
///    partner (the scattered writes, 4 bytes each);
/// 3. in ring order again, each pair checked on its full coordinates. Along a border shared by
///    two units, consecutive edges of one ring have consecutive partners on the neighbour's ring,
///    so these reads stay close together too.
/// A run of more than two edges with equal hash bits (a segment on three rings, or a hash
/// collision) is split on the full coordinates in pass 2; two edges that only share their hash
/// bits are told apart in pass 3. A collision costs time, never a wrong match.
struct DirectedEdges {
    private var rings: [Ring] = []
    /// Where each ring's edges start among the positions, and one past the last ring's points.
    private var starts: [Int] = [0]
    private var ringUnits: [Int32] = []
    private var reversed: [Bool] = []
    /// Per edge: hash bits above `positionBits`, its position below (pass 1). Sized once for
    /// every point (left unwritten: the first `edgeCount` entries are written by `add`, the rest
    /// dropped by `unmatched`), so that adding an edge is a plain store.
    private var keys: [UInt64]
    private var edgeCount = 0
    private let positionBits: UInt64
    private let hashBits: UInt64
    private let capacity: Int
    private var finite = true

    /// Room for `points` points (the sum of the rings' lengths: more than the positions used).
    /// `hashBits` below 32 only for tests (many collisions, to exercise their handling).
    init(points count: Int, hashBits: Int = 32) {
        capacity = count
        positionBits = EqualRuns.positionBits(for: count)
        self.hashBits = min(UInt64(max(0, hashBits)), 64 - positionBits)
        keys = [UInt64](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }

    /// Adds a closed ring's edges (walked backwards when `reversed`), without zero-length ones.
    mutating func add(_ ring: Ring, unit: Int32, reversed: Bool) {
        guard ring.count > 1 else { return }
        let start = starts[starts.count - 1]
        precondition(start + ring.count <= capacity, "more points than DirectedEdges was sized for")
        rings.append(ring)
        starts.append(start + ring.count)
        ringUnits.append(unit)
        self.reversed.append(reversed)
        let drop = 64 - hashBits, positionBits = self.positionBits
        var allFinite = true, e = edgeCount
        ring.withUnsafeBufferPointer { c in
            keys.withUnsafeMutableBufferPointer { out in
                // Each point hashed once; an edge's hash is the sum of its ends' (the same both ways).
                var a = PointBits(c[0]), hashA = PointBits.hash(a)
                for k in 0 ..< c.count - 1 {
                    if !c[k].x.isFinite || !c[k].y.isFinite { allFinite = false }
                    let b = PointBits(c[k + 1]), hashB = PointBits.hash(b)
                    if a != b {
                        out[e] = ((hashA &+ hashB) >> drop) << positionBits | UInt64(start + k)
                        e += 1
                    }
                    a = b; hashA = hashB
                }
            }
        }
        edgeCount = e
        if !allFinite { finite = false }
    }

    /// The edges left once every edge is paired with its reverse from another unit, as their
    /// tails and heads (in ring order); throws when an edge repeats in the same direction, has
    /// more than one reverse, or its reverse belongs to its own unit.
    mutating func unmatched() throws -> (tails: [Coordinate], heads: [Coordinate]) {
        guard finite else { throw NotProven("a coordinate is not a finite number") }
        // Below Int32's range too: the unmatched edges go on to `RingContacts`, which counts in Int32.
        guard capacity < Int(Int32.max) else { throw NotProven("too many points for the proof's 32-bit edge positions") }
        let none = UInt32.max
        keys.removeSubrange(edgeCount...)
        let runs = EqualRuns(taking: &keys, positionBits: positionBits, bits: hashBits + positionBits)
        // Made once the sort has let go of the unsorted keys, whose memory it may then take.
        var partner = [UInt32](repeating: none, count: capacity)
        do {
            try partner.withUnsafeMutableBufferPointer { p in
                try runs.forEachHashRun { run in
                    if run.count == 1 { return }
                    if run.count == 2 {
                        p[run[0]] = UInt32(run[1]); p[run[1]] = UInt32(run[0])
                        return
                    }
                    try EqualRuns.split(run, same: { canonical($0) == canonical($1) }) { group in
                        guard group.count <= 2 else { throw NotProven("a segment is on the border of more than two rings") }
                        if group.count == 2 { p[group[0]] = UInt32(group[1]); p[group[1]] = UInt32(group[0]) }
                    }
                }
            }
        }
        var tails: [Coordinate] = [], heads: [Coordinate] = []
        var near = 0  // the ring of the last partner found: usually the next partner's too
        try partner.withUnsafeMutableBufferPointer { p in
            for r in rings.indices {
                let start = starts[r], back = reversed[r], unit = ringUnits[r]
                try rings[r].withUnsafeBufferPointer { c in
                    for k in 0 ..< c.count - 1 {
                        let a = PointBits(c[k]), b = PointBits(c[k + 1])
                        guard a != b else { continue }
                        let g = start + k, f = p[g]
                        if f == none {
                            tails.append(back ? c[k + 1] : c[k]); heads.append(back ? c[k] : c[k + 1])
                            continue
                        }
                        let other = Int(f)
                        guard other > g else { continue }  // the pair was checked from `other`
                        if other < starts[near] || other >= starts[near + 1] { near = ring(of: other) }
                        let m = other - starts[near]
                        let (q, s) = (PointBits(rings[near][m]), PointBits(rings[near][m + 1]))
                        guard (a == q && b == s) || (a == s && b == q) else {
                            // Equal hash bits only: both edges are unmatched (`other` when reached).
                            p[other] = none
                            tails.append(back ? c[k + 1] : c[k]); heads.append(back ? c[k] : c[k + 1])
                            continue
                        }
                        if (back ? b : a) == (reversed[near] ? s : q) {
                            throw NotProven("two edges run the same way along one segment (units \(unit) and \(ringUnits[near]))")
                        } else if unit == ringUnits[near] {
                            throw NotProven("unit \(unit) has the same segment twice")
                        }
                    }
                }
            }
        }
        return (tails, heads)
    }

    /// The ring holding edge position `g` (binary search of `starts`).
    private func ring(of g: Int) -> Int {
        var lo = 0, hi = rings.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= g { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Edge `g`'s end points, the one with the smaller bits first (the same for a→b and b→a).
    private func canonical(_ g: Int) -> (PointBits, PointBits) {
        let r = ring(of: g), k = g - starts[r]
        let a = PointBits(rings[r][k]), b = PointBits(rings[r][k + 1])
        return a < b ? (a, b) : (b, a)
    }

    /// The unmatched edges (tails and heads, by edge) joined into closed rings; throws when more
    /// than one unmatched edge leaves or enters a vertex.
    static func rings(tails: [Coordinate], heads: [Coordinate]) throws -> [Ring] {
        let count = tails.count
        // Entry 2k is edge k's tail, 2k + 1 its head; each point must be one tail and one head.
        let end = { (entry: Int) -> PointBits in PointBits(entry & 1 == 0 ? tails[entry >> 1] : heads[entry >> 1]) }
        let order = EqualRuns(hashes: (0 ..< 2 * count).map { PointBits.hash(end($0)) })
        var next = [Int](repeating: -1, count: count)
        try order.forEachRun(same: { end($0) == end($1) }) { run in
            let (a, b) = (run[0], run[run.count - 1])
            guard run.count == 2, a & 1 != b & 1 else {
                throw NotProven(run.count > 2 ? "the outer edges of the units meet more than twice at a vertex" : "the outer edges do not close")
            }
            let (into, from) = a & 1 == 1 ? (a, b) : (b, a)
            next[into >> 1] = from >> 1
        }
        var rings: [Ring] = []
        var seen = [Bool](repeating: false, count: count)
        for s in 0 ..< count where !seen[s] {
            var ring: Ring = []
            var k = s
            repeat {
                guard !seen[k], next[k] >= 0 else { throw NotProven("the outer edges do not close") }
                seen[k] = true
                ring.append(tails[k])
                k = next[k]
            } while k != s
            ring.append(ring[0])
            rings.append(ring)
        }
        return rings
    }
}
