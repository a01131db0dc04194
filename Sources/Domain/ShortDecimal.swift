/// The commonest numeric cell of a large table, read in one pass over its bytes: an optional sign,
/// digits with at most one decimal point, at most 19 digits in all, and nothing else (no space, no
/// exponent). Such text is well-formed, and its mantissa and exponent are those that
/// `FastDouble.value(ofWellFormed:)` reads from it (leading zeros add nothing to the mantissa, and
/// every digit after the point lowers the exponent by one), so the value is the same `Double`.
/// Anything else gives nil, for the general path (which trims, checks the grammar and explains).
enum ShortDecimal {
    static func value(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let base = b.baseAddress else { return nil }
        let n = b.count
        var i = 0
        var negative = false
        if n > 0, b[0] == UInt8(ascii: "-") || b[0] == UInt8(ascii: "+") { negative = b[0] == UInt8(ascii: "-"); i = 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        // Digits before the point, then after it; 19 digits always fit a UInt64 (10^19 < 2^64).
        func readDigits() -> Bool {
            // Eight digits at a time where the cell has eight more bytes (17-digit coordinates).
            while digits <= 11, n - i >= 8 {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                guard isEightDigits(word) else { break }
                mantissa = mantissa &* 100_000_000 &+ eightDigits(word)
                digits += 8; i += 8
            }
            // The last one to seven bytes in one word too, when they are all digits (the digits
            // after the point run to the cell's end): the eight bytes that end the cell, with the
            // ones already read replaced by leading zeros.
            let rest = n - i
            if rest > 0, rest < 8, n >= 8, digits + rest <= 19 {
                let fill = UInt64(8 - rest) * 8
                let last = UInt64(littleEndian: UnsafeRawPointer(base + n - 8).loadUnaligned(as: UInt64.self))
                let word = (last & ~((1 << fill) - 1)) | (0x3030_3030_3030_3030 & ((1 << fill) - 1))
                if isEightDigits(word) {
                    mantissa = mantissa &* tens[rest] &+ eightDigits(word)
                    digits += rest; i = n
                    return true
                }
            }
            while i < n {
                let d = b[i] &- 48
                guard d < 10 else { break }
                guard digits < 19 else { return false }
                mantissa = mantissa &* 10 &+ UInt64(d)
                digits += 1; i += 1
            }
            return true
        }
        guard readDigits() else { return nil }
        let integerDigits = digits
        if i < n, b[i] == UInt8(ascii: ".") {
            i += 1
            guard readDigits() else { return nil }
        }
        guard i == n, digits > 0 else { return nil }
        return FastDouble.value(mantissa: mantissa, exponent: integerDigits - digits, negative: negative, text: b)
    }

    private static let tens: [UInt64] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000]

    /// Whether the eight bytes of `word` are all ASCII digits (SWAR: each byte's high nibble is 3,
    /// and adding 6 does not carry it past 9).
    @inline(__always) static func isEightDigits(_ word: UInt64) -> Bool {
        ((word & 0xF0F0_F0F0_F0F0_F0F0) | (((word &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) >> 4)) == 0x3333_3333_3333_3333
    }

    /// The number written by eight ASCII digits (the first in the lowest byte): pairs, then
    /// quadruples, then the eight, combined by three multiplications.
    @inline(__always) static func eightDigits(_ word: UInt64) -> UInt64 {
        let mask: UInt64 = 0x0000_00FF_0000_00FF
        let mul1: UInt64 = 100 + (1_000_000 << 32)
        let mul2: UInt64 = 1 + (10_000 << 32)
        var v = word &- 0x3030_3030_3030_3030
        v = (v &* 10) &+ (v >> 8)
        return (((v & mask) &* mul1) &+ (((v >> 16) & mask) &* mul2)) >> 32
    }
}
