import Foundation

/// How one weight varies in an uncertainty analysis. Draws are by inverse transform: a uniform
/// number u in (0, 1) maps to `quantile(u)`, so the same u always gives the same weight.
public enum WeightSpread: Hashable, Sendable, CustomStringConvertible {
    /// The declared weight times a factor uniform on [1 − p, 1 + p] (0 ≤ p ≤ 1).
    case relative(Double)
    /// A weight uniform on [low, high], whatever was declared.
    case between(low: Double, high: Double)
    /// The declared weight times a factor normal with mean 1 and this standard deviation,
    /// truncated at 0 (a weight is never negative).
    case normal(sd: Double)

    public var description: String {
        switch self {
        case .relative(let p): return "±\(Value.format(p * 100))%"
        case .between(let a, let b): return "uniform \(Value.format(a))–\(Value.format(b))"
        case .normal(let sd): return "×normal(1, sd \(Value.format(sd))) truncated at 0"
        }
    }

    /// The weight at probability u (0 < u < 1) of this spread around the declared weight.
    public func quantile(_ u: Double, declared w: Double) -> Double {
        switch self {
        case .relative(let p): return w * (1 - p + 2 * p * u)
        case .between(let a, let b): return a + (b - a) * u
        case .normal(let sd):
            guard sd > 0 else { return w }
            // Truncated at factor 0: u is spread over the normal's mass above 0.
            let below = NormalDistribution.cdf(-1 / sd)
            return w * Swift.max(0, 1 + sd * NormalDistribution.quantile(below + u * (1 - below)))
        }
    }
}

/// One input that varies: the weight of a criterion or indicator, by name.
public struct UncertainWeight: Hashable, Sendable {
    public var node: String
    public var declared: Double
    public var spread: WeightSpread
    /// Drawn from the fitted coefficient (`uncertainty { weights = { x = "fitted" } }`): the
    /// spread is set from the fit's standard error once the weights are fitted.
    public var fromFit: Bool = false
    public init(node: String, declared: Double, spread: WeightSpread) {
        self.node = node; self.declared = declared; self.spread = spread
    }
}

/// What an `uncertainty { … }` declaration asks for: the weights that vary (declaration order,
/// depth first), the number of runs and the seed.
public struct UncertaintySettings: Hashable, Sendable {
    public var runs: Int
    public var seed: UInt64
    public var weights: [UncertainWeight]
    /// Aggregations of the score (criteria → score) to draw from, one per run with equal chances;
    /// empty: the declared one in every run.
    public var scoreAggregations: [Aggregation] = []
    /// Scales to draw from, one per run with equal chances (empty: the declared ones in every run).
    public var scales: [ScaleChoice] = []
    /// Weights left out although `all` covers them: children of a `minimum`/`maximum` criterion,
    /// whose weights do not act (varying them would read as "robust").
    public var fixedWeights: [String] = []
    /// Facts whose time window is drawn from alternatives (in the method's order of facts); empty: every
    /// fact keeps its declared window.
    public var windows: [WindowChoice] = []
    public var location: SourceLocation?
    public init(runs: Int, seed: UInt64, weights: [UncertainWeight], location: SourceLocation? = nil) {
        self.runs = runs; self.seed = seed; self.weights = weights; self.location = location
    }
}

/// One alternative of `uncertainty { scales = { … } }`: a name ("minmax", "percentile",
/// "zscore") and the normalisation it gives each indicator that takes it (indicators declared with
/// fixed goalposts, thresholds or no scale keep theirs).
public struct ScaleChoice: Hashable, Sendable {
    public var name: String
    public var normalisations: [String: Normalisation]
    public init(name: String, normalisations: [String: Normalisation]) { self.name = name; self.normalisations = normalisations }
}

/// One fact of `uncertainty { windows = { events_recent = { 90, 180, 365 } } }`: its window is
/// drawn per run, with equal chances, from windows of these lengths ending where the declared one
/// ends (both ends count: N days end at `to` and start at `to` − (N − 1)).
public struct WindowChoice: Hashable, Sendable {
    public var fact: String
    public var declared: DateWindow
    public var days: [Int]
    /// The fact of the same measure whose declared window ends the day before this one's starts
    /// ("past" beside "recent"): in every alternative it ends the day before this one starts, so
    /// the two still split the period (no day counted twice or in neither).
    public var adjoining: (fact: String, declared: DateWindow)?

    public init(fact: String, declared: DateWindow, days: [Int], adjoining: (fact: String, declared: DateWindow)? = nil) {
        self.fact = fact; self.declared = declared; self.days = days; self.adjoining = adjoining
    }

