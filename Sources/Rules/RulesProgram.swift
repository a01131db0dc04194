import CLuaSandbox
import Domain

/// A loaded script: the facts it needs, the method it declares, and the per-unit rule functions
/// waiting to be evaluated. Holds its Lua state; use from one thread.
public final class RulesProgram {
    /// What the engine must compute, one value per unit, before `evaluate`.
    public let facts: [FactSpec]
    public let method: MethodDescription
    /// Lines the script printed while loading (`print(...)`), with their script line.
    public let log: [String]
    public let units: [RuleUnit]
    /// Warnings found while loading: criteria or indicators left out of the score, windows of one
    /// measure with a gap or an overlap between them.
    public let warnings: [Diagnostic]
    let sandbox: LuaSandbox
    let declaration: Declaration
    let chunkname: String
    /// The units' values as the rules read them through the C API.
    let columns: UnitColumns

    init(sandbox: LuaSandbox, declaration: Declaration, method: MethodDescription, units: [RuleUnit], chunkname: String) {
        self.sandbox = sandbox; self.declaration = declaration; self.method = method; self.units = units
        self.facts = method.facts; self.log = declaration.log; self.chunkname = chunkname
        self.warnings = MethodBuilder.warnings(declaration, method: method)
        self.columns = UnitColumns(units: units)
    }

    /// The unit layer's field names (every unit has the same fields; a value may be null).
    var fieldNames: [String] { Set(units.flatMap(\.attributes.keys)).sorted() }

    /// Units evaluated per call of the C layer (`lsb_evaluate`).
    static let batchSize = 1000

    public var instructionsUsed: Int64 { sandbox.instructionsUsed }
    /// Wall-clock seconds spent inside Lua so far (loading and evaluating).
    public var secondsInLua: Double { sandbox.secondsUsed }
    public var memoryPeakBytes: Int { sandbox.memoryPeak }

    /// Ids named by overrides and locks must exist (a typo would otherwise silently do nothing).
    func checkUnitReferences() throws {
        guard !units.isEmpty else { return }
        let known = Set(units.map(\.id))
        for o in declaration.overrides {
            for id in o.units where !known.contains(UnitID(id)) {
                throw TargetingError("\(o.action): unit \(id) is not among the \(units.count) units", at: MethodBuilder.location(o.where),
                                     hint: "check the id (units are identified by p-code)")
            }
        }
        for id in method.selection.lockedIn + method.selection.lockedOut where !known.contains(id) {
            throw TargetingError("selection: locked unit \(id) is not among the \(units.count) units", at: SourceLocation(file: chunkname))
        }
    }

    /// `u.attr["NAME"]` and `u.attr.NAME` written in the script, and `cost = "NAME"`, must name a
    /// field of the units: a typo would make a value missing for every unit.
    func checkAttributeNames(source: String) throws {
        guard !units.isEmpty else { return }
        let fields = fieldNames
        let known = Set(fields)
        var uses = AttributeUses.find(in: source).map { (name: $0.name, at: SourceLocation(file: chunkname, line: $0.line)) }
        if let s = declaration.selection, let source = s.cost_source, source.hasPrefix("attribute ") {
            uses.append((String(source.dropFirst("attribute ".count)), s.where.map(MethodBuilder.location) ?? SourceLocation(file: chunkname)))
        }
        for use in uses where !known.contains(use.name) {
            throw TargetingError("u.attr[\"\(use.name)\"]: the units have no field \(use.name)", at: use.at,
                                 hint: AttributeUses.hint(use.name, fields: fields))
        }
    }

    /// Evaluates every rule function for every unit, with the facts given by `provider` (one value
    /// per unit in unit order, nil = missing), and returns the input of `Ranker.rank`. The first
    /// runtime error stops it, unless it happens in a unit that a gate or an exclusion has already
    /// kept out of the ranking: that one is reported among the diagnostics.
    public func evaluate(facts provider: (FactSpec) throws -> [Double?]) throws -> RankingInput {
        let run = try evaluate(facts: provider, sample: Array(units.indices))
        if let first = run.errors.first { throw first }
        return run.input
    }

    /// What `targeting check` reports: the input for the units evaluated and every runtime error
    /// (in unit order, then rule order) instead of the first.
    public struct Evaluation {
        public var input: RankingInput
        public var errors: [TargetingError]
    }

