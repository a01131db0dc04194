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
public struct MapTopology: Sendable {
    public struct Point: Hashable, Sendable {
        public var x: Int32; public var y: Int32
        /// One 64-bit word hashed instead of two (millions of points go through the tables below).
        public func hash(into hasher: inout Hasher) {
            hasher.combine(UInt64(UInt32(bitPattern: x)) << 32 | UInt64(UInt32(bitPattern: y)))
        }
    }

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
    /// outer border of the data; two: a shared border).
    public let arcs: [(points: [Point], areas: [Int])]
    /// Vertices kept and read, for the report's record of what was simplified.
    public let verticesIn: Int, verticesKept: Int

    public init(areas: [[Polygon]], gridSize: Int = 16000, tolerance: Double = 1.0, vertexBudget: Int = 600_000) {
        self.gridSize = gridSize
        let allRings = areas.flatMap { $0 }.flatMap { [$0.exterior] + $0.holes }
        projection = MapProjection(fittingRings: allRings)
        // Every vertex projected once (ring by ring: a world map's cut meridian needs the ring),
        // in the order step 1 walks them.
        var projectedX: [Double] = [], projectedY: [Double] = []
        var lo = (x: Double.infinity, y: Double.infinity), hi = (x: -Double.infinity, y: -Double.infinity)
        for ring in allRings {
            for q in projection.project(ring: ring) {
                projectedX.append(q.x); projectedY.append(q.y)
                lo = (min(lo.x, q.x), min(lo.y, q.y)); hi = (max(hi.x, q.x), max(hi.y, q.y))
            }
        }
        let span = max(hi.x - lo.x, hi.y - lo.y)
        let k = span > 0 && span.isFinite ? Double(gridSize) / span : 1
        kmPerUnit = 1 / k
        origin = (lo.x, hi.y); unitsPerKm = k
        width = span.isFinite ? Int(((hi.x - lo.x) * k).rounded()) : 0
        height = span.isFinite ? Int(((hi.y - lo.y) * k).rounded()) : 0

        // 1. Projected, quantised rings without repeated points (open: the first is not repeated).
        var quantised: [[[Point]]] = []
        quantised.reserveCapacity(areas.count)
        var count = 0
        for polys in areas {
            var out: [[Point]] = []
            for ring in polys.flatMap({ [$0.exterior] + $0.holes }) {
                var r: [Point] = []
                r.reserveCapacity(ring.count)
                for v in count ..< count + ring.count {
                    let p = Point(x: Int32(((projectedX[v] - lo.x) * k).rounded()), y: Int32(((hi.y - projectedY[v]) * k).rounded()))
                    if r.last != p { r.append(p) }
                }
                count += ring.count
                while r.count > 1 && r.last == r.first { r.removeLast() }
                if r.count >= 3 { out.append(r) }
            }
            quantised.append(out)
        }
        verticesIn = count
        projectedX = []; projectedY = []

        // 2. Junctions: points met with different neighbours on different passes (where three
        // units meet, or where a shared border ends on the data's edge).
        var firstNeighbours: [Point: (Point, Point)] = [:]
        firstNeighbours.reserveCapacity(count)
        var junction = Set<Point>()
        for area in quantised {
            for r in area {
                let n = r.count
                for i in 0..<n {
                    let p = r[i], a = r[(i + n - 1) % n], b = r[(i + 1) % n]
                    let pair = Self.less(a, b) ? (a, b) : (b, a)
                    if let seen = firstNeighbours[p] {
                        if seen != pair { junction.insert(p) }
                    } else {
                        firstNeighbours[p] = pair
                    }
                }
            }
        }
        firstNeighbours = [:]

        // 3. Arcs: each ring cut at its junctions; one key per arc whichever way it is walked.
        var arcIndex: [[Point]: Int] = [:]
        var rawArcs: [[Point]] = []
        var users: [[Int]] = []
        // Per area, per ring: the arcs in order, with whether each is walked backwards.
        var ringArcs: [[[(arc: Int, reversed: Bool)]]] = []
        for (areaIndex, area) in quantised.enumerated() {
            var areaRings: [[(Int, Bool)]] = []
            for r in area {
                let n = r.count
                let cuts = (0..<n).filter { junction.contains(r[$0]) }
                var pieces: [[Point]] = []
                if cuts.isEmpty {
                    // A ring met by no other line: start at its least point, walked the way whose
                    // second point is the lesser, so that the same ring drawn as a neighbour's
                    // hole gives the same arc.
                    let start = (0..<n).min { Self.less(r[$0], r[$1]) }!
                    var piece = (0...n).map { r[(start + $0) % n] }
                    if Self.less(piece[piece.count - 2], piece[1]) { piece.reverse() }
                    pieces.append(piece)
                } else {
                    for (c, from) in cuts.enumerated() {
                        let to = c + 1 < cuts.count ? cuts[c + 1] : cuts[0] + n
                        pieces.append((from...to).map { r[$0 % n] })
                    }
                }
                var refs: [(Int, Bool)] = []
                for piece in pieces {
                    let backwards = Array(piece.reversed())
                    let reversed = Self.lexLess(backwards, piece)
                    let key = reversed ? backwards : piece
                    let index: Int
                    if let known = arcIndex[key] {
                        index = known
                    } else {
                        index = rawArcs.count
                        arcIndex[key] = index
                        rawArcs.append(key)
                        users.append([])
                    }
                    if users[index].last != areaIndex { users[index].append(areaIndex) }
                    refs.append((index, reversed))
                }
                areaRings.append(refs)
            }
            ringArcs.append(areaRings)
        }
        arcIndex = [:]

        // 4. Simplify every arc once: each interior vertex gets the distance at which
        // Douglas–Peucker would drop it; the kept ones are those above the threshold.
        var significance: [[Double]] = rawArcs.map(Self.significance)
        var threshold = tolerance
        let interior = significance.reduce(0) { $0 + max(0, $1.count - 2) }
        if interior > vertexBudget {
            var all: [Double] = []
            all.reserveCapacity(interior)
            for s in significance where s.count > 2 { all.append(contentsOf: s[1..<(s.count - 1)]) }
            all.sort(by: >)
            threshold = max(threshold, all[vertexBudget])
        }
        var simplified: [[Point]] = []
        simplified.reserveCapacity(rawArcs.count)
        for (a, points) in rawArcs.enumerated() {
            let s = significance[a]
            simplified.append(points.indices.filter { $0 == 0 || $0 == points.count - 1 || s[$0] > threshold }.map { points[$0] })
        }
        significance = []

        // 5. Rings from the simplified arcs.
        var kept = 0
        rings = ringArcs.map { areaRings in
            areaRings.compactMap { refs -> [Point]? in
                var ring: [Point] = []
                for (arc, reversed) in refs {
                    let points = reversed ? simplified[arc].reversed() : simplified[arc]
                    for p in points where ring.last != p { ring.append(p) }
                }
                if ring.first != ring.last, let first = ring.first { ring.append(first) }
                guard Self.hasThreeDistinct(ring) else { return nil }
                kept += ring.count - 1
                return ring
            }
        }
        verticesKept = kept
        arcs = zip(simplified, users).map { ($0, $1) }
    }

