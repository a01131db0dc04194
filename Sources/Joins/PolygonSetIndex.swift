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
    /// Points per range of the input counted and written by one job (a layer smaller than twice
    /// this is one range).
    static let pointsPerRange = 200_000

    /// Nil points are left out of the grid, like non-finite ones.
    init(_ points: [Coordinate?]) { self.init(points.map { $0 ?? Coordinate(.nan, .nan) }) }

    /// Non-finite points are left out of the grid. Within a cell, points keep their input order.
    ///
    /// A counting sort in contiguous ranges of the input, on every core for a large layer (one
    /// range otherwise): each range counts its points per cell, the counts are turned into where
    /// each range writes in each cell (range 0's points of a cell first, then range 1's, ...), and
    /// each range writes its points forward. For a million points this was one core's 0.1 s while
    /// the other, done with the units' edge indexes, waited for it.
    init(_ points: [Coordinate]) {
        let parts = Parallel.ranges(points.count, minimum: Self.pointsPerRange, perCore: 1)
        let found = Parallel.map(parts.count) { k -> (box: BoundingBox, present: Int) in
            var box = BoundingBox.empty, present = 0
            for i in parts[k] { let p = points[i]; if p.x.isFinite && p.y.isFinite { present += 1; box.add(p) } }
            return (box, present)
        }
        var box = BoundingBox.empty
        for f in found { box.add(f.box) }
        let present = found.reduce(0) { $0 + $1.present }
        if box.isEmpty { box = BoundingBox(minX: 0, minY: 0, maxX: 0, maxY: 0) }
        // About four points per cell.
        let side = max(1, min(4096, Int(Double(present / 4).squareRoot())))
        columns = side; rows = side
        extent = box
        minX = box.minX; minY = box.minY
        let w = box.maxX - box.minX, h = box.maxY - box.minY
        let scaleX = w > 0 ? Double(side) / w : 0, scaleY = h > 0 ? Double(side) / h : 0
        self.scaleX = scaleX; self.scaleY = scaleY
        let cells = side * side
        // Each point's cell (-1: left out), written by its range, and each range's count per cell.
        var perRange: [[Int32]] = []
        let cellOf = [Int32](unsafeUninitializedCapacity: points.count) { buffer, count in
            count = 0
            guard let base = buffer.baseAddress else { return }
            let out = DisjointBuffer(base: base)
            perRange = Parallel.map(parts.count) { k -> [Int32] in
                var counts = [Int32](repeating: 0, count: cells)
                counts.withUnsafeMutableBufferPointer { counts in
                    points.withUnsafeBufferPointer { points in
                        // Through buffer pointers: a million points pass here.
                        for i in parts[k] {
                            let p = points[i]
                            guard p.x.isFinite && p.y.isFinite else { out.write(i, -1); continue }
                            let c = min(side - 1, Int((p.x - box.minX) * scaleX))
                            let r = min(side - 1, Int((p.y - box.minY) * scaleY))
                            let cell = r * side + c
                            out.write(i, Int32(cell))
                            counts[cell] &+= 1
                        }
                    }
                }
                return counts
            }
            count = points.count
        }
        // Cell starts, and each range's first slot in each cell (its counts become its cursors).
        var starts = [Int32](repeating: 0, count: cells + 1)
        var running: Int32 = 0
        for cell in 0 ..< cells {
            starts[cell] = running
            for k in perRange.indices { let n = perRange[k][cell]; perRange[k][cell] = running; running &+= n }
        }
        starts[cells] = running
        let total = Int(running), cursors = perRange
        var coordinates: [Coordinate] = []
        let idx = [Int32](unsafeUninitializedCapacity: total) { idx, idxCount in
            coordinates = [Coordinate](unsafeUninitializedCapacity: total) { coordinates, coordinatesCount in
                idxCount = 0; coordinatesCount = 0
                guard let idxBase = idx.baseAddress, let coordinatesBase = coordinates.baseAddress else { return }
                let idxOut = DisjointBuffer(base: idxBase), coordinatesOut = DisjointBuffer(base: coordinatesBase)
                // Each range writes its own slots of each cell: disjoint from every other range's.
                _ = Parallel.map(parts.count) { k in
                    var cursor = cursors[k]
                    cursor.withUnsafeMutableBufferPointer { cursor in
                        cellOf.withUnsafeBufferPointer { cellOf in
                            points.withUnsafeBufferPointer { points in
                                for i in parts[k] where cellOf[i] >= 0 {
                                    let cell = Int(cellOf[i])
                                    let slot = Int(cursor[cell])
                                    cursor[cell] &+= 1
                                    idxOut.write(slot, Int32(i)); coordinatesOut.write(slot, points[i])
                                }
                            }
                        }
                    }
                }
                coordinatesCount = total
                idxCount = total
            }
        }
        cellStart = starts; sortedIndex = idx; self.coordinates = coordinates
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