    /// Evaluates the rule functions for the units at `sample` (indices into `units`, ascending).
    public func evaluate(facts provider: (FactSpec) throws -> [Double?], sample: [Int]) throws -> Evaluation {
        var factValues: [String: [Double?]] = [:]
        for spec in facts {
            let values = try provider(spec)
            guard values.count == units.count else {
                throw TargetingError("fact \(spec.name): \(values.count) values for \(units.count) units", at: SourceLocation(file: chunkname),
                                     hint: "the fact provider must give one value per unit, in unit order")
            }
            for (i, v) in values.enumerated() where v.map({ !$0.isFinite }) ?? false {
                throw TargetingError("fact \(spec.name) is not a finite number for unit \(units[i].id)", at: SourceLocation(file: chunkname))
            }
            factValues[spec.name] = values
        }
        let fns = declaration.unit_fns
        // Every rule result in one array, unit by unit (sample order), then rule by rule.
        var outputs: [RuleOutput] = []
        outputs.reserveCapacity(sample.count * fns.count)
        // Fact values by unit, in the order the script declared them (the C layer's columns).
        var table = [Double](repeating: .nan, count: units.count * facts.count)
        for (j, spec) in facts.enumerated() {
            for (i, v) in (factValues[spec.name] ?? []).enumerated() { if let v { table[i * facts.count + j] = v } }
        }
        // In batches, so that the result texts held at a time do not grow with the number of units.
        try columns.withCUnits(facts: table, factCount: facts.count) { cUnits in
            for start in stride(from: 0, to: fns.isEmpty ? 0 : sample.count, by: Self.batchSize) {
                let batch = Array(sample[start..<min(start + Self.batchSize, sample.count)])
                var results: [lsb_rule_result] = [], texts: [UInt8] = []
                try batch.withUnsafeBufferPointer { indices in
                    cUnits.count = batch.count
                    cUnits.indices = indices.baseAddress
                    try RulesEngine.run(chunkname) { (results, texts) = try sandbox.evaluate(&cUnits, resultCount: batch.count * fns.count) }
                    cUnits.indices = nil
                }
                for r in results { outputs.append(try RuleOutput(r, texts: texts, chunkname: chunkname)) }
            }
        }
        let factIndicators = method.score.indicators.compactMap { ind in
            ind.fact.map { FactIndicator(name: ind.name, fact: $0, values: factValues[$0]) }
        }
        let roles = fns.map { fn -> FunctionRole in
            fn.kind == "gate" ? .gate(reason: declaration.gates.first { $0.name == fn.name }?.reason ?? fn.name) : FunctionRole(kind: fn.kind)
        }
        let template = RawTemplate(factIndicators: factIndicators, factColumns: factIndicators.map { ind in facts.firstIndex { $0.name == ind.fact } },
                                   functions: fns.map(\.name), roles: roles)
        let factTable = FactTable(values: table, count: facts.count)
        var inputs: [RankingUnitInput] = []
        inputs.reserveCapacity(sample.count)
        var errors: [TargetingError] = []
        var tolerated: [Diagnostic] = []
        for (k, i) in sample.enumerated() {
            // Built in place in the array: a RankingUnitInput copied costs more than the rest of its making.
            inputs.append(RankingUnitInput(id: units[i].id, name: units[i].name, parent: units[i].parent))
            let (unitErrors, excluded) = fillInput(&inputs[inputs.count - 1], unit: i, outputs, from: k * fns.count, roles: roles,
                                                   factIndicators, template: template, facts: factTable)
            if unitErrors.isEmpty { continue }
            let input = inputs[inputs.count - 1]
            if excluded {
                tolerated += unitErrors.map { e in
                    Diagnostic(.warning, e.location ?? SourceLocation(file: chunkname), code: .ruleErrorExcludedUnit,
                               "\(e.message); unit \(input.id) is not ranked (\(Self.exclusionReason(input))), so the run goes on",
                               hint: e.hint ?? "fix the rule: the error would stop the run if the unit were ranked")
                }
            } else {
                errors += unitErrors
            }
        }
        return Evaluation(input: RankingInput(method: method, units: inputs, diagnostics: diagnostics(sample) + tolerated), errors: errors)
    }

    /// What a rule function's result means for the unit, decided once per evaluation rather than
    /// by comparing its kind's text for every unit.
    enum FunctionRole {
        case indicator, cost, flag, other
        /// The reason a failed gate gives (the gate's own, else its name).
        case gate(reason: String)

