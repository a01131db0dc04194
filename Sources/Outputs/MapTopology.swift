import Domain

/// Polygons made ready to draw: projected, quantised to an integer grid, cut into arcs at the points
/// where neighbours meet, each distinct arc simplified once (Douglas–Peucker), then the rings put
/// back together from the simplified arcs. A border shared by two units is one arc, simplified
/// once, so both units draw exactly the same points along it and neighbours still meet at any
/// zoom; simplifying each polygon on its own would open gaps and overlaps between them.
///
/// How much is simplified is bounded two ways: never more than `tolerance` grid units away from
/// the original line, and at most `vertexBudget` vertices kept inside arcs (the points where
/// arcs meet are always kept), so that a 2-million-vertex unit or 100,000 units still give a
/// drawing of bounded size. Same input, same output, point for point.
///
/// Built for millions of vertices: the points are kept in one flat array, the points where
/// neighbours meet are found by sorting the vertices by position (`MapTopology+Junctions`), not
/// by a hash-table probe per vertex, and an arc is looked up by its first two points only (the
/// rest of an arc follows from them, see `ArcTable`). The maps and the report draw the same units:
/// one topology serves both, its areas put in the report's order by `reordered(_:)`.
public struct MapTopology: Sendable {
    public struct Point: Hashable, Sendable {
        public var x: Int32; public var y: Int32
        /// One 64-bit word hashed instead of two.
        public func hash(into hasher: inout Hasher) { hasher.combine(word) }
        /// Both coordinates in one word (x high, y low).
        var word: UInt64 { UInt64(UInt32(bitPattern: x)) << 32 | UInt64(UInt32(bitPattern: y)) }
    }

    /// One use of an arc by a ring: which arc, and whether the ring walks it backwards.
    struct ArcUse: Sendable { var arc: Int; var reversed: Bool }

    /// Grid size: the longer side of the data's projected extent spans this many grid units.
    public let gridSize: Int
    /// Width and height of the grid actually used (y grows downwards, as in SVG).
    public let width: Int, height: Int
    /// Kilometres per grid unit (the projection gives km).
    public let kmPerUnit: Double
    public let projection: MapProjection
    /// Projected km of the grid's origin (west, north) and grid units per km.
    let origin: (x: Double, y: Double), unitsPerKm: Double
    /// Per area, its rings (exteriors and holes alike; drawn with the even-odd rule), closed
    /// (last point equals first). An area too small to keep three distinct points has none.
    public let rings: [[[Point]]]
    /// Each distinct arc after simplification, with the areas whose rings use it (one area: an
    /// outer border of the data; two: a shared border), numbered in the order the areas' rings
    /// first use them.
    public let arcs: [(points: [Point], areas: [Int])]
    /// Per area, per quantised ring (before simplification, so including rings that then fall
    /// below three distinct points), the arcs it is made of, in order.
    let ringArcs: [[[ArcUse]]]
    /// Vertices kept and read, for the report's record of what was simplified.
    public let verticesIn: Int, verticesKept: Int

