import Domain

/// Planar ring measures used both to orient rings when writing and to classify them when
/// reading. Coordinates are lon/lat or projected metres; only signs and containment matter here,
/// so planar formulas are right whatever the unit.
enum RingGeometry {
    /// Twice the signed area (shoelace). Positive: counter-clockwise; negative: clockwise.
    static func signedDoubleArea(_ ring: [Coordinate]) -> Double {
        guard ring.count >= 3 else { return 0 }
        var sum = 0.0
        // Translate to the first point so large projected coordinates do not lose precision.
        let o = ring[0]
        for i in 0..<(ring.count - 1) {
            let a = ring[i], b = ring[i + 1]
            sum += (a.x - o.x) * (b.y - o.y) - (b.x - o.x) * (a.y - o.y)
        }
        return sum
    }

    static func isClockwise(_ ring: [Coordinate]) -> Bool { signedDoubleArea(ring) < 0 }

    /// The ring closed (first point repeated last) if it was not.
    static func closed(_ ring: [Coordinate]) -> [Coordinate] {
        guard let f = ring.first, let l = ring.last, f != l else { return ring }
        return ring + [f]
    }

    /// The ring turned to the wanted orientation.
    static func oriented(_ ring: [Coordinate], clockwise: Bool) -> [Coordinate] {
        isClockwise(ring) == clockwise ? ring : Array(ring.reversed())
    }

    /// Even-odd point-in-ring test (boundary points may go either way; callers test several
    /// vertices and use a majority, see `ring(_:isInside:)`).
    static func contains(_ ring: [Coordinate], _ p: Coordinate) -> Bool {
        var inside = false
        var j = ring.count - 1
        for i in 0..<ring.count {
            let a = ring[i], b = ring[j]
            if (a.y > p.y) != (b.y > p.y) {
                let x = (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x
                if p.x < x { inside.toggle() }
            }
            j = i
        }
        return inside
    }

    /// Whether `inner` lies inside `outer`: decided by the vertices of `inner` that are strictly
    /// inside or outside (a hole may touch its shell at a vertex, which the ring test cannot
    /// classify reliably), by majority vote.
    static func ring(_ inner: [Coordinate], isInside outer: [Coordinate]) -> Bool {
        var inside = 0, outside = 0
        for p in inner.dropLast() {
            if outer.contains(p) { continue }
            if contains(outer, p) { inside += 1 } else { outside += 1 }
        }
        if inside == 0 && outside == 0 {
            // Every vertex is shared with the outer ring: compare the midpoint of an edge.
            guard inner.count >= 2 else { return false }
            let m = Coordinate((inner[0].x + inner[1].x) / 2, (inner[0].y + inner[1].y) / 2)
            return contains(outer, m)
        }
        return inside > outside
    }

    static func bounds(_ ring: [Coordinate]) -> BoundingBox {
        var b = BoundingBox.empty
        ring.forEach { b.add($0) }
        return b
    }
}
