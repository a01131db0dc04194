/// Step 3 of `MapTopology`: rings cut into arcs at their junctions, each distinct arc stored once
/// in one direction (the lesser of its two walks, point by point), with the areas that use it.
extension MapTopology {
    struct ArcTable {
        private(set) var arcs: [[Point]] = []
        private(set) var users: [[Int]] = []
        /// An arc is looked up by its first two points: between two junctions a line's next point
        /// is always the other neighbour of its point (a point that is not a junction has the same
        /// pair of neighbours wherever it is met), so two arcs that start alike are the same arc.
        /// Degenerate rings could still give two; the full points are compared, and arcs that
        /// start alike are chained through `nextWithSameStart`.
        private var byStart: [ArcStart: Int] = [:]
        private var nextWithSameStart: [Int] = []
        private var piece: [Point] = []

        struct ArcStart: Hashable {
            var first: UInt64, second: UInt64
            func hash(into hasher: inout Hasher) { hasher.combine(first &* 0x9E37_79B9_7F4A_7C15 ^ second) }
        }

        /// The arcs of one ring (open: its first point not repeated) of `area`, in order.
        /// `junction` is indexed by vertex, the ring's first vertex being `offset`.
        mutating func cut(_ ring: ArraySlice<Point>, junction: [Bool], offset: Int, area: Int) -> [ArcUse] {
            let n = ring.count, base = ring.startIndex
            func r(_ i: Int) -> Point { ring[base + i] }
            var cuts: [Int] = []
            for i in 0..<n where junction[offset + i] { cuts.append(i) }
            var uses: [ArcUse] = []
            if cuts.isEmpty {
                // A ring met by no other line: start at its least point, walked the way whose
                // second point is the lesser, so that the same ring drawn as a neighbour's
                // hole gives the same arc.
                let start = (0..<n).min { MapTopology.less(r($0), r($1)) }!
                piece.removeAll(keepingCapacity: true)
                for k in 0...n { piece.append(r((start + k) % n)) }
                if MapTopology.less(piece[piece.count - 2], piece[1]) { piece.reverse() }
                uses.append(usePiece(area: area))
            } else {
                for (c, from) in cuts.enumerated() {
                    let to = c + 1 < cuts.count ? cuts[c + 1] : cuts[0] + n
                    piece.removeAll(keepingCapacity: true)
                    for i in from...to { piece.append(r(i % n)) }
                    uses.append(usePiece(area: area))
                }
            }
            return uses
        }

        /// Finds or adds the arc `piece` walks (in either direction) and records `area` as a user.
        private mutating func usePiece(area: Int) -> ArcUse {
            // Walked backwards when its reverse is lexicographically less.
            let count = piece.count
            var reversed = false
            for i in 0..<count {
                let p = piece[i], q = piece[count - 1 - i]
                if p != q { reversed = MapTopology.less(q, p); break }
            }
            if reversed { piece.reverse() }
            let key = ArcStart(first: piece[0].word, second: piece[1].word)
            let head = byStart[key] ?? -1
            var candidate = head
            while candidate >= 0 && arcs[candidate] != piece { candidate = nextWithSameStart[candidate] }
            let index: Int
            if candidate >= 0 {
                index = candidate
            } else {
                index = arcs.count
                arcs.append(piece)
                users.append([])
                nextWithSameStart.append(head)
                byStart[key] = index
            }
            if users[index].last != area { users[index].append(area) }
            return ArcUse(arc: index, reversed: reversed)
        }
    }
}
