import Domain

/// An exact proof, without GEOS, that units form a clean coverage: no two units' interiors
/// overlap anywhere, and the union of all units has no hole. The boundary review uses it to skip
/// the GEOS unions and pair tests that would only find nothing; when the proof does not go
/// through, the review runs every GEOS check as before, so the proof only has to be sound (never
/// "proven" for units that overlap or leave a hole), not complete.
///
/// The argument. Every unit polygon is valid (the readers check each one with GEOS and repair
/// the invalid ones), so with its exterior ring directed counter-clockwise and its holes
/// clockwise, the winding number of its rings is 1 at every point of its interior and 0 at
/// every point outside it (points on its rings aside). Summed over every polygon of every unit,
/// the winding number W(p) is therefore the number of polygons whose interior holds p. The
/// winding number of a set of closed rings is a sum over their directed edges, so an edge a→b and
/// an edge b→a (the same segment, bit for bit, walked both ways: two neighbours' shared border)
/// cancel out, and W is the winding number of the edges left unmatched. Those still form closed
/// rings (matching removes one edge out of and one edge into each of its end points). Now if
/// - every directed edge has at most one reverse partner, from another unit, and no edge is
///   repeated in the same direction,
/// - the unmatched edges meet at most two at a vertex (one in, one out), so they form rings that
///   share no vertex,
/// - those rings are simple and no two of them touch or cross (`RingContacts`), every one is
///   counter-clockwise, and none lies inside another (one vertex each, exact point-in-ring),
/// then W is 1 inside each unmatched ring and 0 elsewhere: no point off the edges lies in two
/// polygons (two overlapping interiors would share an open set, where W ≥ 2), and the union of
/// all units is a set of disjoint discs, with no hole. Every comparison is on coordinate bits or
/// exact orientation signs; nothing is rounded.
///
/// What it does not prove, it leaves to GEOS: a T-junction (one unit's edge split by a
/// neighbour's vertex) leaves unmatched edges lying along each other, units touching at a single
/// vertex leave four unmatched edges at that vertex, coordinates that differ in the last bit
/// leave both borders unmatched; each of these fails the proof and the review runs in full.
///
/// Cost: linear passes over the vertices plus radix sorts of 64-bit keys (a hash of each edge or
/// point, then the item's position); items with equal hashes are compared on the full
/// coordinates, so a hash collision costs time, never a wrong match.
public enum CoverageProof {
    public enum Verdict: Equatable, Sendable {
        case proven
        /// Why the proof did not go through (for tests and `--verbose`).
        case notProven(String)

        public var isProven: Bool { self == .proven }
    }

    /// The verdict on `units` (each unit's polygons; a unit without polygons covers nothing).
    public static func check(_ units: [[Polygon]]) -> Verdict { check(units, hashBits: 32) }

    /// `hashBits` below 32 only for tests: edges then share their hash bits far more often, and
    /// the verdict must not change. `slices`: how many slices the edges' passes are cut into
    /// (see `DirectedEdges`; by default according to their number), set by tests to check that
    /// the verdict does not depend on it.
    static func check(_ units: [[Polygon]], hashBits: Int, slices: Int? = nil) -> Verdict {
        var edges = DirectedEdges(hashBits: hashBits, slices: slices)
        for (u, polygons) in units.enumerated() {
            for polygon in polygons {
                for k in 0 ... polygon.holes.count {
                    let ring = k == 0 ? polygon.exterior : polygon.holes[k - 1]
                    guard let ccw = RingOrientation.isCounterClockwise(ring) else {
                        return .notProven("unit \(u) has a ring whose orientation cannot be read")
                    }
                    // Exteriors counter-clockwise, holes clockwise.
                    edges.add(ring, unit: Int32(u), reversed: ccw != (k == 0))
                }
            }
        }
        do {
            let left = try edges.unmatched()
            let rings = try DirectedEdges.rings(tails: left.tails, heads: left.heads)
            var contacts = RingContacts()
            // The outline often runs straight along a meridian for thousands of edges.
            guard contacts.areSimpleAndApart(rings, alongDiagonal: true) else {
                return .notProven("the outer edges of the units cross or touch")
            }
            for ring in rings where RingOrientation.isCounterClockwise(ring) != true {
                return .notProven("the union of the units has a hole")
            }
            try RingNesting.checkNoneNested(rings)
            return .proven
        } catch let failure as NotProven {
            return .notProven(failure.reason)
        } catch {
            return .notProven("\(error)")
        }
    }
}

