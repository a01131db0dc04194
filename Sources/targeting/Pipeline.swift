import Foundation
import Domain
import Joins
import Manifest
import Outputs
import Project
import Ranking
import Reports
import Rules

/// The one path every command that ranks takes: load the project, load the rules, compute the
/// facts the rules declare, evaluate the rules per unit, rank and select.
enum Pipeline {
    static let version = "0.1.0"

    struct Settings {
        var project: String
        var rules: String?
        var asOf: String?
        var selection = SelectionSettings()
        /// `--uncertainty N`: the run count of the rules' uncertainty analysis (0: off); nil: as declared.
        var uncertaintyRuns: Int? = nil
        var options: [(String, String)] = []
    }

    /// What a run and `check` both need before any fact is computed: the project loaded, the date,
    /// the rules script read once (its text is loaded, checked and hashed from the same bytes),
    /// the rules program, and the warnings of checking its facts against the project.
    struct Prepared {
        var project: LoadedProject
        var asOf: ISODate
        var rules: RulesScript
        var program: RulesProgram
        var warnings: [Diagnostic]
    }

    static func prepare(_ s: Settings, progress: Progress) throws -> Prepared {
        progress.step("loading \(s.project)")
        let project = try ProjectLoader.load(manifestPath: s.project, counter: progress.counter)
        progress.announceReadingChoices(project.diagnostics)
        let asOf = try resolveAsOf(s.asOf, manifest: project.manifest)
        let rules = try RulesScript(path: try resolveRules(s.rules, manifest: project.manifest))
        progress.detail("\(project.units.count) units, \(project.layers.count) layers, \(project.diagnostics.count) warnings while loading")

        progress.step("loading rules \(rules.path)")
        let units = project.units
        let program = try RulesEngine.load(source: rules.text, chunkname: rules.path, asOf: asOf, units: ruleUnits(units),
                                           limits: .scaled(forUnits: units.count))
        let warnings = try FactCheck.check(program.facts, rules: rules, project: project, asOf: asOf) + program.warnings
        // A criterion left out of the score or a gap between windows changes what the list means:
        // said on the console at once (they are also in the run's diagnostics).
        if progress.level != .quiet {
            progress.done()
            for w in program.warnings { FileHandle.standardError.write(Data("\(w)\n".utf8)) }
            for w in warnings where w.code == "window-outside-data" { FileHandle.standardError.write(Data("\(w)\n".utf8)) }
        }
        if s.selection.budget != nil && program.method.selection.costSource == nil {
            throw TargetingError("--budget needs a cost per unit, and \(rules.path) declares none",
                                 at: SourceLocation(file: rules.path),
                                 hint: "add selection { cost = \"COST_FIELD\" } or selection { cost = function(u) return … end } to the rules")
        }
        return Prepared(project: project, asOf: asOf, rules: rules, program: program, warnings: warnings)
    }

    static func run(_ s: Settings, progress: Progress) throws -> RunRecord {
        let prepared = try prepare(s, progress: progress)
        let project = prepared.project, asOf = prepared.asOf, program = prepared.program
        let rulesPath = prepared.rules.path
        let units = project.units

        progress.step("joining layers onto \(units.count) units")
        let engine = try FactEngine(units: units, layers: project.layers)
        engine.rowBound = RunRecord.factRowsBound  // fact_rows.csv: the rows behind every number
        let (facts, factRows) = try computeFacts(program, engine: engine, rulesPath: rulesPath, progress: progress)
        let byName = Dictionary(facts.map { ($0.spec.name, $0.values) }, uniquingKeysWith: { a, _ in a })

        progress.step("evaluating rules for \(units.count) units")
        let input = try program.evaluate { spec in byName[spec.name] ?? [] }
        let constant = ConstantCheck.facts(facts, rules: prepared.rules) + ConstantCheck.indicators(input)
        if progress.level != .quiet, !constant.isEmpty {
            progress.done()
            for w in constant { FileHandle.standardError.write(Data("\(w)\n".utf8)) }
        }
        progress.detail("rules used \(program.instructionsUsed) Lua instructions, peak \(program.memoryPeakBytes / 1024) KiB")
        progress.step("ranking")
        var result = try Ranker.rank(input, selection: s.selection.isEmpty ? nil : s.selection)
        result.uncertainty = try UncertaintyStep.run(result, runs: s.uncertaintyRuns, rulesPath: rulesPath, progress: progress)

        var placements: [(layer: String, placement: LayerPlacement)] = []
        for layer in project.layers.map(\.name) where program.facts.contains(where: { $0.layer == layer }) {
            placements.append((layer, try engine.placement(ofLayer: layer)))
        }
        var record = RunRecord(project: project, result: result, facts: facts, placements: placements, rulesPath: rulesPath,
                               rulesSHA256: prepared.rules.sha256, manifestSHA256: try sha256(ofFile: s.project), asOf: asOf,
                               options: s.options + UncertaintyStep.option(s.uncertaintyRuns, result), toolVersion: version, runDiagnostics: prepared.warnings + constant + engine.diagnostics)
        record.factRows = factRows
        return record
    }

