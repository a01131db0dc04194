/// The ranking method and its results as plain values. They live in Domain because three modules
/// share them and none may import another: `Rules` builds a `RankingInput` from a Lua script,
/// `Ranking` turns it into a `RankingResult`, `Outputs` writes that as CSV/GeoJSON/HTML.

/// A per-value transform applied to an indicator's raw value before normalisation.
public enum IndicatorTransform: Hashable, Sendable, CustomStringConvertible {
    case log1p
    case sqrt
    /// Values above are set to the cap (e.g. a per-head share capped at 1).
    case cap(Double)
    /// Values below are raised to the floor.
    case floor(Double)
    /// Values outside the given percentiles (0–1) of the units ranked are clipped to them.
    case winsorise(lower: Double, upper: Double)

    public var description: String {
        switch self {
        case .log1p: return "log(1+x)"
        case .sqrt: return "sqrt(x)"
        case .cap(let c): return "cap at \(Value.format(c))"
        case .floor(let f): return "floor at \(Value.format(f))"
        case .winsorise(let l, let u): return "winsorise to percentiles \(Value.format(l))–\(Value.format(u))"
        }
    }
}

/// Which way an indicator pushes priority. `lowerIsWorse` inverts the normalised value
/// (10 − scaled for a 0–10 scale), e.g. health facilities per 10,000 people.
public enum Direction: String, Hashable, Sendable {
    case higherIsWorse = "higher_is_worse"
    case lowerIsWorse = "lower_is_worse"
}

/// How transformed values are put on a common scale across the units ranked.
public enum Normalisation: Hashable, Sendable, CustomStringConvertible {
    /// (x − min)/(max − min) mapped onto lower…upper; all equal → lower.
    case minMax(lower: Double, upper: Double)
    /// (x − min)/(max − min) with fixed goalposts, clamped, times `scale`.
    case goalposts(min: Double, max: Double, scale: Double)
    /// (x − mean)/population standard deviation; all equal → 0. Inverted by negation.
    case zScore
    /// Share of the other ranked units strictly below, plus half of those equal, times `scale`.
    case percentile(scale: Double)
    /// Fixed classes: x < breaks[0] → scores[0], breaks[0] ≤ x < breaks[1] → scores[1], …
    /// (`scores.count == breaks.count + 1`).
    case thresholds(breaks: [Double], scores: [Double])
    /// The transformed value as is (already on the wanted scale).
    case identity

    public var description: String {
        switch self {
        case .minMax(let l, let u): return "min–max to \(Value.format(l))–\(Value.format(u))"
        case .goalposts(let a, let b, let s): return "goalposts \(Value.format(a))–\(Value.format(b)) to 0–\(Value.format(s))"
        case .zScore: return "z-score"
        case .percentile(let s): return "percentile to 0–\(Value.format(s))"
        case .thresholds(let b, let s):
            return "thresholds \(b.map(Value.format).joined(separator: "/")) → \(s.map(Value.format).joined(separator: "/"))"
        case .identity: return "as is"
        }
    }
}

/// How a criterion combines its children (over the children that are not missing).
public enum Aggregation: String, Hashable, Sendable {
    /// Weighted arithmetic mean (weights default to 1: the plain mean).
    case mean
    /// Weighted geometric mean of (child + shift), minus the shift. Every child must be above
    /// −shift (checked when the script loads, and per unit when ranking); no weight may be 0.
    case geometric
    /// The smallest child; weights do not apply (each must be 1).
    case minimum
    /// The largest child; weights do not apply (each must be 1).
    case maximum

    /// Geometric, minimum and maximum: a high value on one child cannot make up for a low one.
    public var isCompensatory: Bool { self == .mean }
}

/// What happens to a unit for which a whole criterion is missing (every indicator below it
/// missing). Declared per criterion (`missing = …`), or for all of them on the score.
public enum MissingPolicy: Hashable, Sendable, CustomStringConvertible {
    /// The unit is not ranked, and listed with the criterion it lacks (the default).
    case exclude
    /// The criterion above it is computed on the children that are present (weights rescaled).
    case rescale
    /// The criterion takes the mean of its value over the units with the same parent that have it.
    case parentMean
    /// The criterion takes a value stated in the rules.
    case value(Double)

    public var description: String {
        switch self {
        case .exclude: return "the unit is not ranked"
        case .rescale: return "the unit is scored on the criteria present"
        case .parentMean: return "the criterion takes the mean of the units of the same parent"
        case .value(let v): return "the criterion is set to \(Value.format(v))"
        }
    }
}

