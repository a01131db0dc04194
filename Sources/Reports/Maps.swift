import Foundation
import Domain
import Outputs

/// The maps of a run: the priority score, the priority classes, and one map per criterion for the
/// first `maxCriterionMaps` criteria, so that the outputs stay bounded whatever the rules declare
/// (every criterion drew a map and a PNG: 1,000 criteria, 2,000 files); the others are named in the
/// report and on the console.
extension RunRecord {
    public struct MapFile { public var name: String; public var title: String; public var svg: String }

    /// At most this many criterion maps per run (besides the score and class maps).
    public static let maxCriterionMaps = 20

    /// The top-level criteria with no map of their own (beyond the first `maxCriterionMaps`).
    public var criteriaWithoutMap: [String] { criteria.dropFirst(RunRecord.maxCriterionMaps).map(\.name) }

    /// What to tell the user when some criteria have no map; nil when every criterion has one.
    /// `listing` bounds how many names are shown (nil: all of them).
    public func mapsNotDrawnNote(listing: Int? = nil) -> String? {
        let missing = criteriaWithoutMap
        guard !missing.isEmpty else { return nil }
        let shown = listing.map { missing.prefix($0).map { $0.count > 40 ? String($0.prefix(40)) + "…" : $0 } } ?? missing
        let more = shown.count < missing.count ? ", … (\(missing.count) in all)" : ""
        return "maps drawn for the first \(RunRecord.maxCriterionMaps) of \(criteria.count) criteria (at most \(RunRecord.maxCriterionMaps) criterion maps per run); "
            + "no map for: \(shown.joined(separator: ", "))\(more). Their values are in priority_list.csv and in the report"
    }

    /// `share`: where the units' topology is built once for the maps and the report (nil: the
    /// maps build their own).
    public func maps(labelTop: Int = 10, share: MapTopologyShare? = nil) -> [MapFile] {
        let units = project.units
        let outlines = mapOutlines
        let top = result.units.filter { $0.rank != nil }.prefix(labelTop).map(\.id.rawValue)
        let byID = Dictionary(uniqueKeysWithValues: result.units.map { ($0.id, $0) })
        // The files this ranking drew on: the boundaries and the layers the rules used.
        let used = Set(placements.map { "layers.\($0.layer)" })
        let sources = "Sources: " + project.files.filter { !$0.entry.hasPrefix("layers.") || used.contains($0.entry) }
            .map { ($0.path as NSString).lastPathComponent }.joined(separator: ", ")
        let sub = "\(project.manifest.name) · as of \(asOf) · rules \((rulesPath as NSString).lastPathComponent)"

        func map(_ name: String, _ title: String, value: (UnitOutcome) -> Double?, breaks: [Double]? = nil,
                 classNames: [String]? = nil) -> (name: String, map: ChoroplethMap) {
            let areas = mapUnitOrder.map { i -> ChoroplethMap.Area in
                let u = byID[units.ids[i]]
                return .init(id: units.ids[i].rawValue, label: units.names[i], polygons: units.polygons[i], value: u.flatMap(value))
            }
            let b = breaks ?? ChoroplethMap.quantileBreaks(areas.compactMap(\.value), classes: 5)
            let m = ChoroplethMap(title: title, subtitle: sub, sources: sources, synthetic: isSynthetic, areas: areas,
                                  outlines: outlines, labelled: top, breaks: b, classNames: classNames)
            return (name, m)
        }

        // Each criterion's value per unit, found once (not once per unit and map by name).
        var criterionValue: [String: [UnitID: Double]] = [:]
        let drawn = Array(criteria.prefix(RunRecord.maxCriterionMaps))
        for c in drawn {
            var values: [UnitID: Double] = [:]
            for u in result.units { if let v = u.criterion(named: c.name, topLevel: true)?.value { values[u.id] = v } }
            criterionValue[c.name] = values
        }
        var out = [map(MapFileNames.score, "Priority score (top \(top.count) numbered)", value: { $0.score })]
        for (c, file) in zip(drawn, MapFileNames.criteria(drawn.map(\.name))) {
            let values = criterionValue[c.name] ?? [:]
            out.append(map(file, c.title.map { "\(c.name): \($0)" } ?? c.name, value: { u in values[u.id] }))
        }
        // Classes: ordered from the lowest priority to the highest as the rules list them.
        let labels = result.method.classes?.labels ?? Array(Set(result.units.compactMap(\.priorityClass))).sorted()
        if !labels.isEmpty {
            let ordered = labels.reversed().map { $0 } // rules list the highest class first
            out.append(map(MapFileNames.classes, "Priority classes",
                           value: { u in u.priorityClass.flatMap { ordered.firstIndex(of: $0) }.map(Double.init) },
                           breaks: (0..<(ordered.count - 1)).map { Double($0) + 0.5 }, classNames: ordered))
        }
        // Every map has the same areas and outlines: one topology for all, then the maps drawn
        // on every core at once.
        let drawings = out
        let topology = drawings.first.map { first in share.map { $0.mapsTopology(first.map.topology) } ?? first.map.topology() }
        let svgs = Parallel.map(drawings.count) { drawings[$0].map.svg(topology: topology) }
        return drawings.indices.map { MapFile(name: drawings[$0].name, title: drawings[$0].map.title, svg: svgs[$0]) }
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
            try AtomicFile.synchronize(tmp)
        }
        return true
    }
}

