import Domain

/// Step 1 and 2 of `MapTopology`: the quantised rings in one flat array, and the points where
/// neighbours meet, found by sorting the vertices by position and reading each run of equal
/// points once (a hash-table probe per vertex cost seconds at 3 million vertices, most of it in
/// cache misses).
extension MapTopology {
    struct QuantisedRings {
        /// Every kept ring's points, ring after ring; ring `r` is `ringStarts[r] ..< ringStarts[r + 1]`.
        var points: [Point] = []
        var ringStarts: [Int] = [0]
        /// Area `a`'s rings are `areaRingStarts[a] ..< areaRingStarts[a + 1]`.
        var areaRingStarts: [Int] = [0]

        var areaCount: Int { areaRingStarts.count - 1 }
        func rings(ofArea a: Int) -> Range<Int> { areaRingStarts[a] ..< areaRingStarts[a + 1] }

        /// Adds the next point of the ring being read, unless it repeats the one before.
        mutating func add(_ p: Point) {
            if points.count > ringStarts[ringStarts.count - 1], points[points.count - 1] == p { return }
            points.append(p)
        }

        /// Ends the ring being read: points repeating its first at its end are dropped (the ring is
        /// kept open), and a ring left with fewer than three points is dropped.
        mutating func closeRing() {
            let start = ringStarts[ringStarts.count - 1]
            while points.count - start > 1 && points[points.count - 1] == points[start] { points.removeLast() }
            if points.count - start >= 3 {
                ringStarts.append(points.count)
            } else {
                points.removeSubrange(start...)
            }
        }

        mutating func closeArea() { areaRingStarts.append(ringStarts.count - 1) }

        /// Per vertex, whether its point is a junction: a point met with different neighbours on
        /// different passes (its two neighbours taken as an unordered pair).
        func junctions() -> [Bool] {
            let n = points.count
            var junction = [Bool](repeating: false, count: n)
            guard n > 0 else { return junction }
            var ringOf = [Int32](repeating: 0, count: n)
            for r in 0..<(ringStarts.count - 1) {
                for v in ringStarts[r] ..< ringStarts[r + 1] { ringOf[v] = Int32(r) }
            }
            let order = verticesByPosition()
            func neighbours(_ v: Int) -> (Point, Point) {
                let r = Int(ringOf[v]), start = ringStarts[r], end = ringStarts[r + 1]
                let a = points[v == start ? end - 1 : v - 1], b = points[v == end - 1 ? start : v + 1]
                return MapTopology.less(a, b) ? (a, b) : (b, a)
            }
            var i = 0
            while i < n {
                let first = order[i], p = points[first], pair = neighbours(first)
                var j = i + 1, differs = false
                while j < n && points[order[j]] == p {
                    if !differs && neighbours(order[j]) != pair { differs = true }
                    j += 1
                }
                if differs { for t in i..<j { junction[order[t]] = true } }
                i = j
            }
            return junction
        }

        /// The vertex indices ordered by position, so that equal points are next to each other:
        /// a radix sort of one word per vertex (position, then index) when both fit in 64 bits,
        /// as they do on the default grid; a comparison sort otherwise.
        func verticesByPosition() -> [Int] {
            let n = points.count
            var minX = Int32.max, minY = Int32.max, maxX = Int32.min, maxY = Int32.min
            for p in points { minX = min(minX, p.x); maxX = max(maxX, p.x); minY = min(minY, p.y); maxY = max(maxY, p.y) }
            func bits(_ v: UInt64) -> Int { v == 0 ? 1 : 64 - v.leadingZeroBitCount }
            let xBits = bits(UInt64(Int64(maxX) - Int64(minX))), yBits = bits(UInt64(Int64(maxY) - Int64(minY)))
            let vBits = bits(UInt64(n - 1))
            guard xBits + yBits + vBits <= 64 else {
                return (0..<n).sorted { a, b in points[a] != points[b] ? MapTopology.less(points[a], points[b]) : a < b }
            }
            var keys = [UInt64](repeating: 0, count: n)
            for (v, p) in points.enumerated() {
                let position = UInt64(Int64(p.x) - Int64(minX)) << UInt64(yBits) | UInt64(Int64(p.y) - Int64(minY))
                keys[v] = position << UInt64(vBits) | UInt64(v)
            }
            RadixSort.sort(&keys, bits: xBits + yBits + vBits)
            let mask = vBits == 64 ? UInt64.max : (UInt64(1) << UInt64(vBits)) - 1
            return keys.map { Int($0 & mask) }
        }
    }
}

/// The `k`-th value of an array in decreasing order (`values.sorted(by: >)[k]`) by selection
/// (three-way quickselect, the array reordered in place), in linear time where a sort of
/// millions of vertices' significance took a noticeable part of a map's drawing.
enum Selection {
    static func element(atDescendingRank k: Int, of values: inout [Double]) -> Double {
        precondition(k >= 0 && k < values.count)
        let target = values.count - 1 - k  // rank in increasing order
        return values.withUnsafeMutableBufferPointer { v -> Double in
            var lo = 0, hi = v.count - 1, rounds = 0
            while lo < hi {
                rounds += 1
                if rounds > 64 {
                    // Unlucky pivots: sort what is left (still exact).
                    let rest = v[lo...hi].sorted()
                    return rest[target - lo]
                }
                let a = v[lo], b = v[lo + (hi - lo) / 2], c = v[hi]
                let pivot = max(min(a, b), min(max(a, b), c))
                var lt = lo, i = lo, gt = hi
                while i <= gt {
                    if v[i] < pivot { v.swapAt(lt, i); lt += 1; i += 1 } else if v[i] > pivot { v.swapAt(i, gt); gt -= 1 } else { i += 1 }
                }
                if target < lt { hi = lt - 1 } else if target > gt { lo = gt + 1 } else { return pivot }
            }
            return v[lo]
        }
    }
}
