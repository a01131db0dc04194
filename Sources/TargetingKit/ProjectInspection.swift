import Foundation
import Domain
import Joins
import Project

/// What `targeting inspect --project MANIFEST` reports, for a Swift program: the whole project
/// loaded as `rank` loads it, and every layer placed on the units as a run would place it (points
/// outside every unit and table rows joined by name, or not at all, are part of what a GIS officer
/// must see). `text` and `json` are the command's two renderings.
public struct ProjectInspection: Sendable {
    /// How one layer's rows reached the units.
    public enum Placement: Sendable {
        /// A table joined to the units by key (p-code, then name): its join report.
        case joined(JoinReport)
        /// A zone layer's rows apportioned to the units.
        case apportioned(placed: Int, outside: Int, problems: [Diagnostic])
        /// Point (or polygon) features placed in the units.
        case placed(placed: Int, outside: Int, problems: [Diagnostic])
    }

    public var manifestPath: String
    public var project: LoadedProject
    /// Every layer of the manifest, in its order.
    public var layers: [(name: String, placement: Placement)]
    /// The placements as the joins computed them (for the JSON rendering's counts).
    var placements: [(name: String, placement: LayerPlacement)]

    /// Loads the manifest and every file it names, and places every layer; bad input throws a
    /// `TargetingError` with file, line and hint.
    public init(manifest: String) throws {
        manifestPath = manifest
        project = try ProjectLoader.load(manifestPath: manifest)
        let engine = try FactEngine(units: project.units, layers: project.layers)
        placements = try project.layers.map { ($0.name, try engine.placement(ofLayer: $0.name)) }
        layers = placements.map { name, p in
            if let report = p.joinReport { return (name, .joined(report)) }
            if p.zoneShares != nil { return (name, .apportioned(placed: p.placedCount, outside: p.outsideCount, problems: p.diagnostics)) }
            return (name, .placed(placed: p.placedCount, outside: p.outsideCount, problems: p.diagnostics))
        }
    }

    /// Every warning of loading, counted by code (codes in spelling order).
    public var warningsByCode: [(code: DiagnosticCode, count: Int)] {
        var byCode: [DiagnosticCode: Int] = [:]
        for d in project.diagnostics { byCode[d.code, default: 0] += 1 }
        return byCode.keys.sorted().map { ($0, byCode[$0]!) }
    }

    /// For people: the files, the warnings, the boundaries, then each layer's placement.
    public var text: String {
        let p = project
        var lines = ["Project \(manifestPath): \(p.manifest.name), \(p.units.count) units, \(p.levels.count) parent levels, \(p.layers.count) layers"]
        for f in p.files {
            lines.append("  \(f.entry): \(f.path) — \(f.records) records, \(f.kept) kept, \(f.rejected) rejected\(f.encoding.map { ", \($0)" } ?? "")\(f.crs.map { ", \($0)" } ?? "")")
        }
        lines.append(p.diagnostics.isEmpty ? "  no warnings" : "  warnings: " + warningsByCode.map { "\($0.code) \($0.count)" }.joined(separator: ", "))
        for d in p.diagnostics { lines.append("    \(d)") }
        lines.append("  boundaries (overlaps, gaps, units outside their parent; README, GIS officers):")
        for line in p.boundaries.lines() { lines.append("    " + line) }
        for (name, placement) in layers {
            switch placement {
            case .joined(let report):
                lines.append("  layer \(name): table joined to units")
                lines.append(report.text.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
            case .apportioned(let placed, let outside, let problems), .placed(let placed, let outside, let problems):
                let what: String
                if case .apportioned = placement { what = "zone rows apportioned to units" } else { what = "features placed in units" }
                lines.append("  layer \(name): \(placed) \(what), \(outside) outside every unit")
                for d in problems.prefix(20) { lines.append("    \(d)") }
                if problems.count > 20 { lines.append("    … \(problems.count - 20) more") }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One line of JSON (keys sorted): `inspect --project … --format json`.
    public var json: String {
        struct Placed: Encodable { var layer: String; var placed: Int; var outside: Int; var problems: [String]; var join: JoinReport? }
        struct Summary: Encodable { var project: String; var units: Int; var files: [LoadedFile]; var warnings: [String]; var placements: [Placed]; var boundaries: BoundaryReport }
        let p = project
        let s = Summary(project: manifestPath, units: p.units.count, files: p.files, warnings: p.diagnostics.map(\.description),
                        placements: placements.map { Placed(layer: $0.name, placed: $0.placement.placedCount, outside: $0.placement.outsideCount,
                                                            problems: $0.placement.diagnostics.map(\.description), join: $0.placement.joinReport) },
                        boundaries: p.boundaries)
        let e = JSONEncoder(); e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? e.encode(s)) ?? Data(), as: UTF8.self)
    }
}
