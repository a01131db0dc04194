/// The character a file writes between a number's units and its decimals: `.` (the default, what
/// HDX and ACLED publish) or `,` (Excel in French or German). The other character may then only
/// group thousands, and only where that cannot be read as decimals: `1,234.5` and `1,234,567` with
/// the point, `1.234,5` and `1.234.567` with the comma. One group with no decimals (`1,234` with
/// the point, `1.234` with the comma) could be either, and is refused, never guessed.
public enum DecimalMark: String, Sendable, Equatable {
    case point = "."
    case comma = ","

    var byte: UInt8 { self == .point ? UInt8(ascii: ".") : UInt8(ascii: ",") }
    var groupingByte: UInt8 { self == .point ? UInt8(ascii: ",") : UInt8(ascii: ".") }
}

/// What one cell says about its file's decimal mark.
public enum DecimalEvidence: Equatable, Sendable {
    /// No separator (`12`), or not a number at all.
    case none
    /// Only this mark can make sense of it (`-5.2086`, `0.125`, `1,234.5`; `9,0066`, `1.234,5`).
    case proves(DecimalMark)
    /// One separator followed by exactly three digits (`1,234`, `1.234`): a decimal in one reading,
    /// thousands in the other.
    case ambiguous
}

extension NumberParsing {
    /// Reads `text` with `decimal` as the decimal mark (see `DecimalMark` for grouping). With nil
    /// (a layer whose numbers prove neither mark) a cell is read with the point, except the
    /// ambiguous `1,234` / `1.234`, which are refused asking for the mark.
    public static func parse(_ text: String, decimal: DecimalMark?) -> Outcome {
        // Most cells have no separator at all (counts, ids): read as they are, without a copy.
        if !text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: ".") }) { return parse(text) }
        guard let mark = decimal else {
            let t = text.trimmingCharacters(in: .whitespaces)
            if evidence(Array(t.utf8)) == .ambiguous {
                return .invalid("ambiguous: \(t) is \(grouped(t)) if the \(t.contains(",") ? "comma" : "point") groups thousands, \(t.replacingOccurrences(of: ",", with: ".")) if it is a decimal mark, and no other number of the layer shows which; set decimal = \".\" or decimal = \",\" for this layer, or write the number without grouping")
            }
            return parse(text, decimal: .point)
        }
        if mark == .point {
            let plain = parse(text)
            guard case .invalid = plain else { return plain }
            let t = text.trimmingCharacters(in: .whitespaces)
            return regrouped(t, mark: .point) ?? plain
        }
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return .empty }
        if let r = regrouped(t, mark: .comma) { return r }
        let b = Array(t.utf8)
        if b.contains(UInt8(ascii: ".")), evidence(b) == .ambiguous {
            // Each spelling is tied to the value it gives: in this layer `1,000` is one, not a thousand.
            return .invalid("ambiguous: the point may group thousands (\(t) = \(grouped(t))) or mark decimals (\(t) = \(decimalValue(t))); the layer is read with decimal commas (decimal = \",\"), so write \(grouped(t)) to mean \(grouped(t)), or \(t.replacingOccurrences(of: ".", with: ",")) to mean \(decimalValue(t)) (the comma is this layer's decimal mark)")
        }
        if b.contains(UInt8(ascii: ".")), !b.contains(UInt8(ascii: ",")), case .number = parse(t) {
            return .invalid("it has a decimal point, but the layer's numbers are read with decimal commas (decimal = \",\"); write it with a comma, or set decimal = \".\" if the file uses points")
        }
        if case .invalid(let why) = parse(t), !b.contains(UInt8(ascii: ",")) { return .invalid(why) }
        return .invalid("expected digits with an optional sign, decimal comma and exponent (e.g. 12, -3,5, 1.234,5)")
    }

    /// `1.000` or `1,000` → `1`, `12,340` → `12.34`: the value read as a decimal, written with a
    /// point and no trailing zeros, for messages.
    static func decimalValue(_ t: String) -> String {
        var s = t.replacingOccurrences(of: ",", with: ".")
        guard s.contains(".") else { return s }
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// `1,234` → `1234`: the value read as grouping, for messages.
    static func grouped(_ t: String) -> String {
        t.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: ".", with: "")
    }

    /// The value of `t` written with `mark` and optional grouping by the other character, or nil
    /// when it does not have that shape (the caller explains why). An ambiguous single group is
    /// refused here.
    static func regrouped(_ t: String, mark: DecimalMark) -> Outcome? {
        let b = Array(t.utf8)
        guard let plain = normalised(b, mark: mark) else {
            if b.contains(mark.groupingByte), mark == .point, evidence(b) == .ambiguous {
                return .invalid("ambiguous: the comma may group thousands (\(t) = \(grouped(t))) or mark decimals (\(t) = \(decimalValue(t))); the layer is read with decimal points, so write \(grouped(t)) to mean \(grouped(t)), or \(t.replacingOccurrences(of: ",", with: ".")) to mean \(decimalValue(t)); or set decimal = \",\" if the file writes decimal commas")
            }
            if mark == .point, evidence(b) == .proves(.comma) {
                return .invalid("it has a decimal comma, but the layer's numbers are read with decimal points; set decimal = \",\" for this layer if the file writes 12,5, or write 12.5")
            }
            return nil
        }
        return parse(plain)
    }

    /// `b` rewritten as `[sign] digits [. digits] [exponent]`, or nil when it is not a number written
    /// with `mark` (grouping checked: groups of three after a first group of one to three digits
    /// that does not start with 0, and either two groups or a decimal part, so never ambiguous).
    static func normalised(_ b: [UInt8], mark: DecimalMark) -> String? {
        var i = 0
        var out: [UInt8] = []
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { out.append(b[i]); i += 1 }
        var mantissaEnd = i
        while mantissaEnd < b.count, b[mantissaEnd] != UInt8(ascii: "e"), b[mantissaEnd] != UInt8(ascii: "E") { mantissaEnd += 1 }
        let mantissa = Array(b[i..<mantissaEnd])
        let exponent = Array(b[mantissaEnd...])
        let markAt = mantissa.firstIndex(of: mark.byte)
        if let m = markAt, mantissa[(m + 1)...].contains(where: { !isDigit($0) }) { return nil }
        let integer = Array(mantissa[..<(markAt ?? mantissa.count)])
        let groups = integer.split(separator: mark.groupingByte, omittingEmptySubsequences: false)
        if groups.count > 1 {
            guard exponent.isEmpty, let first = groups.first, (1...3).contains(first.count), first.first != UInt8(ascii: "0"),
                  groups.dropFirst().allSatisfy({ $0.count == 3 }),
                  groups.count > 2 || markAt != nil else { return nil }
        }
        guard groups.allSatisfy({ $0.allSatisfy(isDigit) }) else { return nil }
        out += groups.joined()
        if let m = markAt { out.append(UInt8(ascii: ".")); out += mantissa[(m + 1)...] }
        out += exponent
        let s = String(decoding: out, as: UTF8.self)
        return out.withUnsafeBufferPointer { wellFormed($0) } ? s : nil
    }

    /// What a cell's text says about the decimal mark (spaces around it ignored).
    public static func evidence(_ raw: [UInt8]) -> DecimalEvidence {
        var lo = 0, hi = raw.count
        while lo < hi, raw[lo] == 32 || raw[lo] == 9 { lo += 1 }
        while hi > lo, raw[hi - 1] == 32 || raw[hi - 1] == 9 { hi -= 1 }
        let b = Array(raw[lo..<hi])
        let hasComma = b.contains(UInt8(ascii: ",")), hasPoint = b.contains(UInt8(ascii: "."))
        if !hasComma && !hasPoint { return .none }
        if hasComma != hasPoint {
            // `1,234` / `1.234`: one group of three after one to three digits (not starting with 0),
            // nothing else: a decimal in one reading, thousands in the other.
            var body = b[...]
            if let f = body.first, f == UInt8(ascii: "+") || f == UInt8(ascii: "-") { body = body.dropFirst() }
            let parts = body.split(separator: hasComma ? UInt8(ascii: ",") : UInt8(ascii: "."), omittingEmptySubsequences: false)
            if parts.count == 2, (1...3).contains(parts[0].count), parts[0].first != UInt8(ascii: "0"),
               parts[1].count == 3, parts.allSatisfy({ $0.allSatisfy(isDigit) }) {
                return .ambiguous
            }
        }
        switch (normalised(b, mark: .point) != nil, normalised(b, mark: .comma) != nil) {
        case (true, false): return .proves(.point)
        case (false, true): return .proves(.comma)
        default: return .none
        }
    }
}
