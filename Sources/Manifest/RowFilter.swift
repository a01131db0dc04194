import Foundation
import Domain

/// A `where = { FIELD = value }` or `where = { FIELD = [v1, v2] }` filter of a manifest entry: the
/// rows kept are those whose every named field holds one of its listed values (fields are ANDed,
/// the values of one field ORed). It lets one file serve several roles (health, police, courts
/// from one services file with a `type` column) and cuts a continental file to a region.
///
/// Values are compared as the layer's typed values: a number matches a number cell of the same
/// value (`3` matches `3.0`), and a text cell whose text reads as that number (`"03"`); a string
/// matches a text cell exactly, after both are put in Unicode NFC (`Kasaï` typed either way is one
/// text), case and spaces counting; `true`/`false` match logical fields; a date matches a date
/// cell, or a text cell holding that ISO date. An empty (null) cell matches nothing.
public struct RowFilter: Sendable, Hashable, CustomStringConvertible {
    public enum Wanted: Sendable, Hashable, CustomStringConvertible {
        case text(String)
        case number(Double)
        case bool(Bool)
        case date(ISODate)

        public var description: String {
            switch self {
            case .text(let s): return "\"\(s)\""
            case .number(let d): return Value.format(d)
            case .bool(let b): return b ? "true" : "false"
            case .date(let d): return d.description
            }
        }
    }

    public struct Condition: Sendable, Hashable, CustomStringConvertible {
        public var field: FieldRef
        /// Non-empty; texts already in NFC.
        public var values: [Wanted]
        public init(field: FieldRef, values: [Wanted]) { self.field = field; self.values = values }

        public var description: String {
            values.count == 1 ? "\(field.name) = \(values[0])"
                : "\(field.name) = [" + values.map(\.description).joined(separator: ", ") + "]"
        }

        /// Whether a typed cell holds one of the wanted values.
        public func matches(_ cell: Value) -> Bool { values.contains { Self.equal(cell, $0) } }

        /// Whether a cell still written as text (a CSV cell of a column not read as numbers or
        /// dates) holds one of the wanted values. `decimalComma`: the layer writes `12,5`.
        public func matches(text: String, decimalComma: Bool) -> Bool {
            values.contains { w in
                switch w {
                case .number(let x):
                    let t = decimalComma ? text.replacingOccurrences(of: ",", with: ".") : text
                    if case .number(let d) = NumberParsing.parse(t) { return d == x }
                    return false
                default: return Self.equal(.text(text), w)
                }
            }
        }

        static func equal(_ cell: Value, _ wanted: Wanted) -> Bool {
            switch (cell, wanted) {
            case (.null, _): return false
            case (.number(let d), .number(let x)): return d == x
            case (.text(let s), .number(let x)):
                if case .number(let d) = NumberParsing.parse(s) { return d == x }
                return false
            case (.text(let s), .text(let t)): return s == t || s.precomposedStringWithCanonicalMapping == t
            case (.text(let s), .date(let d)): return s == d.description
            case (.bool(let b), .bool(let c)): return b == c
            case (.date(let d), .date(let e)): return d == e
            case (.date(let d), .text(let t)): return d.description == t
            default: return false
            }
        }
    }

    public var conditions: [Condition]
    /// The manifest line of the `where` key.
    public var line: Int
    public init(conditions: [Condition], line: Int) { self.conditions = conditions; self.line = line }

    public var fieldRefs: [FieldRef] { conditions.map(\.field) }

    /// As written back for people and the run manifest: `type = "health"; adm0 = [180, 181]`.
    public var description: String { conditions.map(\.description).joined(separator: "; ") }
}
