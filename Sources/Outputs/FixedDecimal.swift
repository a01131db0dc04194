/// Fixed-point decimal text for coordinates, written often enough (millions of vertices in a
/// GeoJSON or an SVG) that `String(format:)` dominated the time to write a run's outputs. Rounds
/// half away from zero at `places` decimals and trims trailing zeros when asked; the same double
/// always gives the same text, whatever the locale.
public enum FixedDecimal {
    static let powers: [Double] = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9]

    public static func format(_ x: Double, places: Int, trimZeros: Bool = false) -> String {
        precondition((0..<powers.count).contains(places), "places must be 0…9")
        guard x.isFinite, abs(x) < 1e9 else { return x.isFinite ? String(x) : "NaN" }
        let scaled = (abs(x) * powers[places]).rounded(.toNearestOrAwayFromZero)
        var units = Int64(scaled)
        let negative = x < 0 && units != 0
        var digits = [UInt8](repeating: 48, count: 24)
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
        return String(decoding: digits[i..<end], as: UTF8.self)
    }
}
