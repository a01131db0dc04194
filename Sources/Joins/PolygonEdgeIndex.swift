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
    /// (x and y side by side: an edge's two ends are one or two cache lines, not four).
    let vertices: [Coordinate]
    private let bandMinY: Double
    private let bandScale: Double
    private let bandCount: Int
    /// Edges of band `b` are `edgeStarts[bandStart[b] ..< bandStart[b + 1]]`.
    private let bandStart: [Int32]
    private let edgeStarts: [Int32]

    init(_ polygons: [Polygon]) {
        // Sized first and written in place: one allocation per array, no growth (this runs for
        // every unit, over every vertex of the boundary file).
        var vertexCount = 0
        for p in polygons {
            vertexCount += p.exterior.count + 1
            for h in p.holes { vertexCount += h.count + 1 }
        }
        var box = BoundingBox.empty
        var points = [Coordinate]()
        // Ring `r` is `points[ringStart[r] ..< ringStart[r + 1]]`, closed; its edges join neighbours.
        var ringStart: [Int] = [0]
        if polygons.count == 1, polygons[0].holes.isEmpty, polygons[0].exterior.count >= 2,
           polygons[0].exterior.first == polygons[0].exterior.last {
            // One closed ring (most units): its own array is the vertex list, shared, not copied.
            let ring = polygons[0].exterior
            points = ring
            for c in ring { box.add(c) }
            ringStart.append(ring.count)
        } else {
            // Written through a buffer pointer: indexes are in range by the count above.
            var filled = 0
            points = Array(unsafeUninitializedCapacity: vertexCount) { v, vCount in
                for p in polygons {
                    for r in -1 ..< p.holes.count {
                        let ring = r < 0 ? p.exterior : p.holes[r]
                        guard ring.count >= 2 else { continue }
                        for c in ring { v[filled] = c; filled += 1; box.add(c) }
                        // Close the ring ourselves if the file did not (readers should, but be safe).
                        if ring.first != ring.last, let f = ring.first { v[filled] = f; filled += 1 }
                        ringStart.append(filled)
                    }
                }
                vCount = filled
            }
        }
        let edges = ringStart.last! - (ringStart.count - 1)
        self.vertices = points; self.boundingBox = box
        // About four edges per band keeps a test to a handful of edges; at least one band.
        let n = max(1, min(edges / 4, 1 << 16))
        let height = box.isEmpty ? 0 : box.maxY - box.minY
        let scale = height > 0 ? Double(n) / height : 0
        let minY = box.isEmpty ? 0 : box.minY
        bandMinY = minY
        bandScale = scale
        bandCount = n
        // Edge k meets bands band(y[k]) ... band(y[k + 1]) (in either order): each vertex's band is
        // computed once per pass and shared by its two edges.
        // Pass 1: +1 at an edge's first band and -1 past its last; summed twice, that is where
        // each band's edges end.
        var bandEnd = [Int32](repeating: 0, count: n + 1)
        let total: Int = points.withUnsafeBufferPointer { v in
            bandEnd.withUnsafeMutableBufferPointer { d in
                for r in 0 ..< ringStart.count - 1 {
                    var previous = Self.band(v[ringStart[r]].y, minY, scale, n)
                    for k in ringStart[r] + 1 ..< ringStart[r + 1] {
                        let b = Self.band(v[k].y, minY, scale, n)
                        d[min(b, previous)] &+= 1; d[max(b, previous) + 1] &-= 1
                        previous = b
                    }
                }
                var inBand: Int32 = 0, running: Int32 = 0
                for b in 0 ..< n { inBand &+= d[b]; running &+= inBand; d[b] = running }
                d[n] = running
                return Int(running)
            }
        }
        // Pass 2, edges from last to first, each written just before its bands' ends: the ends
        // become starts and every band lists its edges in ascending order.
        edgeStarts = [Int32](unsafeUninitializedCapacity: total) { refs, written in
            points.withUnsafeBufferPointer { v in
                bandEnd.withUnsafeMutableBufferPointer { d in
                    for r in stride(from: ringStart.count - 2, through: 0, by: -1) {
                        let first = ringStart[r], last = ringStart[r + 1] - 1
                        guard last > first else { continue }
                        var next = Self.band(v[last].y, minY, scale, n)
                        for k in stride(from: last - 1, through: first, by: -1) {
                            let b = Self.band(v[k].y, minY, scale, n)
                            for j in min(b, next) ... max(b, next) { d[j] &-= 1; refs[Int(d[j])] = Int32(k) }
                            next = b
                        }
                    }
                }
            }
            written = total
        }
        bandStart = bandEnd
    }

    /// The band holding height `y`: monotone in `y`, so an edge whose y-range holds `y` lists
    /// this band among its own (the same function places edges and points).
    @inline(__always)
    private static func band(_ y: Double, _ minY: Double, _ scale: Double, _ n: Int) -> Int {
        min(n - 1, max(0, Int((y - minY) * scale)))
    }

    /// True when the point is inside or on the boundary (GEOS `covers`).
    @inline(__always)
    func covers(_ x: Double, _ y: Double) -> Bool { locate(x, y) != .exterior }

    func locate(_ x: Double, _ y: Double) -> PointLocation {
        guard boundingBox.contains(Coordinate(x, y)) else { return .exterior }
        let b = Self.band(y, bandMinY, bandScale, bandCount)
        let first = Int(bandStart[b]), end = Int(bandStart[b + 1])
        // Read through buffer pointers: this runs for every point against every unit whose box
        // holds it, and the indexes are valid by construction.
        return vertices.withUnsafeBufferPointer { v in
            edgeStarts.withUnsafeBufferPointer { edgeStarts in
                var crossings = 0
                for k in first ..< end {
                    let i = Int(edgeStarts[k])
                    let y1 = v[i].y, y2 = v[i + 1].y
                    // Wholly above or below the point (about half of a band's edges): it can neither hold
                    // the point nor cross its ray, so none of the tests below would count it.
                    if min(y1, y2) > y || max(y1, y2) < y { continue }
                    let x1 = v[i].x, x2 = v[i + 1].x
                    if x1 < x && x2 < x { continue }                    // wholly left of the point
                    if x == x2 && y == y2 { return .boundary }          // on a vertex
                    if y1 == y && y2 == y {                             // horizontal edge at the point's y
                        if x >= min(x1, x2) && x <= max(x1, x2) { return .boundary }
                        continue
                    }
                    if (y1 > y && y2 <= y) || (y2 > y && y1 <= y) {
                        // Wholly right of the point: the edge's line passes right of it at its
                        // height, so the exact orientation is "left" (counted) either way up.
                        if x1 > x && x2 > x { crossings += 1; continue }
                        var s = ExactOrientation.sign(x1, y1, x2, y2, x, y)
                        if s == 0 { return .boundary }
                        if y2 < y1 { s = -s }
                        if s > 0 { crossings += 1 }
                    }
                }
                return crossings & 1 == 1 ? .interior : .exterior
            }
        }
    }
}
