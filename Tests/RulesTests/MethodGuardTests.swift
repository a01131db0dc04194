import XCTest
import Domain
import Ranking
@testable import Rules

/// A method that cannot quietly mean something else: each case is refused (or warned about) with
/// the script's file:line and the exact message users read.
final class MethodGuardTests: XCTestCase {
    let twoFacts = "facts { a = attribute \"a\", b = attribute \"b\" }\n\n"

    func testGeometricOverValuesThatCanBeZeroIsRefused() {
        let zero = Fixture.errorText { _ = try Fixture.load(twoFacts + """
        criterion "ca" { indicator "a" {} }
        criterion "cb" { indicator "b" {} }
        score { "ca", "cb", aggregate = "geometric" }
        """) }
        XCTAssertEqual(zero, """
        Scripts/test.lua:5: the score: geometric mean over values that can be 0 (ca is on 0–10); a unit at 0 would get 0 (or no value) whatever its other values
          hint: add shift = 1 to the aggregation (geometric mean of value + shift, minus the shift), or use a scale above 0 such as minmax(1, 10)
        """)
        let weight0 = Fixture.errorText { _ = try Fixture.load(twoFacts + """
        criterion "ca" { indicator "a" {} }
        criterion "report" { indicator "b" {} }
        score { "ca", "report", aggregate = "geometric", shift = 1, weights = { report = 0 } }
        """) }
        XCTAssertEqual(weight0, """
        Scripts/test.lua:5: the score: geometric mean with a weight of 0 for report; a child that must not count does not belong in a geometric mean (at 0 it would set the result to 0 whatever its weight)
          hint: take report out of this aggregation, or use aggregate = "mean"
        """)
        let z = Fixture.errorText { _ = try Fixture.load(twoFacts + """
        criterion "c" { aggregate = "geometric", shift = 5,
          indicator "a" { scale = "zscore" }, indicator "b" { scale = "zscore" } }
        """) }
        XCTAssertTrue(z.hasPrefix("Scripts/test.lua:3: criterion c: geometric mean over z-scores (a), which are below 0 for about half the units"), z)
        let minWeights = Fixture.errorText { _ = try Fixture.load(twoFacts + """
        criterion "c" { aggregate = "minimum", indicator "a" {}, indicator "b" { weight = 2 } }
        """) }
        XCTAssertTrue(minWeights.hasPrefix("Scripts/test.lua:3: criterion c: minimum takes no weights, but b has weight 2"), minWeights)
        let shiftOnMean = Fixture.errorText { _ = try Fixture.load(twoFacts + "criterion \"c\" { shift = 1, indicator \"a\" {} }") }
        XCTAssertEqual(shiftOnMean, "Scripts/test.lua:3: criterion c: shift applies to aggregate = \"geometric\" only")
    }

