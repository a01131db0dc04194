import Foundation

/// The value of number text already checked by `NumberParsing.wellFormed`, read from its bytes,
/// correctly rounded and the same `Double` as `Double(String)` for every input. Short numbers
/// (at most 19 significant digits forming an integer up to 2^53, times a power of ten up to
/// 10^22, which is exact in a double) take Clinger's path: one IEEE multiply or divide, so one
/// correct rounding, and no `String` made. Up to 19 digits with an exponent within ±27 (17-digit
/// coordinates) take the same path in 80-bit extended precision (`extendedPath`). The rest (long
/// or extreme exponents) are read by `Double(String)` itself, locale-free.
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
        #if arch(x86_64)
        if exponent >= -27, exponent <= 27, let v = extendedPath(mantissa, exponent) {
            return negative ? -v : v
        }
        #endif
        return Double(String(decoding: b, as: UTF8.self)) ?? .nan
    }

    #if arch(x86_64)
    /// Up to 19 significant digits (17-digit coordinates) with a small exponent, through the x87
    /// 64-bit significand: the mantissa and 10^|e| (5^27 < 2^64) are exact there, so one multiply
    /// or divide gives the correctly rounded 64-bit-significand value `y`. Rounding `y` to a double
    /// is then the correct rounding of the decimal too, except when `y` sits exactly on a midpoint
    /// between two doubles (its 11 extra bits are 1 followed by zeros): a double midpoint lying
    /// strictly between the decimal and `y` would be nearer to the decimal than `y`, which is
    /// impossible. That one case (and subnormal results, not reached from these exponents) is
    /// left to `Double(String)`.
    private static let extendedPowers: [Float80] = (0...27).map { k in (0..<k).reduce(Float80(1)) { p, _ in p * 10 } }

    private static func extendedPath(_ mantissa: UInt64, _ exponent: Int) -> Double? {
        let m = Float80(mantissa)
        let y = exponent >= 0 ? m * extendedPowers[exponent] : m / extendedPowers[-exponent]
        guard y.isNormal, y.significandBitPattern & 0x7FF != 0x400 else { return nil }
        let v = Double(y)
        return v.isFinite ? v : nil
    }
    #endif
}
