import Foundation
import Domain
import Outputs

/// `perceptions.csv`: key-informant scores 0–10 by unit (November 2020), the stability-index
/// inputs of strategy III.b. They follow the story: security and social cohesion are lowest
/// where fighting went on recently, livelihoods where it was heavy in 2016–2018, services are
/// better in the cities, and cohesion is strained where many returnees came back.
enum Perceptions {
    static let date = "2020-11-30"

    static func write(_ b: SampleBoundaries, events: [ConflictEvent], displacement: [DisplacementRow], to folder: String) throws {
        var rng = SampleRandom(stream: "perceptions")
        var past = [Double](repeating: 0, count: b.units.count), recent = past, returnees = past
        for e in events {
            guard let u = e.unit else { continue }
            let y = e.date.components.year
            if y >= 2016 && y <= 2018 { past[u] += 1 } else if y >= 2019 { recent[u] += 1 }
        }
        for r in displacement where r.round == 3 { returnees[r.unit] = Double(r.returnees) }
        let maxPast = log(1 + (past.max() ?? 0)), maxRecent = log(1 + (recent.max() ?? 0))
        var csv = CSVWriter(header: ["GRP_PCODE", "livelihoods", "services", "social_cohesion", "security", "date"])
        func score(_ x: Double) -> String { String(format: "%.1f", min(10, max(0, x))) }
        for (u, unit) in b.units.enumerated() {
            let p = maxPast > 0 ? log(1 + past[u]) / maxPast : 0
            let r = maxRecent > 0 ? log(1 + recent[u]) / maxRecent : 0
            let share = min(1, returnees[u] / Double(max(unit.population, 1)))
            let urban = unit.isCommune ? 1.0 : 0.0
            let livelihoods = 5.2 - 2.2 * p + 1.0 * urban + 0.7 * rng.normal()
            let services = 3.2 + 3.0 * urban - 0.8 * p + 0.8 * rng.normal()
            let cohesion = 6.8 - 2.0 * r - 1.2 * p - 3.0 * share + 0.7 * rng.normal()
            let security = 7.0 - 3.0 * r - 1.5 * p + 0.6 * rng.normal()
            csv.appendRow([unit.pcode, score(livelihoods), score(services), score(cohesion), score(security), date])
        }
        try csv.write(to: folder + "/perceptions.csv")
    }
}
