import XCTest
import Domain
import Ranking
@testable import Reports

/// `targeting diff` explanations on four hand-made units, ranked by the real `Ranker`, with every
/// expected score and share computed by hand below.
///
/// Raw values (both indicators span 0–10, so min–max to 0–10 leaves them as they are):
///
///     unit  events  displaced  cost
///     U1    10      2          100
///     U2     0     10           50
///     U3     6      0           50
///     U4     3      8           80
///
/// Criteria `conflict` (events) and `people` (displaced), each the mean of one indicator.
/// Weights 1 and 1 (shares ½, ½): U1 6, U4 5.5, U2 5, U3 3 → ranks U1, U4, U2, U3.
/// Weights 2 and 1 (shares ⅔, ⅓): U1 22/3, U4 14/3, U3 4, U2 10/3 → ranks U1, U4, U3, U2.
final class RankingDiffTests: XCTestCase {
    static let raw: [(String, Double, Double, Double)] = [("U1", 10, 2, 100), ("U2", 0, 10, 50), ("U3", 6, 0, 50), ("U4", 3, 8, 80)]

    func method(conflictWeight: Double = 1, gates: [GateMethod] = [], selection: SelectionSettings = SelectionSettings(),
                eventsTransforms: [IndicatorTransform] = [], window: DateWindow? = nil) -> MethodDescription {
        let conflict = CriterionMethod(name: "conflict", weight: conflictWeight,
                                       children: [.indicator(IndicatorMethod(name: "events", source: "fact events", fact: "events",
                                                                             transforms: eventsTransforms))])
        let people = CriterionMethod(name: "people", children: [.indicator(IndicatorMethod(name: "displaced", source: "fact displaced", fact: "displaced"))])
        return MethodDescription(script: "rules.lua", asOf: nil,
                                 facts: [FactSpec(name: "events", layer: "conflict", aggregate: .count, window: window),
                                         FactSpec(name: "displaced", layer: "dtm", aggregate: .latestSum(field: "ind"))],
                                 score: CriterionMethod(name: "score", children: [.criterion(conflict), .criterion(people)]),
                                 gates: gates, selection: selection)
    }

    func rank(_ m: MethodDescription, failing gate: (unit: String, name: String, reason: String)? = nil) throws -> RankingResult {
        let units = Self.raw.map { id, events, displaced, cost in
            RankingUnitInput(id: UnitID(id), name: "Unit \(id)", parent: UnitID("P"), raw: ["events": events, "displaced": displaced],
                             failedGates: gate?.unit == id ? [gate!.name: gate!.reason] : [:], cost: cost)
        }
        return try Ranker.rank(RankingInput(method: m, units: units))
    }

    func change(_ d: RankingDiff, _ id: String) throws -> RankingDiff.UnitChange {
        try XCTUnwrap(d.changes.first { $0.id == UnitID(id) }, "\(id) is not in the comparison")
    }

