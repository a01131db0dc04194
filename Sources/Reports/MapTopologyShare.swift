import Foundation
import Domain
import Outputs

/// The units' map topology of a run, built once and shared by the map files and the report's
/// map, which are drawn at the same time: the first to ask builds it while the other waits (at
/// 100,000 units and 3.3 million vertices it takes seconds, and each built its own).
public final class MapTopologyShare: Sendable {
    private let once = MadeOnce<MapTopology>()

    public init() {}

    /// The topology of the map files' areas (`RunRecord.mapAreas`), built by `build` on the first call.
    func mapsTopology(_ build: () -> MapTopology) -> MapTopology { once.value(build) }
}

extension RunRecord {
    /// The areas every map file draws, in this order: the units (in the order of their ids),
    /// then the outlines of the parent levels (the highest level first).
    var mapUnitOrder: [Int] { project.units.idOrder }
    var mapOutlines: [[[Polygon]]] {
        Array(project.levels.map { level in level.units.polygons.filter { !$0.isEmpty } }.reversed())
    }

    /// Where each unit of the priority list is among the map files' areas, when the report's map
    /// draws exactly the map files' areas in another order (no parent outlines, every unit once);
    /// nil otherwise. The report's topology is then the maps' one reordered, the same point for
    /// point as one built for the report alone (see `MapTopology.reordered`).
    func reportOrderAmongMapAreas() -> [Int]? {
        guard mapOutlines.allSatisfy(\.isEmpty) else { return nil }
        let order = mapUnitOrder
        guard order.count == result.units.count, order.count == project.units.ids.count else { return nil }
        var area = [Int](repeating: -1, count: project.units.ids.count)
        for (k, i) in order.enumerated() {
            guard area.indices.contains(i), area[i] < 0 else { return nil }
            area[i] = k
        }
        var seen = [Bool](repeating: false, count: order.count)
        var out: [Int] = []
        out.reserveCapacity(order.count)
        for u in result.units {
            guard let i = project.units.index(of: u.id), area[i] >= 0, !seen[area[i]] else { return nil }
            seen[area[i]] = true
            out.append(area[i])
        }
        return out
    }
}