    /// The facts the rules declare, computed on the project's layers; errors name the fact.
    static func computeFacts(_ program: RulesProgram, engine: FactEngine, rulesPath: String,
                             progress: Progress) throws -> (facts: [(spec: FactSpec, values: [Double?])], rows: [String: FactRows]) {
        var facts: [(spec: FactSpec, values: [Double?])] = []
        var factRows: [String: FactRows] = [:]
        let factsDone = progress.counter("computing facts", unit: "facts", total: program.facts.count)
        for spec in program.facts {
            let r: FactResult
            do { r = try engine.evaluate(spec) } catch let e as TargetingError {
                var e = e
                if e.location == nil { e.location = SourceLocation(file: rulesPath) }
                if !e.message.hasPrefix("fact \(spec.name)") { e.message = "fact \(spec.name): " + e.message }
                throw e
            }
            facts.append((spec, r.values))
            if let rows = r.rows, factRows[spec.name] == nil { factRows[spec.name] = rows }
            factsDone(facts.count)
            progress.detail("fact \(spec.name): \(r.rowsUsed) rows used")
        }
        return (facts, factRows)
    }

    /// The units as the rules see them: id, name, parent, population and every attribute.
    static func ruleUnits(_ units: UnitSet) -> [RuleUnit] {
        (0..<units.count).map { i in
            RuleUnit(id: units.ids[i], name: units.names[i], parent: units.parents[i], population: units.population[i],
                     attributes: Dictionary(zip(units.fields.map(\.name), units.attributes[i]), uniquingKeysWith: { a, _ in a }))
        }
    }

    static func resolveAsOf(_ text: String?, manifest: ProjectManifest) throws -> ISODate {
        if let text {
            guard let d = ISODate(iso: text) else {
                throw TargetingError("--as-of \(text) is not a date", hint: "write it as YYYY-MM-DD, e.g. --as-of 2020-12-31")
            }
            return d
        }
        guard let d = manifest.asOf else {
            throw TargetingError("no as_of date: the manifest does not set one and --as-of was not given",
                                 at: SourceLocation(file: manifest.file), hint: "add as_of = \"YYYY-MM-DD\" to the manifest or pass --as-of")
        }
        return d
    }

    static func resolveRules(_ path: String?, manifest: ProjectManifest) throws -> String {
        let chosen = path ?? manifest.rules?.resolved ?? "Scripts/criteria.lua"
        guard FileManager.default.fileExists(atPath: chosen) else {
            throw TargetingError("rules script \(chosen) not found",
                                 hint: path == nil ? "set rules = \"…\" in \(manifest.file) or pass --rules" : "check the path of the rules script given on the command line")
        }
        return WorkingFolder.relative(chosen)
    }

    static func sha256(ofFile path: String) throws -> String {
        SHA256.hex(try InputFile.read(path: path, role: "project manifest", limit: InputFile.maxTextBytes))
    }
}

/// A rules script read once: the text the engine loads, the checks search and the run manifest
/// hashes are the same bytes.
struct RulesScript {
    let path: String
    let text: String
    let sha256: String

    init(path: String) throws {
        let data = try InputFile.read(path: path, role: "rules script", limit: InputFile.maxTextBytes)
        guard let text = String(validating: data, as: UTF8.self) else {
            throw TargetingError("the rules script is not UTF-8 text", at: SourceLocation(file: path),
                                 hint: "save it as UTF-8")
        }
        self.path = path
        self.text = text
        self.sha256 = SHA256.hex(data)
    }
}
