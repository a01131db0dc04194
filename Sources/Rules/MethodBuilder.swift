import Domain

/// Turns the prelude's declaration into Domain values: fact specs and the method description.
/// Anything the Lua side could not check alone (references between names) is checked here, with
/// the script line of the declaration at fault.
enum MethodBuilder {
    static func location(_ text: String) -> SourceLocation {
        // "Scripts/x.lua:12" → file and line; anything else is a file name.
        if let colon = text.lastIndex(of: ":"), let line = Int(text[text.index(after: colon)...]) {
            return SourceLocation(file: String(text[..<colon]), line: line)
        }
        return SourceLocation(file: text)
    }

    /// `script`: the chunk name, for the file of each fact's location (Lua shortens long ones).
    static func facts(_ decls: [FactDecl], script: String) throws -> [FactSpec] {
        try decls.map { d in
            let aggregate: FactSpec.Aggregate
            let field = d.field ?? ""
            switch d.kind {
            case "count": aggregate = .count
            case "sum": aggregate = .sum(field: field)
            case "mean": aggregate = .mean(field: field)
            case "minimum": aggregate = .min(field: field)
            case "maximum": aggregate = .max(field: field)
            case "within": aggregate = .countWithin(km: d.km ?? 0)
            case "nearest": aggregate = .nearestKm
            case "latest": aggregate = .latestSum(field: field)
            case "per_10k": aggregate = .per10k
            case "area_km2": aggregate = .areaKm2
            case "attribute": aggregate = .attribute(field: field)
            default: throw TargetingError("unknown fact kind \(d.kind)", at: location(d.where))
            }
            let window: DateWindow? = (d.from == nil && d.to == nil) ? nil
                : DateWindow(from: d.from.map(ISODate.init(daysSinceEpoch:)), to: d.to.map(ISODate.init(daysSinceEpoch:)))
            let filters = try d.filters.map { f -> FactFilter in
                guard let op = FactFilter.Op(rawValue: f.op) else { throw TargetingError("unknown filter \(f.op)", at: location(d.where)) }
                return FactFilter(field: f.field, op: op, values: f.values.map(value))
            }
            var spec = FactSpec(name: d.name, layer: d.layer, aggregate: aggregate, filters: filters, window: window)
            spec.location = SourceLocation(file: script, line: location(d.where).line)
            return spec
        }
    }

    static func value(_ v: FilterValueDecl) -> Value {
        if let t = v.text { return .text(t) }
        if let n = v.number { return .number(n) }
        if let b = v.bool { return .bool(b) }
        if let d = v.date, let date = ISODate(iso: d) { return .date(date) }
        return .null
    }

    static func node(_ d: NodeDecl, facts: Set<String>, missing inherited: MissingPolicy = .exclude) throws -> MethodNode {
        let loc = location(d.where)
        if d.type == "indicator" {
            if let f = d.fact, !facts.contains(f) {
                throw TargetingError("indicator \(d.name) reads the fact '\(f)', which is not declared", at: loc,
                                     hint: facts.isEmpty ? "declare it in facts { … }" : "declared facts: \(facts.sorted().joined(separator: ", "))")
            }
            // The prelude checks every transform; one that reaches here unknown or without its
            // value is an error, never dropped.
            let transforms = try (d.transforms ?? []).map { t -> IndicatorTransform in
                switch (t.kind, t.value, t.lower, t.upper) {
                case ("log1p", _, _, _): return .log1p
                case ("sqrt", _, _, _): return .sqrt
                case ("cap", let v?, _, _): return .cap(v)
                case ("floor", let v?, _, _): return .floor(v)
                case ("winsorise", _, let lo?, let hi?): return .winsorise(lower: lo, upper: hi)
                default: throw TargetingError("indicator \(d.name): transform '\(t.kind)' is unknown or lacks its value", at: loc,
                                              hint: "use log1p, sqrt, cap(x), floor_at(x) or winsorise(lo, hi)")
                }
            }
            let source = d.fact.map { "fact \($0)" } ?? "function at \(d.fn_where ?? d.where)"
            return .indicator(IndicatorMethod(
                name: d.name, title: d.title, source: source, fact: d.fact, transforms: transforms,
                direction: d.direction == "lower_is_worse" ? .lowerIsWorse : .higherIsWorse,
                normalisation: try normalisation(d.scale, indicator: d.name, at: loc), weight: d.weight, location: loc))
        }
        return .criterion(CriterionMethod(name: d.name, title: d.title, weight: d.weight,
                                          aggregation: try aggregation(d.aggregate, of: "criterion \(d.name)", at: loc),
                                          children: try (d.children ?? []).map { try node($0, facts: facts, missing: inherited) },
                                          missing: try policy(d.missing, d.missing_value, of: "criterion \(d.name)", at: loc) ?? inherited, shift: d.shift ?? 0, location: loc))
    }

