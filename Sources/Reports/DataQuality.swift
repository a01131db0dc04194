import Foundation
import Domain
import Joins
import Manifest
import Outputs
import Project

/// How many diagnostics each output lists. A per-point warning has no natural bound (2.8 million
/// points, 42% outside every unit, once wrote 222 MB of text, 233 MB of JSON and a 220 MB
/// report), so every output counts them all but lists only the first of each code.
enum DiagnosticListing {
    /// Per code, in data_quality.txt, data_quality.json and report.html; per list, in join reports.
    static let perCodeInReports = 50
    /// Per code, in diagnostics.csv (about 2 MB for a code at most).
    static let perCodeInCSV = 10_000
}

/// What the data-quality section says: per file, what was read and kept; every warning grouped by
/// kind with its count and its first locations; points outside the units; each table's join report.
extension RunRecord {
    struct QualityJSON: Encodable {
        struct Group: Encodable { var code: String; var count: Int; var items: [String]; var not_listed: Int }
        struct LayerPlacementSummary: Encodable { var layer: String; var placed: Int; var outside: Int; var problems: Int }
        var files: [Project.LoadedFile]
        var warnings: [Group]
        var placements: [LayerPlacementSummary]
        var joins: [JoinJSON]
        var poor_data_accepted: [String]
        var health: HealthJSON
    }

    /// The data health in numbers: the limits in force (and where each was set), what each layer
    /// lost, the units missing each indicator and criterion, and the limits crossed.
    struct HealthJSON: Encodable {
        struct Limit: Encodable { var key: String; var value: Double; var set_at: String? }
        struct LayerCounts: Encodable {
            var layer: String; var file: String; var rows_read: Int; var rows_kept: Int; var rows_rejected: Int
            var points_placed: Int?; var points_outside: Int?; var rows_joined: Int?; var rows_not_joined: Int?
            var read_by_rules: Bool
        }
        struct Missing: Encodable { var name: String; var units_missing: Int; var units: Int }
        var limits: [Limit]
        var layers: [LayerCounts]
        var indicators: [Missing]
        var criteria: [Missing]
        var limits_crossed: [String]

        init(_ h: DataHealth) {
            limits = QualityThresholds.keys.map { k in
                Limit(key: k, value: h.thresholds[k], set_at: h.thresholds.lines[k].map { "\(h.manifestFile):\($0)" })
            }
            layers = h.layers.map { l in
                LayerCounts(layer: l.name, file: l.path, rows_read: l.read, rows_kept: l.kept, rows_rejected: l.rejected,
                            points_placed: l.points?.placed, points_outside: l.points?.outside,
                            rows_joined: l.join?.matchedCount, rows_not_joined: l.join.map { $0.rowCount - $0.matchedCount },
                            read_by_rules: l.usedByRules)
            }
            indicators = h.indicators.map { Missing(name: $0.name, units_missing: $0.missing, units: $0.total) }
            criteria = h.criteria.map { Missing(name: $0.name, units_missing: $0.missing, units: $0.total) }
            limits_crossed = h.breaches.map(\.summary)
        }
    }

    /// A join report with its counts whole and its lists cut to `perCodeInReports` rows (rows
    /// matched by p-code need no look and are only counted).
    struct JoinJSON: Encodable {
        var table: String
        var rowCount: Int
        var matchedByCodeCount: Int
        var matchedByNameCount: Int
        var ambiguousCount: Int
        var unmatchedCount: Int
        var unknownCodesCount: Int
        var matchedByName: [JoinReport.Matched]
        var ambiguous: [JoinReport.Ambiguous]
        var unmatched: [JoinReport.Unmatched]
        var unknownCodes: [JoinReport.UnknownCode]
        var matchedByAliasCount: Int
        var matchedByAlias: [JoinReport.Matched]
        /// `name,unit` lines for the unmatched rows, the nearest unit proposed (to check, then paste).
        var aliasLines: [String]

        init(_ r: JoinReport, listing n: Int) {
            matchedByAliasCount = r.matchedByAlias.count; matchedByAlias = Array(r.matchedByAlias.prefix(n))
            aliasLines = Array(r.aliasLines.prefix(n))
            table = r.table; rowCount = r.rowCount
            matchedByCodeCount = r.matchedByCode.count; matchedByNameCount = r.matchedByName.count
            ambiguousCount = r.ambiguous.count; unmatchedCount = r.unmatched.count; unknownCodesCount = r.unknownCodes.count
            matchedByName = Array(r.matchedByName.prefix(n)); ambiguous = Array(r.ambiguous.prefix(n))
            unmatched = Array(r.unmatched.prefix(n)); unknownCodes = Array(r.unknownCodes.prefix(n))
        }
    }

