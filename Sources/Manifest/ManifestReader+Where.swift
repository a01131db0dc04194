import Foundation
import Domain

/// The `where` key of `[units]`, `[levels.NAME]` and `[layers.NAME]` (`RowFilter`). The fields it
/// names are checked against the file by the loader, as every other field reference.
extension ManifestReader {
    static let whereExample = "where = { type = \"health\" } or where = { ADM0_PCODE = [\"CD\", \"CG\"] }"

    func rowFilter(_ t: TOMLTable, in label: String) throws -> RowFilter? {
        guard let e = t["where"] else { return nil }
        guard case .table(let conditions) = e.value else {
            throw error("[\(label)] where: expected a table of field = value such as { type = \"health\" }, found \(describe(e.value))",
                        line: e.line, hint: "write " + Self.whereExample)
        }
        guard !conditions.isEmpty else {
            throw error("[\(label)] where is empty: name at least one field and the values to keep", line: e.line,
                        hint: "write " + Self.whereExample + ", or remove the line")
        }
        var out: [RowFilter.Condition] = []
        for (field, entry) in conditions.orderedEntries {
            if out.contains(where: { $0.field.name.lowercased() == field.lowercased() }) {
                throw error("[\(label)] where names the field '\(field)' twice", line: entry.line,
                            hint: "list its values once, in an array: \(field) = [\"a\", \"b\"]")
            }
            let values: [RowFilter.Wanted]
            if case .array(let items) = entry.value {
                guard !items.isEmpty else {
                    throw error("[\(label)] where: \(field) = [] keeps no row", line: entry.line,
                                hint: "list the values to keep, e.g. \(field) = [\"a\", \"b\"]")
                }
                values = try items.map { try wanted($0, field: field, label: label) }
            } else {
                values = [try wanted(entry, field: field, label: label)]
            }
            out.append(RowFilter.Condition(field: FieldRef(role: .where, name: field, line: entry.line), values: values))
        }
        return RowFilter(conditions: out, line: e.line)
    }

    private func wanted(_ entry: TOMLEntry, field: String, label: String) throws -> RowFilter.Wanted {
        switch entry.value {
        case .string(let s): return .text(s.precomposedStringWithCanonicalMapping)
        case .integer(let n): return .number(Double(n))
        case .float(let d): return .number(d)
        case .bool(let b): return .bool(b)
        case .date(let d): return .date(d)
        case .array, .table:
            throw error("[\(label)] where: \(field) must be a value (a string, number, true/false or date) or an array of values, found \(describe(entry.value))",
                        line: entry.line, hint: "write " + Self.whereExample)
        }
    }
}
