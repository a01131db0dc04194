import Foundation
import XCTest
import Domain
import Ranking
@testable import Rules

/// Scripts/criteria.lua on a small synthetic fact table against the default method of
/// Scripts/METHOD.md computed directly here, without the Ranking code.
final class DefaultMethodTests: XCTestCase {
    // Five units; unit 5 has no population (per-head indicator missing, not zero).
    let ids = ["CD9102001", "CD9102002", "CD9104001", "CD9104002", "CD9104003"]
    let population: [Double?] = [10_000, 20_000, 5_000, 8_000, nil]
    let table: [String: [Double?]] = [
        "events_past":     [12, 0, 3, 3, 40],
        "events_recent":   [2, 0, 9, 1, 0],
        "fatalities":      [30, 0, 5, 0, 100],
        "idps":            [1500, 0, 4000, 200, 700],
        "returnees":       [500, 100, 3000, 0, 0],
        "km_health":       [2.5, 10, 35, 4, 60],
        "km_police":       [12, 40, 80, 15, 120],
        "km_court":        [30, 30, 90, 20, 150],
        "km_state":        [5, 25, 70, 10, 95],
        "health_per_10k":  [2, 0.5, 1, 3, nil],
        "schools_per_10k": [6, 4, 2, 8, nil],
    ]

    func units() -> [RuleUnit] {
        ids.indices.map { RuleUnit(id: UnitID(ids[$0]), name: "G\($0)", parent: UnitID(String(ids[$0].prefix(6))), population: population[$0]) }
    }

    /// The default method (Scripts/METHOD.md), written out plainly.
    func independentScores() -> [Double] {
        func scaled(_ xs: [Double?]) -> [Double?] {
            let present = xs.compactMap { $0 }
            let lo = present.min()!, hi = present.max()!
            return xs.map { $0.map { hi > lo ? ($0 - lo) / (hi - lo) * 10 : 0 } }
        }
        func meanOfPresent(_ xs: [Double?]) -> Double? {
            let p = xs.compactMap { $0 }
            return p.isEmpty ? nil : p.reduce(0, +) / Double(p.count)
        }
        let l = { (name: String) in self.table[name]!.map { $0.map { log1p($0) } } }
        let c1cols = [scaled(l("events_past")), scaled(l("events_recent")), scaled(l("fatalities"))]
        let displaced = ids.indices.map { table["idps"]![$0]! + table["returnees"]![$0]! }
        let share: [Double?] = ids.indices.map { i in population[i].map { min(displaced[i] / $0, 1) } }
        let c2cols = [scaled(displaced.map { log1p($0) }), scaled(share)]
        let c3cols = [scaled(l("km_health")), scaled(l("km_police")), scaled(l("km_court")), scaled(l("km_state")),
                      scaled(table["health_per_10k"]!).map { $0.map { 10 - $0 } },
                      scaled(table["schools_per_10k"]!).map { $0.map { 10 - $0 } }]
        return ids.indices.map { i in
            let c = [c1cols, c2cols, c3cols].map { cols in meanOfPresent(cols.map { $0[i] })! }
            return (c[0] + c[1] + c[2]) / 3
        }
    }

    func testDefaultScriptMatchesTheDocumentedMethod() throws {
        let program = try RulesEngine.load(scriptPath: Fixture.script("criteria.lua"), asOf: Fixture.asOf, units: units())
        XCTAssertEqual(program.facts.map(\.name).sorted(), table.keys.sorted())
        // The windows of the default method: [2016-08-01, as_of−365] and [as_of−364, as_of].
        let past = program.facts.first { $0.name == "events_past" }!
        XCTAssertEqual(past.window, DateWindow(from: ISODate(iso: "2016-08-01"), to: ISODate(iso: "2020-01-01"))) // 2020 is a leap year
        let recent = program.facts.first { $0.name == "events_recent" }!
        XCTAssertEqual(recent.window, DateWindow(from: ISODate(iso: "2020-01-02"), to: ISODate(iso: "2020-12-31")))
        XCTAssertEqual(program.facts.first { $0.name == "idps" }?.aggregate, .latestSum(field: "#affected+idps+ind"))

        let input = try program.evaluate { self.table[$0.name]! }
        let result = try Ranker.rank(input)
        let expected = independentScores()
        for (i, id) in ids.enumerated() {
            let unit = result.units.first { $0.id.rawValue == id }!
            XCTAssertEqual(unit.score!, expected[i], accuracy: 1e-9, "score of \(id)")
        }
        // Rank by score descending, ties by id.
        let order = ids.indices.sorted { expected[$0] != expected[$1] ? expected[$0] > expected[$1] : ids[$0] < ids[$1] }.map { ids[$0] }
        XCTAssertEqual(result.units.map(\.id.rawValue), order)
        XCTAssertEqual(result.units.map(\.rank), [1, 2, 3, 4, 5])
        // The unit without population: reported, and its per-head indicators missing, not zero.
        let noPop = result.units.first { $0.id.rawValue == "CD9104003" }!
        XCTAssertNil(noPop.indicators.first { $0.name == "displaced_share" }!.raw)
        XCTAssertTrue(noPop.missing.contains { $0.hasPrefix("displaced_share: missing population") }, "\(noPop.missing)")
        XCTAssertTrue(result.diagnostics.contains { $0.code == .noPopulation && $0.message.contains("CD9104003") })
    }
}
