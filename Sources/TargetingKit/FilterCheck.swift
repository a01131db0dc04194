import Foundation
import Domain
import Joins

/// Checks a fact's `where` filters and date window against the rows of its layer before anything
/// is computed. A value that matches no row (a typo, a trailing space, the wrong case) or a
/// numeric comparison on a text column silently gives 0 or counts every row: both are errors.
/// A window wholly outside the layer's dates is a warning (early in a crisis it can be meant).
package enum FilterCheck {
    package static func check(_ spec: FactSpec, layer bound: BoundLayer, at: SourceLocation) throws -> [Diagnostic] {
        let layer = bound.layer
        for filter in spec.filters {
            guard let fi = layer.fieldIndex(filter.field) else { continue }  // reported by FactCheck
            let features = layer.features
            let column = features.indices.map { features.value($0, fi) }
            switch filter.op {
            case .eq, .ne, .oneOf:
                for value in filter.values where !column.contains(where: { FactFilter(field: filter.field, op: .eq, values: [value]).accepts($0) }) {
                    throw noMatch(spec, filter, value, column: column, bound: bound, at: at)
                }
            case .lt, .le, .gt, .ge:
                guard filter.values.contains(where: { $0.number != nil }) else { continue }
                if let (row, text) = firstNonNumber(column) {
                    throw TargetingError(
                        "fact \(spec.name): where \(filter.field) \(filter.op.rawValue) \(filter.values.map(\.description).joined(separator: ",")) compares numbers, but column '\(filter.field)' of layer '\(bound.name)' holds text (\"\(text)\" in \(layer.features[row].location))",
                        at: at, hint: "a numeric filter (above, below, at_least, at_most) needs a number column; for text use where = { \(filter.field) = \"…\" }")
                }
            }
        }
        return windowWarning(spec, bound, at: at).map { [$0] } ?? []
    }

    private static func noMatch(_ spec: FactSpec, _ filter: FactFilter, _ value: Value, column: [Value],
                                bound: BoundLayer, at: SourceLocation) -> TargetingError {
        let shown = value.text.map { "\"\($0)\"" } ?? value.description
        let distinct = Array(Set(column.compactMap(\.text))).sorted()
        let closest = EditDistance.closest(to: value.text ?? "", among: distinct, count: 3).map { "\"\($0.name)\"" }
        var hint = closest.isEmpty ? "the column is empty" : "the closest values in the column are \(closest.joined(separator: ", "))"
        if let best = value.text.flatMap({ EditDistance.nearest(to: $0, among: distinct) }) { hint = "did you mean \"\(best)\"? " + hint }
        return TargetingError("fact \(spec.name): where \(filter.field) \(filter.op == .ne ? "~=" : "=") \(shown) matches no row of layer '\(bound.name)' (\(bound.layer.path)), so the filter \(filter.op == .ne ? "removes nothing" : "keeps nothing")",
                              at: at, hint: hint + " (values are compared exactly: case and spaces count)")
    }

    /// The first non-empty cell that does not read as a number, with its row.
    private static func firstNonNumber(_ column: [Value]) -> (Int, String)? {
        for (r, v) in column.enumerated() {
            switch v {
            case .null, .number: continue
            case .text(let s):
                if case .invalid = NumberParsing.parse(s) { return (r, s) }
            case .bool, .date: return (r, v.description)
            }
        }
        return nil
    }

    /// A window that ends before the layer's first date or starts after its last one.
    private static func windowWarning(_ spec: FactSpec, _ bound: BoundLayer, at: SourceLocation) -> Diagnostic? {
        guard let window = spec.window, let df = bound.roles.dateField, let di = bound.layer.fieldIndex(df) else { return nil }
        var first: ISODate?, last: ISODate?
        let features = bound.layer.features
        for r in features.indices {
            guard let cell = features.cell(r, di) else { continue }
            let d: ISODate?
            switch cell {
            case .date(let x): d = x
            case .text(let s): d = ISODate(parsing: s.trimmingCharacters(in: .whitespaces))
            default: d = nil
            }
            guard let d else { continue }
            if first.map({ d < $0 }) ?? true { first = d }
            if last.map({ $0 < d }) ?? true { last = d }
        }
        guard let first, let last else { return nil }
        let before = window.to.map { $0 < first } ?? false, after = window.from.map { last < $0 } ?? false
        guard before || after else { return nil }
        return Diagnostic(.warning, at, code: .windowOutsideData,
            "fact \(spec.name): its window \(window) lies wholly \(after ? "after" : "before") the dates of layer '\(bound.name)' (\(first) to \(last)), so it is the same for every unit",
            hint: "check as_of (--as-of) and the fact's from/to dates")
    }
}
