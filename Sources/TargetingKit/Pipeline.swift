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
package enum Pipeline {
    package static let version = "0.1.0"

    package struct Settings {
        package var project: String
        package var rules: String?
        package var asOf: String?
        package var selection = SelectionSettings()
        /// `--uncertainty N`: the run count of the rules' uncertainty analysis (0: off); nil: as declared.
        package var uncertaintyRuns: Int? = nil
        package var options: [(String, String)] = []
        /// The command writes a run's outputs (units.gpkg is written through GDAL): GDAL's loading
        /// starts on another core once the project is read (see `prepare`).
        package var writesOutputs = false

        package init(project: String, rules: String? = nil, asOf: String? = nil, options: [(String, String)] = []) {
            self.project = project
            self.rules = rules
            self.asOf = asOf
            self.options = options
        }
    }

    /// What a run and `check` both need before any fact is computed: the project loaded, the date,
    /// the rules script read once (its text is loaded, checked and hashed from the same bytes),
    /// the rules program, and the warnings of checking its facts against the project.
    package struct Prepared {
        package var target: TargetingProject
        package var project: LoadedProject { target.loaded }
        package var asOf: ISODate
        package var rules: RulesScript
        package var program: RulesProgram
        package var warnings: [Diagnostic]
    }

    /// Loads the project a command names, resolves its date and rules, and prepares the rules.
    /// `joins`: the facts will be computed (a run, not `check`): the loader builds the units'
    /// edge indexes while it waits for the boundaries' review (`ProjectLoader.load`).
    package static func prepare(_ s: Settings, progress: Progress, joins: Bool = false) throws -> Prepared {
        progress.step("loading \(s.project)")
        // GDAL's hundred libraries (0.04 s of CPU) load once the layers are read, while the
        // boundaries' review finishes alone on the other core, rather than beside the reading of
        // the layers or the joins, which keep both cores busy; the GeoPackage, the first file
        // written, waits for them if need be. (A project with inputs GDAL reads started the loading
        // itself, with the reading: `ProjectLoader`.)
        let project = try TargetingProject(manifest: s.project, counter: progress.counter,
                                           layersRead: s.writesOutputs ? { preloadGDAL() } : nil, edgeIndexes: joins)
        progress.announceReadingChoices(project.loaded.diagnostics)
        let asOf = try resolveAsOf(s.asOf, manifest: project.loaded.manifest)
        let rules = try RulesScript(path: try resolveRules(s.rules, manifest: project.loaded.manifest))
        progress.detail("\(project.units.count) units, \(project.loaded.layers.count) layers, \(project.diagnostics.count) warnings while loading")
        return try prepare(project, rules: rules, asOf: asOf, budget: s.selection.budget != nil, progress: progress)
    }

    /// The warnings about the method that the console prints in full as soon as they are found
    /// (unless --quiet): the data-health summary then gives only their count.
    package static let saidWhenFound: Set<DiagnosticCode> = [
        .unusedCriterion, .unusedIndicator, .windowGap, .windowOverlap, .windowOutsideData, .constantFact, .constantIndicator,
    ]

    /// Loads the rules for the project's units and checks their facts against its layers.
    /// `budget`: a selection by budget was asked for, which needs the rules' cost.
    package static func prepare(_ target: TargetingProject, rules: RulesScript, asOf: ISODate, budget: Bool,
                                progress: Progress) throws -> Prepared {
        let project = target.loaded
        progress.step("loading rules \(rules.path)")
        let units = project.units
        let program = try RulesEngine.load(source: rules.text, chunkname: rules.path, asOf: asOf, units: ruleUnits(units),
                                           limits: .scaled(forUnits: units.count))
        let factWarnings = try FactCheck.check(program.facts, rules: rules, project: project, asOf: asOf)
        let warnings = factWarnings + program.warnings
        // A criterion left out of the score or a gap between windows changes what the list means:
        // said on the console at once (they are also in the run's diagnostics, and the console's
        // data-health summary then only counts them).
        if progress.level != .quiet {
            progress.done()
            for w in program.warnings + factWarnings where saidWhenFound.contains(w.code) { FileHandle.standardError.write(Data("\(w)\n".utf8)) }
        }
        if budget && program.method.selection.costSource == nil {
            throw TargetingError("--budget needs a cost per unit, and \(rules.path) declares none",
                                 at: SourceLocation(file: rules.path),
                                 hint: "add selection { cost = \"COST_FIELD\" } or selection { cost = function(u) return … end } to the rules")
        }
        return Prepared(target: target, asOf: asOf, rules: rules, program: program, warnings: warnings)
    }

    package static func run(_ s: Settings, progress: Progress) throws -> TargetingRun {
        try run(try prepare(s, progress: progress, joins: true), selection: s.selection, uncertaintyRuns: s.uncertaintyRuns,
                options: s.options, progress: progress)
    }

    /// Computes the facts, evaluates the rules for every unit, ranks and selects. `options`: the
    /// command-line options to record in the run manifest, to repeat the run.
    package static func run(_ prepared: Prepared, selection: SelectionSettings, uncertaintyRuns: Int?,
                            options: [(String, String)], progress: Progress) throws -> TargetingRun {
        let project = prepared.project, program = prepared.program
        let rulesPath = prepared.rules.path
        let units = project.units

        progress.step("joining layers onto \(units.count) units")
        let engine = try FactEngine(units: units, layers: project.layers, edgeIndexes: project.edgeIndexes)
        engine.rowBound = RunRecord.factRowsBound  // fact_rows.csv: the rows behind every number
        let (facts, factRows) = try computeFacts(program, engine: engine, rulesPath: rulesPath, progress: progress)
        let byName = Dictionary(facts.map { ($0.spec.name, $0.values) }, uniquingKeysWith: { a, _ in a })

        progress.step("evaluating rules for \(units.count) units")
        var input = try program.evaluate { spec in byName[spec.name] ?? [] }
        let constant = ConstantCheck.facts(facts, rules: prepared.rules) + ConstantCheck.indicators(input)
        if progress.level != .quiet, !constant.isEmpty {
            progress.done()
            for w in constant where saidWhenFound.contains(w.code) { FileHandle.standardError.write(Data("\(w)\n".utf8)) }
        }
        progress.detail("rules used \(program.instructionsUsed) Lua instructions, peak \(program.memoryPeakBytes / 1024) KiB")
        progress.step("ranking")
        // Quotas per level (the rules' and --per) count units by area of a level of the project.
        let selection = try LevelQuotaAreas.resolve(selection, project: project)
        input.method.selection = try LevelQuotaAreas.resolve(input.method.selection, project: project)
        let rank = { (input: RankingInput, facts: [String: [Double?]]) throws -> RankingResult in
            try WeightsFromData.rank(input, selection: selection.isEmpty ? nil : selection,
                                     outcome: FitOutcome.values(program.method.fittedWeights, facts: facts, units: units),
                                     population: FitOutcome.population(program.method.fittedWeights, units: units))
        }
        var result = try rank(input, byName)
        let windows = WindowAlternatives(program: program, engine: engine, facts: byName, rulesPath: rulesPath, rank: rank)
        result.uncertainty = try UncertaintyStep.run(result, runs: uncertaintyRuns, rulesPath: rulesPath, progress: progress,
                                                     rankUnder: windows.ranking)

        var record = try self.record(prepared, engine: engine, result: result, facts: facts, constant: constant,
                                     options: options + UncertaintyStep.option(uncertaintyRuns, result))
        record.factRows = factRows
        return TargetingRun(record: record, rules: prepared.rules)
    }

    /// What `run` and `check` record of a ranking: the placements of the layers the facts read,
    /// the hashes, the options and every diagnostic found on the way.
    package static func record(_ prepared: Prepared, engine: FactEngine, result: RankingResult,
                               facts: [(spec: FactSpec, values: [Double?])], constant: [Diagnostic],
                               options: [(String, String)]) throws -> RunRecord {
        var placements: [(layer: String, placement: LayerPlacement)] = []
        for layer in prepared.project.layers.map(\.name) where prepared.program.facts.contains(where: { $0.layer == layer }) {
            placements.append((layer, try engine.placement(ofLayer: layer)))
        }
        // The units' edge indexes served the joins: not kept with the record while it is written
        // (about 50 MB at 100,000 units).
        var project = prepared.project
        project.edgeIndexes = nil
        return RunRecord(project: project, result: result, facts: facts, placements: placements, rulesPath: prepared.rules.path,
                         rulesSHA256: prepared.rules.sha256, manifestSHA256: prepared.target.manifestSHA256, asOf: prepared.asOf,
                         options: options, toolVersion: version, runDiagnostics: prepared.warnings + constant + engine.diagnostics)
    }

    /// The facts the rules declare, computed on the project's layers; errors name the fact.
    package static func computeFacts(_ program: RulesProgram, engine: FactEngine, rulesPath: String,
                             progress: Progress) throws -> (facts: [(spec: FactSpec, values: [Double?])], rows: [String: FactRows]) {
        var facts: [(spec: FactSpec, values: [Double?])] = []
        var factRows: [String: FactRows] = [:]
        let factsDone = progress.counter("computing facts", unit: "facts", total: program.facts.count)
        // The facts are computed at once on every core (results and notes in the facts' order).
        let results = engine.evaluate(all: program.facts)
        for (spec, result) in zip(program.facts, results) {
            let r: FactResult
            do { r = try result.get() } catch let e as TargetingError {
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
    package static func ruleUnits(_ units: UnitSet) -> [RuleUnit] {
        (0..<units.count).map { i in
            RuleUnit(id: units.ids[i], name: units.names[i], parent: units.parents[i], population: units.population[i],
                     attributes: Dictionary(zip(units.fields.map(\.name), units.attributes[i]), uniquingKeysWith: { a, _ in a }))
        }
    }

    package static func resolveAsOf(_ text: String?, manifest: ProjectManifest) throws -> ISODate {
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

    package static func resolveRules(_ path: String?, manifest: ProjectManifest) throws -> String {
        let chosen = path ?? manifest.rules?.resolved ?? "Scripts/criteria.lua"
        // The manifest's rules file, read only when no --rules replaces it: said at its line.
        if path == nil, let rules = manifest.rules {
            do { _ = try InputFile.checkRegular(path: rules.resolved, role: "rules script") } catch let e as TargetingError {
                throw TargetingError("rules: \(e.message): \(rules.resolved)", at: SourceLocation(file: manifest.file, line: rules.line),
                                     hint: [e.hint, "paths are relative to the manifest's folder (\(manifest.folder)); or pass --rules"].compactMap { $0 }.joined(separator: "; "))
            }
        }
        guard FileManager.default.fileExists(atPath: chosen) else {
            throw TargetingError("rules script \(chosen) not found",
                                 hint: path == nil ? "set rules = \"…\" in \(manifest.file) or pass --rules" : "check the path of the rules script given on the command line")
        }
        return WorkingFolder.relative(chosen)
    }
}