/// Exact orientation of a ring: of a unit's ring as read (GEOS-valid rings may repeat a point),
/// and of the outline's rings once `RingContacts` has proved them simple.
enum RingOrientation {
    /// True when the ring turns counter-clockwise, false when clockwise, nil when it has fewer
    /// than three distinct points, is not closed, or has a coordinate outside the exact range.
    /// Decided at the lowest (then leftmost) vertex, where a simple ring turns the way it runs,
    /// by the exact orientation predicate; repeated points next to it are skipped.
    static func isCounterClockwise(_ ring: Ring) -> Bool? {
        let n = ring.count - 1  // the last point repeats the first
        guard n >= 3, ring[0] == ring[n] else { return nil }
        let low = ring.withUnsafeBufferPointer { c in
            var low = 0, lowest = c[0]
            for i in 1 ..< n where c[i].y < lowest.y || (c[i].y == lowest.y && c[i].x < lowest.x) {
                low = i; lowest = c[i]
            }
            return low
        }
        let v = ring[low]
        var before = (low + n - 1) % n, after = (low + 1) % n
        var steps = 0
        while ring[before] == v { before = (before + n - 1) % n; steps += 1; if steps > n { return nil } }
        while ring[after] == v { after = (after + 1) % n; steps += 1; if steps > n { return nil } }
        let a = ring[before], c = ring[after]
        for x in [a.x, a.y, v.x, v.y, c.x, c.y] where !RingContacts.isExactlyComparable(x) { return nil }
        switch ExactOrientation.sign(a.x, a.y, v.x, v.y, c.x, c.y) {
        case 1: return true
        case -1: return false
        default: return nil
        }
    }
}

/// Why a step of the proof did not go through.
struct NotProven: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// A coordinate as its two bit patterns: equal only when bit for bit equal (so 0.0 and -0.0
/// differ, which can only make a match fail, never make one).
struct PointBits: Equatable, Comparable {
    let x: UInt64, y: UInt64
    @inline(__always) init(_ c: Coordinate) { x = c.x.bitPattern; y = c.y.bitPattern }
    static func < (a: PointBits, b: PointBits) -> Bool { a.x != b.x ? a.x < b.x : a.y < b.y }