    /// Where a coordinate falls on the grid (unrounded), e.g. for a label.
    public func grid(_ c: Coordinate) -> (x: Double, y: Double) {
        let q = projection.project(c)
        return ((q.x - origin.x) * unitsPerKm, (origin.y - q.y) * unitsPerKm)
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

    /// An SVG path for one area: absolute move, then relative integer steps (`M120 45l3-2 4 5z`).
    public func svgPath(area: Int) -> String {
        var d = ""
        for ring in rings[area] {
            Self.append(ring.dropLast(), to: &d, close: true)
        }
        return d
    }

    /// An SVG path for a set of arcs (open lines), e.g. the borders between parents.
    public func svgPath(arcs indices: [Int]) -> String {
        var d = ""
        for i in indices { Self.append(arcs[i].points[...], to: &d, close: false) }
        return d
    }

    static func append(_ points: ArraySlice<Point>, to d: inout String, close: Bool) {
        guard let first = points.first else { return }
        d += "M\(first.x) \(first.y)"
        var last = first
        var started = false
        for p in points.dropFirst() {
            let dx = p.x - last.x, dy = p.y - last.y
            d += started ? (dx < 0 ? "" : " ") : "l"
            d += "\(dx)" + (dy < 0 ? "" : " ") + "\(dy)"
            started = true
            last = p
        }
        if close { d += "z" }
    }
}
