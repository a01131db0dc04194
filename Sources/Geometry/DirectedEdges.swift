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
/// bits are told apart in pass 3, from either side. A collision costs time, never a wrong match.
///
/// Each pass runs on every core, over slices of the rings (passes 1 and 3) or of the sorted keys
/// cut between runs (pass 2): every slice writes only its own keys, partners or edges, and the
/// slices' results are joined in order, so the edges left and the first failure met are those
/// of one pass in order, whatever the number of slices.
struct DirectedEdges {
    private var rings: [Ring] = []
    /// Where each ring's edges start among the positions, and one past the last ring's points.
    private var starts: [Int] = [0]
    private var ringUnits: [Int32] = []
    private var reversed: [Bool] = []
    private let hashBits: Int
    private let slices: Int?

    /// `hashBits` below 32 only for tests (many collisions, to exercise their handling);
    /// `slices`: how many slices each pass is cut into (by default `Parallel.slices(for:)` the
    /// points; tests set it to check that the slicing changes nothing).
    init(hashBits: Int = 32, slices: Int? = nil) {
        self.hashBits = max(0, hashBits)
        self.slices = slices.map { max(1, $0) }
    }

    /// Adds a closed ring's edges (walked backwards when `reversed`), without zero-length ones.
    mutating func add(_ ring: Ring, unit: Int32, reversed: Bool) {
        guard ring.count > 1 else { return }
        rings.append(ring)
        starts.append(starts[starts.count - 1] + ring.count)
        ringUnits.append(unit)
        self.reversed.append(reversed)
    }

