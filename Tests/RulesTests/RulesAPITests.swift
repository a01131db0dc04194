import XCTest
import Domain
import Ranking
@testable import Rules

final class RulesAPITests: XCTestCase {
    func testErrorsNameFileLineUnitAndIndicator() {
        let nan = Fixture.errorText {
            let p = try Fixture.load("""
            facts { x = attribute "x" }
            criterion "c" {
              indicator "ratio" { value = function(u) return 0 / (u.x - u.x) end },
            }
            """)
            _ = try p.evaluate { _ in [1, 2, 3] }
        }
        XCTAssertTrue(nan.hasPrefix("Scripts/test.lua:3:"), nan)
        XCTAssertTrue(nan.contains("NaN") && nan.contains("(unit CD9102001, indicator ratio)"), nan)

        let arithmetic = Fixture.errorText {
            let p = try Fixture.load("""
            facts { x = attribute "x" }
            criterion "c" { indicator "bad" { value = function(u)
              return u.name + 1
            end } }
            """)
            _ = try p.evaluate { _ in [1, 2, 3] }
        }
        XCTAssertTrue(arithmetic.hasPrefix("Scripts/test.lua:3:"), arithmetic)
        XCTAssertTrue(arithmetic.contains("(unit CD9102001, indicator bad)"), arithmetic)

        let text = Fixture.errorText {
            let p = try Fixture.load("facts { x = attribute \"x\" }\ncriterion \"c\" { indicator \"t\" { value = function(u) return \"high\" end } }")
            _ = try p.evaluate { _ in [1, 2, 3] }
        }
        XCTAssertTrue(text.contains("returned a string where a number was expected (unit CD9102001, indicator t)"), text)

        let typo = Fixture.errorText { _ = try Fixture.load("facts { x = count { layer = \"conflict\", form = \"2016-08-01\" } }") }
        XCTAssertTrue(typo.hasPrefix("Scripts/test.lua:1:") && typo.contains("unknown option 'form'"), typo)
        let badDate = Fixture.errorText { _ = try Fixture.load("facts {\n x = count { layer = \"conflict\", from = \"2016-13-01\" } }") }
        XCTAssertTrue(badDate.hasPrefix("Scripts/test.lua:2:") && badDate.contains("must be a date"), badDate)
        let unknownFact = Fixture.errorText { _ = try Fixture.load("facts { x = attribute \"x\" }\ncriterion \"c\" {\n indicator \"y\" { value = \"nope\" } }") }
        XCTAssertTrue(unknownFact.hasPrefix("Scripts/test.lua:3:") && unknownFact.contains("'nope'"), unknownFact)
        let syntax = Fixture.errorText { _ = try Fixture.load("facts {\n x = ") }
        XCTAssertTrue(syntax.hasPrefix("Scripts/test.lua:2:"), syntax)
        let undeclared = Fixture.errorText {
            let p = try Fixture.load("facts { x = attribute \"x\" }\ncriterion \"c\" { indicator \"y\" { value = function(u) return u.idsp end } }")
            _ = try p.evaluate { _ in [1, 2, 3] }
        }
        XCTAssertTrue(undeclared.contains("u.idsp is not a declared fact"), undeclared)
    }

    func testMissingFactsMakeIndicatorsMissingNotZero() throws {
        let p = try Fixture.load("""
        facts { idps = attribute "idps", returnees = attribute "returnees" }
        criterion "d" { indicator "displaced" { value = function(u) return u.idps + u.returnees end },
                        indicator "handled" { value = function(u) return (u.idps or 0) end } }
        """)
        let input = try p.evaluate { $0.name == "idps" ? [10, nil, 30] : [1, 2, nil] }
        XCTAssertEqual(input.units.map { $0.raw["displaced"] }, [11, nil, nil])
        XCTAssertTrue(input.units[1].missing["displaced"]?.hasPrefix("missing idps") ?? false, "\(input.units[1].missing)")
        XCTAssertTrue(input.units[2].missing["displaced"]?.hasPrefix("missing returnees") ?? false)
        XCTAssertEqual(input.units.map { $0.raw["handled"] }, [10, 0, 30]) // the rule chose to handle it
    }

