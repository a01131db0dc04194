import Domain

/// Turning the bytes of one DBF field into a `Value`, with dBase's NULL conventions
/// (`DBFIsAttributeNULL`): a blank or `*`-filled number, a `?` or blank logical, a blank or
/// `00000000` date, a blank text are NULL, never zero or "". Numbers are parsed from the bytes,
/// whatever the process locale.
enum DBFValueParsing {
    enum Outcome: Equatable { case value(Value), bad(String) }

    static func value(_ raw: ArraySlice<UInt8>, field: DBFTable.Field, encoding: CodePage) -> Outcome {
        let t = trimmed(raw)
        switch field.letter {
        case "N", "F":
            if t.isEmpty || t.allSatisfy({ $0 == UInt8(ascii: "*") }) { return .value(.null) }
            guard let d = number(t) else { return .bad("\"\(String(decoding: t, as: UTF8.self))\" is not a number") }
            return .value(.number(d))
        case "L":
            guard let c = t.first, t.count == 1 else { return t.isEmpty ? .value(.null) : .bad("\"\(String(decoding: t, as: UTF8.self))\" is not a logical") }
            switch c {
            case UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: "Y"), UInt8(ascii: "y"): return .value(.bool(true))
            case UInt8(ascii: "F"), UInt8(ascii: "f"), UInt8(ascii: "N"), UInt8(ascii: "n"): return .value(.bool(false))
            case UInt8(ascii: "?"): return .value(.null)
            default: return .bad("\"\(Character(Unicode.Scalar(c)))\" is not a logical (T/F/Y/N/?)")
            }
        case "D":
            if t.isEmpty || t.allSatisfy({ $0 == UInt8(ascii: "0") }) { return .value(.null) }
            let s = String(decoding: t, as: UTF8.self)
            guard t.count == 8, let d = ISODate(parsing: s) else { return .bad("\"\(s)\" is not a YYYYMMDD date") }
            return .value(.date(d))
        default:
            if t.isEmpty { return .value(.null) }
            guard let s = encoding.decode(t) else { return .bad("the text is not valid \(encoding.name)") }
            return .value(.text(s))
        }
    }

    /// Spaces and NULs trimmed from both ends (NUL padding is common in files from some tools).
    static func trimmed(_ raw: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var s = raw
        while let f = s.first, f == 0x20 || f == 0 { s = s.dropFirst() }
        while let l = s.last, l == 0x20 || l == 0 { s = s.dropLast() }
        return s
    }

    /// The grammar every number text follows (`NumberParsing.wellFormed`), checked on the ASCII
    /// bytes, then handed to Swift's correctly-rounded, locale-independent parser.
    static func number(_ t: ArraySlice<UInt8>) -> Double? {
        guard t.withUnsafeBufferPointer({ NumberParsing.wellFormed($0) }) else { return nil }
        return Double(String(decoding: t, as: UTF8.self))
    }
}
