import Foundation
import Domain
import Joins
import Project
import Rules

/// Runtime errors grouped by rule and message: the first unit in full, then how many more units
/// fail the same way (922 copies of one error would hide a second one).
package enum RuleErrorSummary {
    package static func lines(_ errors: [TargetingError]) -> [String] {
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
package enum FactCheck {
    /// Throws at the first fact that cannot be computed; returns warnings (empty windows).
    package static func check(_ facts: [FactSpec], rules: RulesScript, project: LoadedProject, asOf: ISODate) throws -> [Diagnostic] {
        let rulesPath = rules.path
        try checkLayersDeclared(facts, rulesPath: rulesPath, project: project)
        var warnings: [Diagnostic] = []
        for spec in facts {
            // The line that declared the fact, as the rules engine recorded it.
            let at = spec.location ?? SourceLocation(file: rulesPath)
            if let w = spec.window, let from = w.from, let to = w.to, to < from {
                // Windows computed from as_of can be empty early in a crisis: a warning, not an error.
                warnings.append(Diagnostic(.warning, at, code: .emptyWindow,
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

    /// Every layer the facts use that the project lacks, all at once: a user adding a module of
    /// rules learns the whole list of files to add in one run, not one per run.
    static func checkLayersDeclared(_ facts: [FactSpec], rulesPath: String, project: LoadedProject) throws {
        let declared = Set(project.layers.map(\.name))
        let missing = facts.filter { $0.layer.map { !declared.contains($0) } ?? false }
            .sorted { ($0.location?.line ?? 0, $0.name) < ($1.location?.line ?? 0, $1.name) }
        guard let first = missing.first, let firstLayer = first.layer else { return }
        let hint = "the project's layers are: \(project.layers.map(\.name).joined(separator: ", "))"
        let at = first.location ?? SourceLocation(file: rulesPath)
        guard missing.count > 1 else {
            throw TargetingError("fact \(first.name) uses layer '\(firstLayer)', which the project does not declare", at: at, hint: hint)
        }
        var layers: [String] = []
        var users: [String: [String]] = [:]
        for spec in missing {
            guard let layer = spec.layer else { continue }
            if users[layer] == nil { layers.append(layer) }
            users[layer, default: []].append(spec.name + (spec.location?.line.map { " (line \($0))" } ?? ""))
        }
        let list = layers.map { "'\($0)' (fact\(users[$0]!.count > 1 ? "s" : "") \(users[$0]!.joined(separator: ", ")))" }
        throw TargetingError("the rules use \(layers.count == 1 ? "a layer" : "\(layers.count) layers") the project does not declare: "
                             + list.joined(separator: ", "), at: at,
                             hint: hint + "; add a [layers.NAME] section for each to the manifest")
    }
}
