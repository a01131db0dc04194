import Outputs
import Domain

/// Compact, deterministic JSON for the report's embedded data: keys in the order written, numbers
/// with a fixed number of decimals (trailing zeros trimmed), and `</` written `<\/` so that no
/// value can close the `<script>` element it sits in.
struct JSONText {
    private(set) var text = ""

    static func string(_ s: String) -> String { GeoJSONWriter.string(s, inScript: true) }

    /// A number at `places` decimals, or `null` when missing or not finite.
    static func number(_ d: Double?, places: Int) -> String {
        guard let d, d.isFinite else { return "null" }
        let t = FixedDecimal.format(d, places: places, trimZeros: true)
        return t == "-0" ? "0" : t
    }

    /// A fact's value: enough digits for its size (counts and people as integers, shares and
    /// rates with four significant decimals).
    static func fact(_ d: Double?) -> String {
        guard let d, d.isFinite else { return "null" }
        let a = abs(d)
        return number(d, places: a >= 1000 ? 0 : a >= 10 ? 2 : a >= 1 ? 3 : 4)
    }

    static func array<S: Sequence>(_ items: S, _ f: (S.Element) -> String) -> String {
        "[" + items.map(f).joined(separator: ",") + "]"
    }

    static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }
}
