import Domain

/// A proof that closed rings are simple and pairwise apart: no two segments of any of the rings
/// meet, except two consecutive segments of one ring (the last and the first included) at the
/// vertex they share, and those only there. A spike (a segment doubling back over the one before),
/// a collinear overlap, a ring touching itself or another ring at a single point are all contacts.
///
/// Every orientation is taken from `ExactOrientation.filteredSign`, every other decision from exact
/// comparisons of coordinates: where the filter cannot decide (a vertex all but on another
/// segment's line), nothing is proved. So "apart" is true of the real numbers the doubles stand
/// for, and it is also what GEOS finds: its segment intersector evaluates, for each pair of
/// segments whose boxes meet, the orientations of one segment's ends against the other segment,
/// and answers "no intersection" as soon as one pair lies strictly on one side; the pair that
/// decided here is decided identically by GEOS's own filter, before any of its double-double
/// arithmetic.
///
/// The pairs to test are found through monotonic chains (`chainsAreApart`) when the rings are
/// made of few of them, else by a sweep: the segments are sorted by their least x, and each one
/// is compared only with the segments that start within its own x-range and whose y-ranges meet
/// its own. Either way, every pair of segments whose boxes meet is tested.
/// The buffers are kept between calls, so a value reused on one thread allocates nothing per
/// polygon once it has grown.
///
/// A ring that cannot be judged this way is reported as "not proven" (false), never as apart:
/// fewer than 4 points, not closed, a repeated consecutive point, or a coordinate outside
/// the range where the orientations are exact (`RingContacts.isExactlyComparable`).
public struct RingContacts {
    /// One segment, with its bounding box and where it sits (ring, position in the ring). In a
    /// sweep along the diagonal, `minX ... maxX` is its range of x + y instead (see
    /// `areSimpleAndApart`): the sweep reads it, the pair test reads only the end points.
    @usableFromInline
    struct Segment {
        var minX, maxX, minY, maxY: Double
        var ax, ay, bx, by: Double
        var ring: Int32, index: Int32
    }

    /// The segments of the rings being judged, in ring order.
    var segments: [Segment] = []
    /// Positions in `segments` by least x (`sortByLeastX`), and the sort's buckets.
    var order: [Int32] = []
    var bucketEnds: [Int32] = []
    /// How many segments each ring has (its point count minus one), by ring.
    private var segmentCounts: [Int32] = []
    /// The rings' points one after another, and their monotonic chains (`chainsAreApart`).
    var points: [Coordinate] = []
    var chains: [Chain] = []

    public init() {}

    /// True when every ring is simple and no two rings meet (see the type's comment); false when
    /// some contact exists or a ring cannot be judged.
    ///
    /// `alongDiagonal`: the sweep orders the segments by x + y instead of x, for rings with long
    /// straight runs along a meridian (the outline of a whole coverage), where an x sweep meets
    /// every pair of one such run. Two segments that share a point share its x + y, and rounding
    /// is monotonic, so their rounded ranges of x + y still overlap: no contact is missed, and the
    /// pair test checks the x-ranges itself. A pair whose ranges of x + y are apart is apart and
    /// is not tested at all: exact, but not GEOS's pair-for-pair verdict, which `ValidityProof`
    /// needs (it takes the chains or the x sweep, which both test every pair whose boxes meet).
    public mutating func areSimpleAndApart(_ rings: [Ring], alongDiagonal: Bool = false) -> Bool {
        segments.removeAll(keepingCapacity: true)
        segmentCounts.removeAll(keepingCapacity: true)
        // Rings, positions and counts are kept as Int32: a larger input is left unproven (GEOS
        // judges it) rather than overflowing.
        guard rings.reduce(0, { $0 + $1.count }) < Int(Int32.max) else { return false }
        for ring in rings {
            guard Self.isJudgeable(ring), !Self.hasSpikeOrDoubt(ring) else { return false }
        }
        if !alongDiagonal, let apart = chainsAreApart(rings) { return apart }
        for (r, ring) in rings.enumerated() {
            let n = ring.count - 1
            segmentCounts.append(Int32(n))
            ring.withUnsafeBufferPointer { c in
                for i in 0..<n {
                    let a = c[i], b = c[i + 1]
                    let ua = alongDiagonal ? a.x + a.y : a.x, ub = alongDiagonal ? b.x + b.y : b.x
                    segments.append(Segment(minX: min(ua, ub), maxX: max(ua, ub),
                                            minY: min(a.y, b.y), maxY: max(a.y, b.y),
                                            ax: a.x, ay: a.y, bx: b.x, by: b.y,
                                            ring: Int32(r), index: Int32(i)))
                }
            }
        }
        sortByLeastX()
        return segments.withUnsafeBufferPointer { s in
            order.withUnsafeBufferPointer { o in
            segmentCounts.withUnsafeBufferPointer { counts in
                for i in 0..<o.count {
                    let p = s[Int(o[i])]
                    var j = i + 1
                    while j < o.count, s[Int(o[j])].minX <= p.maxX {
                        let q = s[Int(o[j])]
                        j += 1
                        if q.minY > p.maxY || q.maxY < p.minY { continue }
                        // Consecutive segments of one ring share a vertex by construction; that
                        // they meet nowhere else was settled by `hasSpikeOrDoubt`.
                        if p.ring == q.ring {
                            let d = abs(p.index - q.index)
                            if d == 1 || d == counts[Int(p.ring)] - 1 { continue }
                        }
                        if !SegmentContact.provablyApart(p.ax, p.ay, p.bx, p.by, q.ax, q.ay, q.bx, q.by) { return false }
                    }
                }
                return true
            }
            }
        }
    }

