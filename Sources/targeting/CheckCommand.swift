import ArgumentParser
import Foundation
import Domain
import Reports
import TargetingKit

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

    @Option(name: .long, help: "The project manifest to check the script against. Default: Shapefiles/kasai/targeting.toml in the current folder, else the sample installed with targeting.")
    var project: String?

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
        let project = InstalledFiles.resolve(self.project ?? InstalledFiles.defaultProject)
        let rules = InstalledFiles.resolve(self.rules)
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
        for d in evaluation.input.diagnostics where d.code == .ruleErrorExcludedUnit { print(d) }
        guard evaluation.errors.isEmpty else {
            for line in RuleErrorSummary.lines(evaluation.errors) {
                FileHandle.standardError.write(Data(("error: " + line + "\n").utf8))
            }
            FileHandle.standardError.write(Data("\(rules): \(evaluation.errors.count) runtime error(s) running the rules on \(evaluated)\n".utf8))
            throw ExitCode(2)
        }
        let result = try CommandErrors.report { () -> RankingResult in
            var input = evaluation.input  // quotas per level count by the project's areas, as in rank
            input.method.selection = try LevelQuotaAreas.resolve(input.method.selection, project: prepared.project)
            return try Ranker.rank(input)
        }
        // The same [quality] limits as rank: a script that "checks OK" must not stop at rank.
        var record = try CommandErrors.report {
            try Pipeline.record(prepared, engine: engine, result: result, facts: facts, constant: constant, options: [])
        }
        record.measureHealth()
        _ = try DataHealthGate.check(record, acceptPoorData: acceptPoorData, quiet: !acceptPoorData, out: nil, progress: progress)
        let ranked = result.units.filter { $0.rank != nil }.count
        let lacking = result.units.filter { $0.exclusions.contains { $0.hasPrefix("missing criterion") } }.count
        let noPopulation = evaluation.input.diagnostics.filter { $0.code == .noPopulation }.count
        if noPopulation > 0 { print("note: \(noPopulation) unit(s) without a population figure (or with 0): kept out of per-head indicators") }
        print("\(rules): OK — \(method.facts.count) facts, \(method.score.indicators.count) indicators in \(method.score.children.count) criteria, checked against \(project)")
        print("  rules run on \(evaluated): \(ranked) ranked, \(result.units.count - ranked) not ranked (\(lacking) lacking a whole criterion)")
        for f in method.facts { print("  fact \(f.description)") }
        if let u = method.uncertainty { print("  uncertainty: \(u.runs) runs, seed \(u.seed), weights varying: " + u.weights.map { "\($0.node) \($0.spread)" }.joined(separator: ", ") + (u.scoreAggregations.isEmpty ? "" : "; score aggregation drawn from " + u.scoreAggregations.map(\.rawValue).joined(separator: " / "))
            + (u.scales.isEmpty ? "" : "; scale drawn from " + u.scales.map(\.name).joined(separator: " / "))
            + u.windows.map { "; window of \($0.fact) drawn from \($0.spreadText)" }.joined()
            + (u.fixedWeights.isEmpty ? "" : "; not varied (under a minimum or maximum, or alone in its criterion): " + u.fixedWeights.joined(separator: ", "))) }
        if let f = method.fittedWeights {
            print("  score weights fitted from data: " + (f.method == .principalComponent ? "first principal component of the criteria"
                : "least squares of \(f.outcome ?? "")\(f.perPopulation ? " per head" : "") (higher is \(f.higherIsBetter ? "better" : "worse"))"))
        }
    }
}