    /// The windows alternative k gives: this fact's and, when there is one, the adjoining fact's.
    public func windows(_ k: Int) -> [(fact: String, window: DateWindow)] {
        guard let end = declared.to else { return [] }
        let start = end.adding(days: -(days[k] - 1))
        var out = [(fact, DateWindow(from: start, to: end))]
        if let a = adjoining { out.append((a.fact, DateWindow(from: a.declared.from, to: start.adding(days: -1)))) }
        return out
    }

    /// Whether alternative k is the declared window (its ranking is the run's own).
    public func isDeclared(_ k: Int) -> Bool {
        guard let end = declared.to, let start = declared.from else { return false }
        return end - start + 1 == days[k]
    }

    /// "90 / 180 / 365 days to 2020-12-31 (events_past ends the day before)", as sensitivity.csv
    /// and the report say it.
    public var spreadText: String {
        days.map(String.init).joined(separator: " / ") + " days to \(declared.to?.description ?? "…")"
            + (adjoining.map { " (\($0.fact) ends the day before)" } ?? "")
    }

    public static func == (a: WindowChoice, b: WindowChoice) -> Bool {
        a.fact == b.fact && a.declared == b.declared && a.days == b.days && a.adjoining?.fact == b.adjoining?.fact
            && a.adjoining?.declared == b.adjoining?.declared
    }
    public func hash(into h: inout Hasher) {
        h.combine(fact); h.combine(declared); h.combine(days); h.combine(adjoining?.fact); h.combine(adjoining?.declared)
    }
}

/// A unit's rank over the runs: nearest-rank percentiles, and the share of runs it was selected in
/// (nil when the rules neither select nor define classes).
public struct RankSpread: Hashable, Sendable {
    public var p05: Int
    public var median: Int
    public var p95: Int
    public var pSelected: Double?
    public init(p05: Int, median: Int, p95: Int, pSelected: Double?) {
        self.p05 = p05; self.median = median; self.p95 = p95; self.pSelected = pSelected
    }
}

/// How much one uncertain weight moves the ranks when it alone varies over its spread.
public struct SensitivityEntry: Hashable, Sendable {
    public var input: String
    public var spread: String
    /// Mean over the evaluation points and the ranked units of |rank − rank with declared weights|.
    public var meanAbsRankShift: Double
    public var maxAbsRankShift: Int
    /// How many evaluations the mean is over (quadrature points of a weight, or alternatives).
    public var points: Int
    /// First-order variance-based index from the joint runs: the share of the rank variance
    /// (summed over the ranked units) explained by this input alone, estimated by binning the runs
    /// on its draw; nil when the ranks do not vary at all.
    public var firstOrder: Double? = nil
    public init(input: String, spread: String, meanAbsRankShift: Double, maxAbsRankShift: Int, points: Int, firstOrder: Double? = nil) {
        self.input = input; self.spread = spread; self.meanAbsRankShift = meanAbsRankShift; self.maxAbsRankShift = maxAbsRankShift
        self.points = points; self.firstOrder = firstOrder
    }
}

public struct UncertaintyResult: Hashable, Sendable {
    public var settings: UncertaintySettings
    /// What p_selected counts: "selected" (the run's selection rules), "in the first class (<label>)", or nil.
    public var selectionBasis: String?
    public var units: [UnitID: RankSpread]
    /// Largest mean shift first.
    public var sensitivity: [SensitivityEntry]
    /// How many points of each weight's spread the one-at-a-time sensitivity evaluates.
    public var sensitivityPoints: Int
    public init(settings: UncertaintySettings, selectionBasis: String?, units: [UnitID: RankSpread],
                sensitivity: [SensitivityEntry], sensitivityPoints: Int) {
        self.settings = settings; self.selectionBasis = selectionBasis; self.units = units
        self.sensitivity = sensitivity; self.sensitivityPoints = sensitivityPoints
    }
}

/// The standard normal distribution, for truncated-normal weight draws.
enum NormalDistribution {
    static func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// Inverse of `cdf` (Acklam's rational approximation, relative error < 1.2e-9), p in (0, 1).
    static func quantile(_ p: Double) -> Double {
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
                 -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
                 -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
                 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let p = Swift.min(Swift.max(p, 1e-300), 1 - 1e-16)
        let low = 0.02425
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        if p > 1 - low {
            let q = (-2 * log(1 - p)).squareRoot()
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let q = p - 0.5, r = q * q
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }
}
