import Foundation
import Domain

/// Where in a territoire the events of an era fall: a weight per mesh cell (cells have nearly
/// equal areas, so event density follows the weight), the sum of the era's hotspots plus a
/// small floor, times the pull of the roads. Drawing a cell rather than a unit makes
/// neighbouring groupements share their surroundings' intensity, so the conflict map shows
/// hotspots instead of salt and pepper.
struct EventSurface {
    let cells: [Int]
    private let cumulative: [Double]

    init(territoire t: Int, era: ConflictStory.Era, b: SampleBoundaries, roads: RoadAccess, cells territoireCells: [Int]) {
        let spec = KasaiGeography.territoires[t]
        let spots = ConflictStory.hotspots(spec.pcode, era: era, seat: spec.seat)
        let floor = spots.isEmpty ? 1.0 : (era == .calm ? 0.12 : 0.03)
        let mesh = b.layout.mesh
        var running = 0.0, cumulative: [Double] = []
        for c in territoireCells {
            let p = mesh.centre(c)
            var w = floor
            for s in spots {
                let d = Roads.km(p, s.centre)
                w += s.weight * exp(-d * d / (2 * s.sigmaKm * s.sigmaKm))
            }
            running += w * (0.25 + roads.pull(cell: c, km: 6))
            cumulative.append(running)
        }
        cells = territoireCells
        self.cumulative = cumulative
    }

    /// A cell drawn with probability proportional to its weight (one uniform draw).
    func draw(_ rng: inout SampleRandom) -> Int {
        let r = rng.unit() * (cumulative.last ?? 0)
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > r { hi = mid } else { lo = mid + 1 }
        }
        return cells[lo]
    }
}