    /// Closed, at least 4 points, no repeated consecutive point, every coordinate exactly comparable.
    static func isJudgeable(_ ring: Ring) -> Bool {
        guard ring.count >= 4, ring.first == ring.last else { return false }
        var previous: Coordinate? = nil
        for c in ring {
            guard isExactlyComparable(c.x), isExactlyComparable(c.y), c != previous else { return false }
            previous = c
        }
        return true
    }

    /// Finite and, unless zero, between 1e-100 and 1e100 in magnitude: within that range the
    /// products and error terms of `ExactOrientation` neither overflow nor underflow, so its sign
    /// is exact.
    @inlinable
    public static func isExactlyComparable(_ v: Double) -> Bool {
        let m = abs(v)
        return m == 0 || (m >= 1e-100 && m <= 1e100)
    }

    /// True when, at some vertex, the next segment doubles back along the previous one (the two
    /// are collinear and leave the vertex on the same side), the only way two consecutive
    /// segments can meet beyond their shared vertex; also true when the filter cannot tell whether
    /// the three points are collinear. (GEOS, for the same two segments, evaluates this very
    /// orientation, and when it is not zero finds only the shared vertex.)
    static func hasSpikeOrDoubt(_ ring: Ring) -> Bool {
        let n = ring.count - 1
        return ring.withUnsafeBufferPointer { c in
            for i in 0..<n {
                let a = c[i == 0 ? n - 1 : i - 1], v = c[i], b = c[i + 1]
                guard let turn = ExactOrientation.filteredSign(a.x, a.y, v.x, v.y, b.x, b.y) else { return true }
                guard turn == 0 else { continue }
                // Collinear, and a ≠ v ≠ b: compare along x unless the line is vertical.
                if a.x != v.x {
                    if (a.x < v.x) == (b.x < v.x) { return true }
                } else if (a.y < v.y) == (b.y < v.y) {
                    return true
                }
            }
            return false
        }
    }
}

/// Whether two closed segments are apart.
public enum SegmentContact {
    /// True when segment p1–p2 and segment q1–q2 (each of non-zero length) provably share no
    /// point: their boxes are apart, or both ends of one lie strictly on one side of the other's
    /// line by `ExactOrientation.filteredSign`. False when they meet (a crossing, an end on the
    /// other segment, a collinear overlap) or when the filter cannot tell.
    @inlinable
    public static func provablyApart(_ p1x: Double, _ p1y: Double, _ p2x: Double, _ p2y: Double,
                                     _ q1x: Double, _ q1y: Double, _ q2x: Double, _ q2y: Double) -> Bool {
        if max(q1x, q2x) < min(p1x, p2x) || min(q1x, q2x) > max(p1x, p2x) { return true }
        if max(q1y, q2y) < min(p1y, p2y) || min(q1y, q2y) > max(p1y, p2y) { return true }
        if let o1 = ExactOrientation.filteredSign(p1x, p1y, p2x, p2y, q1x, q1y), o1 != 0,
           ExactOrientation.filteredSign(p1x, p1y, p2x, p2y, q2x, q2y) == o1 {
            return true                                     // q wholly on one side of line p
        }
        if let o3 = ExactOrientation.filteredSign(q1x, q1y, q2x, q2y, p1x, p1y), o3 != 0,
           ExactOrientation.filteredSign(q1x, q1y, q2x, q2y, p2x, p2y) == o3 {
            return true                                     // p wholly on one side of line q
        }
        // Otherwise each segment reaches both sides of (or touches) the other's line: with
        // distinct lines their single crossing lies on both segments, with one line the boxes'
        // overlap is a shared piece; or the filter could not decide.
        return false
    }
}
