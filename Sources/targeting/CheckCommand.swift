import ArgumentParser
import Foundation
import Domain
import Project
import Rules

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a rules script against a project without running it in full.",
        discussion: """
        For programme designers: loads the script in the sandbox (syntax, API use, unknown options, unit \
        ids it names), then checks every fact it declares against the project: the layer must exist \
        and every field it names must be in that layer's file. Errors name the rules file and line. \
        No fact is computed and nothing is written.
        """)

    @Argument(help: "The rules script (Lua).")
    var rules: String

    @Option(name: .long, help: "The project manifest to check the script against.")
    var project: String = "Shapefiles/kasai/targeting.toml"

    @Option(name: .customLong("as-of"), help: "The reference date, YYYY-MM-DD. Default: the manifest's `as_of`.")
    var asOf: String?

    func run() throws {
        let prepared = try CommandErrors.report {
            try Pipeline.prepare(.init(project: project, rules: rules, asOf: asOf), progress: Progress(quiet: true, verbose: false))
        }
        let method = prepared.program.method
        for w in prepared.warnings { print(w) }
        let indicators = method.score.indicators
        print("\(rules): OK — \(method.facts.count) facts, \(indicators.count) indicators in \(method.score.children.count) criteria, checked against \(project)")
        for f in method.facts { print("  fact \(f.description)") }
        if let u = method.uncertainty { print("  uncertainty: \(u.runs) runs, seed \(u.seed), weights varying: " + u.weights.map { "\($0.node) \($0.spread)" }.joined(separator: ", ") + (u.scoreAggregations.isEmpty ? "" : "; score aggregation drawn from " + u.scoreAggregations.map(\.rawValue).joined(separator: " / "))) }
    }
}

/// Checks declared facts against the loaded project: layers exist, fields exist in them, and
/// aggregates that need a date have a date column.
enum FactCheck {
    /// Throws at the first fact that cannot be computed; returns warnings (empty windows).
    static func check(_ facts: [FactSpec], rules: RulesScript, project: LoadedProject, asOf: ISODate) throws -> [Diagnostic] {
        let rulesPath = rules.path, source = rules.text
        var warnings: [Diagnostic] = []
        for spec in facts {
            let at = SourceLocation(file: rulesPath, line: declarationLine(of: spec.name, in: source))
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
        }
        return warnings
    }

    /// The line where a fact is declared (`name = …`, anywhere on the line, as a whole word), so
    /// errors point into the script.
    static func declarationLine(of name: String, in source: String) -> Int? {
        func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
        for (i, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var search = line[...]
            while let r = search.range(of: name) {
                let before = r.lowerBound == line.startIndex ? nil : line[line.index(before: r.lowerBound)]
                let after = line[r.upperBound...].drop(while: { $0 == " " || $0 == "\t" })
                if !(before.map(isWord) ?? false), after.hasPrefix("="), !after.hasPrefix("==") { return i + 1 }
                search = line[r.upperBound...]
            }
        }
        return nil
    }
}
