import Domain

/// Claims an area's points a run of grid cells at a time where no edge comes near them: one
/// point test answers for every point of such a run, and only cells an edge may cross are
/// tested point by point. The answer for each point is the one its own test would give.
///
/// Why one test answers for a run: the grid's column and row functions are monotone, so a point
/// where an edge crosses the segment between two points of a run (same grid row, consecutive
/// cells) lies in one of the run's cells and in the edge's bounding box, and every cell meeting
/// that box is marked. A run of unmarked cells therefore holds no boundary point, and no edge
/// separates two of its points: the crossing parity, hence the location, is the same for all.
struct CellRuns {
    /// One flag per cell of the window being claimed: true where an edge's bounding box meets it.
    /// Kept between areas so that one allocation serves a whole band of grid rows.
    private var marked: [Bool] = []

    /// Gives `tag` to each point of cells `columns` × `rows` of `grid` without an owner yet that
    /// `area` covers, as `PolygonSetIndex.claimEach` would, and returns true; or does nothing and
    /// returns false when marking the edges would cost more than testing the points.
    mutating func claim(_ area: PolygonEdgeIndex, tag: Int32, _ grid: PointGrid, columns: ClosedRange<Int>,
                        rows: ClosedRange<Int>, into owner: DisjointBuffer<Int32>) -> Bool {
        let c0 = columns.lowerBound, c1 = columns.upperBound, r0 = rows.lowerBound, r1 = rows.upperBound
        let width = c1 - c0 + 1, cells = width * (r1 - r0 + 1)
        var points = 0
        for r in rows { points += Int(grid.cellStart[r * grid.columns + c1 + 1] - grid.cellStart[r * grid.columns + c0]) }
        let vertices = area.vertices
        // A point test reads a few edges; marking reads every vertex and clears every cell once.
        guard points * 8 >= vertices.count + cells else { return false }
        marked.removeAll(keepingCapacity: true)
        marked.append(contentsOf: repeatElement(false, count: cells))
        // Long edges mark large boxes: past this many marks, testing each point costs less.
        var budget = 2 * (cells + vertices.count)
        let complete: Bool = marked.withUnsafeMutableBufferPointer { marked in
            vertices.withUnsafeBufferPointer { v in
                guard let first = v.first else { return true }
                var column = grid.column(first.x), row = grid.row(first.y)
                // Consecutive vertices of the flattened rings; the pair joining two rings is no
                // edge, and marking its box too only tests a few more points one by one.
                for k in 1 ..< v.count {
                    let c = grid.column(v[k].x), r = grid.row(v[k].y)
                    // Both ends in one cell (most edges of wiggly borders): the edge before this
                    // one marked that cell already, if it lies in the window.
                    if c == column && r == row && k > 1 { continue }
                    let top = min(max(r, row), r1), bottom = max(min(r, row), r0)
                    if bottom <= top && c0 <= c1 {
                        // Within the columns already (the vertices lie in the area's box); clamped all the same.
                        let left = max(min(c, column), c0) - c0, right = min(max(c, column), c1) - c0
                        budget &-= (top &- bottom &+ 1) &* (right &- left &+ 1)
                        if budget < 0 { return false }
                        for rr in bottom ... top {
                            let base = (rr &- r0) &* width
                            for cc in left ... right { marked[base &+ cc] = true }
                        }
                    }
                    column = c; row = r
                }
                return true
            }
        }
        guard complete else { return false }
        for r in rows {
            let rowBase = r * grid.columns, flags = (r - r0) * width
            var c = c0
            while c <= c1 {
                // The run of cells from c that are all marked, or all unmarked.
                let isMarked = marked[flags + c - c0]
                var end = c
                while end < c1 && marked[flags + end + 1 - c0] == isMarked { end += 1 }
                let k0 = Int(grid.cellStart[rowBase + c]), k1 = Int(grid.cellStart[rowBase + end + 1])
                c = end + 1
                if isMarked { PolygonSetIndex.claimEach(area, tag: tag, grid, k0 ..< k1, into: owner); continue }
                guard let k = (k0 ..< k1).first(where: { owner.base[$0] < 0 }) else { continue }
                switch area.locate(grid.coordinates[k].x, grid.coordinates[k].y) {
                case .exterior: continue
                case .interior:
                    for j in k ..< k1 where owner.base[j] < 0 { owner.write(j, tag) }
                case .boundary:
                    // Not reachable by the reasoning above; each point tested stays right regardless.
                    PolygonSetIndex.claimEach(area, tag: tag, grid, k0 ..< k1, into: owner)
                }
            }
        }
        return true
    }
}
