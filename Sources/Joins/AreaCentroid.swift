import Domain
import Geometry

/// The centroid of a unit's polygons as GEOS 3.11 computes it (`GEOSGetCentroid`), to the last
/// bit, without building a GEOS geometry: the same triangles fanned from the first vertex of
/// each part's shell, summed in the same order with the same operations, each ring's sign from the same
/// orientation test (`Orientation::isCCW`: the highest rising point, then its cap, with the exact
/// orientation of `ExactOrientation` where GEOS uses its robust one). Reference points are found
/// for every unit, and building the GEOS geometry cost more than the centroid itself.
///
/// Only the area centroid is computed here: nil when a ring has fewer than 4 points or is not
/// closed (GEOS refuses it, and the caller lets GEOS say so) or when the area sums to 0 (GEOS then
/// falls back to the boundary's centroid: the caller asks GEOS).
enum AreaCentroid {
    static func of(_ polygons: [Polygon]) -> Coordinate? {
        guard !polygons.isEmpty else { return nil }
        var cx = 0.0, cy = 0.0, areaSum = 0.0
        for p in polygons {
            // GEOS takes each shell's first vertex as the base of its triangles and those of its
            // holes (`setAreaBasePoint` on every shell), not the first shell's for all parts.
            guard let base = p.exterior.first else { return nil }
            for r in -1 ..< p.holes.count {
                let ring = r < 0 ? p.exterior : p.holes[r]
                guard ring.count >= 4, ring.first == ring.last else { return nil }
                // A shell adds its area when clockwise, a hole when counter-clockwise (GEOS's signs).
                let positive = r < 0 ? !isCounterClockwise(ring) : isCounterClockwise(ring)
                let sign = positive ? 1.0 : -1.0
                for i in 0 ..< ring.count - 1 {
                    let p1 = ring[i], p2 = ring[i + 1]
                    let tx = base.x + p1.x + p2.x, ty = base.y + p1.y + p2.y
                    let a2 = (p1.x - base.x) * (p2.y - base.y) - (p2.x - base.x) * (p1.y - base.y)
                    cx += sign * a2 * tx
                    cy += sign * a2 * ty
                    areaSum += sign * a2
                }
            }
        }
        guard abs(areaSum) > 0 else { return nil }
        return Coordinate(cx / 3 / areaSum, cy / 3 / areaSum)
    }

    /// GEOS `Orientation::isCCW` of a closed ring of at least 4 points: false for a flat ring.
    static func isCounterClockwise(_ ring: Ring) -> Bool {
        let n = ring.count - 1  // points without the closing one
        // The first highest point reached by a rising segment.
        var upHi = ring[0], upLow = ring[0]
        var prevY = upHi.y
        var iUpHi = 0
        for i in 1 ... n {
            let y = ring[i].y
            if y > prevY && y >= upHi.y { iUpHi = i; upHi = ring[i]; upLow = ring[i - 1] }
            prevY = y
        }
        if iUpHi == 0 { return false }
        // The next point lower than it, and the point just before that one.
        var iDownLow = iUpHi
        repeat { iDownLow = (iDownLow + 1) % n } while iDownLow != iUpHi && ring[iDownLow].y == upHi.y
        let downLow = ring[iDownLow]
        let downHi = ring[iDownLow > 0 ? iDownLow - 1 : n - 1]
        if upHi.x == downHi.x && upHi.y == downHi.y {
            // A pointed cap: its turn gives the orientation (none for a cap A-B-A).
            if (upLow.x == upHi.x && upLow.y == upHi.y) || (downLow.x == upHi.x && downLow.y == upHi.y)
                || (upLow.x == downLow.x && upLow.y == downLow.y) { return false }
            return ExactOrientation.sign(upLow.x, upLow.y, upHi.x, upHi.y, downLow.x, downLow.y) == 1
        }
        // A flat cap: the direction of the flat top.
        return downHi.x - upHi.x < 0
    }
}
