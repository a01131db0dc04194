import Domain
import Geometry

/// Where a point lies relative to a polygonal area.
enum PointLocation: Sendable, Equatable { case interior, boundary, exterior }

/// The edges of one unit's polygons (every ring of every part), bucketed in horizontal bands of
/// y so that a point test reads only the few edges whose y-range meets the point's band.
///
/// The test is the crossing-number rule of GEOS's `RayCrossingCounter` (a ray to +x; an upward
/// edge includes its start and excludes its end, a downward edge the reverse), with the exact
/// orientation of `ExactOrientation`, so `covers` here equals GEOS `covers` for valid polygons,
/// points on edges and vertices included. Parity over all rings is right for valid
/// (multi)polygons: holes inside shells, parts that do not overlap — what repair guarantees.
struct PolygonEdgeIndex: Sendable {
    let boundingBox: BoundingBox
    /// Vertices of every ring, flattened; edge `k` runs from vertex `k` to `k + 1`.
    private let xs: [Double]
    private let ys: [Double]
    private let bandMinY: Double
    private let bandScale: Double
    private let bandCount: Int
    /// Edges of band `b` are `edgeStarts[bandStart[b] ..< bandStart[b + 1]]`.
    private let bandStart: [Int32]
    private let edgeStarts: [Int32]

    init(_ polygons: [Polygon]) {
        var xs: [Double] = [], ys: [Double] = [], starts: [Int32] = []
        var box = BoundingBox.empty
        for p in polygons {
            for ring in [p.exterior] + p.holes where ring.count >= 2 {
                let base = xs.count
                for c in ring { xs.append(c.x); ys.append(c.y); box.add(c) }
                // Close the ring ourselves if the file did not (readers should, but be safe).
                if ring.first != ring.last, let f = ring.first { xs.append(f.x); ys.append(f.y) }
                for k in base ..< xs.count - 1 { starts.append(Int32(k)) }
            }
        }
        self.xs = xs; self.ys = ys; self.boundingBox = box
        // About four edges per band keeps a test to a handful of edges; at least one band.
        let n = max(1, min(starts.count / 4, 1 << 16))
        let height = box.isEmpty ? 0 : box.maxY - box.minY
        bandMinY = box.isEmpty ? 0 : box.minY
        bandScale = height > 0 ? Double(n) / height : 0
        bandCount = n
        func band(_ y: Double) -> Int { min(n - 1, max(0, Int((y - box.minY) * (height > 0 ? Double(n) / height : 0)))) }
        var counts = [Int32](repeating: 0, count: n + 1)
        for k in starts {
            let i = Int(k)
            let b0 = band(min(ys[i], ys[i + 1])), b1 = band(max(ys[i], ys[i + 1]))
            for b in b0 ... b1 { counts[b + 1] += 1 }
        }
        for b in 0 ..< n { counts[b + 1] += counts[b] }
        var fill = counts
        var refs = [Int32](repeating: 0, count: Int(counts[n]))
        for k in starts {
            let i = Int(k)
            let b0 = band(min(ys[i], ys[i + 1])), b1 = band(max(ys[i], ys[i + 1]))
            for b in b0 ... b1 { refs[Int(fill[b])] = k; fill[b] += 1 }
        }
        bandStart = counts
        edgeStarts = refs
    }

    var edgeCount: Int { xs.isEmpty ? 0 : edgeStarts.count }

    /// True when the point is inside or on the boundary (GEOS `covers`).
    @inline(__always)
    func covers(_ x: Double, _ y: Double) -> Bool { locate(x, y) != .exterior }

    func locate(_ x: Double, _ y: Double) -> PointLocation {
        guard boundingBox.contains(Coordinate(x, y)) else { return .exterior }
        let b = min(bandCount - 1, max(0, Int((y - bandMinY) * bandScale)))
        var crossings = 0
        var k = Int(bandStart[b])
        let end = Int(bandStart[b + 1])
        while k < end {
            let i = Int(edgeStarts[k]); k += 1
            let x1 = xs[i], y1 = ys[i], x2 = xs[i + 1], y2 = ys[i + 1]
            if x1 < x && x2 < x { continue }                    // wholly left of the point
            if x == x2 && y == y2 { return .boundary }          // on a vertex
            if y1 == y && y2 == y {                             // horizontal edge at the point's y
                if x >= min(x1, x2) && x <= max(x1, x2) { return .boundary }
                continue
            }
            if (y1 > y && y2 <= y) || (y2 > y && y1 <= y) {
                var s = ExactOrientation.sign(x1, y1, x2, y2, x, y)
                if s == 0 { return .boundary }
                if y2 < y1 { s = -s }
                if s > 0 { crossings += 1 }
            }
        }
        return crossings & 1 == 1 ? .interior : .exterior
    }
}