    func diagnosticGroups() -> [(code: DiagnosticCode, items: [Diagnostic])] {
        // The fact engine's diagnostics (in allDiagnostics) already hold every placement's and every
        // fact's warning, each once: nothing is added here, or 6 points outside would read as 12.
        var byCode: [DiagnosticCode: [Diagnostic]] = [:]
        for d in allDiagnostics { byCode[d.code, default: []].append(d) }
        return byCode.keys.sorted().map { ($0, byCode[$0]!) }
    }

    /// Each table's join report as text, every list cut to `DiagnosticListing.perCodeInReports` rows.
    var joinReportTexts: [(report: JoinReport, text: String)] {
        placements.compactMap(\.placement.joinReport).map { ($0, $0.text(listingAtMost: DiagnosticListing.perCodeInReports)) }
    }

    public func dataQualityJSON() throws -> String {
        let n = DiagnosticListing.perCodeInReports
        let q = QualityJSON(
            files: project.files,
            warnings: diagnosticGroups().map { .init(code: $0.code.rawValue, count: $0.items.count, items: $0.items.prefix(n).map(\.description),
                                                     not_listed: max(0, $0.items.count - n)) },
            placements: placements.map { .init(layer: $0.layer, placed: $0.placement.placedCount, outside: $0.placement.outsideCount,
                                               problems: $0.placement.diagnostics.count) },
            joins: placements.compactMap(\.placement.joinReport).map { JoinJSON($0, listing: n) },
            poor_data_accepted: poorDataAccepted,
            health: HealthJSON(health))
        return try RunRecord.json(q)
    }

    public func dataQualityText() -> String {
        var s = "DATA QUALITY — \(project.manifest.name), as of \(asOf)\n\n"
        if !poorDataAccepted.isEmpty {
            s += "POOR DATA ACCEPTED: written with --accept-poor-data although the input crossed these [quality] limits:\n"
            s += poorDataAccepted.map { "  \($0)\n" }.joined() + "\n"
        }
        s += health.summary + "\n"
        s += "Files read\n"
        for f in project.files {
            s += "  \(f.entry): \(f.path)\n    \(f.records) records, \(f.kept) kept, \(f.rejected) rejected"
            if f.shapesRejected > 0 { s += " (\(f.shapesRejected) with an unusable shape, kept without geometry)" }
            if let e = f.encoding { s += "; encoding \(e)" }
            if let c = f.crs { s += "; CRS \(c)" }
            s += "\n"
            // Missing cells keep their row (a sum skips them): counted per column here.
            for m in f.missingCells ?? [] { s += "    \(m)\n" }
        }
        s += "\nLayers placed on units\n"
        for p in placements {
            s += "  \(p.layer): \(p.placement.placedCount) placed, \(p.placement.outsideCount) outside every unit\n"
        }
        s += boundaryQualityText()
        let n = DiagnosticListing.perCodeInReports
        for group in diagnosticGroups() {
            s += "\n\(group.code): \(group.items.count)\n"
            for d in group.items.prefix(n) { s += "  \(d)\n" }
            if group.items.count > n { s += "  … and \(group.items.count - n) more: \(RunRecord.csvListing)\n" }
        }
        for r in joinReportTexts {
            s += "\n" + r.text + "\n"
        }
        return s
    }

    /// Where the lines beyond the reports' bound are, said once so that every output agrees.
    static let csvListing = "diagnostics.csv lists the first \(NumberText.grouped(Double(DiagnosticListing.perCodeInCSV))) of each code"

    /// diagnostics.csv: every diagnostic up to `DiagnosticListing.perCodeInCSV` per code, in the
    /// order of data_quality.txt; a code with more ends with a row saying how many were left out.
    public func diagnosticsCSV() -> String {
        var w = CSVWriter(header: ["code", "severity", "file", "line", "record", "message", "hint"])
        let n = DiagnosticListing.perCodeInCSV
        for group in diagnosticGroups() {
            for d in group.items.prefix(n) {
                w.appendRow([d.code.rawValue, d.severity.rawValue, d.location.file, d.location.line.map(String.init) ?? "",
                             d.location.record.map(String.init) ?? "", d.message, d.hint ?? ""])
            }
            if group.items.count > n {
                w.appendRow([group.code.rawValue, "", "", "", "", "\(group.items.count - n) more \(group.code) diagnostics not listed (\(group.items.count) in all)", ""])
            }
        }
        return w.text
    }
}
