import Domain

extension RingContacts {
    /// A run of consecutive segments of one ring along which x, or y, strictly grows (or strictly
    /// falls) from vertex to vertex: two of its segments that are not consecutive have ranges of
    /// that coordinate apart, hence boxes apart, and need no test.
    struct Chain {
        var minX, maxX, minY, maxY: Double
        /// Its segments, by position in `points` (segment g runs from point g to g + 1).
        var start, end: Int
        var ring: Int32
        /// How many segments its ring has.
        var ringSegments: Int
        /// The coordinate that is monotonic (y when true, else x), and whether it falls.
        var alongY: Bool, falls: Bool
    }

    /// The same verdict as the sweep of `areSimpleAndApart` (every pair of segments whose boxes
    /// meet, other than two consecutive segments of one ring, tested with
    /// `SegmentContact.provablyApart`), found through monotonic chains instead: only pairs of
    /// chains whose boxes meet are looked into, and in each chain only the segments meeting the
    /// other chain's box, found by bisection along its monotonic coordinate. Rings made of a few
    /// long chains (most boundaries) then cost a pass over their points. nil when the chains
    /// are too many or their boxes overlap too much for that to pay: the sweep decides.
    mutating func chainsAreApart(_ rings: [Ring]) -> Bool? {
        points.removeAll(keepingCapacity: true)
        chains.removeAll(keepingCapacity: true)
        for (r, ring) in rings.enumerated() {
            let base = points.count, n = ring.count - 1
            points.append(contentsOf: ring)
            points.withUnsafeBufferPointer { p in
                var g = base
                while g < base + n {
                    var mask = Self.directions(p[g], p[g + 1])
                    var box = (min(p[g].x, p[g + 1].x), max(p[g].x, p[g + 1].x), min(p[g].y, p[g + 1].y), max(p[g].y, p[g + 1].y))
                    var e = g + 1
                    while e < base + n {
                        let m = mask & Self.directions(p[e], p[e + 1])
                        if m == 0 { break }
                        mask = m
                        let q = p[e + 1]
                        box = (min(box.0, q.x), max(box.1, q.x), min(box.2, q.y), max(box.3, q.y))
                        e += 1
                    }
                    let alongY = mask & 3 == 0
                    chains.append(Chain(minX: box.0, maxX: box.1, minY: box.2, maxY: box.3, start: g, end: e, ring: Int32(r),
                                        ringSegments: n, alongY: alongY, falls: mask & (alongY ? 8 : 2) != 0))
                    g = e
                }
            }
        }
        let segmentCount = points.count - rings.count, budget = 16 * segmentCount + 4096
        guard chains.count * chains.count <= budget else { return nil }
        var work = 0
        return chains.withUnsafeBufferPointer { c in
            points.withUnsafeBufferPointer { p in
                for i in 0 ..< c.count {
                    let a = c[i]
                    for j in i + 1 ..< c.count {
                        let b = c[j]
                        if b.minX > a.maxX || b.maxX < a.minX || b.minY > a.maxY || b.maxY < a.minY { continue }
                        let sa = Self.segments(of: a, meeting: b, p), sb = Self.segments(of: b, meeting: a, p)
                        work += sa.count + sb.count
                        if work > budget { return nil }
                        for g in sa where Self.segment(g, meets: b, p) {
                            for h in sb where Self.segment(h, meets: a, p) {
                                work += 1
                                let (p1, p2, q1, q2) = (p[g], p[g + 1], p[h], p[h + 1])
                                // Consecutive segments of one ring share a vertex by construction;
                                // that they meet nowhere else was settled by `hasSpikeOrDoubt`.
                                if a.ring == b.ring {
                                    let d = abs(g - h)
                                    if d == 1 || d == a.ringSegments - 1 { continue }
                                }
                                if !SegmentContact.provablyApart(p1.x, p1.y, p2.x, p2.y, q1.x, q1.y, q2.x, q2.y) { return false }
                            }
                            if work > budget { return nil }
                        }
                    }
                }
                return true
            }
        }
    }

    /// The directions segment a → b runs in strictly: 1 x grows, 2 x falls, 4 y grows, 8 y falls.
    @inline(__always)
    static func directions(_ a: Coordinate, _ b: Coordinate) -> Int {
        (b.x > a.x ? 1 : 0) | (b.x < a.x ? 2 : 0) | (b.y > a.y ? 4 : 0) | (b.y < a.y ? 8 : 0)
    }

    /// Whether segment g's box meets the chain's box.
    @inline(__always)
    static func segment(_ g: Int, meets c: Chain, _ p: UnsafeBufferPointer<Coordinate>) -> Bool {
        let u = p[g], v = p[g + 1]
        return !(min(u.x, v.x) > c.maxX || max(u.x, v.x) < c.minX || min(u.y, v.y) > c.maxY || max(u.y, v.y) < c.minY)
    }

    /// The segments of `chain` whose range along its monotonic coordinate meets `other`'s box
    /// (a superset of those whose boxes meet it), by bisection: that coordinate, negated when
    /// it falls (exactly), grows from vertex to vertex.
    static func segments(of chain: Chain, meeting other: Chain, _ p: UnsafeBufferPointer<Coordinate>) -> Range<Int> {
        let y = chain.alongY, falls = chain.falls
        func v(_ k: Int) -> Double { let u = y ? p[k].y : p[k].x; return falls ? -u : u }
        let (lo, hi) = y ? (other.minY, other.maxY) : (other.minX, other.maxX)
        let (l, h) = falls ? (-hi, -lo) : (lo, hi)
        // The first segment whose far end reaches l, then the first one from there whose near
        // end lies past h.
        var a = chain.start, b = chain.end
        while a < b { let m = (a + b) / 2; if v(m + 1) >= l { b = m } else { a = m + 1 } }
        let first = a
        b = chain.end
        while a < b { let m = (a + b) / 2; if v(m) > h { b = m } else { a = m + 1 } }
        return first ..< a
    }
}
