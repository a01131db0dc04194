import Foundation
import Domain

extension ShapefileReader {
    /// A .dbf read alone, as a table without shapes (attributes exported without their .shp, or a
    /// table delivered as DBF): the same checks, code page (`.cpg` beside it, the language driver
    /// id, or guessed) and typed values as a shapefile's attributes.
    public func readTable(dbf path: String) throws -> ShapefileReadResult {
        let url = URL(fileURLWithPath: path)
        guard url.pathExtension.lowercased() == "dbf" else {
            throw TargetingError("not a .dbf path", at: SourceLocation(file: path), hint: "give the path of the .dbf file")
        }
        try InputFile.checkRegular(path: path, role: ".dbf file")
        let cpg = CompanionFiles.beside(path, ext: "cpg")
        if let cpg { try InputFile.checkRegular(path: cpg, role: ".cpg file") }
        var notes = ReadNotes(file: path)
        let attributes = try DBFAttributes(path: path, cpg: cpg, stated: encoding, limits: limits, notes: &notes)
        var features: [Feature] = []
        features.reserveCapacity(attributes.recordCount)
        var rows = ValueRowBuilder()
        for r in 0..<attributes.recordCount {
            features.append(Feature(location: SourceLocation(file: path, record: r + 1), shape: nil,
                                    values: rows.row(attributes.values(record: r, notes: &notes))))
        }
        var report = InspectReport(path: path)
        report.shapeType = .table
        report.records = features.count
        report.fields = attributes.reportFields
        report.encoding = attributes.choice.encoding.name
        report.encodingSource = attributes.choice.source
        report.warnings = notes.summaryLines()
        report.sampleRows = features.prefix(3).map { f in f.values.map { $0.text } }
        let layer = Layer(path: path, fields: attributes.fields, features: features, diagnostics: notes.diagnostics)
        return ShapefileReadResult(layer: layer, report: report)
    }
}

/// `inspect` of a .dbf alone; never throws: a failure is in `error`.
public func inspectDBFTable(path: String, limits: ShapefileLimits = .standard) -> InspectReport {
    InspectReport.reading(path) { try ShapefileReader(limits: limits).readTable(dbf: path).report }
}

/// The files whose bytes decide what a .dbf read alone holds: the .dbf and the .cpg beside it. For input hashes.
public func dbfTableDataFiles(_ dbf: String) -> [String] {
    [dbf] + [CompanionFiles.beside(dbf, ext: "cpg")].compactMap { $0 }
}