    func testWeightOnlyChangeNamesTheWeightAndTheShares() throws {
        let d = RankingDiff(a: try rank(method()), b: try rank(method(conflictWeight: 2)), top: 3)
        XCTAssertEqual(d.methodChanges.map(\.text), ["weight of conflict 1 → 2"])

        let u3 = try change(d, "U3")
        XCTAssertEqual(u3.kind, .entered)
        XCTAssertEqual(u3.rankA, 4); XCTAssertEqual(u3.rankB, 3)
        XCTAssertEqual(u3.scoreA!, 3, accuracy: 1e-12); XCTAssertEqual(u3.scoreB!, 4, accuracy: 1e-12)
        // conflict: 6 × ½ = 3 → 6 × ⅔ = 4, its value 6 unchanged; people 0 throughout.
        XCTAssertEqual(u3.criteriaMoved.map(\.name), ["conflict"])
        XCTAssertEqual(u3.criteriaMoved[0].contributionA!, 3, accuracy: 1e-12)
        XCTAssertEqual(u3.criteriaMoved[0].contributionB!, 4, accuracy: 1e-12)
        XCTAssertEqual(u3.causes, [.outOfTheList(.a, status: "rank 4, below the top 3"), .method(d.methodChanges[0])])
        XCTAssertEqual(u3.causes.map(\.description), ["A: rank 4, below the top 3", "weight of conflict 1 → 2"])

        let u2 = try change(d, "U2")
        XCTAssertEqual(u2.kind, .left)
        // people: 10 × ½ = 5 → 10 × ⅓ = 3.33: its share fell because conflict's weight rose.
        XCTAssertEqual(u2.criteriaMoved.map(\.name), ["people"])
        XCTAssertEqual(u2.criteriaMoved[0].contributionB!, 10.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(u2.causes, [.outOfTheList(.b, status: "rank 4, below the top 3"), .method(d.methodChanges[0])])
        XCTAssertEqual(RankingDiff.shiftText(u2.criteriaMoved[0]), "people 5.00 → 3.33 (value 10.00 unchanged)")

        // U1 and U4 keep their ranks (1 and 2): same, not reported as moved.
        XCTAssertEqual(d.changes.filter { $0.kind == .same }.map(\.id.rawValue).sorted(), ["U1", "U4"])
        let text = d.text(labelA: "a.lua", labelB: "b.lua")
        XCTAssertTrue(text.contains("method changes (1)\n  weight of conflict 1 → 2\n"), text)
        XCTAssertTrue(text.contains("      because: weight of conflict 1 → 2\n"), text)
    }

    func testNewGateNamesTheGateAndItsReason() throws {
        let gate = GateMethod(name: "security_access", reason: "no road access")
        let a = try rank(method()), b = try rank(method(gates: [gate]), failing: ("U1", "security_access", "road cut since March"))
        let d = RankingDiff(a: a, b: b, top: 3)
        XCTAssertEqual(d.methodChanges.map(\.text), ["new gate security_access (no road access)"])
        let u1 = try change(d, "U1")
        XCTAssertEqual(u1.kind, .left)
        XCTAssertEqual(u1.rankA, 1); XCTAssertNil(u1.rankB)
        XCTAssertEqual(u1.statusB, "not ranked: gate security_access: road cut since March")
        XCTAssertEqual(u1.causes.first?.description, "B: not ranked: gate security_access: road cut since March")
        // Without U1, events span 0–6: U4's 3 becomes 5, so conflict 1.5 → 2.5 and its score
        // 5.5 → 6.5 (rank 2 → 1); the cause is the rescaling over 3 units instead of 4.
        let u4 = try change(d, "U4")
        XCTAssertEqual(u4.kind, .moved)
        XCTAssertEqual(u4.scoreB!, 6.5, accuracy: 1e-12)
        XCTAssertEqual(u4.criteriaMoved.first?.contributionB ?? 0, 2.5, accuracy: 1e-12)
        XCTAssertEqual(u4.causes, [.rescaled(indicator: "events", rankedA: 4, rankedB: 3)])
        XCTAssertEqual(u4.causes.map(\.description), ["values of events rescaled over the units ranked (4 → 3)"])
    }

    func testSelectionChangeNamesTheBudget() throws {
        // Same scores; A selects within 300 (all four: 100+80+50+50 = 280), B within 200:
        // U1 100, U4 180, then U2 (50) would make 230 > 200 and U3 likewise.
        var wide = SelectionSettings(); wide.budget = 300; wide.costSource = "cost"
        var narrow = wide; narrow.budget = 200
        let d = RankingDiff(a: try rank(method(selection: wide)), b: try rank(method(selection: narrow)), top: 20)
        XCTAssertEqual(d.methodChanges.map(\.text), ["budget 300 → 200"])
        XCTAssertEqual(d.changes.filter { $0.kind == .left }.map(\.id.rawValue), ["U2", "U3"])
        XCTAssertEqual(try change(d, "U2").causes, [.outOfTheList(.b, status: "rank 3, not selected: over budget (180 spent + 50 > 200)")])
        XCTAssertEqual(try change(d, "U3").causes.map(\.description), ["B: rank 4, not selected: over budget (180 spent + 50 > 200)"])
        XCTAssertEqual(d.changes.filter { $0.kind == .same }.map(\.id.rawValue).sorted(), ["U1", "U4"])
    }

    func testLockedOutIsTheCause() throws {
        var a = SelectionSettings(); a.top = 2
        var b = a; b.lockedOut = [UnitID("U4")]
        let d = RankingDiff(a: try rank(method(selection: a)), b: try rank(method(selection: b)), top: 20)
        XCTAssertEqual(d.methodChanges.map(\.text), ["locked out: U4"])
        XCTAssertEqual(try change(d, "U4").causes, [.outOfTheList(.b, status: "rank 2, locked out")])
        XCTAssertEqual(try change(d, "U2").kind, .entered)
        XCTAssertEqual(try change(d, "U2").causes.map(\.description), ["A: rank 3, not selected: top 2 already chosen"])
    }

    func testTransformAndWindowChangesAreNamed() throws {
        let from = ISODate(year: 2019, month: 1, day: 1), to = ISODate(year: 2020, month: 12, day: 31)
        let changes = MethodChanges.compare(method(window: DateWindow(from: from, to: to)),
                                            method(eventsTransforms: [.log1p], window: DateWindow(from: ISODate(year: 2020, month: 1, day: 1), to: to)))
        XCTAssertEqual(changes.map(\.text), ["transform of events none → log(1+x)",
                                             "window of events [2019-01-01, 2020-12-31] → [2020-01-01, 2020-12-31]"])
    }

    func testIdenticalMethodsShowNoChange() throws {
        let d = RankingDiff(a: try rank(method()), b: try rank(method()), top: 3)
        XCTAssertTrue(d.methodChanges.isEmpty)
        XCTAssertEqual(d.changes.map(\.kind), [.same, .same, .same])
        XCTAssertTrue(d.text(labelA: "a", labelB: "a").contains("none: the two scripts declare the same method"))
        XCTAssertTrue(d.text(labelA: "a", labelB: "a").contains("\nentered (0)\n\nleft (0)\n\nmoved (0)\n\nunchanged in the list: 3\n"))
    }
}
