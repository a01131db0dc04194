import Foundation
import Domain
import Outputs

/// Number spellings for outputs: tables keep full precision (stable, locale-free), reports round.
enum NumberText {
    static func full(_ d: Double?) -> String { d.map { $0.isFinite ? Value.format($0) : "" } ?? "" }
    static func fixed(_ d: Double?, _ places: Int = 2) -> String { d.map { FixedDecimal.printf($0, places: places) } ?? "–" }
    /// A raw value for people: thousands grouped, small values with four significant digits
    /// (a per-head share of 0.0123 must not print as 0.01).
    static func readable(_ d: Double?) -> String {
        guard let d else { return "–" }
        if abs(d) >= 1000 { return grouped(d) }
        // A whole number below 1,000 has at most three digits, which %.4g prints as they are
        // (no point, no exponent; -0 keeps its sign there): spelled without Foundation's
        // formatter, a few microseconds each for the drivers of every unit of explanations.md;
        // other values as %.4g spells them, without it too where that is proven the same.
        if d == d.rounded(), d != 0 || d.sign == .plus { return String(Int(d)) }
        return FixedDecimal.printfG(d, significant: 4)
    }
    static func grouped(_ d: Double) -> String {
        // Past Int's range (a sum of huge values) and for inf or nan, `Int(_:)` would stop the
        // program: the digits are then those `%.0f` spells, the exact value of the rounded double.
        guard d.isFinite, abs(d) < 9e18 else {
            guard d.isFinite else { return String(format: "%.0f", d) }
            let digits = String(format: "%.0f", abs(d))
            return (d < 0 ? "-" : "") + group(digits)
        }
        let n = Int(d.rounded())
        return (n < 0 ? "-" : "") + group(String(n.magnitude))
    }

    /// Decimal digits with a comma before each group of three from the right.
    private static func group(_ digits: String) -> String {
        var s = digits, out = ""
        while s.count > 3 { out = "," + s.suffix(3) + out; s = String(s.dropLast(3)) }
        return s + out
    }
}
