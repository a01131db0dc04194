import Foundation
import Domain
import Joins

/// What the data-quality section says: per file, what was read and kept; every warning grouped by
/// kind with its count and each location; points outside the units; each table's join report.
extension RunRecord {
    struct QualityJSON: Encodable {
        struct Group: Encodable { var code: String; var count: Int; var items: [String] }
        struct LayerPlacementSummary: Encodable { var layer: String; var placed: Int; var outside: Int; var problems: Int }
        var files: [Project.LoadedFile]
        var warnings: [Group]
        var placements: [LayerPlacementSummary]
        var joins: [JoinReport]
    }

    func diagnosticGroups() -> [(code: String, items: [Diagnostic])] {
        // The fact engine's diagnostics (in allDiagnostics) already hold every placement's and every
        // fact's warning, each once: nothing is added here, or 6 points outside would read as 12.
        var byCode: [String: [Diagnostic]] = [:]
        for d in allDiagnostics { byCode[d.code, default: []].append(d) }
        return byCode.keys.sorted().map { ($0, byCode[$0]!) }
    }

    public func dataQualityJSON() throws -> String {
        let q = QualityJSON(
            files: project.files,
            warnings: diagnosticGroups().map { .init(code: $0.code, count: $0.items.count, items: $0.items.map(\.description)) },
            placements: placements.map { .init(layer: $0.layer, placed: $0.placement.placedCount, outside: $0.placement.outsideCount,
                                               problems: $0.placement.diagnostics.count) },
            joins: placements.compactMap(\.placement.joinReport))
        return try RunRecord.json(q)
    }

    public func dataQualityText() -> String {
        var s = "DATA QUALITY — \(project.manifest.name), as of \(asOf)\n\n"
        s += "Files read\n"
        for f in project.files {
            s += "  \(f.entry): \(f.path)\n    \(f.records) records, \(f.kept) kept, \(f.rejected) rejected"
            if f.shapesRejected > 0 { s += " (\(f.shapesRejected) with an unusable shape, kept without geometry)" }
            if let e = f.encoding { s += "; encoding \(e)" }
            if let c = f.crs { s += "; CRS \(c)" }
            s += "\n"
        }
        s += "\nLayers placed on units\n"
        for p in placements {
            s += "  \(p.layer): \(p.placement.placedCount) placed, \(p.placement.outsideCount) outside every unit\n"
        }
        s += boundaryQualityText()
        for group in diagnosticGroups() {
            s += "\n\(group.code): \(group.items.count)\n"
            for d in group.items { s += "  \(d)\n" }
        }
        for r in placements.compactMap(\.placement.joinReport) {
            s += "\n" + r.text + "\n"
        }
        return s
    }
}

import Project
