import Foundation
import Domain

/// A unit as the rules see it (`u.id`, `u.name`, `u.parent`, `u.population`, `u.attr[...]`).
public struct RuleUnit: Sendable, Hashable {
    public var id: UnitID
    public var name: String
    public var parent: UnitID?
    /// nil when the unit has no population figure: per-head indicators then are missing, not zero.
    public var population: Double?
    public var attributes: [String: Value]
    public init(id: UnitID, name: String, parent: UnitID? = nil, population: Double? = nil, attributes: [String: Value] = [:]) {
        self.id = id; self.name = name; self.parent = parent; self.population = population; self.attributes = attributes
    }
}

/// Bounds on one run of a script (loading and evaluating together).
public struct RulesLimits: Sendable, Hashable {
    public var memoryBytes: Int
    /// Lua instructions, plus 1 per 4 bytes allocated and the work of library functions that
    /// run in C (pattern matching, table shifts and sorts): deterministic, the limit that normally stops a script.
    public var instructions: Int64
    /// Processor seconds (of the thread running the rules) spent inside Lua: the backstop for work
    /// no count sees (comparing very long strings, for instance). Processor time, not wall time, so
    /// that a loaded machine never stops a script the budget would let finish.
    public var seconds: Double
    public init(memoryBytes: Int = 64 << 20, instructions: Int64 = 200_000_000, seconds: Double = 10) {
        self.memoryBytes = memoryBytes; self.instructions = instructions; self.seconds = seconds
    }

    /// The defaults plus 10,000 instructions and 1 ms per unit, so that a large project is not
    /// mistaken for an endless loop, while a script that really runs away is still stopped within
    /// seconds. The memory cap stays: units reach Lua in batches, so its memory does not grow with
    /// their number.
    public static func scaled(forUnits count: Int) -> RulesLimits {
        var limits = RulesLimits()
        limits.instructions += Int64(count) * 10_000
        limits.seconds += Double(count) / 1000
        return limits
    }
}

public enum RulesEngine {
    /// Loads and runs the script's declarations. Errors name the script file and line.
    public static func load(scriptPath: String, asOf: ISODate, units: [RuleUnit],
                            limits: RulesLimits = RulesLimits()) throws -> RulesProgram {
        let bytes = try InputFile.read(path: scriptPath, role: "rules script", limit: InputFile.maxTextBytes)
        guard let code = String(validating: bytes, as: UTF8.self) else {
            throw TargetingError("the rules script is not UTF-8 text", at: SourceLocation(file: scriptPath), hint: "save it as UTF-8")
        }
        return try load(source: code, chunkname: scriptPath, asOf: asOf, units: units, limits: limits)
    }

    /// As `load(scriptPath:…)` with the script text given; `chunkname` is what errors show.
    public static func load(source: String, chunkname: String, asOf: ISODate, units: [RuleUnit],
                            limits: RulesLimits = RulesLimits()) throws -> RulesProgram {
        var seen = Set<UnitID>()
        for u in units where !seen.insert(u.id).inserted {
            throw TargetingError("unit \(u.id) appears twice in the units given to the rules", hint: "unit ids must be unique")
        }
        let sandbox = try LuaSandbox(memoryLimit: limits.memoryBytes, instructionBudget: limits.instructions, seconds: limits.seconds)
        try run(chunkname) { try sandbox.runHost(Prelude.source, chunkname: Prelude.chunkname) }
        try run(chunkname) { _ = try sandbox.call("__host_set_schema", DeclarationSchema.preludeText) }
        try run(chunkname) { _ = try sandbox.call("__host_set_project", asOf.description, String(units.count)) }
        if !units.isEmpty {
            let fields = UnitColumns.fieldNames(units)
            try run(chunkname) { _ = try sandbox.call("__host_set_fields", fields.joined(separator: "\n")) }
        }
        try run(chunkname) { _ = try sandbox.call("__host_load", source, chunkname) }
        var value: LuaValue?
        try run(chunkname) { value = try sandbox.callForValue("__host_declaration") }
        let declaration = try read(value, chunkname: chunkname)
        try run(chunkname) { _ = try sandbox.call("__host_bind") }
        var method = try MethodBuilder.method(declaration, script: chunkname, asOf: asOf)
        method.fittedWeights = try FitWeightsBuilder.spec(declaration.fit_weights, method: method)
        method.uncertainty = try UncertaintyBuilder.settings(declaration.uncertainty, score: method.score, fitted: method.fittedWeights,
                                                             facts: method.facts)
        let program = RulesProgram(sandbox: sandbox, declaration: declaration, method: method, units: units, chunkname: chunkname)
        try program.checkUnitReferences()
        try program.checkAttributeNames(source: source)
        return program
    }

    /// The declaration as the prelude gave it, read with its types (LuaValueDecoder): a value of
    /// the wrong type or out of range is an error at the line of the declaration that holds it.
    static func read(_ value: LuaValue?, chunkname: String) throws -> Declaration {
        do {
            return try LuaValueDecoder.decode(Declaration.self, from: value)
        } catch let e as LuaValueDecodingError {
            let place = e.whereText.map(MethodBuilder.location)
            throw TargetingError(e.message, at: SourceLocation(file: chunkname, line: place?.line),
                                 hint: e.notText ? "save the script as UTF-8 text, or leave those bytes out"
                                    : "a value of this declaration cannot be used as it is; see Scripts/README.md for what each key takes")
        }
    }

    /// Maps sandbox failures onto user-facing errors: a script error keeps its `file:line:`.
    static func run(_ chunkname: String, _ body: () throws -> Void) throws {
        do { try body() } catch let failure as LuaSandbox.Failure {
            switch failure {
            case .script(let text): throw scriptError(text, chunkname: chunkname)
            case .budget(let text, let place):
                throw TargetingError(text, at: spentLocation(place, chunkname: chunkname),
                                     hint: "rules must finish within the instruction budget; look for a loop that never ends")
            case .time(let text, let place):
                throw TargetingError(text, at: spentLocation(place, chunkname: chunkname),
                                     hint: "rules must finish within the time limit; look for a loop that never ends or work on very long strings")
            case .memory(let text):
                throw TargetingError(text, at: SourceLocation(file: chunkname),
                                     hint: "rules must stay within the memory limit; look for a table or string that keeps growing")
            }
        }
    }

    /// Where the script was when its budget or time ran out (the C layer's "file:line"); the
    /// script's file alone when it was not in the script (in the prelude, say).
    static func spentLocation(_ place: String?, chunkname: String) -> SourceLocation {
        guard let place else { return SourceLocation(file: chunkname) }
        let loc = MethodBuilder.location(place)
        return SourceLocation(file: chunkname, line: loc.file == chunkname ? loc.line : nil)
    }

    /// "Scripts/x.lua:12: message" → location Scripts/x.lua:12 and the message.
    static func scriptError(_ text: String, chunkname: String) -> TargetingError {
        let prefix = chunkname + ":"
        if text.hasPrefix(prefix) {
            let rest = text.dropFirst(prefix.count)
            if let colon = rest.firstIndex(of: ":"), let line = Int(rest[..<colon]) {
                let message = rest[rest.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                return TargetingError(message, at: SourceLocation(file: chunkname, line: line))
            }
        }
        // "Scripts/x.lua: message" (no line): the location is given once, not twice.
        if text.hasPrefix(chunkname + ": ") {
            return TargetingError(String(text.dropFirst(chunkname.count + 2)), at: SourceLocation(file: chunkname))
        }
        return TargetingError(text, at: SourceLocation(file: chunkname))
    }
}
