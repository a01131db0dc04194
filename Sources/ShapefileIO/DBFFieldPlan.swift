import Foundation
import Domain

/// How one attribute field is laid out in the DBF the writer produces: native type letter,
/// width and decimals, chosen from the schema or, when the schema leaves width at 0, from the
/// values themselves (so the file is as narrow as the data, and the same data gives the same
/// layout). Values are formatted here, by us, never by shapelib's locale-dependent `sprintf`.
struct DBFFieldPlan {
    let name: String
    let nameBytes: [UInt8]
    let type: FieldType
    let letter: UInt8
    let width: Int
    let decimals: Int

    /// dBase limits: 254 bytes per field, 15 decimals for numbers, 10-byte names.
    static let maxWidth = 254
    static let maxDecimals = 15
    static let maxNameBytes = 10

    /// Plans every field; rows are already checked to have one value per field.
    static func plan(fields: [FieldSchema], rows: [[Value]], encoding: TextEncoding, file: String) throws -> [DBFFieldPlan] {
        guard !fields.isEmpty else {
            throw TargetingError("a shapefile needs at least one attribute field", at: SourceLocation(file: file),
                                 hint: "add an id field to the schema")
        }
        var problems: [String] = []
        var seen: Set<String> = []
        for f in fields {
            let bytes = encoding.encode(f.name)
            if f.name.isEmpty { problems.append("an empty field name") }
            else if bytes == nil { problems.append("\"\(f.name)\" (not representable in \(encoding.rawValue))") }
            else if let b = bytes, b.count > maxNameBytes { problems.append("\"\(f.name)\" (\(b.count) bytes)") }
            if !seen.insert(f.name.lowercased()).inserted { problems.append("\"\(f.name)\" (duplicate, ignoring case)") }
        }
        guard problems.isEmpty else {
            throw TargetingError("DBF field names must be 1 to 10 bytes and unique: " + problems.joined(separator: ", "),
                                 at: SourceLocation(file: file), hint: "map these fields to shorter names before writing")
        }
        return try fields.enumerated().map { (i, f) in
            try plan(field: f, column: rows.map { $0[i] }, encoding: encoding, file: file)
        }
    }

    private static func plan(field f: FieldSchema, column: [Value], encoding: TextEncoding, file: String) throws -> DBFFieldPlan {
        let nameBytes = encoding.encode(f.name) ?? []
        let whereField = SourceLocation(file: file)
        switch f.type {
        case .text:
            // Sized from the values only when the schema leaves the width to them.
            var longest = 1
            if f.width == 0 { for v in column { if let t = v.text, let b = encoding.encode(t) { longest = max(longest, b.count) } } }
            let width = f.width > 0 ? f.width : longest
            guard width <= maxWidth else {
                throw TargetingError("field \(f.name): a value is \(width) bytes long, more than a DBF text field holds (\(maxWidth))",
                                     at: whereField, hint: "shorten the values or keep them in a CSV output instead")
            }
            return DBFFieldPlan(name: f.name, nameBytes: nameBytes, type: .text, letter: UInt8(ascii: "C"), width: width, decimals: 0)
        case .integer:
            var longest = 1
            if f.width == 0 { for v in column { if let d = v.number, d.isFinite, d == d.rounded(), abs(d) < 1e18 { longest = max(longest, Value.format(d).utf8.count) } } }
            return DBFFieldPlan(name: f.name, nameBytes: nameBytes, type: .integer, letter: UInt8(ascii: "N"),
                                width: f.width > 0 ? f.width : longest, decimals: 0)
        case .real:
            let decimals: Int
            if f.decimals > 0 { decimals = min(f.decimals, maxDecimals) }
            else { decimals = column.compactMap { $0.number }.filter { $0.isFinite }.map(fractionDigits).max() ?? 0 }
            var longest = 1
            if f.width == 0 { for v in column { if let d = v.number, d.isFinite { longest = max(longest, formatReal(d, decimals).count) } } }
            let width = f.width > 0 ? f.width : longest
            guard width <= maxWidth else {
                throw TargetingError("field \(f.name): a number needs \(width) characters, more than a DBF field holds (\(maxWidth))",
                                     at: whereField)
            }
            return DBFFieldPlan(name: f.name, nameBytes: nameBytes, type: .real, letter: UInt8(ascii: "N"), width: width, decimals: decimals)
        case .logical:
            return DBFFieldPlan(name: f.name, nameBytes: nameBytes, type: .logical, letter: UInt8(ascii: "L"), width: 1, decimals: 0)
        case .date:
            return DBFFieldPlan(name: f.name, nameBytes: nameBytes, type: .date, letter: UInt8(ascii: "D"), width: 8, decimals: 0)
        }
    }

