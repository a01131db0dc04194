import Foundation
/// Numbers written as text (CSV cells, DBF numeric fields, text columns read as numbers), read the
/// same way everywhere and whatever the machine's locale:
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
        // Hot path (a million-row file has millions of numeric cells): spaces and tabs are trimmed
        // and the text checked and converted in place on its UTF-8 bytes, without a copy.
        var text = text
        let (lo, hi, value) = text.withUTF8 { u -> (Int, Int, Double?) in
            let (lo, hi) = trimmed(u)
            let t = UnsafeBufferPointer(rebasing: u[lo..<hi])
            return (lo, hi, Self.wellFormed(t) ? FastDouble.value(ofWellFormed: t) : nil)
        }
        if lo == hi { return .empty }
        if let v = value { return v.isFinite ? .number(v) : .invalid("it is too large to be represented") }
        let u = text.utf8
        let t = String(text[u.index(u.startIndex, offsetBy: lo)..<u.index(u.startIndex, offsetBy: hi)])
        return .invalid(reason(for: t.trimmingCharacters(in: .whitespaces), bytes: Array(t.utf8)))
    }

    /// The value of a cell's raw bytes when they hold, between spaces and tabs, a well-formed
    /// number with a finite value: what `parse` gives as `.number` for the same text, without
    /// making a `String`. nil for anything else (empty, malformed, too large), which the caller
    /// reads through `parse` to get the reason.
    public static func plainValue(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        // Most cells are short plain decimals, read in a single pass (same value, see ShortDecimal).
        if let v = ShortDecimal.value(b) { return v.isFinite ? v : nil }
        let (lo, hi) = trimmed(b)
        let t = UnsafeBufferPointer(rebasing: b[lo..<hi])
        guard lo < hi, wellFormed(t) else { return nil }
        let v = FastDouble.value(ofWellFormed: t)
        return v.isFinite ? v : nil
    }

    /// The bounds of `u` without its leading and trailing spaces and tabs.
    static func trimmed(_ u: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
        var lo = 0, hi = u.count
        while hi > lo, u[hi - 1] == 32 || u[hi - 1] == 9 { hi -= 1 }
        while lo < hi, u[lo] == 32 || u[lo] == 9 { lo += 1 }
        return (lo, hi)
    }

    /// `[+-]? (digits [. digits*] | . digits) ([eE] [+-]? digits)?`
    public static func wellFormed(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
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
