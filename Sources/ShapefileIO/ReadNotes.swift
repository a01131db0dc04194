import Domain

/// Everything a read noticed, kept both as `Diagnostic`s (for the layer) and as the report's
/// lists. Record numbers are 1-based, as users count them.
public struct ReadNotes: Sendable {
    public let file: String
    public var diagnostics: [Diagnostic] = []
    public var nullShapes: [Int] = []
    public var repairs: [InspectReport.RecordNote] = []
    public var rejections: [InspectReport.RecordNote] = []

    public init(file: String) { self.file = file }

    public mutating func file(_ code: DiagnosticCode, _ message: String) {
        diagnostics.append(Diagnostic(.warning, SourceLocation(file: file), code: code, message))
    }
    public mutating func record(_ r: Int, _ code: DiagnosticCode, _ message: String) {
        diagnostics.append(Diagnostic(.warning, SourceLocation(file: file, record: r), code: code, message))
    }
    public mutating func nullShape(_ r: Int) {
        nullShapes.append(r)
        record(r, .nullShape, "null shape: the record is kept with no geometry")
    }
    public mutating func repaired(_ r: Int, _ reason: String) {
        repairs.append(.init(record: r, reason: reason))
        record(r, .invalidRepaired, "invalid polygon (\(reason)); repaired with GEOS MakeValid")
    }
    public mutating func reject(_ r: Int, _ reason: String) {
        rejections.append(.init(record: r, reason: reason))
        diagnostics.append(Diagnostic(.error, SourceLocation(file: file, record: r), code: .shapeRejected, reason + "; the record is kept with no geometry"))
    }

    /// Warning lines for the report: file-level ones in full, record-level ones grouped by code
    /// with the first few record numbers, so a file with 10,000 null shapes stays readable.
    /// Null shapes, repairs and rejections have their own lists and are not repeated.
    public func summaryLines() -> [String] {
        var lines: [String] = []
        var byCode: [DiagnosticCode: [Diagnostic]] = [:]
        var order: [DiagnosticCode] = []
        for d in diagnostics where d.severity == .warning {
            if d.location.record == nil { lines.append(d.message); continue }
            if d.code == .nullShape || d.code == .invalidRepaired { continue }
            if byCode[d.code] == nil { order.append(d.code) }
            byCode[d.code, default: []].append(d)
        }
        for code in order {
            let ds = byCode[code] ?? []
            for d in ds.prefix(5) { lines.append("record \(d.location.record ?? 0): \(d.message)") }
            if ds.count > 5 { lines.append("… and \(ds.count - 5) more \(code) warnings") }
        }
        return lines
    }
}