    /// The rings cut into `count` runs of about as many points each (some may be empty).
    private func ringSlices(_ count: Int) -> [Range<Int>] {
        let points = starts[starts.count - 1]
        var cuts = [0]
        for s in 1 ..< max(1, count) {
            let target = points * s / count
            // The first ring starting at or after `target` (binary search of `starts`).
            var lo = cuts[cuts.count - 1], hi = rings.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if starts[mid] < target { lo = mid + 1 } else { hi = mid }
            }
            cuts.append(lo)
        }
        cuts.append(rings.count)
        return (0 ..< cuts.count - 1).map { cuts[$0] ..< cuts[$0 + 1] }
    }

    /// The edges left once every edge is paired with its reverse from another unit, as their
    /// tails and heads (in ring order); throws when an edge repeats in the same direction, has
    /// more than one reverse, or its reverse belongs to its own unit.
    func unmatched() throws -> (tails: [Coordinate], heads: [Coordinate]) {
        let capacity = starts[starts.count - 1]
        // Below Int32's range too: the unmatched edges go on to `RingContacts`, which counts in Int32.
        guard capacity < Int(Int32.max) else { throw NotProven("too many points for the proof's 32-bit edge positions") }
        let sliceCount = slices ?? Parallel.slices(for: capacity)
        let parts = ringSlices(sliceCount)
        let positionBits = EqualRuns.positionBits(for: capacity)
        let hashBits = min(UInt64(self.hashBits), 64 - positionBits)

        // Pass 1: each slice writes its edges' keys from its first point's position on (a ring
        // has fewer edges than points), then the slices' keys are moved up end to end.
        var keys = [UInt64](unsafeUninitializedCapacity: capacity) { _, initialized in initialized = capacity }
        let written: [(count: Int, finite: Bool)] = keys.withUnsafeMutableBufferPointer { out in
            let target = DisjointBuffer(base: out.baseAddress!)
            return Parallel.map(parts.count) { s in self.keys(of: parts[s], into: target, positionBits: positionBits, hashBits: hashBits) }
        }
        guard written.allSatisfy(\.finite) else { throw NotProven("a coordinate is not a finite number") }
        var edgeCount = 0
        keys.withUnsafeMutableBufferPointer { k in
            for (s, part) in parts.enumerated() where written[s].count > 0 {
                let from = starts[part.lowerBound]
                if from != edgeCount { (k.baseAddress! + edgeCount).update(from: k.baseAddress! + from, count: written[s].count) }
                edgeCount += written[s].count
            }
        }
        keys.removeSubrange(edgeCount...)
        let runs = EqualRuns(taking: &keys, positionBits: positionBits, bits: hashBits + positionBits, slices: sliceCount)

        // Pass 2. Made once the sort has let go of the unsorted keys, whose memory it may then take.
        let none = UInt32.max
        var partner = [UInt32](repeating: none, count: capacity)
        let runSlices = runs.sliceBetweenRuns(sliceCount)
        let pairing: [NotProven?] = partner.withUnsafeMutableBufferPointer { p in
            let pairs = DisjointBuffer(base: p.baseAddress!)
            return Parallel.map(runSlices.count) { s in
                do {
                    try runs.forEachHashRun(in: runSlices[s]) { run in
                        if run.count == 1 { return }
                        if run.count == 2 {
                            pairs.write(run[0], UInt32(run[1])); pairs.write(run[1], UInt32(run[0]))
                            return
                        }
                        try EqualRuns.split(run, same: { canonical($0) == canonical($1) }) { group in
                            guard group.count <= 2 else { throw NotProven("a segment is on the border of more than two rings") }
                            if group.count == 2 { pairs.write(group[0], UInt32(group[1])); pairs.write(group[1], UInt32(group[0])) }
                        }
                    }
                    return nil
                } catch {
                    return error as? NotProven ?? NotProven("\(error)")
                }
            }
        }
        if let failure = pairing.first(where: { $0 != nil }) ?? nil { throw failure }

        // Pass 3.
        let left: [Result<(tails: [Coordinate], heads: [Coordinate]), NotProven>] = partner.withUnsafeBufferPointer { p in
            let partners = UncheckedSendable(p)
            return Parallel.map(parts.count) { s in unmatched(in: parts[s], partners: partners.value) }
        }
        var tails: [Coordinate] = [], heads: [Coordinate] = []
        for part in left {
            let edges = try part.get()
            tails += edges.tails; heads += edges.heads
        }
        return (tails, heads)
    }

    /// Pass 1 for the rings `part`: their edges' keys written from their first point's position
    /// on, and how many; whether every coordinate (but each ring's closing point) is finite.
    private func keys(of part: Range<Int>, into out: DisjointBuffer<UInt64>, positionBits: UInt64,
                      hashBits: UInt64) -> (count: Int, finite: Bool) {
        guard let first = part.first else { return (0, true) }
        let drop = 64 - hashBits, from = starts[first]
        var allFinite = true, e = from
        for r in part {
            let start = starts[r]
            rings[r].withUnsafeBufferPointer { c in
                // Each point hashed once; an edge's hash is the sum of its ends' (the same both ways).
                var a = PointBits(c[0]), hashA = PointBits.hash(a)
                for k in 0 ..< c.count - 1 {
                    if !c[k].x.isFinite || !c[k].y.isFinite { allFinite = false }
                    let b = PointBits(c[k + 1]), hashB = PointBits.hash(b)
                    if a != b {
                        out.write(e, ((hashA &+ hashB) >> drop) << positionBits | UInt64(start + k))
                        e += 1
                    }
                    a = b; hashA = hashB
                }
            }
        }
        return (e - from, allFinite)
    }

    /// Pass 3 for the rings `part`: their unmatched edges in ring order, or the first failure.
    /// A pair is checked on its coordinates from both sides (equal hash bits only: both edges
    /// are unmatched), and for its direction and units from the side of its lower position.
    private func unmatched(in part: Range<Int>, partners p: UnsafeBufferPointer<UInt32>)
        -> Result<(tails: [Coordinate], heads: [Coordinate]), NotProven> {
        let none = UInt32.max
        var tails: [Coordinate] = [], heads: [Coordinate] = []
        var near = 0  // the ring of the last partner found: usually the next partner's too
        for r in part {
            let start = starts[r], back = reversed[r], unit = ringUnits[r]
            let failure: NotProven? = rings[r].withUnsafeBufferPointer { c in
                for k in 0 ..< c.count - 1 {
                    let a = PointBits(c[k]), b = PointBits(c[k + 1])
                    guard a != b else { continue }
                    let g = start + k, f = p[g]
                    if f != none {
                        let other = Int(f)
                        if other < starts[near] || other >= starts[near + 1] { near = ring(of: other) }
                        let m = other - starts[near]
                        let (q, s) = (PointBits(rings[near][m]), PointBits(rings[near][m + 1]))
                        if (a == q && b == s) || (a == s && b == q) {
                            guard other > g else { continue }  // the pair is checked from `other`
                            if (back ? b : a) == (reversed[near] ? s : q) {
                                return NotProven("two edges run the same way along one segment (units \(unit) and \(ringUnits[near]))")
                            } else if unit == ringUnits[near] {
                                return NotProven("unit \(unit) has the same segment twice")
                            }
                            continue
                        }
                    }
                    tails.append(back ? c[k + 1] : c[k]); heads.append(back ? c[k] : c[k + 1])
                }
                return nil
            }
            if let failure { return .failure(failure) }
        }
        return .success((tails, heads))
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