public struct IndicatorMethod: Hashable, Sendable {
    public var name: String
    public var title: String?
    /// Where the raw value comes from, as text: `fact events_past` or `function at Scripts/x.lua:12`.
    public var source: String
    /// The fact read directly when the value is a plain fact (nil when a Lua function computes it).
    public var fact: String?
    public var transforms: [IndicatorTransform]
    public var direction: Direction
    public var normalisation: Normalisation
    public var weight: Double
    public var location: SourceLocation?
    public init(name: String, title: String? = nil, source: String, fact: String? = nil,
                transforms: [IndicatorTransform] = [], direction: Direction = .higherIsWorse,
                normalisation: Normalisation = .minMax(lower: 0, upper: 10), weight: Double = 1,
                location: SourceLocation? = nil) {
        self.name = name; self.title = title; self.source = source; self.fact = fact
        self.transforms = transforms; self.direction = direction; self.normalisation = normalisation
        self.weight = weight; self.location = location
    }
}

public indirect enum MethodNode: Hashable, Sendable {
    case indicator(IndicatorMethod)
    case criterion(CriterionMethod)
    public var name: String {
        switch self { case .indicator(let i): return i.name; case .criterion(let c): return c.name }
    }
    public var weight: Double {
        switch self { case .indicator(let i): return i.weight; case .criterion(let c): return c.weight }
    }
}

public struct CriterionMethod: Hashable, Sendable {
    public var name: String
    public var title: String?
    public var weight: Double
    public var aggregation: Aggregation
    public var children: [MethodNode]
    /// What a unit gets when this criterion is wholly missing (on the score: the policy of the
    /// criteria that declare none, already applied to them by the rules loader).
    public var missing: MissingPolicy
    /// Added to every child before a geometric mean and taken off after (0: none).
    public var shift: Double
    public var location: SourceLocation?
    public init(name: String, title: String? = nil, weight: Double = 1, aggregation: Aggregation = .mean,
                children: [MethodNode], missing: MissingPolicy = .exclude, shift: Double = 0,
                location: SourceLocation? = nil) {
        self.name = name; self.title = title; self.weight = weight; self.aggregation = aggregation; self.children = children
        self.missing = missing; self.shift = shift; self.location = location
    }

    /// Every criterion below this one, depth first, in declaration order.
    public var criteria: [CriterionMethod] {
        children.flatMap { node -> [CriterionMethod] in
            if case .criterion(let c) = node { return [c] + c.criteria } else { return [] }
        }
    }

    /// Every indicator below this criterion, depth first, in declaration order.
    public var indicators: [IndicatorMethod] {
        children.flatMap { node -> [IndicatorMethod] in
            switch node { case .indicator(let i): return [i]; case .criterion(let c): return c.indicators }
        }
    }
}

/// A named eligibility rule: a unit failing it is not ranked, with the reason recorded.
public struct GateMethod: Hashable, Sendable {
    public var name: String
    public var reason: String
    public var location: SourceLocation?
    public init(name: String, reason: String, location: SourceLocation? = nil) {
        self.name = name; self.reason = reason; self.location = location
    }
}

public enum OverrideAction: String, Hashable, Sendable { case include, exclude }

/// Forces units in (eligible whatever the gates say) or out, by id or by a rule, with a reason.
public struct OverrideMethod: Hashable, Sendable {
    public var action: OverrideAction
    public var units: [UnitID]
    /// Where the rule function is, when the override is a rule rather than a list.
    public var rule: SourceLocation?
    public var reason: String
    public init(action: OverrideAction, units: [UnitID], rule: SourceLocation? = nil, reason: String) {
        self.action = action; self.units = units; self.rule = rule; self.reason = reason
    }
}

/// A named yes/no property reported per unit (e.g. a stability "hotspot"); it does not change scores.
public struct FlagMethod: Hashable, Sendable {
    public var name: String
    public var reason: String
    public var location: SourceLocation?
    public init(name: String, reason: String, location: SourceLocation? = nil) {
        self.name = name; self.reason = reason; self.location = location
    }
}

/// Priority classes by score. `quantile`: ranked units split into `labels.count` groups of equal
/// size by rank (first label = best ranks). `breaks`: descending thresholds, score ≥ breaks[0] →
/// labels[0], …, below the last → the last label (`labels.count == breaks.count + 1`).
public struct ClassMethod: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case quantile, breaks([Double]) }
    public var kind: Kind
    public var labels: [String]
    public init(kind: Kind, labels: [String]) { self.kind = kind; self.labels = labels }
}

