import Foundation
import Domain
@testable import Outputs

/// The map topology as it was first written (a hash table of every vertex's neighbours, arcs
/// keyed by their whole point list), kept here as the reference that the sorting version must
/// match point for point: same rings, same arcs in the same order, same areas per arc.
struct HashedMapTopology {
    let rings: [[[MapTopology.Point]]]
    let arcs: [(points: [MapTopology.Point], areas: [Int])]
    let verticesIn: Int, verticesKept: Int

    init(areas: [[Polygon]], gridSize: Int = 16000, tolerance: Double = 1.0, vertexBudget: Int = 600_000) {
        // Projection and grid as the sorting version makes them (not what this reference checks).
        let vertices = MapTopology.ProjectedVertices(areas: areas, gridSize: gridSize)

        // 1. Projected, quantised rings without repeated points (open: the first is not repeated).
        var quantised: [[[MapTopology.Point]]] = []
        quantised.reserveCapacity(areas.count)
        var count = 0
        for polys in areas {
            var out: [[MapTopology.Point]] = []
            for ring in polys.flatMap({ [$0.exterior] + $0.holes }) {
                var r: [MapTopology.Point] = []
                r.reserveCapacity(ring.count)
                for v in count ..< count + ring.count {
                    let p = vertices.point(v)
                    if r.last != p { r.append(p) }
                }
                count += ring.count
                while r.count > 1 && r.last == r.first { r.removeLast() }
                if r.count >= 3 { out.append(r) }
            }
            quantised.append(out)
        }
        verticesIn = count

        // 2. Junctions: points met with different neighbours on different passes (where three
        // units meet, or where a shared border ends on the data's edge).
        var firstNeighbours: [MapTopology.Point: (MapTopology.Point, MapTopology.Point)] = [:]
        firstNeighbours.reserveCapacity(count)
        var junction = Set<MapTopology.Point>()
        for area in quantised {
            for r in area {
                let n = r.count
                for i in 0..<n {
                    let p = r[i], a = r[(i + n - 1) % n], b = r[(i + 1) % n]
                    let pair = MapTopology.less(a, b) ? (a, b) : (b, a)
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
        var arcIndex: [[MapTopology.Point]: Int] = [:]
        var rawArcs: [[MapTopology.Point]] = []
        var users: [[Int]] = []
        // Per area, per ring: the arcs in order, with whether each is walked backwards.
        var ringArcs: [[[(arc: Int, reversed: Bool)]]] = []
        for (areaIndex, area) in quantised.enumerated() {
            var areaRings: [[(Int, Bool)]] = []
            for r in area {
                let n = r.count
                let cuts = (0..<n).filter { junction.contains(r[$0]) }
                var pieces: [[MapTopology.Point]] = []
                if cuts.isEmpty {
                    // A ring met by no other line: start at its least point, walked the way whose
                    // second point is the lesser, so that the same ring drawn as a neighbour's
                    // hole gives the same arc.
                    let start = (0..<n).min { MapTopology.less(r[$0], r[$1]) }!
                    var piece = (0...n).map { r[(start + $0) % n] }
                    if MapTopology.less(piece[piece.count - 2], piece[1]) { piece.reverse() }
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
                    let reversed = MapTopology.lexLess(backwards, piece)
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
        var significance: [[Double]] = rawArcs.map(MapTopology.significance)
        var threshold = tolerance
        let interior = significance.reduce(0) { $0 + max(0, $1.count - 2) }
        if interior > vertexBudget {
            var all: [Double] = []
            all.reserveCapacity(interior)
            for s in significance where s.count > 2 { all.append(contentsOf: s[1..<(s.count - 1)]) }
            all.sort(by: >)
            threshold = max(threshold, all[vertexBudget])
        }
        var simplified: [[MapTopology.Point]] = []
        simplified.reserveCapacity(rawArcs.count)
        for (a, points) in rawArcs.enumerated() {
            let s = significance[a]
            simplified.append(points.indices.filter { $0 == 0 || $0 == points.count - 1 || s[$0] > threshold }.map { points[$0] })
        }
        significance = []

        // 5. Rings from the simplified arcs, as the sorting version puts them together (not what
        // this reference checks).
        var kept = 0
        let uses = ringArcs.map { $0.map { $0.map { MapTopology.ArcUse(arc: $0.arc, reversed: $0.reversed) } } }
        rings = MapTopology.rings(of: uses, from: simplified, kept: &kept)
        verticesKept = kept
        arcs = zip(simplified, users).map { ($0, $1) }
    }


    /// The old path spelling, by string interpolation.
    static func svgPath(_ rings: [[MapTopology.Point]]) -> String {
        var d = ""
        for ring in rings {
            let points = ring.dropLast()
            guard let first = points.first else { continue }
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
            d += "z"
        }
        return d
    }
}
