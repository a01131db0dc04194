import Domain
import Joins
import Rules

/// The rules ranked again under alternative windows (`uncertainty { windows = … }`): only the
/// facts whose window changes are computed again, each distinct window once, then the rules are
/// evaluated and the units ranked exactly as the run itself does (`rank`).
final class WindowAlternatives {
    let program: RulesProgram
    let engine: FactEngine
    let facts: [String: [Double?]]
    let rulesPath: String
    let rank: (RankingInput, [String: [Double?]]) throws -> RankingResult
    private var computed: [FactSpec: [Double?]] = [:]

    init(program: RulesProgram, engine: FactEngine, facts: [String: [Double?]], rulesPath: String,
         rank: @escaping (RankingInput, [String: [Double?]]) throws -> RankingResult) {
        self.program = program; self.engine = engine; self.facts = facts; self.rulesPath = rulesPath; self.rank = rank
    }

    func ranking(_ windows: [(fact: String, window: DateWindow)]) throws -> RankingResult {
        var values = facts
        for (name, window) in windows {
            guard var spec = program.facts.first(where: { $0.name == name }) else {
                throw TargetingError("internal: uncertainty window of \(name), which is no fact", at: SourceLocation(file: rulesPath))
            }
            spec.window = window
            if let known = computed[spec] { values[name] = known; continue }
            // The rows behind the numbers (fact_rows.csv) are those of the declared windows only.
            let bound = engine.rowBound
            engine.rowBound = nil
            defer { engine.rowBound = bound }
            do { values[name] = try engine.evaluate(spec).values } catch var e as TargetingError {
                if e.location == nil { e.location = spec.location ?? SourceLocation(file: rulesPath) }
                e.message = "fact \(name) over \(window): " + e.message
                throw e
            }
            computed[spec] = values[name]
        }
        return try rank(try program.evaluate { values[$0.name] ?? [] }, values)
    }
}
