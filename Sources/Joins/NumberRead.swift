import Foundation
import Domain

/// A value read as a number: CSV cells arrive as text, DBF numbers as numbers. A null is not a
/// zero and text that is not a number is not a zero either: callers exclude and report both.
enum NumberRead: Equatable {
    case number(Double)
    case null
    case bad(String)

    init(_ v: Value) {
        switch v {
        case .number(let d): self = d.isFinite ? .number(d) : .bad(Value.format(d))
        case .null: self = .null
        case .bool(let b): self = .bad(b ? "true" : "false")
        case .date(let d): self = .bad(d.description)
        case .text(let s):
            // The same grammar as declared number columns: a dot whatever the locale; no decimal
            // comma, thousands separator, hex, nan or inf guessed.
            switch NumberParsing.parse(s) {
            case .empty: self = .null
            case .number(let d): self = .number(d)
            case .invalid: self = .bad(s.trimmingCharacters(in: .whitespaces))
            }
        }
    }
}

/// A value read as a date: DBF `D` fields arrive as dates, CSV cells as text in one of the
/// spellings `ISODate(parsing:)` accepts.
enum DateRead: Equatable {
    case date(ISODate)
    case null
    case bad(String)

    init(_ v: Value) {
        switch v {
        case .date(let d): self = .date(d)
        case .null: self = .null
        case .text(let s):
            let t = s.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { self = .null } else if let d = ISODate(parsing: t) { self = .date(d) } else { self = .bad(t) }
        case .number(let d):
            // A DBF numeric field holding 20201231.
            if d == d.rounded(), d >= 10000101, d <= 99991231, let v = ISODate(parsing: String(Int(d))) { self = .date(v) }
            else { self = .bad(Value.format(d)) }
        case .bool(let b): self = .bad(b ? "true" : "false")
        }
    }
}
