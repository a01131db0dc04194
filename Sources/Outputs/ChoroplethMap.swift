import Foundation
import Domain

/// A choropleth map as SVG, drawn by the tool itself with no external service: units filled by
/// class, parent outlines over them, the top units labelled, a legend with class breaks, a scale
/// bar, a title, the as-of date, the data sources, and a SYNTHETIC mark for the bundled sample.
public struct ChoroplethMap: Sendable {
    public struct Area: Sendable {
        public var id: String
        public var label: String
        public var polygons: [Polygon]
        /// nil: no value (drawn hatched grey and listed as "no data" in the legend).
        public var value: Double?
        public init(id: String, label: String, polygons: [Polygon], value: Double?) {
            self.id = id; self.label = label; self.polygons = polygons; self.value = value
        }
    }

    public var title: String
    public var subtitle: String
    public var sources: String
    public var synthetic: Bool
    public var areas: [Area]
    /// Outlines drawn over the units, thickest last (e.g. territoires, then provinces).
    public var outlines: [[[Polygon]]]
    /// Ids of the units to label, in label order (e.g. the top 10).
    public var labelled: [String]
    /// Upper bounds of each class except the last; values ≤ breaks[i] fall in class i.
    public var breaks: [Double]
    public var classNames: [String]?
    public var width = 1000.0

    public init(title: String, subtitle: String, sources: String, synthetic: Bool, areas: [Area],
                outlines: [[[Polygon]]], labelled: [String], breaks: [Double], classNames: [String]? = nil) {
        self.title = title; self.subtitle = subtitle; self.sources = sources; self.synthetic = synthetic
        self.areas = areas; self.outlines = outlines; self.labelled = labelled; self.breaks = breaks
        self.classNames = classNames
    }

    /// Equal-count (quantile) breaks over the values present, the usual choice for a priority
    /// score whose distribution is skewed.
    public static func quantileBreaks(_ values: [Double], classes: Int) -> [Double] {
        let v = values.filter(\.isFinite).sorted()
        guard !v.isEmpty, classes > 1 else { return [] }
        var out: [Double] = []
        for i in 1..<classes {
            let b = v[min(v.count - 1, (v.count * i) / classes)]
            if out.last.map({ b > $0 }) ?? true { out.append(b) }
        }
        return out
    }

    /// The topology `svg` draws from: units and outlines in one, so that a border the outlines
    /// share with the units is one arc, simplified once (a 2-million-vertex unit would otherwise
    /// be written, and rendered, whole), projected with one projection centred on the data. Maps
    /// of the same areas and outlines can share it (at 100,000 units it takes seconds to build).
    public func topology() -> MapTopology {
        MapTopology(areas: areas.map(\.polygons) + outlines.flatMap { $0 })
    }

