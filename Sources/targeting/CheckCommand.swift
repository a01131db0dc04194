import ArgumentParser
import Foundation
import Domain
import Joins
import Project
import Ranking
import Reports
import Rules

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a rules script against a project: load it, compute its facts, run every rule.",
        discussion: """
        For programme designers: loads the script in the sandbox (syntax, API use, unknown options, unit \
        ids and u.attr field names it names), checks every fact it declares against the project (the \
        layer must exist and every field it names must be in that layer's file), computes the facts, \
        then runs every rule function on every unit (or on --sample N of them) and ranks them, as \
        `rank` would. Every runtime error is reported with the script's file:line, the unit and the \
        rule; warnings (criteria left out of the score, windows with a gap or an overlap) are printed. \
        Then the manifest's [quality] limits are applied as rank applies them. \
        Nothing is written. Exit 0 when the rules run cleanly, 2 otherwise, 3 when a [quality] limit is crossed \
        (unless --accept-poor-data).
        """)

    @Argument(help: "The rules script (Lua).")
    var rules: String

    @Option(name: .long, help: "The project manifest to check the script against.")
    var project: String = "Shapefiles/kasai/targeting.toml"

    @Option(name: .customLong("as-of"), help: "The reference date, YYYY-MM-DD. Default: the manifest's `as_of`.")
    var asOf: String?

    @Option(name: .long, parsing: .unconditional, help: "Run the rules on N units evenly spread through the unit list instead of all of them.")
    var sample: Int?

    @Flag(name: .customLong("accept-poor-data"),
          help: "Report OK although the input crosses a [quality] limit of the manifest (rank needs the same flag).")
    var acceptPoorData = false

    func validate() throws {
        if let n = sample, n < 1 { throw ValidationError("--sample must be at least 1") }
    }

    func run() throws {
        let progress = Progress(quiet: true, verbose: false)
        let prepared = try CommandErrors.report {
            try Pipeline.prepare(.init(project: project, rules: rules, asOf: asOf), progress: progress)
        }
        let method = prepared.program.method
        for w in prepared.warnings { print(w) }
        let count = prepared.project.units.count
        let indices = sample.map { n in n >= count ? Array(0..<count) : (0..<n).map { $0 * count / n } } ?? Array(0..<count)
        let engine = try CommandErrors.report { try FactEngine(units: prepared.project.units, layers: prepared.project.layers) }
        let facts = try CommandErrors.report {
            try Pipeline.computeFacts(prepared.program, engine: engine, rulesPath: prepared.rules.path, progress: progress).facts
        }
        let evaluation = try CommandErrors.report { () -> RulesProgram.Evaluation in
            let byName = Dictionary(facts.map { ($0.spec.name, $0.values) }, uniquingKeysWith: { a, _ in a })
            return try prepared.program.evaluate(facts: { byName[$0.name] ?? [] }, sample: indices)
        }
        // Indicators only over every unit: two sampled units can share a value by chance.
        let constant = ConstantCheck.facts(facts, rules: prepared.rules)
            + (indices.count == count ? ConstantCheck.indicators(evaluation.input) : [])
        for w in constant { print(w) }
        let evaluated = indices.count == count ? "all \(count) units" : "a sample of \(indices.count) of the \(count) units"
        for d in evaluation.input.diagnostics where d.code == "rule-error-excluded-unit" { print(d) }
        guard evaluation.errors.isEmpty else {
            for line in RuleErrorSummary.lines(evaluation.errors) {
                FileHandle.standardError.write(Data(("error: " + line + "\n").utf8))
            }
            FileHandle.standardError.write(Data("\(rules): \(evaluation.errors.count) runtime error(s) running the rules on \(evaluated)\n".utf8))
            throw ExitCode(2)
        }
        let result = try CommandErrors.report { try Ranker.rank(evaluation.input) }
        // The same [quality] limits as rank: a script that "checks OK" must not stop at rank.
        let record = try CommandErrors.report { () -> RunRecord in
            var placements: [(layer: String, placement: LayerPlacement)] = []
            for layer in prepared.project.layers.map(\.name) where method.facts.contains(where: { $0.layer == layer }) {
                placements.append((layer, try engine.placement(ofLayer: layer)))
            }
            return RunRecord(project: prepared.project, result: result, facts: facts, placements: placements, rulesPath: prepared.rules.path,
                             rulesSHA256: prepared.rules.sha256, manifestSHA256: try Pipeline.sha256(ofFile: project), asOf: prepared.asOf,
                             options: [], toolVersion: Pipeline.version, runDiagnostics: prepared.warnings + constant + engine.diagnostics)
        }
        _ = try DataHealthGate.check(record, acceptPoorData: acceptPoorData, quiet: !acceptPoorData, out: nil, progress: progress)
        let ranked = result.units.filter { $0.rank != nil }.count
        let lacking = result.units.filter { $0.exclusions.contains { $0.hasPrefix("missing criterion") } }.count
        let noPopulation = evaluation.input.diagnostics.filter { $0.code == "no-population" }.count
        if noPopulation > 0 { print("note: \(noPopulation) unit(s) without a population figure (or with 0): kept out of per-head indicators") }
        print("\(rules): OK — \(method.facts.count) facts, \(method.score.indicators.count) indicators in \(method.score.children.count) criteria, checked against \(project)")
        print("  rules run on \(evaluated): \(ranked) ranked, \(result.units.count - ranked) not ranked (\(lacking) lacking a whole criterion)")
        for f in method.facts { print("  fact \(f.description)") }
        if let u = method.uncertainty { print("  uncertainty: \(u.runs) runs, seed \(u.seed), weights varying: " + u.weights.map { "\($0.node) \($0.spread)" }.joined(separator: ", ") + (u.scoreAggregations.isEmpty ? "" : "; score aggregation drawn from " + u.scoreAggregations.map(\.rawValue).joined(separator: " / "))) }
    }
}

