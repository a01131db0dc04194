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
}