    /// `missing = "exclude" | "rescale" | "parent_mean" | number`; nil when not declared. A name
    /// the prelude let through unknown is an error at its line, never the inherited policy.
    static func policy(_ name: String?, _ value: Double?, of what: String, at loc: SourceLocation?) throws -> MissingPolicy? {
        if let v = value { return .value(v) }
        guard let name else { return nil }
        switch MissingPolicyName(rawValue: name) {
        case .exclude?: return .exclude
        case .rescale?: return .rescale
        case .parentMean?: return .parentMean
        case nil:
            throw TargetingError("\(what): missing = \"\(name)\" is not a missing-data policy", at: loc,
                                 hint: "use \(MissingPolicyName.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")) or a number")
        }
    }

    /// The prelude checks every scale; one that reaches here unknown or without its values is an
    /// error, never min–max in its place.
    static func normalisation(_ s: ScaleDecl?, indicator: String, at loc: SourceLocation) throws -> Normalisation {
        guard let s else { return .minMax(lower: 0, upper: 10) }
        switch (s.kind, s.min, s.max) {
        case ("minmax", _, _): return .minMax(lower: s.lower ?? 0, upper: s.upper ?? 10)
        case ("zscore", _, _): return .zScore
        case ("percentile", _, _): return .percentile(scale: s.scale ?? 10)
        case ("identity", _, _): return .identity
        case ("goalposts", let lo?, let hi?): return .goalposts(min: lo, max: hi, scale: s.scale ?? 10)
        case ("thresholds", _, _) where s.breaks != nil && s.scores != nil: return .thresholds(breaks: s.breaks ?? [], scores: s.scores ?? [])
        default:
            throw TargetingError("indicator \(indicator): scale '\(s.kind)' is unknown or lacks its values", at: loc,
                                 hint: "use \"minmax\", \"zscore\", \"percentile\", \"none\", minmax(lo, hi), goalposts(min, max), percentile_to(top) or thresholds(breaks, scores)")
        }
    }

    /// `aggregate = …`; absent: the mean. The prelude checks the name first; one it let through
    /// is still an error here, never a quiet mean.
    static func aggregation(_ s: String?, of what: String, at loc: SourceLocation?) throws -> Aggregation {
        guard let s else { return .mean }
        guard let a = Aggregation(rawValue: s) else {
            throw TargetingError("\(what): aggregate \"\(s)\" is not an aggregation", at: loc,
                                 hint: "use \"mean\", \"geometric\", \"minimum\" or \"maximum\"")
        }
        return a
    }

    static func method(_ d: Declaration, script: String, asOf: ISODate) throws -> MethodDescription {
        let factSpecs = try facts(d.facts, script: script)
        let names = Set(factSpecs.map(\.name))
        // The score's `missing =` is the policy of every criterion that declares none (default: exclude).
        let scoreLocation = d.score.where.map(location) ?? SourceLocation(file: script)
        let defaultPolicy = try policy(d.score.missing, d.score.missing_value, of: "score", at: scoreLocation) ?? .exclude
        let score = CriterionMethod(name: "score", title: d.score.title, aggregation: try aggregation(d.score.aggregate, of: "score", at: scoreLocation),
                                    children: try d.score.children.map { try node($0, facts: names, missing: defaultPolicy) },
                                    missing: defaultPolicy, shift: d.score.shift ?? 0, location: scoreLocation)
        try MethodValidation.validate(score)
        let classes = d.classes.map { c in
            ClassMethod(kind: c.breaks.map { ClassMethod.Kind.breaks($0) } ?? .quantile, labels: c.labels)
        }
        var selection = SelectionSettings()
        if let s = d.selection {
            selection = SelectionSettings(top: s.top, perParentMax: s.per_parent, perParentMin: s.at_least_per_parent,
                                          budget: s.budget, costSource: s.cost_source,
                                          lockedIn: s.locked_in.map(UnitID.init), lockedOut: s.locked_out.map(UnitID.init))
            selection.costLocation = s.where.map(location)
            selection.levelQuotas = (s.per ?? []).map { LevelQuota(level: $0.level, max: $0.max, location: s.where.map(location)) }
        }
        return MethodDescription(
            script: script, asOf: asOf, facts: factSpecs, score: score,
            gates: d.gates.map { GateMethod(name: $0.name, reason: $0.reason, location: location($0.where)) },
            overrides: d.overrides.map {
                OverrideMethod(action: $0.action == "exclude" ? .exclude : .include, units: $0.units.map(UnitID.init),
                               rule: $0.fn_where.map(location), reason: $0.reason)
            },
            flags: d.flags.map { FlagMethod(name: $0.name, reason: $0.reason, location: location($0.where)) },
            classes: classes, selection: selection)
    }

    /// Warnings about a method that loads but may not mean what it says: criteria and indicators
    /// declared and left out of the score, windows of one measure that leave a gap or overlap.
    static func warnings(_ d: Declaration, method: MethodDescription) -> [Diagnostic] {
        let unused = d.unused.map { u in
            Diagnostic(.warning, location(u.where), code: u.type == "criterion" ? .unusedCriterion : .unusedIndicator,
                       "\(u.type) \(u.name) is declared but not used: the score does not include it",
                       hint: u.type == "criterion" ? "add \"\(u.name)\" to score { … }, or delete it" : "put it inside a criterion of the score, or delete it")
        }
        return unused + WindowCheck.warnings(method.score, facts: d.facts)
    }
}
