import Foundation
import Domain
import Manifest
import ShapefileIO
import Tables

/// Applies a manifest's `where` filter (`RowFilter`) to a file as read: a CSV table before its rows
/// are typed (a row filtered out is neither read nor rejected), a shapefile's records with what
/// the reader said about them. A filter that keeps no row is an error naming the values the file
/// does hold; what it left out is counted for the data health and the run manifest.
enum RowFiltering {
    /// The rows of a CSV table that the filter keeps, and how many it left out.
    static func apply(_ filter: RowFilter, to table: Table, spec: LayerSpec, manifest: ProjectManifest) throws -> (Table, filteredOut: Int) {
        let numberColumns = Set(spec.numbers.compactMap { table.column(named: $0.name) })
        var columns: [Int] = []
        for c in filter.conditions {
            guard let i = table.column(named: c.field.name) else {
                throw manifest.missingField(c.field, layer: spec.name, file: spec.path.resolved, available: table.availableColumnNames)
            }
            if numberColumns.contains(i) { try refuseText(c, label: "layers.\(spec.name)", manifest: manifest) }
            columns.append(i)
        }
        let comma = spec.decimal == .comma
        let kept = try keep(filter, rows: table.rowCount, label: "layers.\(spec.name)", file: spec.path.resolved, manifest: manifest,
                            matches: { k, r in filter.conditions[k].matches(text: table.cell(row: r, column: columns[k]), decimalComma: comma) },
                            shown: { k, r in table.cell(row: r, column: columns[k]) })
        return (kept.count == table.rowCount ? table : table.keepingRows(kept), table.rowCount - kept.count)
    }

    /// The records of a shapefile that the filter keeps; the reader's notes about the records left
    /// out go with them.
    static func apply(_ filter: RowFilter, to read: ShapefileReadResult, label: String, manifest: ProjectManifest) throws -> (ShapefileReadResult, filteredOut: Int) {
        let layer = read.layer
        var columns: [Int] = []
        for c in filter.conditions {
            guard let i = layer.fieldIndex(c.field.name) else {
                throw manifest.missingField(c.field, layer: label, file: layer.path, available: layer.fields.map(\.name))
            }
            if [.integer, .real].contains(layer.fields[i].type) { try refuseText(c, label: label, manifest: manifest) }
            columns.append(i)
        }
        let kept = try keep(filter, rows: layer.features.count, label: label, file: layer.path, manifest: manifest,
                            matches: { k, r in filter.conditions[k].matches(layer.features[r].values[columns[k]]) },
                            shown: { k, r in layer.features[r].values[columns[k]].text })
        guard kept.count < layer.features.count else { return (read, 0) }
        var out = read
        out.layer.features = Features(kept.map { layer.features[$0] })
        let keptRecords = Set(out.layer.features.compactMap(\.location.record))
        func stays(_ record: Int?) -> Bool { record.map(keptRecords.contains) ?? true }
        out.layer.diagnostics = layer.diagnostics.filter { $0.location.file != layer.path || stays($0.location.record) }
        out.report.nullShapes = read.report.nullShapes.filter(keptRecords.contains)
        out.report.rejectedRows = read.report.rejectedRows.filter { keptRecords.contains($0.record) }
        out.report.invalidRepaired = read.report.invalidRepaired.filter { keptRecords.contains($0.record) }
        return (out, layer.features.count - kept.count)
    }

    /// A quoted value on a column of numbers would match nothing: said at its manifest line.
    static func refuseText(_ c: RowFilter.Condition, label: String, manifest: ProjectManifest) throws {
        for case .text(let s) in c.values {
            throw TargetingError("[\(label)] where: the field '\(c.field.name)' holds numbers, so the text \"\(s)\" would match no row",
                                 at: SourceLocation(file: manifest.file, line: c.field.line),
                                 hint: "write the number without quotes: \(c.field.name) = \(s)")
        }
    }

    /// Indices of the rows matching every condition. None: an error listing what the file holds.
    static func keep(_ filter: RowFilter, rows: Int, label: String, file: String, manifest: ProjectManifest,
                     matches: (Int, Int) -> Bool, shown: (Int, Int) -> String?) throws -> [Int] {
        let conditions = filter.conditions.indices
        let kept = (0..<rows).filter { r in conditions.allSatisfy { matches($0, r) } }
        guard kept.isEmpty else { return kept }
        let shownFile = (file as NSString).lastPathComponent
        let counts = conditions.map { k in (0..<rows).filter { matches(k, $0) }.count }
        let message: String, hint: String
        if let k = counts.firstIndex(of: 0) {
            let c = filter.conditions[k]
            message = "[\(label)] where keeps no row of \(shownFile) (\(rows) rows): no row has \(c)"
            hint = "the values of '\(c.field.name)' in the file: " + valueSummary(rows: rows) { shown(k, $0) }
        } else {
            message = "[\(label)] where keeps no row of \(shownFile) (\(rows) rows): no row has all of \(filter)"
            hint = "each condition alone keeps rows: " + conditions.map { "\(filter.conditions[$0]) keeps \(counts[$0])" }.joined(separator: ", ")
        }
        throw TargetingError(message, at: SourceLocation(file: manifest.file, line: filter.line), hint: hint)
    }

    /// The most frequent values of a column, e.g. `"health" (40), "police" (12), … and 3 other values`.
    static func valueSummary(rows: Int, _ value: (Int) -> String?) -> String {
        var counts: [String: Int] = [:]
        var empty = 0
        for r in 0..<rows {
            if let v = value(r), !v.isEmpty { counts[v, default: 0] += 1 } else { empty += 1 }
        }
        let top = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        var parts = top.prefix(8).map { "\"\($0.key)\" (\($0.value))" }
        if top.count > 8 { parts.append("… and \(top.count - 8) other values") }
        if empty > 0 { parts.append("\(empty) empty") }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }
}
