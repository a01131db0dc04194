import Domain

/// Point-in-polygon for a whole set of areas (units, or a crosswalk's source zones), polygon
/// first: points are bucketed once in a uniform grid, then each area visits only the grid cells
/// its bounding box meets and tests those points against its own edge index. Areas are visited in
/// `order`, and a point keeps the first area that covers it, which is how a point on a shared
/// border goes to the unit whose id sorts first (Scripts/METHOD.md, "Reference semantics").
///
/// This is the approach measured fastest on these machines (README, "Benchmarks"): GEOS STRtree plus a
/// prepared `covers` per point is several times slower and needs a GEOS point per test.
struct PolygonSetIndex: Sendable {
    let areas: [PolygonEdgeIndex]
    /// The order areas claim points in; the first that covers a point owns it.
    let order: [Int]

    init(_ polygons: [[Polygon]], order: [Int]? = nil) {
        areas = polygons.map(PolygonEdgeIndex.init)
        self.order = order ?? Array(polygons.indices)
    }

    init(units: UnitSet) {
        self.init(units.polygons, order: units.idOrder)
    }

    /// The owning area of one point, or nil. For single points; use `assign` for many.
    func owner(of c: Coordinate) -> Int? {
        for a in order where areas[a].covers(c.x, c.y) { return a }
        return nil
    }

    /// The owning area of each point (-1 when no area covers it). Non-finite coordinates get -1;
    /// callers report them before they get here.
    func assign(_ points: [Coordinate]) -> [Int32] {
        var owner = [Int32](repeating: -1, count: points.count)
        guard !points.isEmpty else { return owner }
        let grid = PointGrid(points)
        var sortedOwner = [Int32](repeating: -1, count: grid.sortedIndex.count)
        for a in order {
            let area = areas[a]
            let box = area.boundingBox
            guard !box.isEmpty, let (c0, c1, r0, r1) = grid.cellRange(box) else { continue }
            let tag = Int32(a)
            for r in r0 ... r1 {
                let rowBase = r * grid.columns
                var k = Int(grid.cellStart[rowBase + c0])
                let end = Int(grid.cellStart[rowBase + c1 + 1])
                while k < end {
                    if sortedOwner[k] < 0 {
                        let x = grid.xs[k], y = grid.ys[k]
                        if x >= box.minX && x <= box.maxX && y >= box.minY && y <= box.maxY && area.covers(x, y) {
                            sortedOwner[k] = tag
                        }
                    }
                    k += 1
                }
            }
        }
        for (k, i) in grid.sortedIndex.enumerated() { owner[Int(i)] = sortedOwner[k] }
        return owner
    }
}

/// Points bucketed by a counting sort into a uniform grid over their extent, stored in cell order
/// (row-major) so that a run of cells in one grid row is one contiguous slice.
struct PointGrid {
    let extent: BoundingBox
    let minX: Double, minY: Double, scaleX: Double, scaleY: Double
    let columns: Int, rows: Int
    /// Cell `c` holds sorted points `cellStart[c] ..< cellStart[c + 1]`.
    let cellStart: [Int32]
    let sortedIndex: [Int32]
    let xs: [Double]
    let ys: [Double]

    init(_ points: [Coordinate]) {
        var box = BoundingBox.empty
        for p in points where p.x.isFinite && p.y.isFinite { box.add(p) }
        if box.isEmpty { box = BoundingBox(minX: 0, minY: 0, maxX: 0, maxY: 0) }
        // About four points per cell.
        let side = max(1, min(4096, Int(Double(points.count / 4).squareRoot())))
        columns = side; rows = side
        extent = box
        minX = box.minX; minY = box.minY
        let w = box.maxX - box.minX, h = box.maxY - box.minY
        scaleX = w > 0 ? Double(side) / w : 0
        scaleY = h > 0 ? Double(side) / h : 0
        var cellOf = [Int32](repeating: -1, count: points.count)
        var counts = [Int32](repeating: 0, count: side * side + 1)
        for (i, p) in points.enumerated() where p.x.isFinite && p.y.isFinite {
            let c = min(side - 1, Int((p.x - box.minX) * scaleX))
            let r = min(side - 1, Int((p.y - box.minY) * scaleY))
            let cell = r * side + c
            cellOf[i] = Int32(cell)
            counts[cell + 1] += 1
        }
        for c in 0 ..< side * side { counts[c + 1] += counts[c] }
        var fill = counts
        let total = Int(counts[side * side])
        var idx = [Int32](repeating: 0, count: total)
        var xs = [Double](repeating: 0, count: total), ys = [Double](repeating: 0, count: total)
        for (i, cell) in cellOf.enumerated() where cell >= 0 {
            let k = Int(fill[Int(cell)]); fill[Int(cell)] += 1
            idx[k] = Int32(i); xs[k] = points[i].x; ys[k] = points[i].y
        }
        cellStart = counts; sortedIndex = idx; self.xs = xs; self.ys = ys
    }

    /// Column and row ranges of the cells a box meets, or nil when it misses the grid.
    func cellRange(_ b: BoundingBox) -> (Int, Int, Int, Int)? {
        guard extent.intersects(b) else { return nil }
        // Clamp in floating point first: a box far outside must not overflow Int.
        func clampCol(_ x: Double) -> Int { Int(min(Double(columns - 1), max(0, ((x - minX) * scaleX).rounded(.down)))) }
        func clampRow(_ y: Double) -> Int { Int(min(Double(rows - 1), max(0, ((y - minY) * scaleY).rounded(.down)))) }
        return (clampCol(b.minX), clampCol(b.maxX), clampRow(b.minY), clampRow(b.maxY))
    }
}
