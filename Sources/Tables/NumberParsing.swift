/// Numbers as they appear in CSV cells, read the same way whatever the machine's locale:
/// `1234`, `-1234.5`, `.5`, `-3e2`. Decimal commas, thousands separators, `nan` and `inf` are
/// refused with a reason, because reading `12,5` as 12 or 125 would silently change a sum.
public enum NumberParsing {
    public enum Outcome: Equatable, Sendable {
        case empty
        case number(Double)
        /// The reason, phrased to follow "'<text>' is not a number: ".
        case invalid(String)
    }

    public static func parse(_ text: String) -> Outcome {
        // Hot path (a million-row file has millions of numeric cells): an untrimmed, well-formed
        // cell is checked in place and converted without copying its bytes twice.
        var text = text
        let clean: Bool? = text.withUTF8 { u in
            guard let f = u.first, let l = u.last, f != 32, f != 9, l != 32, l != 9 else { return nil }
            return wellFormed(u)
        }
        if clean == true, let v = Double(text) {
            return v.isFinite ? .number(v) : .invalid("it is too large to be represented")
        }
        // Trim ASCII spaces and tabs on bytes: cheaper than Foundation's trimming on hot columns.
        var b = Array(text.utf8)
        while let l = b.last, l == 32 || l == 9 { b.removeLast() }
        var start = 0
        while start < b.count, b[start] == 32 || b[start] == 9 { start += 1 }
        if start > 0 { b.removeFirst(start) }
        if b.isEmpty { return .empty }
        let t = String(decoding: b, as: UTF8.self)
        if wellFormed(b), let v = Double(t) {
            return v.isFinite ? .number(v) : .invalid("it is too large to be represented")
        }
        return .invalid(reason(for: t.trimmingCharacters(in: .whitespaces), bytes: b))
    }

    /// `[+-]? (digits [. digits*] | . digits) ([eE] [+-]? digits)?`
    static func wellFormed(_ b: [UInt8]) -> Bool { b.withUnsafeBufferPointer { wellFormed($0) } }

    static func wellFormed(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
        var intDigits = 0, fracDigits = 0
        while i < b.count, isDigit(b[i]) { i += 1; intDigits += 1 }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < b.count, isDigit(b[i]) { i += 1; fracDigits += 1 }
        }
        guard intDigits + fracDigits > 0 else { return false }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            var expDigits = 0
            while i < b.count, isDigit(b[i]) { i += 1; expDigits += 1 }
            guard expDigits > 0 else { return false }
        }
        return i == b.count
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    static func reason(for t: String, bytes b: [UInt8]) -> String {
        let lower = t.lowercased()
        if ["nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"].contains(lower) {
            return "not-a-number and infinite values are not accepted; leave the cell empty for a missing value"
        }
        let digitsAndComma = b.allSatisfy { isDigit($0) || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: ".") }
        if digitsAndComma, b.contains(UInt8(ascii: ",")) {
            return "it has a comma (a decimal comma or a thousands separator?); write numbers with a point and no grouping, e.g. 1234.5"
        }
        let digitsAndSpace = t.unicodeScalars.allSatisfy { ($0.value >= 48 && $0.value <= 57) || $0 == " " || $0 == "\u{A0}" || $0 == "\u{202F}" || $0 == "." || $0 == "-" }
        if digitsAndSpace, t.unicodeScalars.contains(where: { $0 == " " || $0 == "\u{A0}" || $0 == "\u{202F}" }) {
            return "it has spaces inside (a thousands separator?); write numbers without grouping, e.g. 1234"
        }
        return "expected digits with an optional sign, decimal point and exponent (e.g. 12, -3.5, 2e3)"
    }
}