    /// A 64-bit hash of one point (multiply and xor-shift, as in SplitMix64).
    @inline(__always) static func hash(_ p: PointBits) -> UInt64 { mix(mix(p.x) ^ p.y) }
    @inline(__always) private static func mix(_ v: UInt64) -> UInt64 {
        var z = v &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Items ordered so that equal ones are next to each other: a radix sort of one 64-bit word per
/// item (the top 32 bits of its hash, then its position), read run by run of equal hashes; a run
/// holding different items (a collision, rare with 32 bits) is split by comparing them in full.
struct EqualRuns {
    /// The sorted words: hash bits above `positionBits`, the item's position below.
    private let keys: [UInt64]
    private let positionBits: UInt64

    init(hashes: [UInt64]) {
        let n = hashes.count
        let positionBits = Self.positionBits(for: n)
        let hashBits = min(32, 64 - positionBits)
        var keys = hashes
        for i in 0 ..< n { keys[i] = (keys[i] >> (64 - hashBits)) << positionBits | UInt64(i) }
        self.init(taking: &keys, positionBits: positionBits, bits: hashBits + positionBits)
    }

    /// Words already made (hash bits above `positionBits`, `bits` bits in all), taken from
    /// `keys` (left empty) and sorted in place of a copy.
    /// The bits that hold a position below `count` (at least one): the same in every word made
    /// for one `EqualRuns`, whoever makes them.
    static func positionBits(for count: Int) -> UInt64 {
        UInt64(max(1, 64 - UInt64(max(count, 1) - 1).leadingZeroBitCount))
    }

    init(taking keys: inout [UInt64], positionBits: UInt64, bits: UInt64, slices: Int? = nil) {
        var words: [UInt64] = []
        swap(&words, &keys)
        // Hash bits on top spread the words evenly over the first digit's buckets.
        RadixSort.sortByDealing(&words, bits: Int(bits), parts: slices)
        self.keys = words
        self.positionBits = positionBits
    }

    /// Calls `body` with each run of items equal under `same` (item positions, in position order).
    /// A run of equal hashes is handed over as it lies in the sorted words (no copy); only one
    /// holding different items is split into arrays.
    func forEachRun(same: (Int, Int) -> Bool, _ body: (Run) throws -> Void) rethrows {
        try forEachHashRun { run in
            let first = run[0]
            if run.count == 1 || (1 ..< run.count).allSatisfy({ same(first, run[$0]) }) {
                try body(run)
            } else {
                try Self.split(run, same: same, body)
            }
        }
    }

    /// Calls `body` with each run of items of equal hash bits, as it lies in the sorted words:
    /// items that are not equal may share a run (the caller compares them).
    func forEachHashRun(_ body: (Run) throws -> Void) rethrows {
        try forEachHashRun(in: 0 ..< keys.count, body)
    }

    /// The sorted words cut into `count` ranges of about equal length, each cut moved up to the
    /// start of a run of equal hash bits (so no run is split; some ranges may be empty).
    func sliceBetweenRuns(_ count: Int) -> [Range<Int>] {
        var cuts = [0]
        for s in 1 ..< max(1, count) {
            var k = max(cuts[cuts.count - 1], keys.count * s / count)
            while k > 0 && k < keys.count && keys[k] >> positionBits == keys[k - 1] >> positionBits { k += 1 }
            cuts.append(k)
        }
        cuts.append(keys.count)
        return (0 ..< cuts.count - 1).map { cuts[$0] ..< cuts[$0 + 1] }
    }

    /// `forEachHashRun` over the runs within `range` of the sorted words (cut between runs).
    func forEachHashRun(in range: Range<Int>, _ body: (Run) throws -> Void) rethrows {
        let mask = (UInt64(1) << positionBits) - 1
        try keys.withUnsafeBufferPointer { all in
            let words = UnsafeBufferPointer(rebasing: all[range])
            var k = 0
            while k < words.count {
                let hash = words[k] >> positionBits
                var end = k + 1
                while end < words.count && words[end] >> positionBits == hash { end += 1 }
                try body(Run(words: UnsafeBufferPointer(rebasing: words[k ..< end]), mask: mask, split: nil))
                k = end
            }
        }
    }

    /// Calls `body` with each group of equal items of `run` (in position order).
    static func split(_ run: Run, same: (Int, Int) -> Bool, _ body: (Run) throws -> Void) rethrows {
        var rest = (0 ..< run.count).map { run[$0] }
        while let head = rest.first {
            try body(Run(words: UnsafeBufferPointer(start: nil, count: 0), mask: run.mask, split: rest.filter { same(head, $0) }))
            rest.removeAll { same(head, $0) }
        }
    }

    /// One run of equal items: a slice of the sorted words, or the items of a split run.
    struct Run {
        let words: UnsafeBufferPointer<UInt64>
        let mask: UInt64
        let split: [Int]?
        var count: Int { split?.count ?? words.count }
        subscript(i: Int) -> Int { split?[i] ?? Int(words[i] & mask) }
    }
}

/// Whether a ring lies inside another, for rings that neither cross nor touch: one vertex of
/// each tested against the rings whose bounding box holds it, found through a grid.
enum RingNesting {
    /// Throws when a ring lies inside another, or when the rings' boxes pile up so much that
    /// the grid would cost more than the GEOS checks it saves.
    static func checkNoneNested(_ rings: [Ring]) throws {
        guard rings.count > 1 else { return }
        let boxes = rings.map { ring -> BoundingBox in var b = BoundingBox.empty; ring.forEach { b.add($0) }; return b }
        var all = BoundingBox.empty
        boxes.forEach { all.add($0) }
        let side = max(1, Int(Double(rings.count).squareRoot()))
        func cell(_ v: Double, _ lo: Double, _ hi: Double) -> Int {
            guard hi > lo else { return 0 }
            return min(side - 1, max(0, Int((v - lo) / (hi - lo) * Double(side))))
        }
        // Rings listed under every cell their box meets; a pile of huge boxes is not worth it.
        var cells = [[Int32]](repeating: [], count: side * side)
        var entries = 0
        for (r, b) in boxes.enumerated() {
            let x0 = cell(b.minX, all.minX, all.maxX), x1 = cell(b.maxX, all.minX, all.maxX)
            let y0 = cell(b.minY, all.minY, all.maxY), y1 = cell(b.maxY, all.minY, all.maxY)
            entries += (x1 - x0 + 1) * (y1 - y0 + 1)
            if entries > 64 * rings.count + 4096 { throw NotProven("too many outer rings overlap in their bounding boxes") }
            for y in y0 ... y1 { for x in x0 ... x1 { cells[y * side + x].append(Int32(r)) } }
        }
        for (r, ring) in rings.enumerated() {
            let p = ring[0]
            for o in cells[cell(p.y, all.minY, all.maxY) * side + cell(p.x, all.minX, all.maxX)] {
                let other = Int(o)
                guard other != r, boxes[other].contains(p) else { continue }
                // The rings do not touch, so p is off the other ring (nil would prove nothing).
                if RingPosition.contains(p, in: rings[other]) != false {
                    throw NotProven("an outer ring of the units lies inside another")
                }
            }
        }
    }
}