    /// `shared`: the `topology()` of a map with the same areas and outlines, if already built.
    public func svg(topology shared: MapTopology? = nil) -> String {
        guard areas.contains(where: { !$0.polygons.isEmpty }) else { return "<svg xmlns=\"http://www.w3.org/2000/svg\"/>" }
        let topology = shared ?? self.topology()
        let mapLeft = 20.0, mapTop = 70.0, legendWidth = 230.0
        let mapWidth = width - legendWidth - 40
        let zoom = mapWidth / Double(max(1, topology.width))
        let scale = zoom / topology.kmPerUnit  // pixels per km
        let mapHeight = Double(topology.height) * zoom
        let height = max(mapTop + mapHeight + 70 + 13 * Double(1 + (sources.count + 40) / 150), 520)
        func xy(_ c: Coordinate) -> (Double, Double) {
            let g = topology.grid(c)
            return (mapLeft + g.x * zoom, mapTop + g.y * zoom)
        }
        // Paths in grid units, placed and scaled by the group's transform.
        let frame = "transform=\"translate(\(f1(mapLeft)) \(f1(mapTop))) scale(\(FixedDecimal.format(zoom, places: 6, trimZeros: true)))\""
        func strokeWidth(_ px: Double) -> String { FixedDecimal.format(px / zoom, places: 3, trimZeros: true) }
        let colours = ColourRamp.viridis(steps: breaks.count + 1)
        func classIndex(_ v: Double) -> Int { breaks.firstIndex(where: { v <= $0 }) ?? breaks.count }

        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f1(width))\" height=\"\(f1(height))\" viewBox=\"0 0 \(f1(width)) \(f1(height))\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n"
        s += "<defs><pattern id=\"nodata\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#eeeeee\"/><path d=\"M0 6L6 0\" stroke=\"#999999\" stroke-width=\"1\"/></pattern></defs>\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        // Clipped to the page (a criterion name may be hundreds of characters); the report's caption keeps it whole.
        s += "<text x=\"20\" y=\"32\" font-size=\"22\" font-weight=\"bold\">\(xml(clipped(title, 70)))</text>\n"
        s += "<text x=\"20\" y=\"55\" font-size=\"14\" fill=\"#333333\">\(xml(clipped(subtitle, 120)))</text>\n"
        s += "<g stroke=\"#ffffff\" stroke-width=\"\(strokeWidth(0.3))\" \(frame)>\n"
        // Spelled into bytes: 100,000 paths of interpolated strings took seconds.
        var paths: [UInt8] = []
        for (k, a) in areas.enumerated() {
            paths.append(contentsOf: "<path d=\"".utf8)
            topology.appendSVGPath(area: k, to: &paths)
            paths.append(contentsOf: "\" fill=\"".utf8)
            paths.append(contentsOf: (a.value.map { colours[classIndex($0)] } ?? "url(#nodata)").utf8)
            paths.append(contentsOf: "\" fill-rule=\"evenodd\"><title>".utf8)
            paths.append(contentsOf: xml(a.label).utf8)
            paths.append(contentsOf: " (".utf8)
            paths.append(contentsOf: xml(a.id).utf8)
            paths.append(contentsOf: "): ".utf8)
            paths.append(contentsOf: (a.value.map { FixedDecimal.printf($0, places: 2) } ?? "no data").utf8)
            paths.append(contentsOf: "</title></path>\n".utf8)
        }
        s += String(decoding: paths, as: UTF8.self)
        s += "</g>\n"
        var next = areas.count
        for (level, polys) in outlines.enumerated() {
            let w = level == outlines.count - 1 ? 2.0 : 1.0
            s += "<g fill=\"none\" stroke=\"#222222\" stroke-width=\"\(strokeWidth(w))\" \(frame)>\n"
            for _ in polys { s += "<path d=\"\(topology.svgPath(area: next))\"/>\n"; next += 1 }
            s += "</g>\n"
        }
        // Labels: the top units, numbered, at a point inside each unit's largest part.
        let byID = Dictionary(areas.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        // Small city communes sit close together: a label that would cover an earlier one moves
        // to the nearest free spot around its unit, with a leader line back to it.
        s += "<g font-size=\"11\" font-weight=\"bold\">\n"
        var placed: [(Double, Double)] = []
        var offsets: [(Double, Double)] = [(0, 0)]
        for ring in 1...3 {
            let radius = Double(ring) * 19
            for k in 0..<8 {
                let angle = Double(k) * Double.pi / 4
                offsets.append((radius * cos(angle), radius * sin(angle)))
            }
        }
        for (rank, id) in labelled.enumerated() {
            guard let a = byID[id], let part = a.polygons.max(by: { $0.exterior.count < $1.exterior.count }) else { continue }
            var cx = 0.0, cy = 0.0
            for c in part.exterior.dropLast() { let (x, y) = xy(c); cx += x; cy += y }
            let n = Double(max(1, part.exterior.count - 1))
            cx /= n; cy /= n
            let spot = offsets.first { o in
                placed.allSatisfy { p in hypot(p.0 - (cx + o.0), p.1 - (cy + o.1)) >= 17 }
            } ?? (0, 0)
            let lx = cx + spot.0, ly = cy + spot.1
            placed.append((lx, ly))
            if spot.0 != 0 || spot.1 != 0 {
                s += "<line x1=\"\(f1(cx))\" y1=\"\(f1(cy))\" x2=\"\(f1(lx))\" y2=\"\(f1(ly))\" stroke=\"#000000\" stroke-width=\"0.8\"/>"
            }
            s += "<circle cx=\"\(f1(lx))\" cy=\"\(f1(ly))\" r=\"8\" fill=\"#ffffff\" stroke=\"#000000\"/>"
            s += "<text x=\"\(f1(lx))\" y=\"\(f1(ly + 4))\" text-anchor=\"middle\">\(rank + 1)</text>\n"
        }
        s += "</g>\n"
        // Legend.
        let lx = width - legendWidth
        var ly = mapTop
        s += "<text x=\"\(f1(lx))\" y=\"\(f1(ly))\" font-size=\"14\" font-weight=\"bold\">Legend</text>\n"
        ly += 12
        let values = areas.compactMap(\.value)
        let lo = values.min() ?? 0, hi = values.max() ?? 0
        for i in (0..<colours.count).reversed() {
            let from = i == 0 ? lo : breaks[i - 1], to = i == breaks.count ? hi : breaks[i]
            // Named classes are categories: their legend shows the names, not the codes behind them.
            // A class of one value (many units at 0) reads as that value, and the class after it
            // as starting above it, not as two ranges that both start at 0.
            let before: Double? = i == 0 ? nil : (i == 1 ? lo : breaks[i - 2])
            let range = from == to ? String(format: "%.2f", from)
                : (before == from ? "> " : "") + "\(String(format: "%.2f", from)) – \(String(format: "%.2f", to))"
            let label = classNames.map { i < $0.count ? $0[i] : "" } ?? range
            s += "<rect x=\"\(f1(lx))\" y=\"\(f1(ly))\" width=\"22\" height=\"16\" fill=\"\(colours[i])\" stroke=\"#333333\" stroke-width=\"0.5\"/>"
            s += "<text x=\"\(f1(lx + 30))\" y=\"\(f1(ly + 13))\" font-size=\"12\">\(xml(label))</text>\n"
            ly += 22
        }
        if areas.contains(where: { $0.value == nil }) {
            s += "<rect x=\"\(f1(lx))\" y=\"\(f1(ly))\" width=\"22\" height=\"16\" fill=\"url(#nodata)\" stroke=\"#333333\" stroke-width=\"0.5\"/><text x=\"\(f1(lx + 30))\" y=\"\(f1(ly + 13))\" font-size=\"12\">no data</text>\n"
            ly += 22
        }
        if !labelled.isEmpty {
            ly += 10
            s += "<text x=\"\(f1(lx))\" y=\"\(f1(ly))\" font-size=\"12\" font-weight=\"bold\">Top \(labelled.count)</text>\n"
            for (rank, id) in labelled.enumerated() {
                ly += 16
                s += "<text x=\"\(f1(lx))\" y=\"\(f1(ly))\" font-size=\"11\">\(rank + 1). \(xml(byID[id]?.label ?? id))</text>\n"
            }
        }
        // Scale bar: a round number of km about a fifth of the map wide (none where the
        // projection's scale varies across the map: one bar would be wrong almost everywhere).
        let target = Double(topology.width) * topology.kmPerUnit / 5
        let km = [10.0, 20, 25, 50, 100, 200, 250, 500, 1000].last(where: { $0 <= target }) ?? 10
        let sy = mapTop + mapHeight + 25
        if topology.projection.hasTrueScale {
            s += "<g><rect x=\"20\" y=\"\(f1(sy))\" width=\"\(f1(km * scale / 2))\" height=\"6\" fill=\"#000000\"/><rect x=\"\(f1(20 + km * scale / 2))\" y=\"\(f1(sy))\" width=\"\(f1(km * scale / 2))\" height=\"6\" fill=\"#ffffff\" stroke=\"#000000\"/>"
            s += "<text x=\"20\" y=\"\(f1(sy + 20))\" font-size=\"11\">0</text><text x=\"\(f1(20 + km * scale))\" y=\"\(f1(sy + 20))\" font-size=\"11\" text-anchor=\"middle\">\(Int(km)) km</text></g>\n"
        }
        // Sources, wrapped on word boundaries under the scale bar, so long file lists stay on the page.
        var lines: [String] = [], line = ""
        for word in (sources + " · " + topology.projection.name).split(separator: " ") {
            if line.count + word.count + 1 > 150 { lines.append(line); line = "" }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        for (k, l) in lines.enumerated() {
            s += "<text x=\"20\" y=\"\(f1(sy + 38 + Double(k) * 13))\" font-size=\"10\" fill=\"#444444\">\(xml(l))</text>\n"
        }
        if synthetic {
            s += "<text x=\"\(f1(mapLeft + mapWidth / 2))\" y=\"\(f1(mapTop + mapHeight / 2))\" font-size=\"64\" font-weight=\"bold\" fill=\"#000000\" fill-opacity=\"0.12\" text-anchor=\"middle\" transform=\"rotate(-30 \(f1(mapLeft + mapWidth / 2)) \(f1(mapTop + mapHeight / 2)))\">SYNTHETIC</text>\n"
        }
        s += "</svg>\n"
        return s
    }

    func clipped(_ s: String, _ count: Int) -> String { s.count > count ? String(s.prefix(count - 1)) + "…" : s }
    func f1(_ d: Double) -> String { FixedDecimal.format(d, places: 1) }
    func xml(_ s: String) -> String { MarkupEscaping.escaped(s) }
}
