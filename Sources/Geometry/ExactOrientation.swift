/// The orientation of a point relative to a directed segment, computed exactly.
///
/// Point-in-polygon must agree with GEOS `covers` to the last bit, including points lying exactly
/// on an edge. GEOS decides "on the edge" with an orientation test in double-double arithmetic
/// behind a floating-point filter; we use the same filter and, when it cannot decide, an exact
/// expansion sum (Shewchuk's grow-expansion with error-free products), so a point is on an edge
/// only when the determinant is truly zero. Shared by the joins' point-in-polygon test and the exact
/// ring-contact proofs of `RingContacts` (inlinable: the joins call it in their innermost loop).
public enum ExactOrientation {
    /// +1 when `c` lies left of `a → b` (counter-clockwise), -1 when right, 0 when collinear.
    @inlinable @inline(__always)
    public static func sign(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, _ cx: Double, _ cy: Double) -> Int {
        filteredSign(ax, ay, bx, by, cx, cy) ?? exactSign(ax, ay, bx, by, cx, cy)
    }

    /// The sign as GEOS's floating-point filter (`orientationIndexFilter`, the same operations in
    /// the same order) certifies it, or nil when the filter cannot decide and GEOS would go on in
    /// double-double arithmetic. A proof that must reach GEOS's own verdict uses this one: where it
    /// answers, GEOS's filter answers the same (also with `a` and `b` swapped, which only negates
    /// every product and difference), and the answer is the true sign for coordinates within
    /// `RingContacts.isExactlyComparable` (no product overflows or underflows).
    @inlinable @inline(__always)
    public static func filteredSign(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, _ cx: Double, _ cy: Double) -> Int? {
        let detLeft = (ax - cx) * (by - cy)
        let detRight = (ay - cy) * (bx - cx)
        let det = detLeft - detRight
        let detSum: Double
        if detLeft > 0 {
            if detRight <= 0 { return signum(det) }
            detSum = detLeft + detRight
        } else if detLeft < 0 {
            if detRight >= 0 { return signum(det) }
            detSum = -detLeft - detRight
        } else {
            return signum(det)
        }
        // The same error bound GEOS uses (DP_SAFE_EPSILON): beyond it the rounded sign is right.
        let errorBound = 1e-15 * detSum
        if det >= errorBound || -det >= errorBound { return signum(det) }
        return nil
    }

    @inlinable @inline(__always)
    public static func signum(_ d: Double) -> Int { d > 0 ? 1 : (d < 0 ? -1 : 0) }

    /// Sign of (ax−cx)(by−cy) − (ay−cy)(bx−cx) with no rounding at all.
    public static func exactSign(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, _ cx: Double, _ cy: Double) -> Int {
        let (p, pe) = twoDiff(ax, cx), (q, qe) = twoDiff(by, cy)
        let (r, re) = twoDiff(ay, cy), (s, se) = twoDiff(bx, cx)
        var terms: [Double] = []
        terms.reserveCapacity(16)
        for (u, v) in [(p, q), (p, qe), (pe, q), (pe, qe)] {
            let (h, l) = twoProduct(u, v); terms.append(h); terms.append(l)
        }
        for (u, v) in [(r, s), (r, se), (re, s), (re, se)] {
            let (h, l) = twoProduct(u, v); terms.append(-h); terms.append(-l)
        }
        // Grow a non-overlapping expansion term by term; its largest component carries the sign.
        var expansion: [Double] = []
        for t in terms where t != 0 {
            var q = t
            var next: [Double] = []
            next.reserveCapacity(expansion.count + 1)
            for e in expansion {
                let (sum, err) = twoSum(q, e)
                if err != 0 { next.append(err) }
                q = sum
            }
            if q != 0 { next.append(q) }
            expansion = next
        }
        return signum(expansion.last ?? 0)
    }

    @inlinable @inline(__always)
    public static func twoSum(_ a: Double, _ b: Double) -> (Double, Double) {
        let s = a + b
        let bb = s - a
        return (s, (a - (s - bb)) + (b - bb))
    }

    @inlinable @inline(__always)
    public static func twoDiff(_ a: Double, _ b: Double) -> (Double, Double) { twoSum(a, -b) }

    @inlinable @inline(__always)
    public static func twoProduct(_ a: Double, _ b: Double) -> (Double, Double) {
        let p = a * b
        return (p, (-p).addingProduct(a, b))  // fma: a·b − p exactly
    }
}