    /// The bytes of one value, exactly `width` long (numbers right-aligned, text left-aligned),
    /// or nil for NULL (shapelib then writes the type's NULL marker). Throws when the value does
    /// not suit the field or does not fit.
    func bytes(for value: Value, encoding: TextEncoding, at location: SourceLocation) throws -> [UInt8]? {
        if value.isNull { return nil }
        func mismatch() -> TargetingError {
            TargetingError("field \(name) is \(type.rawValue) but the value is \(value.debugKind) \"\(value)\"", at: location)
        }
        func tooWide(_ n: Int) -> TargetingError {
            TargetingError("field \(name): value \"\(value)\" needs \(n) bytes, the field is \(width) wide", at: location,
                           hint: "widen the field in the schema (or leave width 0 to size it from the data)")
        }
        switch type {
        case .text:
            guard let t = value.text else { throw mismatch() }
            guard let b = encoding.encode(t) else {
                throw TargetingError("field \(name): \"\(t)\" has characters that \(encoding.rawValue) cannot hold", at: location,
                                     hint: "write the layer as UTF-8")
            }
            guard b.count <= width else { throw tooWide(b.count) }
            return b + [UInt8](repeating: 0x20, count: width - b.count)
        case .integer:
            guard let d = value.number else { throw mismatch() }
            guard d.isFinite, d == d.rounded(), abs(d) < 1e18 else {
                throw TargetingError("field \(name) is an integer field but the value is \(Value.format(d))", at: location)
            }
            return try rightAligned(Array(Value.format(d).utf8), tooWide)
        case .real:
            guard let d = value.number else { throw mismatch() }
            guard d.isFinite else { throw TargetingError("field \(name): \(d) cannot be stored in a DBF number", at: location) }
            return try rightAligned(Array(DBFFieldPlan.formatReal(d, decimals).utf8), tooWide)
        case .logical:
            guard case .bool(let b) = value else { throw mismatch() }
            return [b ? UInt8(ascii: "T") : UInt8(ascii: "F")]
        case .date:
            guard case .date(let d) = value else { throw mismatch() }
            let c = d.components
            guard (0...9999).contains(c.year) else { throw TargetingError("field \(name): year \(c.year) cannot be stored in a DBF date", at: location) }
            return Array(String(format: "%04d%02d%02d", c.year, c.month, c.day).utf8)
        }
    }

    private func rightAligned(_ b: [UInt8], _ tooWide: (Int) -> TargetingError) throws -> [UInt8] {
        guard b.count <= width else { throw tooWide(b.count) }
        return [UInt8](repeating: 0x20, count: width - b.count) + b
    }

    /// Fixed-point text with `decimals` digits, '.' as separator whatever the locale: printf's
    /// `%.<decimals>f` (`FixedDecimal.printf`, which leaves to printf what it cannot spell alike),
    /// without its negative zero.
    static func formatReal(_ d: Double, _ decimals: Int) -> String {
        let s = FixedDecimal.printf(d, places: decimals)
        guard s.utf8.first == UInt8(ascii: "-") else { return s }
        let zero = FixedDecimal.printf(0, places: decimals)
        return s.utf8.dropFirst().elementsEqual(zero.utf8) ? zero : s
    }

    /// How many decimals the shortest round-tripping spelling of `d` needs (at most 15, the
    /// dBase limit: values needing more are rounded to 15 decimals).
    static func fractionDigits(_ d: Double) -> Int {
        let s = "\(abs(d))"
        var mantissa = Substring(s), exponent = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = s[s.startIndex..<e]
            exponent = Int(s[s.index(after: e)...]) ?? 0
        }
        var fraction = 0
        if let dot = mantissa.firstIndex(of: ".") {
            fraction = mantissa[mantissa.index(after: dot)...].count
            if mantissa.hasSuffix(".0") { fraction = 0 }
        }
        return min(max(fraction - exponent, 0), maxDecimals)
    }
}

extension Value {
    /// A word for messages: what kind of value this is.
    var debugKind: String {
        switch self {
        case .null: return "null"
        case .text: return "text"
        case .number: return "a number"
        case .bool: return "a logical"
        case .date: return "a date"
        }
    }
}