    public init(areas: [[Polygon]], gridSize: Int = 16000, tolerance: Double = 1.0, vertexBudget: Int = 600_000) {
        self.gridSize = gridSize
        var vertices = ProjectedVertices(areas: areas, gridSize: gridSize)
        projection = vertices.projection
        let (lo, hi, k) = (vertices.lo, vertices.hi, vertices.scale)
        kmPerUnit = 1 / k
        origin = (lo.x, hi.y); unitsPerKm = k
        width = vertices.isFinite ? Int(((hi.x - lo.x) * k).rounded()) : 0
        height = vertices.isFinite ? Int(((hi.y - lo.y) * k).rounded()) : 0

        // 1. Projected, quantised rings without repeated points (open: the first is not
        // repeated), all in one flat array.
        var grid = QuantisedRings()
        var count = 0
        for polys in areas {
            for polygon in polys {
                for ring in [polygon.exterior] + polygon.holes {
                    for v in count ..< count + ring.count {
                        grid.add(vertices.point(v))
                    }
                    count += ring.count
                    grid.closeRing()
                }
            }
            grid.closeArea()
        }
        verticesIn = count
        vertices.releaseCoordinates()

        // 2. Junctions: points met with different neighbours on different passes (where three
        // units meet, or where a shared border ends on the data's edge).
        let junction = grid.junctions()

        // 3. Arcs: each ring cut at its junctions; one arc whichever way it is walked.
        var table = ArcTable()
        var ringArcs: [[[ArcUse]]] = []
        ringArcs.reserveCapacity(areas.count)
        for area in 0..<grid.areaCount {
            var areaRings: [[ArcUse]] = []
            for r in grid.rings(ofArea: area) {
                areaRings.append(table.cut(grid.points[grid.ringStarts[r] ..< grid.ringStarts[r + 1]], junction: junction,
                                           offset: grid.ringStarts[r], area: area))
            }
            ringArcs.append(areaRings)
        }
        self.ringArcs = ringArcs
        let rawArcs = table.arcs
        let users = table.users
        table = ArcTable()

        // 4. Simplify every arc once: each interior vertex gets the distance at which
        // Douglas–Peucker would drop it; the kept ones are those above the threshold.
        var significance: [[Double]] = rawArcs.map(Self.significance)
        var threshold = tolerance
        let interior = significance.reduce(0) { $0 + max(0, $1.count - 2) }
        if interior > vertexBudget {
            var all: [Double] = []
            all.reserveCapacity(interior)
            for s in significance where s.count > 2 { all.append(contentsOf: s[1..<(s.count - 1)]) }
            // The value the `vertexBudget`-th vertex (from 0) would have in a sort by decreasing
            // significance, found without sorting them all.
            threshold = max(threshold, Selection.element(atDescendingRank: vertexBudget, of: &all))
        }
        var simplified: [[Point]] = []
        simplified.reserveCapacity(rawArcs.count)
        for (a, points) in rawArcs.enumerated() {
            let s = significance[a]
            var kept: [Point] = []
            for i in points.indices where i == 0 || i == points.count - 1 || s[i] > threshold { kept.append(points[i]) }
            simplified.append(kept)
        }
        significance = []

        // 5. Rings from the simplified arcs.
        var kept = 0
        rings = Self.rings(of: ringArcs, from: simplified, kept: &kept)
        verticesKept = kept
        arcs = zip(simplified, users).map { ($0, $1) }
    }

    private init(of other: MapTopology, rings: [[[Point]]], arcs: [(points: [Point], areas: [Int])], ringArcs: [[[ArcUse]]]) {
        gridSize = other.gridSize; width = other.width; height = other.height
        kmPerUnit = other.kmPerUnit; projection = other.projection
        origin = other.origin; unitsPerKm = other.unitsPerKm
        verticesIn = other.verticesIn; verticesKept = other.verticesKept
        self.rings = rings; self.arcs = arcs; self.ringArcs = ringArcs
    }

    /// The same topology with its areas in another order: area `i` of the result is area
    /// `order[i]` of this one (`order` holds each area once), and the arcs are numbered as a
    /// topology built from the areas in that order numbers them. Nothing in the building depends
    /// on the order of the areas but that numbering (the extent, the junctions, each arc, the
    /// simplification threshold are the same whatever the order), so the result is, point for
    /// point, what `MapTopology(areas:)` gives for the reordered areas, without building it again.
    public func reordered(_ order: [Int]) -> MapTopology {
        precondition(order.count == rings.count && Set(order).count == order.count, "not a reordering of the areas")
        var renumbered = [Int](repeating: -1, count: arcs.count)
        var newArcs: [(points: [Point], areas: [Int])] = []
        newArcs.reserveCapacity(arcs.count)
        var newRingArcs: [[[ArcUse]]] = []
        newRingArcs.reserveCapacity(order.count)
        for (i, old) in order.enumerated() {
            newRingArcs.append(ringArcs[old].map { uses in
                uses.map { use in
                    if renumbered[use.arc] < 0 {
                        renumbered[use.arc] = newArcs.count
                        newArcs.append((arcs[use.arc].points, []))
                    }
                    let arc = renumbered[use.arc]
                    if newArcs[arc].areas.last != i { newArcs[arc].areas.append(i) }
                    return ArcUse(arc: arc, reversed: use.reversed)
                }
            })
        }
        return MapTopology(of: self, rings: order.map { rings[$0] }, arcs: newArcs, ringArcs: newRingArcs)
    }

