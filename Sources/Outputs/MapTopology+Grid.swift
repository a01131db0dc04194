import Domain

extension MapTopology {
    /// Step 0 of building a topology: every vertex of the areas projected once (ring by ring: a
    /// world map's cut meridian needs the ring), in the order the areas' rings list them, and the
    /// scale that fits the projected extent's longer side into `gridSize` grid units.
    struct ProjectedVertices {
        let projection: MapProjection
        /// Least and greatest projected x and y.
        let lo: (x: Double, y: Double), hi: (x: Double, y: Double)
        /// Grid units per projected km.
        let scale: Double
        private var xs: [Double], ys: [Double]

        init(areas: [[Polygon]], gridSize: Int) {
            let allRings = areas.flatMap { $0 }.flatMap { [$0.exterior] + $0.holes }
            projection = MapProjection(fittingRings: allRings)
            var xs: [Double] = [], ys: [Double] = []
            var lo = (x: Double.infinity, y: Double.infinity), hi = (x: -Double.infinity, y: -Double.infinity)
            for ring in allRings {
                for q in projection.project(ring: ring) {
                    xs.append(q.x); ys.append(q.y)
                    lo = (min(lo.x, q.x), min(lo.y, q.y)); hi = (max(hi.x, q.x), max(hi.y, q.y))
                }
            }
            let span = max(hi.x - lo.x, hi.y - lo.y)
            scale = span > 0 && span.isFinite ? Double(gridSize) / span : 1
            self.lo = lo; self.hi = hi; self.xs = xs; self.ys = ys
        }

        /// Whether the extent is finite (no vertex at all gives an infinite one).
        var isFinite: Bool { max(hi.x - lo.x, hi.y - lo.y).isFinite }

        /// Lets go of the projected coordinates once the rings are on the grid (tens of MB at
        /// 100,000 units, not needed by the later steps); the projection and scale stay.
        mutating func releaseCoordinates() { xs = []; ys = [] }

        /// Vertex `v` (in ring order) on the grid: x east from the west edge, y down from the north edge.
        func point(_ v: Int) -> Point {
            Point(x: Int32(((xs[v] - lo.x) * scale).rounded()), y: Int32(((hi.y - ys[v]) * scale).rounded()))
        }
    }
}
