import Foundation
import Domain
import ShapefileIO

/// The main roads of the sample, hand-drawn between the seats (approximate tracks, not surveyed):
/// the Tshikapa–Kananga–Mbuji-Mayi axis, the roads out of Kananga to Dibaya, Tshimbulu and Luiza,
/// to Demba, Mweka and Ilebo, to Luebo, Kazumba and Dimbelenge, Tshikapa–Kamonia–Kamako to the
/// Angolan border, and the roads around Mbuji-Mayi. Events, villages and services lean towards
/// them, as they do on the ground (the strategy names the road network as the region's lifeline).
struct Road {
    let ref: String
    let name: String
    let surface: String
    let points: [Coordinate]
}

enum Roads {
    private static func road(_ ref: String, _ name: String, _ surface: String, _ pts: [(Double, Double)]) -> Road {
        Road(ref: ref, name: name, surface: surface, points: pts.map { Coordinate($0.0, $0.1) })
    }

    static let all: [Road] = [
        road("RN1", "Tshikapa – Kananga", "unpaved", [(20.800, -6.417), (21.150, -6.330), (21.500, -6.240), (21.800, -6.120), (22.100, -6.000), (22.417, -5.896)]),
        road("RN1", "Kananga – Mbuji-Mayi", "unpaved", [(22.417, -5.896), (22.750, -5.980), (23.000, -6.000), (23.200, -5.920), (23.400, -6.020), (23.589, -6.136)]),
        road("RN41", "Kananga – Dibaya – Luiza", "unpaved", [(22.417, -5.896), (22.600, -6.080), (22.780, -6.270), (22.850, -6.483), (22.933, -6.500), (22.800, -6.800), (22.600, -7.000), (22.417, -7.200)]),
        road("RP", "Kananga – Demba – Mweka – Ilebo", "unpaved", [(22.417, -5.896), (22.330, -5.700), (22.267, -5.508), (22.000, -5.250), (21.780, -5.050), (21.567, -4.850), (21.200, -4.650), (20.900, -4.480), (20.583, -4.317)]),
        road("RP", "Kananga – Luebo", "unpaved", [(22.417, -5.896), (22.100, -5.700), (21.800, -5.520), (21.417, -5.350)]),
        road("RP", "Tshikapa – Luebo", "unpaved", [(20.800, -6.417), (21.000, -6.050), (21.200, -5.700), (21.417, -5.350)]),
        road("RN", "Tshikapa – Kamonia – Kamako", "unpaved", [(20.800, -6.417), (20.880, -6.650), (20.939, -6.879), (20.800, -7.050), (20.630, -7.250)]),
        road("RP", "Mweka – Dekese", "track", [(21.567, -4.850), (21.520, -4.400), (21.450, -3.900), (21.383, -3.457)]),
        road("RP", "Kananga – Kazumba", "track", [(22.417, -5.896), (22.250, -6.150), (22.033, -6.417)]),
        road("RP", "Kananga – Dimbelenge", "track", [(22.417, -5.896), (22.750, -5.700), (23.050, -5.533)]),
        road("RP", "Mbuji-Mayi – Katanda", "unpaved", [(23.589, -6.136), (23.750, -6.000), (23.880, -5.870)]),
        road("RP", "Mbuji-Mayi – Tshilenge – Lukalaba", "unpaved", [(23.589, -6.136), (23.780, -6.250), (23.720, -6.420)]),
        road("RP", "Mbuji-Mayi – Miabi", "unpaved", [(23.589, -6.136), (23.533, -6.178), (23.383, -6.200)]),
        road("RP", "Dibaya – Miabi", "track", [(22.933, -6.500), (23.150, -6.350), (23.383, -6.200)]),
    ]

    /// Local planar distance in km (equirectangular at the pair's mean latitude): errors under
    /// 0.5% at the sample's scale, plenty for weighting.
    static func km(_ a: Coordinate, _ b: Coordinate) -> Double {
        let k = cos((a.y + b.y) / 2 * .pi / 180)
        let dx = (a.x - b.x) * 111.32 * k, dy = (a.y - b.y) * 110.57
        return (dx * dx + dy * dy).squareRoot()
    }

    /// Distance in km from `p` to the nearest road.
    static func distanceKm(_ p: Coordinate) -> Double {
        var best = Double.infinity
        let k = cos(p.y * .pi / 180)
        for r in all {
            for (a, b) in zip(r.points, r.points.dropFirst()) {
                let ax = (a.x - p.x) * 111.32 * k, ay = (a.y - p.y) * 110.57
                let bx = (b.x - p.x) * 111.32 * k, by = (b.y - p.y) * 110.57
                let dx = bx - ax, dy = by - ay
                let t = max(0, min(1, -(ax * dx + ay * dy) / max(dx * dx + dy * dy, 1e-12)))
                let x = ax + t * dx, y = ay + t * dy
                best = min(best, (x * x + y * y).squareRoot())
            }
        }
        return best
    }

    /// `roads.shp`, OSM style (`highway`, `ref`, `name`, `surface`), for the GIS officer to lay
    /// under the maps; the rules do not read it.
    static func write(to folder: String) throws {
        let fields = [FieldSchema(name: "osm_id", type: .integer), FieldSchema(name: "highway", type: .text),
                      FieldSchema(name: "ref", type: .text), FieldSchema(name: "name", type: .text),
                      FieldSchema(name: "surface", type: .text), FieldSchema(name: "source", type: .text)]
        let rows: [[Value]] = all.enumerated().map { (i, r) in
            [.number(Double(6_000_000_000 + i * 31)), .text(r.ref.hasPrefix("RN") ? "trunk" : (r.surface == "track" ? "secondary" : "primary")),
             .text(r.ref), .text(r.name), .text(r.surface), .text("SYNTHETIC sample (hand-drawn)")]
        }
        try ShapefileWriter.write(path: folder + "/roads.shp", kind: .polyline, shapes: all.map { .lines([$0.points]) },
                                  fields: fields, rows: rows)
    }
}

/// Per mesh cell (and per unit, the nearest of its cells), the distance to the nearest road,
/// computed once for the whole sample.
struct RoadAccess {
    let cellKm: [Double]
    let unitKm: [Double]
    /// How a unit's count of services scales with its access: from 1.5 where a road crosses it
    /// to 0.5 far from any, divided by the population-weighted mean over the groupements so
    /// that the totals keep their calibration (city communes: 1).
    let serviceFactor: [Double]

    init(_ b: SampleBoundaries) {
        let mesh = b.layout.mesh
        var cellKm = [Double](repeating: .infinity, count: mesh.count)
        for c in 0..<mesh.count where b.layout.unit[c] >= 0 { cellKm[c] = Roads.distanceKm(mesh.centre(c)) }
        self.cellKm = cellKm
        let unitKm = b.units.map { u in u.cells.map { cellKm[$0] }.min() ?? .infinity }
        self.unitKm = unitKm
        let raw = unitKm.map { 0.5 + exp(-$0 / 15) }
        let rural = b.units.indices.filter { !b.units[$0].isCommune }
        let people = rural.reduce(0.0) { $0 + Double(b.units[$1].population) }
        let mean = rural.reduce(0.0) { $0 + raw[$1] * Double(b.units[$1].population) } / max(people, 1)
        serviceFactor = b.units.indices.map { b.units[$0].isCommune ? 1 : raw[$0] / mean }
    }

    /// 1 on a road, falling off over a few km: how much a road draws villages, events, services.
    func pull(cell c: Int, km scale: Double) -> Double { exp(-cellKm[c] / scale) }
}
