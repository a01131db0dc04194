import Foundation
import Domain
import Outputs

/// The maps of a run: the priority score, each criterion, and the priority classes.
extension RunRecord {
    public struct MapFile { public var name: String; public var title: String; public var svg: String }

    public func maps(labelTop: Int = 10) -> [MapFile] {
        let units = project.units
        let outlines = project.levels.map { level in level.units.polygons.filter { !$0.isEmpty } }.reversed().map { $0 }
        let top = result.units.filter { $0.rank != nil }.prefix(labelTop).map(\.id.rawValue)
        let byID = Dictionary(uniqueKeysWithValues: result.units.map { ($0.id, $0) })
        // The files this ranking drew on: the boundaries and the layers the rules used.
        let used = Set(placements.map { "layers.\($0.layer)" })
        let sources = "Sources: " + project.files.filter { !$0.entry.hasPrefix("layers.") || used.contains($0.entry) }
            .map { ($0.path as NSString).lastPathComponent }.joined(separator: ", ")
        let sub = "\(project.manifest.name) · as of \(asOf) · rules \((rulesPath as NSString).lastPathComponent)"

        func map(_ name: String, _ title: String, value: (UnitOutcome) -> Double?, breaks: [Double]? = nil,
                 classNames: [String]? = nil) -> MapFile {
            let areas = units.idOrder.map { i -> ChoroplethMap.Area in
                let u = byID[units.ids[i]]
                return .init(id: units.ids[i].rawValue, label: units.names[i], polygons: units.polygons[i], value: u.flatMap(value))
            }
            let b = breaks ?? ChoroplethMap.quantileBreaks(areas.compactMap(\.value), classes: 5)
            let m = ChoroplethMap(title: title, subtitle: sub, sources: sources, synthetic: isSynthetic, areas: areas,
                                  outlines: outlines, labelled: top, breaks: b, classNames: classNames)
            return MapFile(name: name, title: title, svg: m.svg())
        }

        var out = [map("map_score", "Priority score (top \(top.count) numbered)", value: { $0.score })]
        for c in criteria {
            out.append(map("map_\(c.name)", c.title.map { "\(c.name): \($0)" } ?? c.name,
                           value: { u in u.criteria.first { $0.name == c.name && $0.criterionPath.isEmpty }?.value }))
        }
        // Classes: ordered from the lowest priority to the highest as the rules list them.
        let labels = result.method.classes?.labels ?? Array(Set(result.units.compactMap(\.priorityClass))).sorted()
        if !labels.isEmpty {
            let ordered = labels.reversed().map { $0 } // rules list the highest class first
            out.append(map("map_classes", "Priority classes",
                           value: { u in u.priorityClass.flatMap { ordered.firstIndex(of: $0) }.map(Double.init) },
                           breaks: (0..<(ordered.count - 1)).map { Double($0) + 0.5 }, classNames: ordered))
        }
        return out
    }

    /// Renders an SVG to PNG with rsvg-convert when it is installed; returns false when it is not.
    public static func renderPNG(svgPath: String, pngPath: String) throws -> Bool {
        let candidates = ["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert"]
        guard let tool = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return false }
        try AtomicFile.produce(pngPath) { tmp in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: tool)
            p.arguments = ["--format=png", "--output", tmp, svgPath]
            try p.run()
            p.waitUntilExit()
            guard p.terminationStatus == 0 else {
                throw TargetingError("rsvg-convert could not render \(svgPath) (exit \(p.terminationStatus))")
            }
        }
        return true
    }
}