/// What a planner asks for: top N, at most / at least k per parent, a budget with a cost per unit,
/// units locked in or out. nil = no limit.
public struct SelectionSettings: Hashable, Sendable {
    public var top: Int?
    public var perParentMax: Int?
    public var perParentMin: Int?
    public var budget: Double?
    /// How the cost per unit is found, as text (an attribute name or a function location).
    public var costSource: String?
    /// Where the script declares the cost, for errors about a unit's cost.
    public var costLocation: SourceLocation?
    public var lockedIn: [UnitID]
    public var lockedOut: [UnitID]
    /// At most N units per area of a level the project declares (`per = { province = 3 }`, `--per province=3`).
    public var levelQuotas: [LevelQuota] = []
    public init(top: Int? = nil, perParentMax: Int? = nil, perParentMin: Int? = nil, budget: Double? = nil,
                costSource: String? = nil, lockedIn: [UnitID] = [], lockedOut: [UnitID] = []) {
        self.top = top; self.perParentMax = perParentMax; self.perParentMin = perParentMin; self.budget = budget
        self.costSource = costSource; self.lockedIn = lockedIn; self.lockedOut = lockedOut
    }
    public var isEmpty: Bool {
        top == nil && perParentMax == nil && perParentMin == nil && budget == nil && lockedIn.isEmpty && lockedOut.isEmpty
            && levelQuotas.isEmpty
    }
}

/// A selection quota at one level of the project (the unit's parent level or any level above it):
/// at most `max` selected units per area of that level. `areaOf` maps each unit to its area at the
/// level; it is filled from the project's levels before ranking (empty as the rules declare it).
public struct LevelQuota: Hashable, Sendable {
    public var level: String
    public var max: Int
    /// Where the rules declare it; nil for `--per` on the command line.
    public var location: SourceLocation?
    public var areaOf: [UnitID: UnitID]
    public init(level: String, max: Int, location: SourceLocation? = nil, areaOf: [UnitID: UnitID] = [:]) {
        self.level = level; self.max = max; self.location = location; self.areaOf = areaOf
    }
}

/// The whole method as declared, for reports and for the ranking itself.
public struct MethodDescription: Hashable, Sendable {
    public var script: String
    public var asOf: ISODate?
    public var facts: [FactSpec]
    public var score: CriterionMethod
    public var gates: [GateMethod]
    public var overrides: [OverrideMethod]
    public var flags: [FlagMethod]
    public var classes: ClassMethod?
    public var selection: SelectionSettings
    /// What varies in an uncertainty analysis (`uncertainty { … }`); nil: no analysis.
    public var uncertainty: UncertaintySettings? = nil
    /// The score's weights estimated from data (`fit_weights { … }`); nil: as declared.
    public var fittedWeights: FittedWeightsSpec? = nil
    public init(script: String, asOf: ISODate?, facts: [FactSpec], score: CriterionMethod, gates: [GateMethod] = [],
                overrides: [OverrideMethod] = [], flags: [FlagMethod] = [], classes: ClassMethod? = nil,
                selection: SelectionSettings = SelectionSettings()) {
        self.script = script; self.asOf = asOf; self.facts = facts; self.score = score; self.gates = gates
        self.overrides = overrides; self.flags = flags; self.classes = classes; self.selection = selection
    }
}

/// One unit as the ranking receives it: raw indicator values (absent = missing, with a reason),
/// eligibility outcomes, flags and cost, all computed before any across-unit step.
public struct RankingUnitInput: Hashable, Sendable {
    public var id: UnitID
    public var name: String
    public var parent: UnitID?
    public var raw: [String: Double]
    public var missing: [String: String]
    /// Gate name → why the unit failed it.
    public var failedGates: [String: String]
    public var override: (action: OverrideAction, reason: String)? {
        get { overrideAction.map { ($0, overrideReason ?? "") } }
        set { overrideAction = newValue?.action; overrideReason = newValue?.reason }
    }
    public var overrideAction: OverrideAction?
    public var overrideReason: String?
    /// Names of the flags raised for this unit.
    public var flags: [String]
    public var cost: Double?
    /// Why the cost is missing (the cost rule gave no value), when it is.
    public var costMissing: String?
    public init(id: UnitID, name: String, parent: UnitID?, raw: [String: Double] = [:], missing: [String: String] = [:],
                failedGates: [String: String] = [:], overrideAction: OverrideAction? = nil, overrideReason: String? = nil,
                flags: [String] = [], cost: Double? = nil) {
        self.id = id; self.name = name; self.parent = parent; self.raw = raw; self.missing = missing
        self.failedGates = failedGates; self.overrideAction = overrideAction; self.overrideReason = overrideReason
        self.flags = flags; self.cost = cost
    }
}

