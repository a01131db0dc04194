import Foundation
import Domain
import Outputs

/// The fitted weights in the outputs: `weights_fit.csv`, console lines, a report section and the
/// run manifest's `fitted_weights`. Nothing is added when the rules state their weights.
extension RunRecord {
    public static let weightsFitFile = "weights_fit.csv"
    static let weightsFitHeader = ["method", "outcome", "term", "coefficient", "standard_error", "t_value", "criterion_mean",
                                   "criterion_sd", "weight", "n", "r_squared", "variance_explained"]

    /// One row per criterion of the score (least squares: the intercept first).
    public func weightsFitCSV() -> String? {
        guard let m = result.fittedWeights else { return nil }
        var w = CSVWriter(header: Self.weightsFitHeader)
        let common = [m.spec.method.rawValue, outcomeText(m)]
        let tail = [String(m.n), NumberText.full(m.rSquared), NumberText.full(m.varianceExplained)]
        if let a = m.intercept { w.appendRow(common + ["(intercept)", NumberText.full(a), "", "", "", "", ""] + tail) }
        for t in m.terms {
            let tValue = t.standardError.flatMap { $0 > 0 ? t.coefficient / $0 : nil }
            w.appendRow(common + [t.name, NumberText.full(t.coefficient), NumberText.full(t.standardError), NumberText.full(tValue),
                                  NumberText.full(t.mean), NumberText.full(t.sd), NumberText.full(t.weight)] + tail)
        }
        return w.text
    }

    func outcomeText(_ m: FittedModel) -> String {
        guard let o = m.spec.outcome else { return "" }
        return o + (m.spec.perPopulation ? " per head" : "")
    }

    /// What the console prints after the list.
    public func weightsFitLines() -> [String] {
        guard let m = result.fittedWeights else { return [] }
        var lines: [String]
        switch m.spec.method {
        case .leastSquares:
            lines = ["weights fitted by least squares of \(outcomeText(m)) (\(m.spec.higherIsBetter ? "higher is better" : "higher is worse")) on the standardised criteria: n = \(m.n), R² = \(NumberText.fixed(m.rSquared, 3)) (\(Self.weightsFitFile)):"]
            for t in m.terms {
                lines.append("  \(t.name): weight \(NumberText.fixed(t.weight, 3)) (slope \(NumberText.fixed(t.coefficient, 4)) ± \(NumberText.fixed(t.standardError, 4)) per sd)")
            }
        case .principalComponent:
            lines = ["weights from the first principal component of the criteria: n = \(m.n), \(NumberText.fixed((m.varianceExplained ?? 0) * 100, 1))% of their variance (\(Self.weightsFitFile)):"]
            for t in m.terms { lines.append("  \(t.name): weight \(NumberText.fixed(t.weight, 3)) (loading \(NumberText.fixed(t.coefficient, 4)))") }
        }
        return lines
    }

    func weightsFitSection() -> String {
        guard result.fittedWeights != nil else { return "" }
        let lines = weightsFitLines()
        var h = "<h2 id=\"weights-from-data\">Weights from data</h2>\n<p>\(esc(lines.first ?? ""))</p>\n<ul>\n"
        for line in lines.dropFirst() { h += "<li>\(esc(line.trimmingCharacters(in: .whitespaces)))</li>\n" }
        return h + "</ul>\n"
    }

    /// The run manifest's `fitted_weights`.
    struct FittedWeightsJSON: Encodable {
        struct Term: Encodable { var name: String; var coefficient: Double; var standard_error: Double?; var weight: Double }
        var method: String
        var outcome: String?
        var n: Int
        var intercept: Double?
        var r_squared: Double?
        var variance_explained: Double?
        var terms: [Term]
    }

    var fittedWeightsJSON: FittedWeightsJSON? {
        guard let m = result.fittedWeights else { return nil }
        return FittedWeightsJSON(method: m.spec.method.rawValue, outcome: m.spec.outcome.map { _ in outcomeText(m) }, n: m.n,
                                 intercept: m.intercept, r_squared: m.rSquared, variance_explained: m.varianceExplained,
                                 terms: m.terms.map { .init(name: $0.name, coefficient: $0.coefficient, standard_error: $0.standardError, weight: $0.weight) })
    }
}
