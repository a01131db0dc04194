import Domain

/// A GeoJSON coordinate as `FixedDecimal.append(x, places: 7, trimZeros: true)` spells it (the
/// same bytes for every double), written at a pointer. Its seven places are a constant, so the
/// split of the whole part from the decimals is a multiplication rather than a division, and the
/// rounding is done here rather than by a call to the C library's `round` for each number.
enum CoordinateText {
    /// The most bytes `spell` writes: a sign, ten whole digits, a point and seven decimals, or
    /// `FixedDecimal`'s spelling of a number outside ±1e9 (Swift's shortest form, at most 24).
    static let maxBytes = 32

    /// Writes `x` at `p` (room for `maxBytes`); returns the number of bytes written.
    @inline(__always)
    static func spell(_ x: Double, at p: UnsafeMutablePointer<UInt8>) -> Int {
        let a = abs(x)
        // NaN, infinities and |x| ≥ 1e9: as FixedDecimal spells them (Swift's description).
        guard a < 1e9 else { return fallback(x, at: p) }
        // Rounded half away from zero as `rounded(.toNearestOrAwayFromZero)`: v < 1e16, so the
        // truncation fits an Int64, and v minus it is exact (below 2^53 both are exact doubles
        // and so is their difference; above, v is a whole number).
        let v = a * 1e7
        var units = Int64(v)
        if v - Double(units) >= 0.5 { units += 1 }
        let whole = UInt64(units / 10_000_000), fraction = UInt64(units % 10_000_000)
        // Whole parts of nine digits (never a longitude or latitude): as FixedDecimal spells them.
        guard whole < 100_000_000 else { return fallback(x, at: p) }
        // Both parts have at most eight digits: each is spelled by a few multiplications as the
        // eight bytes of a word (`DecimalDigits`), stored whole at `p` (`maxBytes` leaves room
        // past the bytes counted), the trailing zeros of the decimals left out.
        let raw = UnsafeMutableRawPointer(p)
        var n = 0
        if x < 0 && units != 0 { p[0] = UInt8(ascii: "-"); n = 1 }
        // Longitudes and latitudes have whole parts of one or two digits: spelled by a division
        // by ten rather than eight digits' worth of lanes (GeoJSON: 22 -> 18 ns a number).
        if whole < 10 {
            p[n] = UInt8(truncatingIfNeeded: whole) &+ 48; n += 1
        } else if whole < 100 {
            let tens = whole / 10
            (raw + n).storeBytes(of: UInt16(truncatingIfNeeded: (tens &+ 48) | (whole &- tens &* 10 &+ 48) << 8).littleEndian, as: UInt16.self)
            n += 2
        } else {
            n += DecimalDigits.writeShort(whole, at: raw + n)
        }
        guard fraction != 0 else { return n }
        // `fraction` < 10^7: its first byte is a zero digit, replaced by the point.
        let f = DecimalDigits.eightDigits(fraction)
        raw.storeBytes(of: ((f | DecimalDigits.asciiZeros) & ~0xFF | UInt64(UInt8(ascii: "."))).littleEndian, toByteOffset: n, as: UInt64.self)
        return n + 8 - f.leadingZeroBitCount / 8
    }

    private static func fallback(_ x: Double, at p: UnsafeMutablePointer<UInt8>) -> Int {
        var out: [UInt8] = []
        FixedDecimal.append(x, places: 7, trimZeros: true, to: &out)
        precondition(out.count <= maxBytes)
        p.update(from: out, count: out.count)
        return out.count
    }
}
