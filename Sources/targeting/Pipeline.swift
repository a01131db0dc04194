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
        var options: [(String, String)] = []
    }

    static func run(_ s: Settings, progress: Progress) throws -> RunRecord {
        progress.step("loading \(s.project)")
        let project = try ProjectLoader.load(manifestPath: s.project)
        let asOf = try resolveAsOf(s.asOf, manifest: project.manifest)
        let rulesPath = try resolveRules(s.rules, manifest: project.manifest)
        progress.detail("\(project.units.count) units, \(project.layers.count) layers, \(project.diagnostics.count) warnings while loading")

        progress.step("loading rules \(rulesPath)")
        let units = project.units
        let program = try RulesEngine.load(scriptPath: rulesPath, asOf: asOf, units: ruleUnits(units),
                                           limits: .scaled(forUnits: units.count))
        try FactCheck.check(program.facts, rulesPath: rulesPath, project: project)
        if s.selection.budget != nil && program.method.selection.costSource == nil {
            throw TargetingError("--budget needs a cost per unit, and \(rulesPath) declares none",
                                 at: SourceLocation(file: rulesPath),
                                 hint: "add selection { cost = \"COST_FIELD\" } or selection { cost = function(u) return … end } to the rules")
        }

        progress.step("joining layers onto \(units.count) units")
        let engine = try FactEngine(units: units, layers: project.layers)
        var facts: [(spec: FactSpec, values: [Double?])] = []
        var factDiagnostics: [Diagnostic] = []
        for spec in program.facts {
            if let w = spec.window, let from = w.from, let to = w.to, to < from {
                factDiagnostics.append(Diagnostic(.warning, SourceLocation(file: rulesPath, line: FactCheck.declarationLine(of: spec.name, in: (try? String(contentsOfFile: rulesPath, encoding: .utf8)) ?? "")),
                    code: "empty-window", "fact \(spec.name): its window \(w) is empty at as_of \(asOf), so it counts nothing",
                    hint: "check the from/to dates of the fact"))
            }
            let r: FactResult
            do { r = try engine.evaluate(spec) } catch let e as TargetingError {
                var e = e
                if e.location == nil { e.location = SourceLocation(file: rulesPath) }
                if !e.message.hasPrefix("fact \(spec.name)") { e.message = "fact \(spec.name): " + e.message }
                throw e
            }
            facts.append((spec, r.values))
            factDiagnostics += r.diagnostics
            progress.detail("fact \(spec.name): \(r.rowsUsed) rows used")
        }
        let byName = Dictionary(facts.map { ($0.spec.name, $0.values) }, uniquingKeysWith: { a, _ in a })

        progress.step("evaluating rules for \(units.count) units")
        let input = try program.evaluate { spec in byName[spec.name] ?? [] }
        progress.detail("rules used \(program.instructionsUsed) Lua instructions, peak \(program.memoryPeakBytes / 1024) KiB")
        progress.step("ranking")
        let result = try Ranker.rank(input, selection: s.selection.isEmpty ? nil : s.selection)

        var placements: [(layer: String, placement: LayerPlacement)] = []
        for layer in project.layers.map(\.name) where program.facts.contains(where: { $0.layer == layer }) {
            placements.append((layer, try engine.placement(ofLayer: layer)))
        }
        return RunRecord(project: project, result: result, facts: facts, placements: placements, rulesPath: rulesPath,
                         rulesSHA256: try sha256(of: rulesPath), manifestSHA256: try sha256(of: s.project), asOf: asOf,
                         options: s.options, toolVersion: version, runDiagnostics: engine.diagnostics + factDiagnostics)
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
                                 hint: path == nil ? "set rules = \"…\" in \(manifest.file) or pass --rules" : "check the --rules path")
        }
        return relativeIfInside(chosen)
    }

    /// Paths in outputs are written relative to the working folder when they are inside it, so the
    /// outputs do not depend on where the repository was cloned.
    static func relativeIfInside(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        let abs = URL(fileURLWithPath: path).standardizedFileURL.path
        return abs.hasPrefix(cwd) ? String(abs.dropFirst(cwd.count)) : abs
    }

    static func sha256(of path: String) throws -> String {
        guard let d = FileManager.default.contents(atPath: path) else { throw TargetingError("cannot read \(path)") }
        return SHA256.hex(d)
    }
}