        /// A role without a reason (a gate's is given by the caller).
        init(kind: String) {
            switch kind {
            case "indicator": self = .indicator
            case "cost": self = .cost
            case "flag": self = .flag
            default: self = .other
            }
        }
    }

    struct FactIndicator { var name: String; var fact: String; var values: [Double?]? }

    /// The facts' values by unit, as the C layer reads them: unit `i`'s fact `j` at
    /// `values[i * count + j]`, NaN when missing.
    struct FactTable {
        let values: [Double]
        let count: Int
        func value(unit i: Int, fact j: Int) -> Double? {
            let v = values[i * count + j]
            return v.isNaN ? nil : v
        }
    }

    /// The raw values of a unit that has every indicator, as one dictionary shape: copying it and
    /// setting each value at its index hashes no name, where entering each name hashes it (once
    /// the main cost of evaluation per unit).
    struct RawTemplate {
        typealias Slot = Dictionary<String, Double>.Index
        let dictionary: [String: Double]
        /// Per fact indicator (in order), its slot and its fact's column in the `FactTable`.
        let factSlots: [Slot]
        let factColumns: [Int]
        /// The indicator functions: their position among the rule functions, their slot.
        let functionSlots: [(function: Int, slot: Slot)]

        /// nil when two indicators share a name (then every unit takes the one-by-one path).
        /// `factColumns`: per fact indicator, its fact's column (nil: the fact has no values).
        init?(factIndicators: [FactIndicator], factColumns: [Int?], functions: [String], roles: [FunctionRole]) {
            let columns = factColumns.compactMap { $0 }
            guard columns.count == factIndicators.count else { return nil }
            let indicatorFunctions = roles.indices.filter { if case .indicator = roles[$0] { return true } else { return false } }
            let names = factIndicators.map(\.name) + indicatorFunctions.map { functions[$0] }
            guard Set(names).count == names.count else { return nil }
            var d: [String: Double] = [:]
            d.reserveCapacity(names.count)
            for name in names { d[name] = 0 }
            let facts = factIndicators.compactMap { d.index(forKey: $0.name) }
            guard facts.count == factIndicators.count else { return nil }
            var slots: [(function: Int, slot: Slot)] = []
            for k in indicatorFunctions {
                guard let slot = d.index(forKey: functions[k]) else { return nil }
                slots.append((k, slot))
            }
            dictionary = d; factSlots = facts; self.factColumns = columns; functionSlots = slots
        }

        /// The unit's raw values when every indicator has a number, else nil.
        func filled(unit i: Int, _ out: [RuleOutput], from base: Int, facts: FactTable) -> [String: Double]? {
            var raw = dictionary
            for s in factSlots.indices {
                guard let v = facts.value(unit: i, fact: factColumns[s]) else { return nil }
                raw.values[factSlots[s]] = v
            }
            for f in functionSlots {
                guard case .number(let v) = out[base + f.function] else { return nil }
                raw.values[f.slot] = v
            }
            return raw
        }
    }

    static func exclusionReason(_ u: RankingUnitInput) -> String {
        if u.overrideAction == .exclude { return "excluded: \(u.overrideReason ?? "")" }
        return u.failedGates.keys.sorted().map { "gate \($0)" }.joined(separator: ", ")
    }

