import Foundation
import Domain
import ShapefileIO
import Tables
import VectorFormats

/// `inspect` for CSV tables: the same report keys as for shapefiles, so one JSON reader serves
/// both. Columns are listed with their HXL tag; a table with longitude/latitude columns is read as
/// a point layer so that bad coordinates are counted.
package enum TableInspection {
    /// `workbookSheet`: for an .xlsx workbook, the sheet read (given, or the only one).
    package static func report(path: String, delimiter: UInt8? = nil, decimal: DecimalMark? = nil, workbookSheet: String?? = nil) -> InspectReport {
        var r = InspectReport(path: path)
        do {
            let table: Table
            if let sheet = workbookSheet {
                table = try WorkbookReader().read(path: path, sheet: sheet)
                r.format = InputFormat.workbook.title
                r.layer = sheet
            } else {
                table = try CSVReader.read(path: path, options: CSVOptions(delimiter: delimiter ?? UInt8(ascii: ",")))
            }
            r.records = table.rowCount + table.rejectedRowCount
            r.encoding = table.encoding.encoding.name
            r.encodingSource = table.encoding.source
            r.fields = (0..<table.columnCount).map { c in
                .init(name: table.header[c] + (table.tags[c].map { " \($0)" } ?? ""), type: "text")
            }
            r.shapeType = .table
            var diagnostics = table.diagnostics
            let lon = table.column(named: "longitude"), lat = table.column(named: "latitude")
            if lon != nil, lat != nil {
                r.shapeType = .pointColumns
                r.crs = "WGS 84 assumed (coordinate columns)"
                let built = try table.makeLayer(TableSchema(longitude: "longitude", latitude: "latitude", decimal: decimal))
                diagnostics = built.layer.diagnostics  // includes the table's own (ragged rows…)
                var box = BoundingBox.empty
                let features = built.layer.features
                for r in features.indices { if case .point(let c)? = features.shape(r) { box.add(c) } }
                if !box.isEmpty { r.bbox = [box.minX, box.minY, box.maxX, box.maxY] }
            }
            r.rejectedRows = diagnostics.filter { $0.severity == .warning }.map {
                .init(record: $0.location.line ?? 0, reason: standalone("\($0.code): \($0.message)"))
            }
            r.warnings = diagnostics.filter { $0.severity == .warning }.prefix(50).map { standalone($0.description) }
            r.sampleRows = (0..<min(3, table.rowCount)).map { row in table.row(row).map { $0.isEmpty ? nil : $0 } }
            try table.sourceBytes.verifyUnchanged()
        } catch let e as TargetingError {
            r.error = standalone(e.description)
        } catch {
            r.error = "\(path): \(error)"
        }
        return r
    }

    /// A message of the table readers, which speak of a layer's manifest keys (`set delimiter = ";"
    /// for this layer`), rewritten for a file inspected on its own, where the same choices are the
    /// options `--delimiter` and `--decimal`.
    package static func standalone(_ message: String) -> String {
        var s = message
        for key in ["delimiter", "decimal"] {
            s = s.replacingOccurrences(of: "set \(key) = \"", with: "give --\(key) \"")
            s = s.replacingOccurrences(of: "\(key) = \"", with: "--\(key) \"")
        }
        return s.replacingOccurrences(of: " for this layer", with: "")
    }
}