public struct RankingInput: Hashable, Sendable {
    public var method: MethodDescription
    public var units: [RankingUnitInput]
    public var diagnostics: [Diagnostic]
    public init(method: MethodDescription, units: [RankingUnitInput], diagnostics: [Diagnostic] = []) {
        self.method = method; self.units = units; self.diagnostics = diagnostics
    }
}

public struct IndicatorOutcome: Hashable, Sendable {
    public var name: String
    /// The criteria above it, outermost first (without the score itself).
    public var criterionPath: [String]
    public var raw: Double?
    public var transformed: Double?
    public var normalised: Double?
    /// Its share of the score: normalised × the product of its weight shares up the tree (means
    /// only; nil under geometric/min/max, where a share is not defined).
    public var contribution: Double?
    public var missing: String?
    public init(name: String, criterionPath: [String], raw: Double?, transformed: Double?, normalised: Double?,
                contribution: Double?, missing: String?) {
        self.name = name; self.criterionPath = criterionPath; self.raw = raw; self.transformed = transformed
        self.normalised = normalised; self.contribution = contribution; self.missing = missing
    }
}

public struct CriterionOutcome: Hashable, Sendable {
    public var name: String
    public var criterionPath: [String]
    public var value: Double?
    public var contribution: Double?
    public init(name: String, criterionPath: [String], value: Double?, contribution: Double?) {
        self.name = name; self.criterionPath = criterionPath; self.value = value; self.contribution = contribution
    }
}

public struct UnitOutcome: Hashable, Sendable {
    public var id: UnitID
    public var name: String
    public var parent: UnitID?
    public var eligible: Bool
    /// Why the unit is not ranked (failed gates, forced exclusion, a missing criterion, no score);
    /// for a unit an include forced in, the gate failures it overrode, marked as such.
    public var exclusions: [String]
    /// A forced inclusion or exclusion, with its reason.
    public var override: String?
    public var score: Double?
    public var rank: Int?
    public var rankInParent: Int?
    public var priorityClass: String?
    /// Criteria in declaration order, depth first.
    public var criteria: [CriterionOutcome] {
        get { explanation.criteria }
        set { explanation = .stored(newValue, explanation.indicators, explanation.drivers) }
    }
    public var indicators: [IndicatorOutcome] {
        get { explanation.indicators }
        set { explanation = .stored(explanation.criteria, newValue, explanation.drivers) }
    }
    /// Up to three indicator names with the largest contribution (ties by name).
    public var drivers: [String] {
        get { explanation.drivers }
        set { explanation = .stored(explanation.criteria, explanation.indicators, newValue) }
    }
    /// The criteria, indicators and drivers: as given, or read from the ranking's columns when asked.
    var explanation: UnitExplanation
    /// "indicator: reason" for every missing indicator.
    public var missing: [String]
    public var flags: [String]
    public var cost: Double?
    public var selected: Bool
    public var selectionReason: String
    public init(id: UnitID, name: String, parent: UnitID?, eligible: Bool, exclusions: [String], override: String?,
                score: Double?, rank: Int?, rankInParent: Int?, priorityClass: String?, criteria: [CriterionOutcome],
                indicators: [IndicatorOutcome], drivers: [String], missing: [String], flags: [String], cost: Double?,
                selected: Bool, selectionReason: String) {
        self.id = id; self.name = name; self.parent = parent; self.eligible = eligible; self.exclusions = exclusions
        self.override = override; self.score = score; self.rank = rank; self.rankInParent = rankInParent
        self.priorityClass = priorityClass; self.explanation = .stored(criteria, indicators, drivers)
        self.missing = missing; self.flags = flags; self.cost = cost
        self.selected = selected; self.selectionReason = selectionReason
    }

    /// An outcome whose criteria, indicators and drivers are those of unit `unit` of `source`, built
    /// only when read (the ranking keeps them in columns; most runs read them once, to write them).
    public init(id: UnitID, name: String, parent: UnitID?, eligible: Bool, exclusions: [String], override: String?,
                score: Double?, explainedBy source: any UnitExplanationSource, unit: Int, missing: [String], flags: [String],
                cost: Double?) {
        self.id = id; self.name = name; self.parent = parent; self.eligible = eligible; self.exclusions = exclusions
        self.override = override; self.score = score; self.explanation = .columns(source, unit)
        self.missing = missing; self.flags = flags; self.cost = cost; self.selected = false; self.selectionReason = "not ranked"
    }