    func testDatesFiltersGatesOverridesSelection() throws {
        let units = Fixture.units(4)
        let p = try Fixture.load("""
        local as_of = project.as_of
        assert(tostring(as_of - 365) == "2020-01-01" and (as_of - date "2020-12-01") == 30)
        facts {
          battles = count { layer = "conflict", from = "2016-08-01", to = as_of,
                            where = { event_type = { "Battles", "Violence against civilians" }, fatalities = above(0) } },
        }
        criterion "c" { indicator "battles" { transform = log1p } }
        gate "assessed" { eligible_if = function(u) return u.battles ~= nil end, reason = "no conflict data" }
        include { "CD9102004", reason = "joint assessment" }
        exclude { when = function(u) return u.battles == 0 end, reason = "no battles" }
        selection { top = 1, cost = function(u) return 100 end, budget = 500 }
        """, units: units)
        let f = p.facts[0]
        XCTAssertEqual(f.window, DateWindow(from: ISODate(iso: "2016-08-01"), to: Fixture.asOf))
        XCTAssertEqual(f.filters, [FactFilter(field: "event_type", op: .oneOf, values: [.text("Battles"), .text("Violence against civilians")]),
                                   FactFilter(field: "fatalities", op: .gt, values: [.number(0)])])
        let input = try p.evaluate { _ in [5, 0, nil, nil] }
        XCTAssertEqual(input.units[1].overrideAction, .exclude)
        XCTAssertEqual(input.units[2].failedGates["assessed"], "no conflict data")
        XCTAssertEqual(input.units[3].overrideAction, .include)
        XCTAssertEqual(input.units[0].cost, 100)
        let result = try Ranker.rank(input)
        XCTAssertEqual(result.units.filter { $0.rank != nil }.map(\.id.rawValue), ["CD9102001"])
        XCTAssertEqual(result.units.filter(\.selected).map(\.id.rawValue), ["CD9102001"])
        // A typo in an override id is an error, not a silent no-op.
        let typo = Fixture.errorText { _ = try Fixture.load("facts { x = attribute \"x\" }\ncriterion \"c\" { indicator \"x\" {} }\ninclude { \"CD9999999\", reason = \"r\" }") }
        XCTAssertTrue(typo.hasPrefix("Scripts/test.lua:3:") && typo.contains("CD9999999"), typo)
    }

    func testStabilityScriptScalesClassesAndHotspots() throws {
        let units = Fixture.units(3)
        let p = try RulesEngine.load(scriptPath: Fixture.script("stability.lua"), asOf: Fixture.asOf, units: units)
        // Unit 1: scores 9,9,9,9 → severity 10 each → stable, low, no hotspot.
        // Unit 2: livelihoods 5, services 5 (severity 50: medium), cohesion 8 (20), security 7 (30), 2000 returnees → hotspot.
        // Unit 3: security 2 → severity 80: high → hotspot.
        let table: [String: [Double?]] = ["livelihoods": [9, 5, 6], "services": [9, 5, 6], "social_cohesion": [9, 8, 6],
                                          "security": [9, 7, 2], "returnees": [0, 2000, nil]]
        let result = try Ranker.rank(p.evaluate { table[$0.name]! })
        let byID = Dictionary(uniqueKeysWithValues: result.units.map { ($0.id.rawValue, $0) })
        XCTAssertEqual(byID["CD9102001"]!.score!, 10, accuracy: 1e-9)
        XCTAssertEqual(byID["CD9102002"]!.score!, (50 + 20 + 30) / 3, accuracy: 1e-9)
        XCTAssertEqual(byID["CD9102003"]!.score!, (40 + 40 + 80) / 3, accuracy: 1e-9)
        XCTAssertEqual(byID["CD9102001"]!.priorityClass, "low")
        XCTAssertEqual(byID["CD9102003"]!.priorityClass, "medium")
        XCTAssertEqual(result.units.filter { $0.flags.contains("hotspot") }.map(\.id.rawValue).sorted(), ["CD9102002", "CD9102003"])
    }

    func testCheckValidatesWithoutFacts() throws {
        let m = try RulesEngine.load(scriptPath: Fixture.script("criteria.lua"), asOf: Fixture.asOf, units: []).method
        XCTAssertEqual(m.score.children.map(\.name), ["conflict", "displacement", "access_deficit"])
        XCTAssertEqual(m.score.indicators.count, 11)
        XCTAssertEqual(m.classes?.labels, ["very high", "high", "medium", "low"])
    }
}
