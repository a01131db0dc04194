import Domain
import Geometry
import Foundation

/// Nearest-feature and within-distance queries in geodesic km on WGS 84, without brute force.
///
/// Points go in a 3-D k-d tree as unit vectors (geodetic latitude and longitude placed on a unit
/// sphere). The tree prunes with a bound that is proved, not estimated: along any path, the
/// ellipsoid's line element M²dφ² + N²cos²φ dλ² lies between a(1−e²) and a/√(1−e²) times the
/// sphere's, so a central angle θ on the sphere brackets the geodesic distance d:
/// `6335.439 km · θ ≤ d ≤ 6399.594 km · θ`. Boxes are pruned on the lower bound; points inside
/// the bracket are settled by the exact geodesic (Karney, through PROJ), so answers are the
/// geodesic ones, within its own accuracy.
struct GeodesicPointIndex: Sendable {
    /// a(1 − e²) and a/√(1 − e²) for WGS 84, in km, widened by a relative 1e-9 against rounding.
    static let kmPerRadianLow = 6335.439327 * (1 - 1e-9)
    static let kmPerRadianHigh = 6399.593626 * (1 + 1e-9)

    struct Node: Sendable {
        var lo: SIMD3<Double>, hi: SIMD3<Double>
        var start: Int32, end: Int32
        var left: Int32, right: Int32   // -1 for a leaf
    }

    private let nodes: [Node]
    /// Points in tree order: their coordinates, unit vectors and the caller's ids.
    private let coordinates: [Coordinate]
    private let vectors: [SIMD3<Double>]
    let ids: [Int]
    private let geodesy = Geodesy()

    var count: Int { ids.count }

    /// `ids[i]` is what queries return for `points[i]` (e.g. a feature index).
    init(points: [Coordinate], ids: [Int]) {
        precondition(points.count == ids.count, "one id per point")
        var order = Array(points.indices)
        let vecs = points.map(GeodesicPointIndex.unitVector)
        var nodes: [Node] = []
        func build(_ lo: Int, _ hi: Int) -> Int32 {
            var bmin = SIMD3<Double>(repeating: .infinity), bmax = SIMD3<Double>(repeating: -.infinity)
            for k in lo ..< hi { bmin = pointwiseMin(bmin, vecs[order[k]]); bmax = pointwiseMax(bmax, vecs[order[k]]) }
            let me = Int32(nodes.count)
            nodes.append(Node(lo: bmin, hi: bmax, start: Int32(lo), end: Int32(hi), left: -1, right: -1))
            if hi - lo > 8 {
                let ext = bmax - bmin
                let axis = ext.x >= ext.y && ext.x >= ext.z ? 0 : (ext.y >= ext.z ? 1 : 2)
                // Split the slice at its median on the axis (ties by index, so the tree is
                // deterministic): the halves a sort would give, without sorting them.
                let mid = (lo + hi) / 2
                order.withUnsafeMutableBufferPointer { all in
                    QuickSelect.partition(UnsafeMutableBufferPointer(rebasing: all[lo ..< hi]), nth: mid - lo) { a, b in
                        let va = vecs[a][axis], vb = vecs[b][axis]
                        return va < vb || (va == vb && a < b)
                    }
                }
                let l = build(lo, mid), r = build(mid, hi)
                nodes[Int(me)].left = l; nodes[Int(me)].right = r
            }
            return me
        }
        if !points.isEmpty { _ = build(0, points.count) }
        self.nodes = nodes
        self.coordinates = order.map { points[$0] }
        self.vectors = order.map { vecs[$0] }
        self.ids = order.map { ids[$0] }
    }

    static func unitVector(_ c: Coordinate) -> SIMD3<Double> {
        let lat = c.y * .pi / 180, lon = c.x * .pi / 180
        return SIMD3(cos(lat) * cos(lon), cos(lat) * sin(lon), sin(lat))
    }

    /// Central angle for a chord length on the unit sphere.
    @inline(__always) static func angle(chord: Double) -> Double { 2 * asin(min(1, chord / 2)) }

