import XCTest
import Domain
@testable import Ranking

/// Each unit's explanation is read from the ranking's columns when asked, and the score's shares
/// are reused from one unit to the next while the same nodes are present. Contributions computed
/// by hand, for units whose pattern of present values changes from one to the next.
///
/// Score = mean of A (a1), B (b1, b2) and C (c1), values as they are; B rescaled when missing.
///   unit  a1  b1  b2  c1    shares                          contributions
///   U1     0   0   0   0    A B C ⅓, b1 b2 ⅙                 all 0
///   U2    10  10  10  10    the same                         a1 10/3, b1 10/6, b2 10/6, c1 10/3
///   U3     5   –   –   5    A C ½ (B missing)                a1 2.5, c1 2.5
///   U4     5   5   –   5    A B C ⅓, b1 ⅓ (b2 missing)       a1 5/3, b1 5/3, c1 5/3
///   U5    10   –   –   3    A C ½                            a1 5, c1 1.5
///   U6     1   –   –   1    A C ½ (as U5: shares reused)     a1 0.5, c1 0.5
///   U7     4   2   8   6    A B C ⅓, b1 b2 ⅙ (as U2 again)   a1 4/3, b1 2/6, b2 8/6, c1 2
///   U8     9   9   9   9    excluded by an override: no criteria, contributions or drivers
final class LazyExplanationTests: XCTestCase {
    func ranked() throws -> RankingResult {
        func ind(_ n: String) -> MethodNode { .indicator(IndicatorMethod(name: n, source: "fact \(n)", fact: n, normalisation: .identity)) }
        let score = CriterionMethod(name: "score", children: [
            .criterion(CriterionMethod(name: "A", children: [ind("a1")])),
            .criterion(CriterionMethod(name: "B", children: [ind("b1"), ind("b2")], missing: .rescale)),
            .criterion(CriterionMethod(name: "C", children: [ind("c1")])),
        ])
        let rows: [(String, [String: Double])] = [
            ("U1", ["a1": 0, "b1": 0, "b2": 0, "c1": 0]), ("U2", ["a1": 10, "b1": 10, "b2": 10, "c1": 10]),
            ("U3", ["a1": 5, "c1": 5]), ("U4", ["a1": 5, "b1": 5, "c1": 5]), ("U5", ["a1": 10, "c1": 3]),
            ("U6", ["a1": 1, "c1": 1]), ("U7", ["a1": 4, "b1": 2, "b2": 8, "c1": 6]), ("U8", ["a1": 9, "b1": 9, "b2": 9, "c1": 9]),
        ]
        let units = rows.map { id, raw in
            var u = RankingUnitInput(id: UnitID(id), name: id, parent: UnitID("P"), raw: raw)
            for k in ["a1", "b1", "b2", "c1"] where raw[k] == nil { u.missing[k] = "missing \(k)" }
            if id == "U8" { u.override = (.exclude, "visited last month") }
            return u
        }
        return try Ranker.rank(RankingInput(method: MethodDescription(script: "test", asOf: nil, facts: [], score: score), units: units))
    }

    func unit(_ r: RankingResult, _ id: String) throws -> UnitOutcome { try XCTUnwrap(r.units.first { $0.id == UnitID(id) }) }

    func testContributionsFollowEachUnitsOwnPattern() throws {
        let r = try ranked()
        let expected: [String: [String: Double?]] = [
            "U2": ["a1": 10.0 / 3, "b1": 10.0 / 6, "b2": 10.0 / 6, "c1": 10.0 / 3],
            "U3": ["a1": 2.5, "b1": nil, "b2": nil, "c1": 2.5],
            "U4": ["a1": 5.0 / 3, "b1": 5.0 / 3, "b2": nil, "c1": 5.0 / 3],
            "U5": ["a1": 5, "b1": nil, "b2": nil, "c1": 1.5],
            "U6": ["a1": 0.5, "b1": nil, "b2": nil, "c1": 0.5],
            "U7": ["a1": 4.0 / 3, "b1": 2.0 / 6, "b2": 8.0 / 6, "c1": 2],
        ]
        for (id, contributions) in expected {
            let u = try unit(r, id)
            for (name, c) in contributions {
                let got = u.indicator(named: name)?.contribution
                if let c { XCTAssertEqual(got ?? .nan, c, accuracy: 1e-12, "\(id) \(name)") } else { XCTAssertNil(got, "\(id) \(name)") }
            }
        }
        XCTAssertEqual(try unit(r, "U4").criterion(named: "B")?.contribution ?? .nan, 5.0 / 3, accuracy: 1e-12)
        XCTAssertNil(try unit(r, "U5").criterion(named: "B")?.contribution)
        XCTAssertEqual(try unit(r, "U2").drivers, ["a1", "c1", "b1"])
        XCTAssertEqual(try unit(r, "U6").drivers, ["a1", "c1"])
    }

    func testLookUpsByNameAgreeWithTheLists() throws {
        let r = try ranked()
        for u in r.units {
            for name in ["a1", "b1", "b2", "c1"] { XCTAssertEqual(u.indicator(named: name), u.indicators.first { $0.name == name }, "\(u.id)") }
            for name in ["A", "B", "C"] { XCTAssertEqual(u.criterion(named: name), u.criteria.first { $0.name == name }, "\(u.id)") }
            XCTAssertNil(u.indicator(named: "zz"))
            XCTAssertNil(u.criterion(named: "score"), "the score is not one of the criteria")
        }
        let u2 = try unit(r, "U2")
        XCTAssertEqual(u2.indicator(named: "a1")?.criterionPath, ["A"])
        XCTAssertNil(u2.indicator(named: "a1", topLevel: true), "a1 is under A, not directly under the score")
        XCTAssertEqual(u2.criterion(named: "B", topLevel: true)?.value, 10)
    }

    func testAnExcludedUnitHasValuesButNoCriteriaOrContributions() throws {
        let u8 = try unit(try ranked(), "U8")
        XCTAssertEqual(u8.exclusions, ["excluded: visited last month"])
        XCTAssertEqual(u8.criteria, [])
        XCTAssertNil(u8.criterion(named: "A"))
        XCTAssertEqual(u8.drivers, [])
        XCTAssertEqual(u8.indicators.map(\.raw), [9, 9, 9, 9])
        XCTAssertEqual(u8.indicators.map(\.criterionPath), [[], [], [], []])
        XCTAssertEqual(u8.indicators.map(\.contribution), [nil, nil, nil, nil])
    }

    /// An outcome whose explanation is stored equals (and hashes as) the one read from the columns,
    /// and setting a list keeps the others.
    func testStoredAndReadExplanationsAreTheSameValue() throws {
        let u = try unit(try ranked(), "U4")
        var stored = UnitOutcome(id: u.id, name: u.name, parent: u.parent, eligible: u.eligible, exclusions: u.exclusions,
                                 override: u.override, score: u.score, rank: u.rank, rankInParent: u.rankInParent,
                                 priorityClass: u.priorityClass, criteria: u.criteria, indicators: u.indicators, drivers: u.drivers,
                                 missing: u.missing, flags: u.flags, cost: u.cost, selected: u.selected, selectionReason: u.selectionReason)
        XCTAssertEqual(stored, u)
        XCTAssertEqual(stored.hashValue, u.hashValue)
        var changed = u
        changed.drivers = ["c1"]
        XCTAssertNotEqual(changed, u)
        XCTAssertEqual(changed.indicators, u.indicators)
        XCTAssertEqual(changed.criteria, u.criteria)
        stored.drivers = ["c1"]
        XCTAssertEqual(stored, changed)
    }
}
