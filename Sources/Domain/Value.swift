/// One attribute value as read from a DBF or CSV. `null` is a real state, distinct from 0 and "":
/// a missing number is never read as zero.
public enum Value: Hashable, Sendable, CustomStringConvertible {
    case null
    case text(String)
    case number(Double)
    case bool(Bool)
    case date(ISODate)

    public var isNull: Bool { if case .null = self { return true } else { return false } }

    public var number: Double? {
        switch self {
        case .number(let d): return d
        default: return nil
        }
    }

    public var text: String? {
        switch self {
        case .text(let s): return s
        case .number(let d): return Value.format(d)
        case .bool(let b): return b ? "true" : "false"
        case .date(let d): return d.description
        case .null: return nil
        }
    }

    public var description: String { text ?? "" }

    /// Shortest round-tripping text for a number, with integers written without ".0", so that
    /// outputs are stable and readable whatever the locale.
    public static func format(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }
}

/// The type of a field, as the file declares it.
public enum FieldType: String, Sendable, Codable {
    case text, integer, real, logical, date
}

public struct FieldSchema: Hashable, Sendable {
    public var name: String
    public var type: FieldType
    public var width: Int
    public var decimals: Int
    public init(name: String, type: FieldType, width: Int = 0, decimals: Int = 0) {
        self.name = name; self.type = type; self.width = width; self.decimals = decimals
    }
}
