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
    let sandbox: LuaSandbox
    let declaration: Declaration
    let chunkname: String

    init(sandbox: LuaSandbox, declaration: Declaration, method: MethodDescription, units: [RuleUnit], chunkname: String) {
        self.sandbox = sandbox; self.declaration = declaration; self.method = method; self.units = units
        self.facts = method.facts; self.log = declaration.log; self.chunkname = chunkname
    }

    /// Units sent to Lua per call of `__host_evaluate`.
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

    /// Evaluates every rule function for every unit, with the facts given by `provider` (one value
    /// per unit in unit order, nil = missing), and returns the input of `Ranker.rank`.
    public func evaluate(facts provider: (FactSpec) throws -> [Double?]) throws -> RankingInput {
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
        var outputs: [[RuleOutput]] = units.map { _ in [] }
        // In batches, so that Lua holds one batch of unit records at a time and its memory does not
        // grow with the number of units.
        for start in stride(from: 0, to: fns.isEmpty ? 0 : units.count, by: Self.batchSize) {
            let batch = start..<min(start + Self.batchSize, units.count)
            let source = UnitEncoding.luaSource(units: units, batch, facts: facts.map(\.name), values: factValues)
            var text = ""
            try RulesEngine.run(chunkname) { text = try sandbox.call("__host_evaluate", source) }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            guard lines.count == batch.count * fns.count else {
                throw TargetingError("internal: \(lines.count) rule results for \(batch.count) units × \(fns.count) rules", at: SourceLocation(file: chunkname))
            }
            for (k, line) in lines.enumerated() { outputs[start + k / fns.count].append(RuleOutput(line)) }
        }
        return RankingInput(method: method, units: try units.indices.map { try unitInput($0, outputs[$0], factValues) },
                            diagnostics: diagnostics())
    }

    private func unitInput(_ i: Int, _ out: [RuleOutput], _ facts: [String: [Double?]]) throws -> RankingUnitInput {
        let unit = units[i]
        var input = RankingUnitInput(id: unit.id, name: unit.name, parent: unit.parent)
        for ind in method.score.indicators {
            guard let fact = ind.fact else { continue }
            if let v = facts[fact]?[i] ?? nil { input.raw[ind.name] = v } else { input.missing[ind.name] = "missing \(fact)" }
        }
        let fns = declaration.unit_fns
        for (k, fn) in fns.enumerated() {
            let o = out[k]
            switch fn.kind {
            case "indicator":
                switch o {
                case .number(let v): input.raw[fn.name] = v
                case .missing(let why): input.missing[fn.name] = why
                default: break
                }
            case "cost":
                if case .number(let v) = o { input.cost = v }
            case "gate":
                let reason = declaration.gates.first { $0.name == fn.name }?.reason ?? fn.name
                switch o {
                case .no: input.failedGates[fn.name] = reason
                case .missing(let why): input.failedGates[fn.name] = "\(reason) (\(why))"
                default: break
                }
            case "flag":
                if case .yes = o { input.flags.append(fn.name) }
            default:
                break
            }
        }
        // Overrides apply in declaration order; a later one replaces an earlier one. `fn` is the
        // 1-based position of the override's `when` function among the rule functions.
        for o in declaration.overrides {
            var applies = o.units.contains(unit.id.rawValue)
            if let fn = o.fn, case .yes = out[fn - 1] { applies = true }
            if applies { input.overrideAction = o.action == "exclude" ? .exclude : .include; input.overrideReason = o.reason }
        }
        return input
    }

    private func diagnostics() -> [Diagnostic] {
        units.filter { $0.population == nil }.map {
            Diagnostic(.warning, SourceLocation(file: chunkname), code: "no-population",
                       "unit \($0.id) (\($0.name)) has no population figure: it is kept out of per-head indicators, not read as zero",
                       hint: "add it to the population field of the boundaries ([units] population in the manifest)")
        }
    }
}

/// One line of `__host_evaluate`'s output.
enum RuleOutput {
    case number(Double)
    case missing(String)
    case yes
    case no

    init(_ line: Substring) {
        if line == "T" { self = .yes; return }
        if line == "F" { self = .no; return }
        if line.hasPrefix("N\t"), let v = Double(line.dropFirst(2)) { self = .number(v); return }
        if line.hasPrefix("M\t") { self = .missing(String(line.dropFirst(2))); return }
        self = .missing("unreadable rule result")
    }
}

/// The units and their fact values as a Lua table constructor, read by the prelude with `load` in
/// an empty environment (text only, so no quoting trick can run code).
enum UnitEncoding {
    static func luaSource(units: [RuleUnit], _ range: Range<Int>, facts: [String], values: [String: [Double?]]) -> String {
        var s = "return {\n"
        for i in range {
            let u = units[i]
            s += "{id=\(quote(u.id.rawValue)),name=\(quote(u.name))"
            if let p = u.parent { s += ",parent=\(quote(p.rawValue))" }
            if let pop = u.population, pop.isFinite { s += ",population=\(number(pop))" }
            s += ",attr={"
            for key in u.attributes.keys.sorted() {
                guard let v = u.attributes[key], let lua = literal(v) else { continue }
                s += "[\(quote(key))]=\(lua),"
            }
            s += "},facts={"
            for name in facts {
                if let v = values[name]?[i] ?? nil { s += "[\(quote(name))]=\(number(v))," }
            }
            s += "}},\n"
        }
        return s + "}"
    }

    static func literal(_ v: Value) -> String? {
        switch v {
        case .null: return nil
        case .text(let t): return quote(t)
        case .number(let d): return d.isFinite ? number(d) : nil
        case .bool(let b): return b ? "true" : "false"
        case .date(let d): return quote(d.description)
        }
    }

    /// Shortest round-trip decimal, always with a dot or exponent so that Lua reads a float.
    static func number(_ d: Double) -> String {
        let t = "\(d)"
        return t.contains(".") || t.contains("e") ? t : t + ".0"
    }

    /// A Lua string literal with the text's UTF-8 bytes unchanged; quotes, backslashes and control
    /// bytes written as decimal escapes.
    static func quote(_ s: String) -> String {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        out.reserveCapacity(s.utf8.count + 2)
        for b in s.utf8 {
            if b < 32 || b == 127 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
                out.append(UInt8(ascii: "\\"))
                out.append(contentsOf: [b / 100, b / 10 % 10, b % 10].map { UInt8(ascii: "0") + $0 })
            } else {
                out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }
}