    func testGeometricWithAShiftOrAScaleAboveZeroLoadsAndComputes() throws {
        // a: 0, 5, 10 and b: 10, 0, 5 on 0–10. Shift 1: √((a+1)(b+1)) − 1.
        let shifted = try Fixture.load(twoFacts + """
        criterion "c" { aggregate = "geometric", shift = 1, indicator "a" {}, indicator "b" {} }
        """)
        let facts: (FactSpec) -> [Double?] = { $0.name == "a" ? [0, 5, 10] : [10, 0, 5] }
        let r = try Ranker.rank(try shifted.evaluate(facts: facts))
        let scores = Dictionary(uniqueKeysWithValues: r.units.map { ($0.id.rawValue, $0.score!) })
        XCTAssertEqual(scores["CD9102001"]!, (1.0 * 11).squareRoot() - 1, accuracy: 1e-12)
        XCTAssertEqual(scores["CD9102002"]!, (6.0 * 1).squareRoot() - 1, accuracy: 1e-12)
        XCTAssertEqual(scores["CD9102003"]!, (11.0 * 6).squareRoot() - 1, accuracy: 1e-12)
        // Both on minmax(1, 10): a 1, 5.5, 10 and b 10, 1, 5.5; no shift needed.
        let above = try Fixture.load(twoFacts + """
        criterion "c" { aggregate = "geometric", indicator "a" { scale = minmax(1, 10) }, indicator "b" { scale = minmax(1, 10) } }
        """)
        let r2 = try Ranker.rank(try above.evaluate(facts: facts))
        let scores2 = Dictionary(uniqueKeysWithValues: r2.units.map { ($0.id.rawValue, $0.score!) })
        XCTAssertEqual(scores2["CD9102001"]!, (1.0 * 10).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(scores2["CD9102002"]!, (5.5 * 1).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(scores2["CD9102003"]!, (10 * 5.5).squareRoot(), accuracy: 1e-12)
    }

    func testMixedScalesAreRefused() {
        let mixed = Fixture.errorText { _ = try Fixture.load(twoFacts + """
        criterion "c" { indicator "a" { scale = "zscore" }, indicator "b" {} }
        """) }
        XCTAssertEqual(mixed, """
        Scripts/test.lua:3: criterion c mixes scales: a is on z-scores and b on 0–10; a mean of them is not defined
          hint: put every child of one aggregation on the same scale (e.g. scale = "minmax", 0–10, for all its indicators)
        """)
        let missingValue = Fixture.errorText { _ = try Fixture.load(twoFacts + "criterion \"c\" { missing = 12, indicator \"a\" {} }") }
        XCTAssertTrue(missingValue.hasPrefix("Scripts/test.lua:3: criterion c: missing = 12 is outside its scale 0–10"), missingValue)
        let badPolicy = Fixture.errorText { _ = try Fixture.load(twoFacts + "criterion \"c\" { missing = \"zero\", indicator \"a\" {} }") }
        XCTAssertEqual(badPolicy, "Scripts/test.lua:3: criterion c: missing must be \"exclude\", \"rescale\", \"parent_mean\" or a number (got zero)")
    }

    func testUnusedCriteriaAndIndicatorsAndWindowGapsAreWarnings() throws {
        let p = try Fixture.load("""
        local as_of = project.as_of
        facts { past = count { layer = "conflict", to = as_of - 365 },
                recent = count { layer = "conflict", from = as_of - 179, to = as_of },
                all = count { layer = "conflict", from = "2016-08-01", to = as_of },
                deaths = sum { layer = "conflict", field = "fatalities", from = "2016-08-01", to = as_of } }
        criterion "conflict" { indicator "past" {}, indicator "recent" {}, indicator "deaths" {} }
        criterion "twice" { indicator "all" {}, indicator "recent2" { value = "recent" } }
        criterion "reporting" { indicator "all2" { value = "all" } }
        local stray = indicator "stray" { value = "all" }
        score { "conflict", "twice" }
        """)
        XCTAssertEqual(p.warnings.map(\.description), [
            "Scripts/test.lua:8: warning: criterion reporting is declared but not used: the score does not include it (add \"reporting\" to score { … }, or delete it)",
            "Scripts/test.lua:9: warning: indicator stray is declared but not used: the score does not include it (put it inside a criterion of the score, or delete it)",
            "Scripts/test.lua:3: warning: criterion conflict: the windows of past (Scripts/test.lua:2, … to 2020-01-01) and recent (Scripts/test.lua:3, 2020-07-05 to 2020-12-31) leave a gap of 185 days, 2020-01-02 to 2020-07-04: rows dated then are counted in neither (make one window end the day before the other starts (e.g. to = as_of - 180 and from = as_of - 179))",
            "Scripts/test.lua:3: warning: criterion twice: the windows of all (Scripts/test.lua:4, 2016-08-01 to 2020-12-31) and recent (Scripts/test.lua:3, 2020-07-05 to 2020-12-31) overlap by 180 days, 2020-07-05 to 2020-12-31: rows dated then are counted in both (make one window end the day before the other starts)",
        ])
        XCTAssertEqual(p.warnings.map(\.code), [.unusedCriterion, .unusedIndicator, .windowGap, .windowOverlap])
        // Windows that meet (as in the default method) and a different measure (a sum) are fine.
        let fine = try Fixture.load(try String(contentsOfFile: Fixture.script("criteria.lua"), encoding: .utf8))
        XCTAssertEqual(fine.warnings, [])
    }

    func testGatesFlagsAndOverridesMustAnswerTrueOrFalse() {
        func run(_ rule: String) -> String {
            Fixture.errorText {
                let p = try Fixture.load(twoFacts + "criterion \"c\" { indicator \"a\" {} }\n" + rule)
                _ = try p.evaluate { _ in [1, 2, 3] }
            }
        }
        XCTAssertEqual(run("gate \"g\" { eligible_if = function(u) return u.a end, reason = \"r\" }"),
                       "Scripts/test.lua:4: returned a number (1.0) where true or false was expected (unit CD9102001, gate g)")
        XCTAssertEqual(run("flag \"f\" { when = function(u) return \"yes\" end, reason = \"r\" }"),
                       "Scripts/test.lua:4: returned a string (yes) where true or false was expected (unit CD9102001, flag f)")
        XCTAssertEqual(run("exclude { when = function(u) end, reason = \"r\" }"),
                       "Scripts/test.lua:4: returned nil where true or false was expected (unit CD9102001, override exclude)")
    }

    func testAttributeNamesAreCheckedWithDidYouMean() {
        let units = Fixture.units(2).map { u -> RuleUnit in
            var u = u; u.attributes = ["POP_2017": .number(10), "COST_USD": .null]; return u
        }
        let literal = Fixture.errorText { _ = try Fixture.load(twoFacts + """
        criterion "c" { indicator "p" { value = function(u) return u.attr["POP_2071"] end } }
        """, units: units) }
        XCTAssertEqual(literal, """
        Scripts/test.lua:3: u.attr["POP_2071"]: the units have no field POP_2071
          hint: did you mean POP_2017? (the units' fields: COST_USD, POP_2017)
        """)
        let costField = Fixture.errorText { _ = try Fixture.load(twoFacts + "criterion \"c\" { indicator \"a\" {} }\nselection { budget = 5, cost = \"COST_US\" }", units: units) }
        XCTAssertEqual(costField, """
        Scripts/test.lua:4: u.attr["COST_US"]: the units have no field COST_US
          hint: did you mean COST_USD? (the units' fields: COST_USD, POP_2017)
        """)
        let computed = Fixture.errorText {
            let p = try Fixture.load(twoFacts + """
            local field = "pop" .. "_2017"
            criterion "c" { indicator "p" { value = function(u) return u.attr[field] end } }
            """, units: units)
            _ = try p.evaluate { _ in [1, 2] }
        }
        XCTAssertEqual(computed, """
        Scripts/test.lua:4: u.attr["pop_2017"]: the units have no field pop_2017 (unit CD9102001, indicator p)
          hint: did you mean POP_2017? (the units' fields: COST_USD, POP_2017)
        """)
    }

    func testTheAttributeGuardCannotBeChangedByAScript() {
        let units = Fixture.units(2).map { u -> RuleUnit in var u = u; u.attributes = ["POP_2017": .number(10)]; return u }
        let changed = Fixture.errorText {
            let p = try Fixture.load(twoFacts + """
            criterion "c" { indicator "p" { value = function(u) setmetatable(u.attr, {}); return 1 end } }
            """, units: units)
            _ = try p.evaluate { _ in [1, 2] }
        }
        // (The sandbox's setmetatable reports this at its own line in the prelude, not the script's.)
        XCTAssertTrue(changed.hasSuffix("cannot change a protected metatable (unit CD9102001, indicator p)"), changed)
    }

    func testPopulationZeroIsReportedLikeAMissingOne() throws {
        var units = Fixture.units(3)
        units[1].population = 0
        units[2].population = nil
        let p = try Fixture.load(twoFacts + """
        criterion "c" { indicator "share" { value = function(u) return per_head(u.a, u.population) end },
                        indicator "raw" { value = function(u) return u.population end } }
        """, units: units)
        let input = try p.evaluate { _ in [10, 20, 30] }
        XCTAssertEqual(input.units.map { $0.raw["share"] }, [0.01, nil, nil])
        XCTAssertEqual(input.units[1].missing["raw"], "missing population")
        XCTAssertEqual(input.diagnostics.filter { $0.code == .noPopulation }.map(\.message), [
            "unit CD9102002 (G2) has a population of 0: it is kept out of per-head indicators, not read as zero",
            "unit CD9102003 (G3) has no population figure: it is kept out of per-head indicators, not read as zero",
        ])
    }

    func testARuntimeErrorInAUnitAGateExcludedIsReportedNotFatal() throws {
        let source = twoFacts + """
        gate "populous" { eligible_if = function(u) return u.a > 1 end, reason = "too small" }
        criterion "c" { indicator "ratio" { value = function(u) return 1 / (u.a - 1) end } }
        """
        let input = try Fixture.load(source).evaluate { _ in [1, 2, 3] }
        XCTAssertEqual(input.units.map { $0.raw["ratio"] }, [nil, 1, 0.5])
        XCTAssertEqual(input.diagnostics.filter { $0.code == .ruleErrorExcludedUnit }.map(\.description), [
            "Scripts/test.lua:4: warning: returned an infinite number (a division by zero?) (unit CD9102001, indicator ratio); unit CD9102001 is not ranked (gate populous), so the run goes on (fix the rule: the error would stop the run if the unit were ranked)",
        ])
        // The same unit forced in by an include: the error stops the run.
        let included = Fixture.errorText {
            _ = try Fixture.load(source + "\ninclude { \"CD9102001\", reason = \"programme site\" }").evaluate { _ in [1, 2, 3] }
        }
        XCTAssertEqual(included, "Scripts/test.lua:4: returned an infinite number (a division by zero?) (unit CD9102001, indicator ratio)")
    }

    func testAnIncludeKeepsTheGateFailureItOverrides() throws {
        let p = try Fixture.load(twoFacts + """
        gate "populous" { eligible_if = function(u) return u.a > 1 end, reason = "too small" }
        criterion "c" { indicator "a" {} }
        include { "CD9102001", reason = "programme site" }
        """)
        let r = try Ranker.rank(try p.evaluate { _ in [1, 2, 3] })
        let site = try XCTUnwrap(r.units.first { $0.id == UnitID("CD9102001") })
        XCTAssertNotNil(site.rank)
        XCTAssertEqual(site.exclusions, ["gate populous: too small (overridden by include: programme site)"])
        XCTAssertEqual(site.override, "include: programme site")
    }

    func testABudgetNeedsACostForEveryUnitThatCanBeSelected() throws {
        let p = try Fixture.load(twoFacts + """
        criterion "c" { indicator "a" {} }
        selection { budget = 100,
          cost = function(u) if u.id ~= "CD9102002" then return 10 end end }
        """)
        let noCost = Fixture.errorText { _ = try Ranker.rank(try p.evaluate { _ in [1, 2, 3] }) }
        XCTAssertEqual(noCost, """
        Scripts/test.lua:4: budget 100: unit CD9102002 (G2) has no cost (cost from function at Scripts/test.lua:5): no value (the rule returned nil)
          hint: the cost must give a number for every unit ranked (e.g. a default for a missing field: u.attr["COST"] or 20000)
        """)
        let negative = try Fixture.load(twoFacts + """
        criterion "c" { indicator "a" {} }
        selection { cost = function(u) return u.a - 2 end }
        """)
        let input = try negative.evaluate { _ in [1, 2, 3] }
        XCTAssertNoThrow(try Ranker.rank(input), "no budget: costs are only reported")
        let refused = Fixture.errorText { _ = try Ranker.rank(input, selection: SelectionSettings(budget: 50)) }
        XCTAssertTrue(refused.hasPrefix("Scripts/test.lua:4: budget 50: unit CD9102001 (G1) has a cost of -1 (cost from function at Scripts/test.lua:4); a cost must be a finite number ≥ 0"), refused)
    }
}

/// The policy declared on the score is the default of every criterion; a criterion's own wins.
final class MissingPolicyDeclarationTests: XCTestCase {
    func testScorePolicyIsInheritedAndACriterionsOwnWins() throws {
        let p = try Fixture.load("""
        facts { a = attribute "a", b = attribute "b" }
        criterion "ca" { indicator "a" {} }
        criterion "cb" { missing = 0, criterion "sub" { missing = "exclude", indicator "b" {} } }
        score { "ca", "cb", missing = "parent_mean" }
        """)
        XCTAssertEqual(p.method.score.criteria.map(\.name), ["ca", "cb", "sub"])
        XCTAssertEqual(p.method.score.criteria.map(\.missing), [.parentMean, .value(0), .exclude])
        let plain = try Fixture.load("facts { a = attribute \"a\" }\ncriterion \"ca\" { indicator \"a\" {} }")
        XCTAssertEqual(plain.method.score.criteria.map(\.missing), [.exclude])
    }
}
