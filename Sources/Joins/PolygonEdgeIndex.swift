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
    private let vertices: [Coordinate]
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
        var filled = 0, edges = 0
        var box = BoundingBox.empty
        var points = [Coordinate](), starts = [Int32]()
        if polygons.count == 1, polygons[0].holes.isEmpty, polygons[0].exterior.count >= 2,
           polygons[0].exterior.first == polygons[0].exterior.last {
            // One closed ring (most units): its own array is the vertex list, shared, not copied.
            let ring = polygons[0].exterior
            points = ring
            for c in ring { box.add(c) }
            edges = ring.count - 1
            starts = Array(unsafeUninitializedCapacity: edges) { e, eCount in
                for k in 0 ..< edges { e[k] = Int32(k) }
                eCount = edges
            }
        } else {
            // Written through buffer pointers: indexes are in range by the count above.
            points = Array(unsafeUninitializedCapacity: vertexCount) { v, vCount in
                starts = Array(unsafeUninitializedCapacity: vertexCount) { e, eCount in
                    for p in polygons {
                        for r in -1 ..< p.holes.count {
                            let ring = r < 0 ? p.exterior : p.holes[r]
                            guard ring.count >= 2 else { continue }
                            let base = filled
                            for c in ring { v[filled] = c; filled += 1; box.add(c) }
                            // Close the ring ourselves if the file did not (readers should, but be safe).
                            if ring.first != ring.last, let f = ring.first { v[filled] = f; filled += 1 }
                            for k in base ..< filled - 1 { e[edges] = Int32(k); edges += 1 }
                        }
                    }
                    eCount = edges
                }
                vCount = filled
            }
        }
        self.vertices = points; self.boundingBox = box
        // About four edges per band keeps a test to a handful of edges; at least one band.
        let n = max(1, min(edges / 4, 1 << 16))
        let height = box.isEmpty ? 0 : box.maxY - box.minY
        let scale = height > 0 ? Double(n) / height : 0
        bandMinY = box.isEmpty ? 0 : box.minY
        bandScale = scale
        bandCount = n
        // Each edge's first and last band, found once for both passes below.
        var firstBand = [Int32](repeating: 0, count: edges), lastBand = [Int32](repeating: 0, count: edges)
        var counts = [Int32](repeating: 0, count: n + 1)
        points.withUnsafeBufferPointer { v in
            starts.withUnsafeBufferPointer { e in
                firstBand.withUnsafeMutableBufferPointer { first in
                    lastBand.withUnsafeMutableBufferPointer { last in
                        counts.withUnsafeMutableBufferPointer { counts in
                            for k in 0 ..< edges {
                                let i = Int(e[k])
                                let y1 = v[i].y, y2 = v[i + 1].y
                                let b0 = min(n - 1, max(0, Int((min(y1, y2) - box.minY) * scale)))
                                let b1 = min(n - 1, max(0, Int((max(y1, y2) - box.minY) * scale)))
                                first[k] = Int32(b0); last[k] = Int32(b1)
                                for b in b0 ... b1 { counts[b + 1] += 1 }
                            }
                            for b in 0 ..< n { counts[b + 1] += counts[b] }
                        }
                    }
                }
            }
        }
        var fill = counts
        var refs = [Int32](repeating: 0, count: Int(counts[n]))
        refs.withUnsafeMutableBufferPointer { refs in
            fill.withUnsafeMutableBufferPointer { fill in
                for k in 0 ..< edges {
                    for b in Int(firstBand[k]) ... Int(lastBand[k]) { refs[Int(fill[b])] = starts[k]; fill[b] += 1 }
                }
            }
        }
        bandStart = counts
        edgeStarts = refs
    }

    var edgeCount: Int { vertices.isEmpty ? 0 : edgeStarts.count }

    /// True when the point is inside or on the boundary (GEOS `covers`).
    @inline(__always)
    func covers(_ x: Double, _ y: Double) -> Bool { locate(x, y) != .exterior }

    func locate(_ x: Double, _ y: Double) -> PointLocation {
        guard boundingBox.contains(Coordinate(x, y)) else { return .exterior }
        let b = min(bandCount - 1, max(0, Int((y - bandMinY) * bandScale)))
        let first = Int(bandStart[b]), end = Int(bandStart[b + 1])
        // Read through buffer pointers: this runs for every point against every unit whose box
        // holds it, and the indexes are valid by construction.
        return vertices.withUnsafeBufferPointer { v in
            edgeStarts.withUnsafeBufferPointer { edgeStarts in
                var crossings = 0
                for k in first ..< end {
                    let i = Int(edgeStarts[k])
                    let x1 = v[i].x, y1 = v[i].y, x2 = v[i + 1].x, y2 = v[i + 1].y
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
    }
}