    /// Where a coordinate falls on the grid (unrounded), e.g. for a label.
    public func grid(_ c: Coordinate) -> (x: Double, y: Double) {
        let q = projection.project(c)
        return ((q.x - origin.x) * unitsPerKm, (origin.y - q.y) * unitsPerKm)
    }

    /// Each area's rings put back together from the simplified arcs they use, closed, without a
    /// point repeated where two arcs meet; a ring left with fewer than three distinct points is
    /// dropped. `kept` grows by the vertices of the rings kept (the closing point not counted).
    static func rings(of ringArcs: [[[ArcUse]]], from simplified: [[Point]], kept: inout Int) -> [[[Point]]] {
        var count = kept
        defer { kept = count }
        return ringArcs.map { areaRings in
            areaRings.compactMap { uses -> [Point]? in
                var ring: [Point] = []
                for use in uses {
                    let points = simplified[use.arc]
                    if use.reversed {
                        for p in points.reversed() where ring.last != p { ring.append(p) }
                    } else {
                        for p in points where ring.last != p { ring.append(p) }
                    }
                }
                if ring.first != ring.last, let first = ring.first { ring.append(first) }
                guard hasThreeDistinct(ring) else { return nil }
                count += ring.count - 1
                return ring
            }
        }
    }

    /// Whether `points` holds at least three different points (`Set(points).count >= 3`, without
    /// hashing every point of every ring).
    static func hasThreeDistinct(_ points: [Point]) -> Bool {
        guard let a = points.first, let b = points.first(where: { $0 != a }) else { return false }
        return points.contains { $0 != a && $0 != b }
    }

    static func less(_ a: Point, _ b: Point) -> Bool { a.x != b.x ? a.x < b.x : a.y < b.y }

    static func lexLess(_ a: [Point], _ b: [Point]) -> Bool {
        for (p, q) in zip(a, b) where p != q { return less(p, q) }
        return a.count < b.count
    }

    /// Per point of a line, the largest tolerance at which Douglas–Peucker still keeps it (the
    /// ends: infinity). Made monotone (a point is never kept while the one that split its span
    /// is dropped), iteratively, so that a line of millions of points needs no deep recursion.
    static func significance(_ line: [Point]) -> [Double] {
        let n = line.count
        var s = [Double](repeating: 0, count: n)
        guard n > 0 else { return s }
        s[0] = .infinity; s[n - 1] = .infinity
        guard n > 2 else { return s }
        // A closed line (first == last): split it at its farthest point first.
        var stack: [(Int, Int, Double)] = []
        if line[0] == line[n - 1] {
            var far = 1, best = -1.0
            for i in 1..<(n - 1) {
                let dx = Double(line[i].x - line[0].x), dy = Double(line[i].y - line[0].y)
                let d = dx * dx + dy * dy
                if d > best { best = d; far = i }
            }
            s[far] = .infinity
            stack = [(0, far, .infinity), (far, n - 1, .infinity)]
        } else {
            stack = [(0, n - 1, .infinity)]
        }
        while let (from, to, cap) = stack.popLast() {
            guard to - from > 1 else { continue }
            let a = line[from], b = line[to]
            let dx = Double(b.x - a.x), dy = Double(b.y - a.y)
            let length = (dx * dx + dy * dy).squareRoot()
            var far = from + 1, best = -1.0
            for i in (from + 1)..<to {
                let px = Double(line[i].x - a.x), py = Double(line[i].y - a.y)
                let d = length > 0 ? abs(px * dy - py * dx) / length : (px * px + py * py).squareRoot()
                if d > best { best = d; far = i }
            }
            let value = min(best, cap)
            s[far] = value
            stack.append((from, far, value))
            stack.append((far, to, value))
        }
        return s
    }
}
