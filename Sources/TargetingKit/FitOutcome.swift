import Domain
import Joins

/// What `fit_weights` reads beside the criteria: the outcome fact and the population, by unit.
enum FitOutcome {
    static func values(_ spec: FittedWeightsSpec?, facts: [String: [Double?]], units: UnitSet) -> [UnitID: Double] {
        guard let name = spec?.outcome, let column = facts[name] else { return [:] }
        var out: [UnitID: Double] = [:]
        for (i, v) in column.enumerated() where i < units.count { if let v { out[units.ids[i]] = v } }
        return out
    }

    static func population(_ spec: FittedWeightsSpec?, units: UnitSet) -> [UnitID: Double] {
        guard spec?.perPopulation == true else { return [:] }
        var out: [UnitID: Double] = [:]
        for i in 0..<units.count { if let p = units.population[i] { out[units.ids[i]] = p } }
        return out
    }
}
