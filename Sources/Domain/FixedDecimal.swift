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
        let scaled = (abs(x) * powers[places]).rounded(.toNearestOrAwayFromZero)
        var units = Int64(scaled)
        let negative = x < 0 && units != 0
        // Digits are produced right to left into a 24-byte scratch (at most 19 digits, a point
        // and a sign), then copied out.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { digits in
            var i = digits.count
            var written = 0
            repeat {
                i -= 1
                digits[i] = UInt8(48 + units % 10)
                units /= 10
                written += 1
                if written == places && places > 0 { i -= 1; digits[i] = UInt8(ascii: ".") }
            } while units > 0 || written < places + 1
            if negative { i -= 1; digits[i] = UInt8(ascii: "-") }
            var end = digits.count
            if trimZeros && places > 0 {
                while digits[end - 1] == 48 { end -= 1 }
                if digits[end - 1] == UInt8(ascii: ".") { end -= 1 }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[i..<end]))
        }
    }

    /// Exactly what `String(format: "%.<places>f", x)` gives (C's printf: the exact binary value
    /// rounded, ties to even, `-0.00` for a negative value that rounds to zero), without going
    /// through Foundation's formatter, which cost microseconds per number in explanations and map
    /// tooltips of 100,000 units. It rounds Swift's shortest round-trip digits of `x`: no decimal
    /// number with `places + 1` digits lies between those digits and `x` (else it would be a
    /// shorter or closer spelling), so both round alike except at a tie of the short digits
    /// (`0.125`), which is left to printf, as are large, tiny and non-finite values.
    public static func printf(_ x: Double, places: Int) -> String {
        guard x.isFinite, abs(x) < 1e9, (0...9).contains(places) else { return String(format: "%.\(places)f", x) }
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
