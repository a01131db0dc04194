import Foundation
import Domain
import Outputs

/// The report's map: one SVG path per unit, in the order of the priority list (the page's script
/// finds unit i as the i-th path), drawn from shared, simplified arcs (`MapTopology`) in integer
/// grid units, coloured by class through CSS so that the script recolours a layer by changing
/// class names. Without the script it is a static map of the score. Borders between territoires
/// and between provinces are the arcs whose two sides have different parents, so they fall
/// exactly on the units' own borders.
extension RunRecord {
    struct ReportMapDrawing {
        var svg: String
        /// CSS colouring the classes of the first layer (the script replaces it on a switch).
        var css: String
        var verticesIn: Int, verticesKept: Int
        /// The projection's name, for the caption.
        var projection: String
    }

    /// `share`: the run's shared topology, used when the report draws the same areas as the map
    /// files (see `reportOrderAmongMapAreas`); built here otherwise.
    func reportMap(layers: [ReportLayer], share: MapTopologyShare? = nil) -> ReportMapDrawing {
        let units = result.units
        let topology: MapTopology
        if let share, let order = reportOrderAmongMapAreas() {
            topology = share.mapsTopology { MapTopology(areas: mapUnitOrder.map { project.units.polygons[$0] }) }.reordered(order)
        } else {
            topology = MapTopology(areas: units.map { u in project.units.index(of: u.id).map { project.units.polygons[$0] } ?? [] })
        }
        let w = max(1, topology.width), h = max(1, topology.height)
        let pad = topology.gridSize / 50
        var s = "<svg id=\"map\" class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"\(-pad) \(-pad) \(w + 2 * pad) \(h + 2 * pad)\" "
        s += "preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-label=\"Map of the units\">\n"
        let first = layers.first
        s += "<g id=\"units\">"
        // Spelled into bytes: 100,000 paths of interpolated strings took seconds.
        var paths: [UInt8] = []
        let classCharacters = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
        for (i, u) in units.enumerated() {
            paths.append(contentsOf: "<path class=\"".utf8)
            if let k = first?.classIndex(u) {
                paths.append(UInt8(ascii: "k")); paths.append(classCharacters[min(k, 35)])
            } else {
                paths.append(UInt8(ascii: "n"))
            }
            if u.selected { paths.append(contentsOf: " s".utf8) }
            paths.append(UInt8(ascii: "\""))
            if !topology.rings[i].isEmpty {
                paths.append(contentsOf: " d=\"".utf8)
                topology.appendSVGPath(area: i, to: &paths)
                paths.append(UInt8(ascii: "\""))
            }
            paths.append(contentsOf: "/>".utf8)
            if i % 8 == 7 { paths.append(UInt8(ascii: "\n")) }
        }
        s += String(decoding: paths, as: UTF8.self)
        s += "</g>\n"
        // Borders between parents (first level), then between their parents (second level).
        let parentOf = units.map(\.parent)
        let grandparentOf = parentOf.map { p -> UnitID? in
            guard let p, let level = project.levels.first, let j = level.units.index(of: p) else { return nil }
            return level.units.parents[j]
        }
        func borders(_ side: [UnitID?]) -> [Int] {
            topology.arcs.indices.filter { a in
                let users = topology.arcs[a].areas
                return users.count == 1 || users.contains { side[$0] != side[users[0]] }
            }
        }
        if !project.levels.isEmpty {
            s += "<path class=\"b1\" d=\"\(topology.svgPath(arcs: borders(parentOf)))\"/>\n"
        }
        if project.levels.count > 1 || grandparentOf.contains(where: { $0 != nil }) {
            s += "<path class=\"b2\" d=\"\(topology.svgPath(arcs: borders(grandparentOf)))\"/>\n"
        }
        // Scale bar in map units: right at any zoom (none where the projection's scale varies
        // across the map).
        if topology.projection.hasTrueScale {
            let targetKm = Double(w) * topology.kmPerUnit / 5
            let km = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000].last { $0 <= targetKm } ?? 0.1
            let bar = Int((km / topology.kmPerUnit).rounded()), font = topology.gridSize / 70
            s += "<g class=\"scale\" font-size=\"\(font)\"><rect x=\"0\" y=\"\(h + pad / 3)\" width=\"\(bar)\" height=\"\(pad / 5)\"/>"
            s += "<text x=\"\(bar + font / 2)\" y=\"\(h + pad / 3 + pad / 5)\">\(NumberText.readable(km)) km</text></g>\n"
        }
        s += "</svg>\n"
        var css = ""
        if let first {
            for (k, colour) in first.colours.enumerated() {
                css += "#units .k\(Array("0123456789abcdefghijklmnopqrstuvwxyz")[min(k, 35)]){fill:\(colour)}"
            }
        }
        return ReportMapDrawing(svg: s, css: css, verticesIn: topology.verticesIn, verticesKept: topology.verticesKept,
                                 projection: topology.projection.name)
    }
}