    /// `indicators.first { $0.name == name }` without building the others (names are unique in a
    /// method); `topLevel`: only an indicator directly under the score (an empty path).
    public func indicator(named name: String, topLevel: Bool = false) -> IndicatorOutcome? {
        switch explanation {
        case .stored(_, let indicators, _): return indicators.first { $0.name == name && (!topLevel || $0.criterionPath.isEmpty) }
        case .columns(let source, let unit):
            return source.indicator(named: name, of: unit).flatMap { !topLevel || $0.criterionPath.isEmpty ? $0 : nil }
        }
    }

    /// `criteria.first { $0.name == name }` without building the others; `topLevel`: only a
    /// criterion directly under the score (an empty path).
    public func criterion(named name: String, topLevel: Bool = false) -> CriterionOutcome? {
        switch explanation {
        case .stored(let criteria, _, _): return criteria.first { $0.name == name && (!topLevel || $0.criterionPath.isEmpty) }
        case .columns(let source, let unit):
            return source.criterion(named: name, of: unit).flatMap { !topLevel || $0.criterionPath.isEmpty ? $0 : nil }
        }
    }
}

/// Where a unit's explanation is read from when it is not stored in its outcome (the ranking's
/// columns): one source shared by every outcome of a ranking, read-only once built.
public protocol UnitExplanationSource: Sendable {
    func criteria(of unit: Int) -> [CriterionOutcome]
    func indicators(of unit: Int) -> [IndicatorOutcome]
    func drivers(of unit: Int) -> [String]
    func indicator(named name: String, of unit: Int) -> IndicatorOutcome?
    func criterion(named name: String, of unit: Int) -> CriterionOutcome?
}

/// A unit's criteria, indicators and drivers, stored or read from a shared source. Two outcomes
/// are equal when what they show is, wherever it is kept.
enum UnitExplanation: Hashable, Sendable {
    case stored([CriterionOutcome], [IndicatorOutcome], [String])
    case columns(any UnitExplanationSource, Int)

    var criteria: [CriterionOutcome] {
        switch self { case .stored(let c, _, _): return c; case .columns(let s, let u): return s.criteria(of: u) }
    }
    var indicators: [IndicatorOutcome] {
        switch self { case .stored(_, let i, _): return i; case .columns(let s, let u): return s.indicators(of: u) }
    }
    var drivers: [String] {
        switch self { case .stored(_, _, let d): return d; case .columns(let s, let u): return s.drivers(of: u) }
    }

    static func == (a: UnitExplanation, b: UnitExplanation) -> Bool {
        a.criteria == b.criteria && a.indicators == b.indicators && a.drivers == b.drivers
    }
    func hash(into hasher: inout Hasher) {
        hasher.combine(criteria); hasher.combine(indicators); hasher.combine(drivers)
    }
}

/// The numbers an indicator's normalisation took from the units ranked, so that every scaled
/// value can be recomputed from its transformed one: the observed min and max for min–max, the
/// fixed goalposts for goalposts, the mean and population standard deviation for a z-score
/// (nil where the method uses no such number, or no unit has a value).
public struct NormalisationBounds: Hashable, Sendable {
    public var indicator: String
    /// Units ranked that have a value for the indicator.
    public var count: Int
    public var min: Double?
    public var max: Double?
    public var mean: Double?
    public var sd: Double?
    public init(indicator: String, count: Int, min: Double? = nil, max: Double? = nil, mean: Double? = nil, sd: Double? = nil) {
        self.indicator = indicator; self.count = count; self.min = min; self.max = max; self.mean = mean; self.sd = sd
    }
}

public struct RankingResult: Hashable, Sendable {
    public var method: MethodDescription
    /// Ranked units by rank, then the units not ranked by id.
    public var units: [UnitOutcome]
    public var selectedCount: Int
    public var selectedCost: Double?
    public var diagnostics: [Diagnostic]
    /// Per indicator (declaration order), the bounds its normalisation used.
    public var normalisationBounds: [NormalisationBounds] = []
    /// Ranks over the uncertainty runs, when an analysis was run.
    public var uncertainty: UncertaintyResult? = nil
    /// The model the score's weights were fitted with (`fit_weights`), when they were.
    public var fittedWeights: FittedModel? = nil
    public init(method: MethodDescription, units: [UnitOutcome], selectedCount: Int, selectedCost: Double?,
                diagnostics: [Diagnostic]) {
        self.method = method; self.units = units; self.selectedCount = selectedCount
        self.selectedCost = selectedCost; self.diagnostics = diagnostics
    }
}
