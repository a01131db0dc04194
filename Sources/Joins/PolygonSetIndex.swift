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
        // Each area's index depends on its own polygons only: built in chunks on every core.
        areas = Parallel.flatMap(polygons.count, minimum: 256) { $0.map { PolygonEdgeIndex(polygons[$0]) } }
        self.order = order ?? Array(polygons.indices)
    }

    init(units: UnitSet) {
        self.init(units.polygons, order: units.idOrder)
    }

    private init(areas: [PolygonEdgeIndex], order: [Int]) { self.areas = areas; self.order = order }

    /// The units' index and a grid of each set of points, built at once: a grid's counting sort
    /// is one core's work, done while the other cores build edge indexes (one after the other,
    /// a core would wait through each grid).
    static func build(units: UnitSet, grids points: [[Coordinate]]) -> (index: PolygonSetIndex, grids: [PointGrid]) {
        enum Part { case grid(PointGrid), areas([PolygonEdgeIndex]) }
        let polygons = units.polygons
        let chunks = Parallel.ranges(polygons.count, minimum: 256)
        // The grids first: the first jobs taken, so they start while the edge indexes share the rest.
        let parts = Parallel.map(points.count + chunks.count) { k -> Part in
            if k < points.count { return .grid(PointGrid(points[k])) }
            return .areas(chunks[k - points.count].map { PolygonEdgeIndex(polygons[$0]) })
        }
        var grids: [PointGrid] = [], areas: [PolygonEdgeIndex] = []
        areas.reserveCapacity(polygons.count)
        for part in parts {
            switch part {
            case .grid(let g): grids.append(g)
            case .areas(let a): areas += a
            }
        }
        return (PolygonSetIndex(areas: areas, order: units.idOrder), grids)
    }

    /// The owning area of one point, or nil. For single points; use `assign` for many.
    func owner(of c: Coordinate) -> Int? {
        for a in order where areas[a].covers(c.x, c.y) { return a }
        return nil
    }

    /// The owning area of each point (-1 when no area covers it). Non-finite coordinates get -1;
    /// callers report them before they get here.
    ///
    /// The grid's rows are cut into bands holding about as many points each, placed on every core
    /// at once: a band visits the areas in `order` like the whole grid would and owns the points
    /// of its rows alone (contiguous in cell order), so each point gets the same area as on one core.
    func assign(_ points: [Coordinate]) -> [Int32] { assign(grid: PointGrid(points), count: points.count) }

    /// The owning area of each point, -1 for nil points as for points no area covers.
    func assign(_ points: [Coordinate?]) -> [Int32] { assign(grid: PointGrid(points), count: points.count) }

    /// The owning area of each of the `count` points gridded in `grid`.
    func assign(grid: PointGrid, count: Int) -> [Int32] {
        var owner = [Int32](repeating: -1, count: count)
        guard !grid.sortedIndex.isEmpty else { return owner }
        var sortedOwner = [Int32](repeating: -1, count: grid.sortedIndex.count)
        let bands = grid.rowBands(Parallel.cores * 4, minimumPoints: 20_000)
        sortedOwner.withUnsafeMutableBufferPointer { buffer in
            let out = DisjointBuffer(base: buffer.baseAddress!)
            _ = Parallel.map(bands.count) { b in claim(grid, rows: bands[b], into: out) }
        }
        let sortedIndex = grid.sortedIndex
        owner.withUnsafeMutableBufferPointer { buffer in
            let out = DisjointBuffer(base: buffer.baseAddress!)
            // sortedIndex holds each gridded point once: every job writes its own owners.
            _ = Parallel.flatMap(sortedIndex.count, minimum: 100_000) { range -> [Void] in
                for k in range { out.write(Int(sortedIndex[k]), sortedOwner[k]) }
                return []
            }
        }
        return owner
    }

    /// The points of grid rows `rows`, each given the first area in `order` that covers it.
    private func claim(_ grid: PointGrid, rows: ClosedRange<Int>, into sortedOwner: DisjointBuffer<Int32>) {
        var runs = CellRuns()
        for a in order {
            let area = areas[a]
            let box = area.boundingBox
            guard !box.isEmpty, let (c0, c1, ar0, ar1) = grid.cellRange(box) else { continue }
            let r0 = max(ar0, rows.lowerBound), r1 = min(ar1, rows.upperBound)
            guard r0 <= r1 else { continue }
            let tag = Int32(a)
            if runs.claim(area, tag: tag, grid, columns: c0 ... c1, rows: r0 ... r1, into: sortedOwner) { continue }
            for r in r0 ... r1 {
                let rowBase = r * grid.columns
                let k0 = Int(grid.cellStart[rowBase + c0]), k1 = Int(grid.cellStart[rowBase + c1 + 1])
                Self.claimEach(area, tag: tag, grid, k0 ..< k1, into: sortedOwner)
            }
        }
    }

    /// Gives `tag` to each of the grid's points `range` without an owner yet that `area` covers.
    static func claimEach(_ area: PolygonEdgeIndex, tag: Int32, _ grid: PointGrid, _ range: Range<Int>,
                          into sortedOwner: DisjointBuffer<Int32>) {
        let box = area.boundingBox
        for k in range where sortedOwner.base[k] < 0 {
            let x = grid.coordinates[k].x, y = grid.coordinates[k].y
            if x >= box.minX && x <= box.maxX && y >= box.minY && y <= box.maxY && area.covers(x, y) {
                sortedOwner.write(k, tag)
            }
        }
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
    /// The points in cell order (x and y side by side: one cache line per point read or written).
    let coordinates: [Coordinate]

    /// Nil points are left out of the grid, like non-finite ones.
    init(_ points: [Coordinate?]) { self.init(points.map { $0 ?? Coordinate(.nan, .nan) }) }

    /// Non-finite points are left out of the grid.
    init(_ points: [Coordinate]) {
        var box = BoundingBox.empty
        var present = 0
        for p in points where p.x.isFinite && p.y.isFinite { present += 1; box.add(p) }
        if box.isEmpty { box = BoundingBox(minX: 0, minY: 0, maxX: 0, maxY: 0) }
        // About four points per cell.
        let side = max(1, min(4096, Int(Double(present / 4).squareRoot())))
        columns = side; rows = side
        extent = box
        minX = box.minX; minY = box.minY
        let w = box.maxX - box.minX, h = box.maxY - box.minY
        let scaleX = w > 0 ? Double(side) / w : 0, scaleY = h > 0 ? Double(side) / h : 0
        self.scaleX = scaleX; self.scaleY = scaleY
        var cellOf = [Int32](repeating: -1, count: points.count)
        var counts = [Int32](repeating: 0, count: side * side + 1)
        // Through buffer pointers: a million points pass here twice.
        cellOf.withUnsafeMutableBufferPointer { cellOf in
            counts.withUnsafeMutableBufferPointer { counts in
                for (i, p) in points.enumerated() {
                    guard p.x.isFinite && p.y.isFinite else { continue }
                    let c = min(side - 1, Int((p.x - box.minX) * scaleX))
                    let r = min(side - 1, Int((p.y - box.minY) * scaleY))
                    let cell = r * side + c
                    cellOf[i] = Int32(cell)
                    counts[cell] &+= 1
                }
                // Each cell's end: the points are then written from last to first, each just
                // before its cell's end, which leaves each cell's start there (no second array).
                var running: Int32 = 0
                for c in 0 ..< side * side { running &+= counts[c]; counts[c] = running }
                counts[side * side] = running
            }
        }
        let total = Int(counts[side * side])
        var coordinates: [Coordinate] = []
        let idx = [Int32](unsafeUninitializedCapacity: total) { idx, idxCount in
            coordinates = [Coordinate](unsafeUninitializedCapacity: total) { coordinates, coordinatesCount in
                counts.withUnsafeMutableBufferPointer { counts in
                    cellOf.withUnsafeBufferPointer { cellOf in
                        points.withUnsafeBufferPointer { points in
                            for i in stride(from: points.count - 1, through: 0, by: -1) where cellOf[i] >= 0 {
                                let cell = Int(cellOf[i])
                                counts[cell] &-= 1
                                let k = Int(counts[cell])
                                idx[k] = Int32(i); coordinates[k] = points[i]
                            }
                        }
                    }
                }
                coordinatesCount = total
            }
            idxCount = total
        }
        cellStart = counts; sortedIndex = idx; self.coordinates = coordinates
    }

    /// The grid's rows cut into about `pieces` runs of consecutive rows holding about as many
    /// points each (at least `minimumPoints`, so small layers stay one run).
    func rowBands(_ pieces: Int, minimumPoints: Int) -> [ClosedRange<Int>] {
        let total = Int(cellStart[rows * columns])
        let wanted = max(1, min(pieces, total / max(1, minimumPoints)))
        var bands: [ClosedRange<Int>] = []
        var first = 0
        for r in 0 ..< rows {
            let through = Int(cellStart[(r + 1) * columns])  // points in rows 0 ... r
            if r == rows - 1 || through * wanted >= total * (bands.count + 1) {
                bands.append(first ... r); first = r + 1
            }
        }
        return bands
    }

    /// Column and row ranges of the cells a box meets, or nil when it misses the grid.
    func cellRange(_ b: BoundingBox) -> (Int, Int, Int, Int)? {
        guard extent.intersects(b) else { return nil }
        return (column(b.minX), column(b.maxX), row(b.minY), row(b.maxY))
    }

    /// The column of the cells at `x`: the column a point at `x` is placed in, and for any `x`
    /// the nearest column. Monotone in `x` (what `CellRuns` relies on). Clamped in floating
    /// point first (an x far outside must not overflow Int), then truncated: the floor of a
    /// value clamped to [0, columns - 1], a whole number, without a call to floor.
    @inline(__always)
    func column(_ x: Double) -> Int { Int(max(0, min(Double(columns - 1), (x - minX) * scaleX))) }

    /// The row of the cells at `y`, as `column` is for x.
    @inline(__always)
    func row(_ y: Double) -> Int { Int(max(0, min(Double(rows - 1), (y - minY) * scaleY))) }
}
