import Domain
import Joins
import Project
import Foundation

/// Times the joins on synthetic data (`SyntheticData`), for `targeting bench`. The numbers are
/// for comparison with `Scripts/bench/bench_geopandas.py` on the same data, not for tests.
package enum JoinBenchmark {
    package enum Scale: String, CaseIterable, Sendable {
        /// About the bundled Kasaï sample: 900 units × 30,000 points.
        case sample
        /// 6,000 units × 100,000 points + 20,000 facilities.
        case medium
        /// 6,000 units × 1,000,000 points + 20,000 facilities.
        case large

        package var shape: (columns: Int, rows: Int, segments: Int, points: Int, facilities: Int) {
            switch self {
            case .sample: return (30, 30, 80, 30_000, 2_000)
            case .medium: return (80, 75, 80, 100_000, 20_000)
            case .large: return (80, 75, 80, 1_000_000, 20_000)
            }
        }
    }

    package struct Report: Sendable {
        var scale: Scale
        var units: Int, vertices: Int, points: Int, facilities: Int
        /// (step, seconds), in the order run.
        var timings: [(String, Double)]
        var placedPoints: Int
        var populationInUnits: Double
        var sumOfNearestKm: Double
        var peakResidentMB: Double?

        package var text: String {
            var lines = ["join benchmark, scale \(scale.rawValue): \(units) units (\(vertices) vertices), \(points) points, \(facilities) facilities"]
            for (step, s) in timings {
                lines.append("  " + step.padding(toLength: 44, withPad: " ", startingAt: 0) + String(format: "%8.3f s", s))
            }
            lines.append("  points placed: \(placedPoints); population in units: \(Value.format(populationInUnits))")
            lines.append(String(format: "  sum over units of km to nearest hospital: %.3f", sumOfNearestKm))
            if let m = peakResidentMB { lines.append(String(format: "  peak resident memory: %.0f MB", m)) }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    /// Generates the data for `scale`, then times: edge indexes, point placement, count and sum
    /// per unit, reference points, nearest hospital (geodesic) and facilities within 10 km.
    package static func run(scale: Scale) throws -> Report {
        let s = scale.shape
        var timings: [(String, Double)] = []
        func time<T>(_ step: String, _ body: () throws -> T) rethrows -> T {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let r = try body()
            timings.append((step, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9))
            return r
        }
        let units = try time("generate units") { try SyntheticData.units(columns: s.columns, rows: s.rows, segments: s.segments) }
        let points = time("generate points") { SyntheticData.points(count: s.points) }
        let facilities = time("generate facilities") { SyntheticData.facilities(count: s.facilities) }
        let engine = try FactEngine(units: units, layers: [
            BoundLayer(name: "points", layer: points, roles: LayerRoles()),
            BoundLayer(name: "facilities", layer: facilities, roles: LayerRoles()),
        ])
        _ = time("boundary checks (overlaps, holes, points in overlaps)") {
            BoundaryReview.run(units: units, levels: [], layers: [BoundLayer(name: "points", layer: points, roles: LayerRoles())],
                               unitsFile: "synthetic units", parentField: nil)
        }
        time("build edge indexes") { engine.buildPolygonIndex() }
        let placement = try time("place points (point-in-polygon)") { try engine.placement(ofLayer: "points") }
        _ = try time("count per unit") { try engine.compute(FactSpec(name: "n", layer: "points", aggregate: .count)) }
        let pop = try time("sum of pop per unit") { try engine.compute(FactSpec(name: "pop", layer: "points", aggregate: .sum(field: "pop"))) }
        _ = try time("reference points (GEOS)") { try engine.referencePoints() }
        let hospital = [FactFilter(field: "kind", op: .eq, values: [.text("hospital")])]
        let near = try time("nearest hospital, geodesic km (all units)") {
            try engine.compute(FactSpec(name: "near", layer: "facilities", aggregate: .nearestKm, filters: hospital))
        }
        _ = try time("facilities within 10 km (all units)") {
            try engine.compute(FactSpec(name: "w", layer: "facilities", aggregate: .countWithin(km: 10)))
        }
        return Report(scale: scale, units: units.count, vertices: units.polygons.reduce(0) { $0 + $1.reduce(0) { $0 + $1.exterior.count } },
                      points: s.points, facilities: s.facilities, timings: timings, placedPoints: placement.placedCount,
                      populationInUnits: pop.reduce(0) { $0 + ($1 ?? 0) }, sumOfNearestKm: near.reduce(0) { $0 + ($1 ?? 0) },
                      peakResidentMB: peakResidentMB())
    }

    /// VmHWM from /proc/self/status (Linux); nil elsewhere.
    package static func peakResidentMB() -> Double? {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = s.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kb / 1024
    }
}
