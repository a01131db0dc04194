import Domain

/// Points that fall in an overlap of two units, i.e. inside both units' interiors (a point on
/// either unit's border is not in the overlap). Placement is not changed: such a point is already
/// given, like a point on a shared border, to the covering unit whose id sorts first. This only
/// counts them, per pair, and says where each went, so that the report can say how many points
/// the overlap decided.
public enum OverlapPoints {
    /// One overlapping pair of units (positions in the `UnitSet`) and the overlap's envelope.
    public struct Pair: Sendable {
        public var first: Int, second: Int
        public var box: BoundingBox
        public init(first: Int, second: Int, box: BoundingBox) { self.first = first; self.second = second; self.box = box }
    }

    /// What one pair's overlap holds: how many points, and the unit each went to.
    public struct Count: Sendable, Equatable {
        public var points = 0
        /// Unit (position in the `UnitSet`) → points placed in it: the covering unit whose id
        /// sorts first, normally the pair's smaller id, unless a third unit covers the point too.
        public var placedIn: [Int: Int] = [:]
    }

    /// For each pair, the points of `points` inside both units' interiors, and where the
    /// placement put them. Points are bucketed once in a grid; each pair reads only the cells its
    /// overlap's envelope meets.
    public static func count(_ points: [Coordinate], in pairs: [Pair], units: UnitSet) -> [Count] {
        guard !points.isEmpty, !pairs.isEmpty else { return Array(repeating: Count(), count: pairs.count) }
        let grid = PointGrid(points)
        var edgeIndex: [Int: PolygonEdgeIndex] = [:]
        func area(_ u: Int) -> PolygonEdgeIndex {
            if let e = edgeIndex[u] { return e }
            let e = PolygonEdgeIndex(units.polygons[u])
            edgeIndex[u] = e
            return e
        }
        var boxes: [BoundingBox]? = nil
        /// The placement's owner: the first unit in id order that covers the point.
        func owner(_ x: Double, _ y: Double) -> Int? {
            if boxes == nil {
                boxes = units.polygons.map { ps in
                    var b = BoundingBox.empty
                    for p in ps { for c in p.exterior { b.add(c) } }
                    return b
                }
            }
            let c = Coordinate(x, y)
            return units.idOrder.first { boxes![$0].contains(c) && area($0).covers(x, y) }
        }
        return pairs.map { pair in
            var count = Count()
            guard let (c0, c1, r0, r1) = grid.cellRange(pair.box) else { return count }
            let a = area(pair.first), b = area(pair.second)
            for r in r0 ... r1 {
                var k = Int(grid.cellStart[r * grid.columns + c0])
                let end = Int(grid.cellStart[r * grid.columns + c1 + 1])
                while k < end {
                    let x = grid.coordinates[k].x, y = grid.coordinates[k].y
                    if pair.box.contains(Coordinate(x, y)), a.locate(x, y) == .interior, b.locate(x, y) == .interior {
                        count.points += 1
                        if let u = owner(x, y) { count.placedIn[u, default: 0] += 1 }
                    }
                    k += 1
                }
            }
            return count
        }
    }

    /// The point a point layer's feature is placed by, as `LayerPlacement.byLocation` reads it: a
    /// point, or the first point of a multi-point; nil when there is none or it is not a
    /// longitude/latitude (those features are reported by the placement).
    public static func placedPoint(_ shape: Shape?) -> Coordinate? {
        let c: Coordinate?
        switch shape {
        case .point(let p)?: c = p
        case .multiPoint(let ps)?: c = ps.first
        default: c = nil
        }
        guard let c, c.x.isFinite, c.y.isFinite, abs(c.x) <= 180, abs(c.y) <= 90 else { return nil }
        return c
    }
}
