import Outputs
import Domain

/// Compact, deterministic JSON for the report's embedded data: keys in the order written, numbers
/// with a fixed number of decimals (trailing zeros trimmed), and `</` written `<\/` so that no
/// value can close the `<script>` element it sits in.
struct JSONText {
    private(set) var text = ""

    static func string(_ s: String) -> String {
        // Printable ASCII with nothing to escape (ids, most names) is written as it is, the text
        // `GeoJSONWriter.string` gives it without a look at each of its characters.
        guard s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") && $0 != UInt8(ascii: "/") }) else {
            return GeoJSONWriter.string(s, inScript: true)
        }
        return "\"" + s + "\""
    }

    /// A number at `places` decimals, or `null` when missing or not finite.
    static func number(_ d: Double?, places: Int) -> String {
        var bytes: [UInt8] = []
        appendNumber(d, places: places, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `number`'s text appended to `out` as UTF-8 (no string per number).
    static func appendNumber(_ d: Double?, places: Int, to out: inout [UInt8]) {
        guard let d, d.isFinite else { out.append(contentsOf: "null".utf8); return }
        let start = out.count
        FixedDecimal.append(d, places: places, trimZeros: true, to: &out)
        // A negative value that rounds to zero: "-0" is written 0.
        if out.count - start == 2 && out[start] == UInt8(ascii: "-") && out[start + 1] == UInt8(ascii: "0") {
            out.removeLast(2)
            out.append(UInt8(ascii: "0"))
        }
    }

    /// A fact's value: enough digits for its size (counts and people as integers, shares and
    /// rates with four significant decimals).
    static func fact(_ d: Double?) -> String { number(d, places: factPlaces(d)) }

    static func factPlaces(_ d: Double?) -> Int {
        guard let d else { return 0 }
        let a = abs(d)
        return a >= 1000 ? 0 : a >= 10 ? 2 : a >= 1 ? 3 : 4
    }

    static func array<S: Sequence>(_ items: S, _ f: (S.Element) -> String) -> String {
        var out = "["
        var first = true
        for item in items {
            if !first { out += "," }
            first = false
            out += f(item)
        }
        out += "]"
        return out
    }

    /// An array of numbers, as `array(values) { number($0, places: places) }` spells it.
    static func numbers<S: Sequence>(_ values: S, places: Int) -> String where S.Element == Double? {
        numbers(values) { _ in places }
    }

    /// An array of facts' values, as `array(values, fact)` spells it.
    static func facts<S: Sequence>(_ values: S) -> String where S.Element == Double? {
        numbers(values, places: factPlaces)
    }

    /// Numbers spelled straight into one buffer, each at the decimals `places` gives it.
    private static func numbers<S: Sequence>(_ values: S, places: (Double?) -> Int) -> String where S.Element == Double? {
        var out: [UInt8] = [UInt8(ascii: "[")]
        out.reserveCapacity(values.underestimatedCount * 6 + 2)
        var first = true
        for v in values {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            appendNumber(v, places: places(v), to: &out)
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    static func object(_ members: [(String, String)]) -> String {
        var out = "{"
        for (k, m) in members.enumerated() {
            if k > 0 { out += "," }
            out += string(m.0)
            out += ":"
            out += m.1
        }
        out += "}"
        return out
    }
}
