/// `fit_weights { … }`: the score's weights estimated from data instead of stated. Least squares
/// of an outcome the project has (a fact, optionally per head) on the standardised criteria, or
/// the first principal component of the criteria.
public struct FittedWeightsSpec: Hashable, Sendable {
    public enum Method: String, Hashable, Sendable { case leastSquares = "least_squares", principalComponent = "principal_component" }
    public var method: Method
    /// The fact whose per-unit value is the outcome (least squares).
    public var outcome: String?
    /// Divide the outcome by the unit's population (a share of returnees, say).
    public var perPopulation: Bool
    /// True: a higher outcome means less priority (returns where places are stable), so the
    /// weights are minus the slopes; false: a higher outcome means more priority.
    public var higherIsBetter: Bool
    public var location: SourceLocation?
    public init(method: Method, outcome: String? = nil, perPopulation: Bool = false, higherIsBetter: Bool = false,
                location: SourceLocation? = nil) {
        self.method = method; self.outcome = outcome; self.perPopulation = perPopulation
        self.higherIsBetter = higherIsBetter; self.location = location
    }
}

/// One criterion of the score in a fitted model.
public struct FittedTerm: Hashable, Sendable {
    public var name: String
    /// Least squares: the standardised slope (outcome per standard deviation of the criterion),
    /// with its standard error; principal component: the loading of the first component.
    public var coefficient: Double
    public var standardError: Double?
    /// Mean and population standard deviation of the criterion over the units used.
    public var mean: Double
    public var sd: Double
    /// The weight the score takes (the fitted weights sum to 1).
    public var weight: Double
    public init(name: String, coefficient: Double, standardError: Double?, mean: Double, sd: Double, weight: Double) {
        self.name = name; self.coefficient = coefficient; self.standardError = standardError
        self.mean = mean; self.sd = sd; self.weight = weight
    }
}

public struct FittedModel: Hashable, Sendable {
    public var spec: FittedWeightsSpec
    /// Units used: ranked, with every criterion and (least squares) the outcome.
    public var n: Int
    /// Least squares: the intercept (outcome at the mean of every criterion), R², residual sd.
    public var intercept: Double?
    public var rSquared: Double?
    public var residualSD: Double?
    /// Principal component: the share of the criteria's variance the first component carries.
    public var varianceExplained: Double?
    public var terms: [FittedTerm]
    public init(spec: FittedWeightsSpec, n: Int, intercept: Double? = nil, rSquared: Double? = nil, residualSD: Double? = nil,
                varianceExplained: Double? = nil, terms: [FittedTerm]) {
        self.spec = spec; self.n = n; self.intercept = intercept; self.rSquared = rSquared; self.residualSD = residualSD
        self.varianceExplained = varianceExplained; self.terms = terms
    }
}
