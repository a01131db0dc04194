import Foundation
/// Fixed-point decimal text for coordinates, written often enough (millions of vertices in a
/// GeoJSON or an SVG) that `String(format:)` dominated the time to write a run's outputs. Rounds
/// half away from zero at `places` decimals and trims trailing zeros when asked; the same double
/// always gives the same text, whatever the locale.
public enum FixedDecimal {
    static let powers: [Double] = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9]

    public static func format(_ x: Double, places: Int, trimZeros: Bool = false) -> String {
        var out: [UInt8] = []
        append(x, places: places, trimZeros: trimZeros, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The text of `format` appended to `out` as UTF-8, without making a `String`: the GeoJSON
    /// writer spells a million and a half coordinates straight into its byte buffer.
    public static func append(_ x: Double, places: Int, trimZeros: Bool = false, to out: inout [UInt8]) {
        precondition((0..<powers.count).contains(places), "places must be 0…9")
        guard x.isFinite, abs(x) < 1e9 else { out.append(contentsOf: (x.isFinite ? String(x) : "NaN").utf8); return }
        let units = Int64((abs(x) * powers[places]).rounded(.toNearestOrAwayFromZero))
        // One division splits the whole part from the decimals; the trailing zeros go before
        // any digit is spelled, and the digits are spelled two at a time.
        var whole = UInt64(units / wholePowers[places]), fraction = UInt64(units % wholePowers[places])
        var decimals = places
        if trimZeros {
            if fraction == 0 { decimals = 0 } else { while fraction % 10 == 0 { fraction /= 10; decimals -= 1 } }
        }
        // Right to left into a 32-byte scratch (at most 10 whole digits, a point, 9 decimals and
        // a sign), then copied out.
        var scratch: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &scratch) { digits in
            var i = digits.count
            if decimals > 0 {
                var left = decimals
                while left >= 2 { i -= 2; twoDigits(Int(fraction % 100), at: i, in: digits); fraction /= 100; left -= 2 }
                if left == 1 { i -= 1; digits[i] = UInt8(truncatingIfNeeded: 48 + fraction) }
                i -= 1; digits[i] = UInt8(ascii: ".")
            }
            let wholeEnd = i
            while whole >= 10 { i -= 2; twoDigits(Int(whole % 100), at: i, in: digits); whole /= 100 }
            if whole > 0 || i == wholeEnd { i -= 1; digits[i] = UInt8(truncatingIfNeeded: 48 + whole) }
            if x < 0 && units != 0 { i -= 1; digits[i] = UInt8(ascii: "-") }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: digits[i...]))
        }
    }

    /// 10^0 … 10^15, exact doubles (5^15 < 2^53): `x.ulp * printfPowers[p]` is exact too.
    static let printfPowers: [Double] = (0...15).map { pow(10, Double($0)) }

    static let wholePowers: [Int64] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000]

    @inline(__always)
    private static func twoDigits(_ v: Int, at i: Int, in digits: UnsafeMutableRawBufferPointer) {
        digits[i] = UInt8(truncatingIfNeeded: 48 + v / 10)
        digits[i + 1] = UInt8(truncatingIfNeeded: 48 + v % 10)
    }

    /// Exactly what `String(format: "%.<places>f", x)` gives (C's printf: the exact binary value
    /// rounded, ties to even, `-0.00` for a negative value that rounds to zero), without going
    /// through Foundation's formatter, which cost microseconds per number in explanations and map
    /// tooltips of 100,000 units. It rounds Swift's shortest round-trip digits of `x`: no decimal
    /// number with `places + 1` digits lies between those digits and `x` (else it would be a
    /// shorter or closer spelling), so both round alike except at a tie of the short digits
    /// (`0.125`), which is left to printf, as are large, tiny and non-finite values. When the
    /// short digits have `places` decimals or fewer they are printf's only if the binary value
    /// lies within half a unit of the last place of them, which holds when a unit in the last
    /// place of `x` is at most 10^-places (123456789.1 is 123456789.099999994 at 9 places, and
    /// 65,536.1 is no longer 65536.10000000000 at 11): other values are left to printf too.
    public static func printf(_ x: Double, places: Int) -> String {
        guard x.isFinite, abs(x) < 1e9, (0...15).contains(places), x.ulp * printfPowers[places] <= 1 else {
            return String(format: "%.\(places)f", x)
        }
        let text = abs(x).description
        guard !text.utf8.contains(UInt8(ascii: "e")) else { return String(format: "%.\(places)f", x) }
        var digits: [UInt8] = []   // integer digits then the first `places` decimals, as numbers
        var integerCount = 0, decimals = 0, seenPoint = false
        var rest: [UInt8] = []     // the decimals after the first `places`
        for c in text.utf8 {
            if c == UInt8(ascii: ".") { seenPoint = true; continue }
            if !seenPoint { digits.append(c - 48); integerCount += 1 }
            else if decimals < places { digits.append(c - 48); decimals += 1 }
            else { rest.append(c - 48) }
        }
        while decimals < places { digits.append(0); decimals += 1 }
        while rest.last == 0 { rest.removeLast() }
        if rest == [5] { return String(format: "%.\(places)f", x) }
        if let first = rest.first, first >= 5 {
            var i = digits.count - 1
            while i >= 0 {
                if digits[i] == 9 { digits[i] = 0; i -= 1 } else { digits[i] += 1; break }
            }
            if i < 0 { digits.insert(1, at: 0); integerCount += 1 }
        }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count + 2)
        if x.sign == .minus { out.append(UInt8(ascii: "-")) }
        for (k, d) in digits.enumerated() {
            if k == integerCount { out.append(UInt8(ascii: ".")) }
            out.append(d + 48)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
