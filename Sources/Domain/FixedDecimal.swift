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
        // Spelled in a scratch on the stack (no array per number): digits are read from the short
        // text into position 1 on (position 0 takes a carry), rounded, then copied out once.
        var text = abs(x).description
        return text.withUTF8 { short -> String in
            ShortDigits(short).flatMap { $0.fixed(places: places, negative: x.sign == .minus) } ?? String(format: "%.\(places)f", x)
        }
    }

    /// What `String(format: "%.<significant>g", x)` gives, by the same reasoning as `printf`
    /// (the short digits rounded at the printf digit; a tie of them left to printf), for values
    /// %g spells without an exponent; zero, non-finite values, values %g spells with an exponent
    /// and values whose binary expansion may show are left to printf.
    public static func printfG(_ x: Double, significant: Int) -> String {
        guard x.isFinite, x != 0, abs(x) < 1e9, (1...15).contains(significant) else { return String(format: "%.\(significant)g", x) }
        var text = abs(x).description
        return text.withUTF8 { short -> String in
            ShortDigits(short).flatMap { $0.general(significant: significant, negative: x.sign == .minus, ulp: x.ulp) }
                ?? String(format: "%.\(significant)g", x)
        }
    }
}

/// The digits of Swift's shortest spelling of a finite, positive double (`123.45`, not `1e-05`):
/// where its decimal point is, and which of its digits are significant.
private struct ShortDigits {
    let text: UnsafeBufferPointer<UInt8>
    /// Digits before the point.
    let integerCount: Int

    init?(_ text: UnsafeBufferPointer<UInt8>) {
        guard text.count <= 32, !text.contains(UInt8(ascii: "e")) else { return nil }
        self.text = text
        integerCount = text.firstIndex(of: UInt8(ascii: ".")) ?? text.count
    }

    /// The digit at decimal position `k` (0 the first integer digit, `integerCount` the first
    /// decimal), 0 past the end.
    func digit(_ k: Int) -> UInt8 {
        let i = k < integerCount ? k : k + 1
        return i < text.count ? text[i] &- 48 : 0
    }

    /// How the digits from position `k` on round the digit before them: up, down, or nil for a
    /// tie (exactly 5 and then nothing but zeros).
    func roundsUp(from k: Int) -> Bool? {
        let first = digit(k)
        guard first == 5 else { return first > 5 }
        var i = (k < integerCount ? k : k + 1) + 1
        while i < text.count {
            if text[i] != UInt8(ascii: "0") && text[i] != UInt8(ascii: ".") { return true }
            i += 1
        }
        return nil
    }

    /// Digits 0..<count rounded (positions at and past `count` decide), as a string with a
    /// point after `integerCount` digits (plus one when a carry adds a digit); nil at a tie.
    /// `trim`: trailing decimal zeros and a bare point left out.
    func spell(count: Int, integerDigits: Int, negative: Bool, trim: Bool) -> String? {
        guard let up = roundsUp(from: count) else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buffer -> String? in
            guard count < 40 else { return nil }
            buffer[0] = 0
            for k in 0..<count { buffer[k + 1] = digit(k) }
            var first = 1, whole = integerDigits
            if up {
                var i = count
                while i >= 1 {
                    if buffer[i] == 9 { buffer[i] = 0; i -= 1 } else { buffer[i] += 1; break }
                }
                if i < 1 { first = 0; buffer[0] = 1; whole += 1 }
            }
            var end = count + 1
            if trim { while end - first > whole && buffer[end - 1] == 0 { end -= 1 } }
            let decimals = end - first - whole
            let length = (negative ? 1 : 0) + whole + (decimals > 0 ? 1 + decimals : 0)
            return String(unsafeUninitializedCapacity: length) { out in
                var o = 0
                if negative { out[0] = UInt8(ascii: "-"); o = 1 }
                for k in first..<end {
                    if k == first + whole { out[o] = UInt8(ascii: "."); o += 1 }
                    out[o] = buffer[k] + 48; o += 1
                }
                return o
            }
        }
    }

    func fixed(places: Int, negative: Bool) -> String? {
        spell(count: integerCount + places, integerDigits: integerCount, negative: negative, trim: false)
    }

    /// `%.<significant>g` without an exponent: nil when %g would write one, or at a tie.
    func general(significant: Int, negative: Bool, ulp: Double) -> String? {
        // The first significant digit (the short text of a positive value has one).
        let digitCount = text.count - (integerCount < text.count ? 1 : 0)
        var lead = 0
        while lead < digitCount && digit(lead) == 0 { lead += 1 }
        // Its power of ten, and the power once rounded (a carry: 9.9996 is 10.00 at 4 digits).
        var exponent = integerCount - 1 - lead
        guard let up = roundsUp(from: lead + significant) else { return nil }
        if up && (lead..<(lead + significant)).allSatisfy({ digit($0) == 9 }) { exponent += 1 }
        // %g's fixed style: below 10^-4 and from 10^significant on, it writes an exponent.
        guard exponent >= -4, exponent < significant else { return nil }
        let places = significant - 1 - exponent
        // As for printf: the binary value rounds as its short digits only while a unit in its
        // last place is at most one at the last decimal written.
        guard places <= 15, ulp * FixedDecimal.printfPowers[places] <= 1 else { return nil }
        // Then %f at `places` decimals: the short text of a value below one starts "0.", which
        // is the one whole-part zero %g writes too.
        return spell(count: integerCount + places, integerDigits: integerCount, negative: negative, trim: true)
    }

}