/// Runtime errors grouped by rule and message: the first unit in full, then how many more units
/// fail the same way (922 copies of one error would hide a second one).
enum RuleErrorSummary {
    static func lines(_ errors: [TargetingError]) -> [String] {
        var order: [String] = []
        var groups: [String: (first: TargetingError, count: Int)] = [:]
        for e in errors {
            // Same place, same message but for the unit and the numbers in it (a returned value).
            let key = "\(e.location.map { "\($0)" } ?? "")|" + e.message
                .replacingOccurrences(of: #"\(unit [^,)]*"#, with: "(unit", options: .regularExpression)
                .replacingOccurrences(of: #"-?[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?"#, with: "#", options: .regularExpression)
            if let g = groups[key] { groups[key] = (g.first, g.count + 1) } else { order.append(key); groups[key] = (e, 1) }
        }
        return order.compactMap { groups[$0] }.map { g in
            g.first.description + (g.count > 1 ? " — and \(g.count - 1) more unit(s) fail the same way" : "")
        }
    }
}

/// Checks declared facts against the loaded project: layers exist, fields exist in them, and
/// aggregates that need a date have a date column.
enum FactCheck {
    /// Throws at the first fact that cannot be computed; returns warnings (empty windows).
    static func check(_ facts: [FactSpec], rules: RulesScript, project: LoadedProject, asOf: ISODate) throws -> [Diagnostic] {
        let rulesPath = rules.path
        var warnings: [Diagnostic] = []
        for spec in facts {
            // The line that declared the fact, as the rules engine recorded it.
            let at = spec.location ?? SourceLocation(file: rulesPath)
            if let w = spec.window, let from = w.from, let to = w.to, to < from {
                // Windows computed from as_of can be empty early in a crisis: a warning, not an error.
                warnings.append(Diagnostic(.warning, at, code: "empty-window",
                    "fact \(spec.name): its window \(w) is empty at as_of \(asOf), so it counts nothing",
                    hint: "check the from/to dates of the fact"))
            }
            var fields = spec.filters.map(\.field)
            switch spec.aggregate {
            case .sum(let f), .mean(let f), .min(let f), .max(let f), .latestSum(let f): fields.append(f)
            case .attribute(let f):
                if project.units.fields.firstIndex(where: { $0.name.lowercased() == f.lowercased() }) == nil {
                    throw TargetingError("fact \(spec.name) reads unit attribute '\(f)', which the units file does not have",
                                         at: at, hint: "the units have: \(project.units.fields.map(\.name).joined(separator: ", "))")
                }
            default: break
            }
            guard let layerName = spec.layer else { continue }
            guard let layer = project.layers.first(where: { $0.name == layerName }) else {
                throw TargetingError("fact \(spec.name) uses layer '\(layerName)', which the project does not declare",
                                     at: at, hint: "the project's layers are: \(project.layers.map(\.name).joined(separator: ", "))")
            }
            for f in fields where layer.layer.fieldIndex(f) == nil {
                throw TargetingError("fact \(spec.name) names field '\(f)', which layer '\(layerName)' (\(layer.layer.path)) does not have",
                                     at: at, hint: "its fields are: \(layer.layer.fields.map(\.name).joined(separator: ", "))")
            }
            if spec.window != nil || { if case .latestSum = spec.aggregate { return true } else { return false } }() {
                if layer.roles.dateField == nil {
                    throw TargetingError("fact \(spec.name) needs dates, but layer '\(layerName)' has no date column in the manifest",
                                         at: at, hint: "add date = \"<column>\" to [layers.\(layerName)]")
                }
            }
            warnings += try FilterCheck.check(spec, layer: layer, at: at)
        }
        return warnings
    }
}
