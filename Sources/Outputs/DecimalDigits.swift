/// Whole numbers spelled in decimal straight at a pointer, eight digits at a time by a few
/// multiplications in the lanes of a word rather than a division per digit: the row numbers and
/// lines of `fact_rows.csv` (three numbers a row, a million rows) and the parts of GeoJSON
/// coordinates (`CoordinateText`).
public enum DecimalDigits {
    /// The most bytes `write` writes (twenty digits; it may store up to eight bytes past them,
    /// which this leaves room for).
    public static let maxBytes = 24

    /// Writes `n` in decimal at `p` (room for `maxBytes`); returns the number of digits.
    /// Inlined where it is called: numbers of fewer than nine digits, nearly all, take no call.
    @inlinable @inline(__always)
    public static func write(_ n: UInt64, at p: UnsafeMutableRawPointer) -> Int {
        n < 100_000_000 ? writeShort(n, at: p) : writeLong(n, at: p)
    }

    /// `n` ≥ 10^8: its last eight digits after the others.
    public static func writeLong(_ n: UInt64, at p: UnsafeMutableRawPointer) -> Int {
        let high = n / 100_000_000, low = n % 100_000_000
        let count = high < 100_000_000 ? writeShort(high, at: p) : write8(high / 100_000_000, high % 100_000_000, at: p)
        p.storeBytes(of: (eightDigits(low) | asciiZeros).littleEndian, toByteOffset: count, as: UInt64.self)
        return count + 8
    }

    /// `n` < 10^8 without its leading zeros (the eight bytes stored, the count returned).
    @inlinable @inline(__always)
    public static func writeShort(_ n: UInt64, at p: UnsafeMutableRawPointer) -> Int {
        let digits = eightDigits(n)
        let zeros = n == 0 ? 7 : digits.trailingZeroBitCount / 8   // low bytes are the first digits
        p.storeBytes(of: ((digits | asciiZeros) >> (8 * zeros)).littleEndian, as: UInt64.self)
        return 8 - zeros
    }

    /// `top` (< 10^4) then `rest` in eight digits: numbers of 17 to 20 digits.
    static func write8(_ top: UInt64, _ rest: UInt64, at p: UnsafeMutableRawPointer) -> Int {
        let count = writeShort(top, at: p)
        p.storeBytes(of: (eightDigits(rest) | asciiZeros).littleEndian, toByteOffset: count, as: UInt64.self)
        return count + 8
    }

    /// `0` in each byte of a word.
    @inlinable public static var asciiZeros: UInt64 { 0x3030_3030_3030_3030 }

    /// The eight decimal digits of `n` < 10^8 as the bytes of a word (values 0…9, not yet ASCII),
    /// the most significant in the lowest byte (first in memory, little-endian): split in halves
    /// of four digits, quarters of two, then digits, each by a multiplication by a reciprocal, in
    /// lanes of the word (exact for these ranges: 10,486 / 2^20 and 103 / 2^10 stand for
    /// 1/100 below 10^4 and 1/10 below 100).
    @inlinable @inline(__always)
    public static func eightDigits(_ n: UInt64) -> UInt64 {
        let merged = n / 10_000 | (n % 10_000) << 32
        let hundreds32 = (merged &* 10_486) >> 20 & (0x7F << 32 | 0x7F)
        let hundreds = (merged &- 100 &* hundreds32) << 16 &+ hundreds32
        var tens = (hundreds &* 103) >> 10 & (0xF << 48 | 0xF << 32 | 0xF << 16 | 0xF)
        tens &+= (hundreds &- 10 &* tens) << 8
        return tens
    }
}