    /// One unit's rule results entered in `input` (its id, name and parent set); its runtime errors;
    /// whether it is kept out of the ranking whatever
    /// the failed rules would have said (a gate failed or an exclusion applies, and no override
    /// rule failed, which could have let it in).
    /// `factIndicators`: the indicators that read a fact, with the fact's values (looked up once,
    /// not per unit).
    /// `out[base...]`: the unit's results, one per rule function; `roles`: what each function is.
    private func fillInput(_ input: inout RankingUnitInput, unit i: Int, _ out: [RuleOutput], from base: Int, roles: [FunctionRole],
                           _ factIndicators: [FactIndicator], template: RawTemplate?, facts: FactTable) -> ([TargetingError], Bool) {
        let id = units[i].id
        var errors: [TargetingError] = []
        // A unit with every indicator value present (most) copies the template; any other unit
        // has its values and reasons entered one by one.
        let filled = template?.filled(unit: i, out, from: base, facts: facts)
        if let filled {
            input.raw = filled
        } else {
            input.raw.reserveCapacity(factIndicators.count + declaration.unit_fns.count)
            for ind in factIndicators {
                if let v = ind.values?[i] ?? nil { input.raw[ind.name] = v } else { input.missing[ind.name] = "missing \(ind.fact)" }
            }
        }
        let fns = declaration.unit_fns
        // By index: a rule's declaration (three texts) is read only where its name is needed.
        for k in fns.indices {
            let o = out[base + k]
            if case .error(let text) = o { errors.append(runtimeError(text)); continue }
            switch roles[k] {
            case .indicator:
                guard filled == nil else { break }
                switch o {
                case .number(let v): input.raw[fns[k].name] = v
                case .missing(let why): input.missing[fns[k].name] = why
                default: break
                }
            case .cost:
                switch o {
                case .number(let v): input.cost = v
                case .missing(let why): input.costMissing = why
                default: break
                }
            case .gate(let reason):
                switch o {
                case .no: input.failedGates[fns[k].name] = reason
                case .missing(let why): input.failedGates[fns[k].name] = "\(reason) (\(why))"
                default: break
                }
            case .flag:
                if case .yes = o { input.flags.append(fns[k].name) }
            case .other:
                break
            }
        }
        // Overrides apply in declaration order; a later one replaces an earlier one. `fn` is the
        // 1-based position of the override's `when` function among the rule functions.
        var overrideFailed = false
        for o in declaration.overrides {
            var applies = o.units.contains(id.rawValue)
            if let fn = o.fn {
                if case .yes = out[base + fn - 1] { applies = true }
                if case .error = out[base + fn - 1] { overrideFailed = true }
            }
            if applies { input.overrideAction = o.action == "exclude" ? .exclude : .include; input.overrideReason = o.reason }
        }
        let excluded = !overrideFailed && (input.overrideAction == .exclude || (!input.failedGates.isEmpty && input.overrideAction != .include))
        return (errors, excluded)
    }

    /// A rule's runtime error as the user sees it; a field name that does not exist gets a
    /// "did you mean".
    func runtimeError(_ text: String) -> TargetingError {
        var e = RulesEngine.scriptError(text, chunkname: chunkname)
        if let r = e.message.range(of: "the units have no field ") {
            let name = e.message[r.upperBound...].prefix { $0 != " " }
            e.hint = AttributeUses.hint(String(name), fields: fieldNames)
        }
        return e
    }

    private func diagnostics(_ sample: [Int]) -> [Diagnostic] {
        // A population of 0 (or below) is no figure either: per head it would divide by zero.
        sample.filter { !UnitColumns.hasPopulation(units[$0].population) }.map { units[$0] }.map {
            Diagnostic(.warning, SourceLocation(file: chunkname), code: .noPopulation,
                       "unit \($0.id) (\($0.name)) has " + ($0.population == nil ? "no population figure" : "a population of \(Value.format($0.population ?? 0))")
                       + ": it is kept out of per-head indicators, not read as zero",
                       hint: $0.population == nil ? "add it to the population field of the boundaries ([units] population in the manifest)"
                                                  : "check its figure in the population field of the boundaries ([units] population in the manifest)")
        }
    }
}

/// What one rule call gave, read from the C layer's result (lsb_rule_result).
enum RuleOutput {
    case number(Double)
    case missing(String)
    case yes
    case no
    /// A runtime error, "file:line: message (unit …, kind name)".
    case error(String)

    /// A result of a kind the host does not know, or whose text is out of bounds, is an error:
    /// never a missing value.
    init(_ r: lsb_rule_result, texts: [UInt8], chunkname: String) throws {
        func text() throws -> String {
            guard r.text_offset <= texts.count, r.text_length <= texts.count - r.text_offset else {
                throw TargetingError("internal: a rule result's text could not be read", at: SourceLocation(file: chunkname))
            }
            return String(decoding: texts[r.text_offset..<(r.text_offset + r.text_length)], as: UTF8.self)
        }
        switch UInt32(bitPattern: r.kind) {
        case LSB_RESULT_NUMBER.rawValue: self = .number(r.number)
        case LSB_RESULT_MISSING.rawValue: self = .missing(try text())
        case LSB_RESULT_TRUE.rawValue: self = .yes
        case LSB_RESULT_FALSE.rawValue: self = .no
        case LSB_RESULT_ERROR.rawValue: self = .error(try text())
        default: throw TargetingError("internal: a rule result of unknown kind \(r.kind) could not be read", at: SourceLocation(file: chunkname))
        }
    }
}
