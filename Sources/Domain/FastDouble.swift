import Foundation

/// The value of number text already checked by `NumberParsing.wellFormed`, read from its bytes,
/// correctly rounded and the same `Double` as `Double(String)` for every input. Short numbers
/// (at most 19 significant digits forming an integer up to 2^53, times a power of ten up to
/// 10^22, which is exact in a double) take Clinger's path: one IEEE multiply or divide, so one
/// correct rounding, and no `String` made. Up to 19 digits with an exponent within ±27 (17-digit
/// coordinates) are multiplied by a 128-bit power of ten (`WidePowers`). The rest (long or
/// extreme exponents, and the rare product too close to a rounding boundary) are read by
/// `Double(String)` itself, locale-free.
enum FastDouble {
    private static let exactPowers: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                                1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

    static func value(ofWellFormed b: UnsafeBufferPointer<UInt8>) -> Double {
        var i = 0
        var negative = false
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { negative = b[i] == UInt8(ascii: "-"); i += 1 }
        var mantissa: UInt64 = 0, significant = 0, exponent = 0
        var exact = true, fraction = false
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: ".") { fraction = true; i += 1; continue }
            guard c >= 48, c <= 57 else { break }
            let d = UInt64(c - 48)
            i += 1
            if mantissa == 0 && d == 0 { if fraction { exponent -= 1 }; continue }
            if significant == 19 { exact = false; continue }
            mantissa = mantissa * 10 + d
            significant += 1
            if fraction { exponent -= 1 }
        }
        if exact, i < b.count {  // `e`/`E`, an optional sign and digits (the grammar was checked)
            i += 1
            var expNegative = false
            if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { expNegative = b[i] == UInt8(ascii: "-"); i += 1 }
            var e = 0
            while i < b.count, e < 100_000 { e = e * 10 + Int(b[i] - 48); i += 1 }
            if i < b.count { exact = false }
            exponent += expNegative ? -e : e
        }
        guard exact else { return Double(String(decoding: b, as: UTF8.self)) ?? .nan }
        return value(mantissa: mantissa, exponent: exponent, negative: negative, text: b)
    }

    /// The value of `mantissa` × 10^`exponent` (negated when `negative`), for a mantissa of at most
    /// 19 significant digits read from `text` (the number's text, read by `Double(String)` when
    /// neither fast path applies).
    static func value(mantissa: UInt64, exponent: Int, negative: Bool, text b: UnsafeBufferPointer<UInt8>) -> Double {
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        if mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            var v = Double(mantissa)
            v = exponent >= 0 ? v * exactPowers[exponent] : v / exactPowers[-exponent]
            return negative ? -v : v
        }
        if exponent >= -27, exponent <= 27, let v = WidePowers.value(mantissa, exponent) {
            return negative ? -v : v
        }
        return Double(String(decoding: b, as: UTF8.self)) ?? .nan
    }
}