    /// Bounds on the geodesic km for a central angle, with a micrometre of slack for the rounding
    /// of the unit vectors themselves.
    @inline(__always) static func lowerKm(_ theta: Double) -> Double { kmPerRadianLow * theta - 1e-9 }

    @inline(__always) private func chordToBox(_ q: SIMD3<Double>, _ n: Node) -> Double {
        let d = pointwiseMax(pointwiseMax(n.lo - q, q - n.hi), SIMD3(repeating: 0))
        return (d * d).sum().squareRoot()
    }

    /// The nearest point: its id and geodesic km; nil when the index is empty. Ties (equal
    /// distances) go to the smaller id, so results do not depend on tree layout.
    func nearest(to c: Coordinate) -> (id: Int, km: Double)? {
        guard !nodes.isEmpty else { return nil }
        let q = GeodesicPointIndex.unitVector(c)
        var best: (id: Int, km: Double)? = nil
        var stack: [(Int32, Double)] = [(0, 0)]
        while let (ni, bound) = stack.popLast() {
            if let b = best, bound > b.km { continue }
            let n = nodes[Int(ni)]
            if n.left < 0 {
                for k in Int(n.start) ..< Int(n.end) {
                    let chord = (vectors[k] - q)
                    let low = GeodesicPointIndex.lowerKm(GeodesicPointIndex.angle(chord: (chord * chord).sum().squareRoot()))
                    if let b = best, low > b.km { continue }
                    let d = geodesy.distanceKm(c, coordinates[k])
                    if best == nil || d < best!.km || (d == best!.km && ids[k] < best!.id) { best = (ids[k], d) }
                }
                continue
            }
            let l = nodes[Int(n.left)], r = nodes[Int(n.right)]
            let bl = GeodesicPointIndex.lowerKm(GeodesicPointIndex.angle(chord: chordToBox(q, l)))
            let br = GeodesicPointIndex.lowerKm(GeodesicPointIndex.angle(chord: chordToBox(q, r)))
            // Push the farther child first so the nearer one is searched first.
            if bl <= br { stack.append((n.right, br)); stack.append((n.left, bl)) }
            else { stack.append((n.left, bl)); stack.append((n.right, br)) }
        }
        return best
    }

    /// How many points lie within `km` (geodesic, closed: a point at exactly `km` counts).
    func count(within km: Double, of c: Coordinate) -> Int {
        var total = 0
        visit(within: km, of: c) { _ in total += 1 }
        return total
    }

    /// The ids of the points within `km` (the same points `count(within:of:)` counts), ascending.
    func ids(within km: Double, of c: Coordinate) -> [Int] {
        var out: [Int] = []
        visit(within: km, of: c) { out.append(ids[$0]) }
        return out.sorted()
    }

    /// Calls `body` with the tree position of every point within `km`.
    private func visit(within km: Double, of c: Coordinate, _ body: (Int) -> Void) {
        guard !nodes.isEmpty, km >= 0 else { return }
        let q = GeodesicPointIndex.unitVector(c)
        // The bounds turned into chords once per query, not an arcsine per box and per point: past
        // `far` the central angle exceeds the one whose lower bound is km, below `near` it is less
        // than the one whose upper bound is km (a relative 1e-12 of slack covers the rounding of
        // sine and arcsine). Chords between the two are settled by the exact geodesic, as before.
        func chord(angle: Double) -> Double { 2 * sin(min(angle, .pi) / 2) }
        let far = chord(angle: (km + 1e-9) / GeodesicPointIndex.kmPerRadianLow) * (1 + 1e-12)
        let near = chord(angle: (km - 1e-9) / GeodesicPointIndex.kmPerRadianHigh) * (1 - 1e-12)
        var stack: [Int32] = [0]
        while let ni = stack.popLast() {
            let n = nodes[Int(ni)]
            if chordToBox(q, n) > far { continue }
            if n.left >= 0 { stack.append(n.left); stack.append(n.right); continue }
            for k in Int(n.start) ..< Int(n.end) {
                let d = vectors[k] - q
                let chord = (d * d).sum().squareRoot()
                if chord > far { continue }
                if chord < near { body(k); continue }
                if geodesy.distanceKm(c, coordinates[k]) <= km { body(k) }
            }
        }
    }
}
