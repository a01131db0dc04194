import Domain

/// Exact questions about one closed ring, for the proofs built on `RingContacts`.
public enum RingPosition {
    /// Where a point lies relative to a closed ring: true inside, false outside, nil on the ring
    /// itself or undecided (a proof that expects the point off the ring then proves nothing).
    ///
    /// The crossing-number rule of GEOS's `RayCrossingCounter` (a ray to +x, an edge counted when
    /// it spans the point's y half-open), the side of each such edge from
    /// `ExactOrientation.filteredSign`: where the filter cannot decide, the answer is nil, so a
    /// true or false is both the exact answer and the one GEOS's locator reaches on the same ring.
    public static func contains(_ point: Coordinate, in ring: Ring) -> Bool? {
        let x = point.x, y = point.y
        var inside = false
        let onRingOrUndecided: Bool = ring.withUnsafeBufferPointer { c in
            for i in 0..<(c.count - 1) {
                let a = c[i], b = c[i + 1]
                if a == point { return true }
                if (a.y > y) == (b.y > y) {
                    // Both ends on one side of the ray's line, or a horizontal edge on it.
                    if a.y == y && b.y == y && x >= min(a.x, b.x) && x <= max(a.x, b.x) { return true }
                    continue
                }
                if a.x < x && b.x < x { continue }      // wholly left of the point
                guard let s = ExactOrientation.filteredSign(a.x, a.y, b.x, b.y, x, y), s != 0 else { return true }
                // The edge passes right of the point when the point is left of an upward edge
                // or right of a downward one.
                if (s > 0) == (b.y > a.y) { inside.toggle() }
            }
            return false
        }
        return onRingOrUndecided ? nil : inside
    }
}
