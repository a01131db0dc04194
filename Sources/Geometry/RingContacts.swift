import Domain

/// An exact proof that closed rings are simple and pairwise apart: no two segments of any of the
/// rings meet, except two consecutive segments of one ring (the last and the first included) at
/// the vertex they share, and those only there. A spike (a segment doubling back over the one
/// before), a collinear overlap, a ring touching itself or another ring at a single point are all
/// contacts. Every decision is made with `ExactOrientation` and exact comparisons of coordinates,
/// so "no contact" here is true of the real numbers the doubles stand for, and GEOS (whose
/// segment intersector also decides with an exact orientation) finds no intersection either.
///
/// The search is a sweep: the segments are sorted by their least x, and each one is compared
/// only with the segments that start within its own x-range and whose y-ranges meet its own.
/// The buffers are kept between calls, so a finder reused on one thread allocates nothing per
/// polygon once it has grown.
///
/// A ring that cannot be judged this way is reported as "not proven" (false), never as apart:
/// fewer than 4 points, not closed, a repeated consecutive point, or a coordinate outside
/// `ExactOrientation`'s exact range (`RingContacts.isExactlyComparable`).
public struct RingContacts {
    /// One segment, with its bounding box and where it sits (ring, position in the ring).
    @usableFromInline
    struct Segment {
        var minX, maxX, minY, maxY: Double
        var ax, ay, bx, by: Double
        var ring: Int32, index: Int32
    }

    private var segments: [Segment] = []
    /// How many segments each ring has (its point count minus one), by ring.
    private var segmentCounts: [Int32] = []

    public init() {}

    /// True when every ring is simple and no two rings meet (see the type's comment); false when
    /// some contact exists or a ring cannot be judged.
    public mutating func areSimpleAndApart(_ rings: [Ring]) -> Bool {
        segments.removeAll(keepingCapacity: true)
        segmentCounts.removeAll(keepingCapacity: true)
        for (r, ring) in rings.enumerated() {
            guard Self.isJudgeable(ring), !Self.hasSpike(ring) else { return false }
            let n = ring.count - 1
            segmentCounts.append(Int32(n))
            ring.withUnsafeBufferPointer { c in
                for i in 0..<n {
                    let a = c[i], b = c[i + 1]
                    segments.append(Segment(minX: min(a.x, b.x), maxX: max(a.x, b.x),
                                            minY: min(a.y, b.y), maxY: max(a.y, b.y),
                                            ax: a.x, ay: a.y, bx: b.x, by: b.y,
                                            ring: Int32(r), index: Int32(i)))
                }
            }
        }
        segments.sort { $0.minX < $1.minX }
        return segments.withUnsafeBufferPointer { s in
            segmentCounts.withUnsafeBufferPointer { counts in
                for i in 0..<s.count {
                    let p = s[i]
                    var j = i + 1
                    while j < s.count, s[j].minX <= p.maxX {
                        let q = s[j]
                        j += 1
                        if q.minY > p.maxY || q.maxY < p.minY { continue }
                        // Consecutive segments of one ring share a vertex by construction; that
                        // they meet nowhere else was settled by `hasSpike`.
                        if p.ring == q.ring {
                            let d = abs(p.index - q.index)
                            if d == 1 || d == counts[Int(p.ring)] - 1 { continue }
                        }
                        if SegmentContact.meet(p.ax, p.ay, p.bx, p.by, q.ax, q.ay, q.bx, q.by) { return false }
                    }
                }
                return true
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
    /// are collinear and leave the vertex on the same side): the only way two consecutive
    /// segments can meet beyond their shared vertex.
    static func hasSpike(_ ring: Ring) -> Bool {
        let n = ring.count - 1
        return ring.withUnsafeBufferPointer { c in
            for i in 0..<n {
                let a = c[i == 0 ? n - 1 : i - 1], v = c[i], b = c[i + 1]
                guard ExactOrientation.sign(a.x, a.y, v.x, v.y, b.x, b.y) == 0 else { continue }
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

/// Whether two closed segments share at least one point, decided exactly.
public enum SegmentContact {
    /// True when segment p1–p2 and segment q1–q2 (each of non-zero length) have a point in
    /// common: a crossing, an endpoint on the other segment, or a collinear overlap.
    @inlinable
    public static func meet(_ p1x: Double, _ p1y: Double, _ p2x: Double, _ p2y: Double,
                            _ q1x: Double, _ q1y: Double, _ q2x: Double, _ q2y: Double) -> Bool {
        if max(q1x, q2x) < min(p1x, p2x) || min(q1x, q2x) > max(p1x, p2x) { return false }
        if max(q1y, q2y) < min(p1y, p2y) || min(q1y, q2y) > max(p1y, p2y) { return false }
        let o1 = ExactOrientation.sign(p1x, p1y, p2x, p2y, q1x, q1y)
        let o2 = ExactOrientation.sign(p1x, p1y, p2x, p2y, q2x, q2y)
        if o1 != 0 && o1 == o2 { return false }              // q wholly on one side of line p
        // Collinear with overlapping boxes: on one line, so the boxes' overlap is a shared piece.
        if o1 == 0 && o2 == 0 { return true }
        let o3 = ExactOrientation.sign(q1x, q1y, q2x, q2y, p1x, p1y)
        let o4 = ExactOrientation.sign(q1x, q1y, q2x, q2y, p2x, p2y)
        if o3 != 0 && o3 == o4 { return false }              // p wholly on one side of line q
        // Each segment reaches both sides of (or touches) the other's line, and the lines are not
        // the same: the lines' single crossing lies on both segments.
        return true
    }
}
