import XCTest
import Domain
@testable import Rules

/// `uncertainty { … }`: what it declares, and the exact message for each mistake.
final class UncertaintyDeclarationTests: XCTestCase {
    let method = """
    facts { x = attribute "x" }
    criterion "conflict" { weight = 2, indicator "events" { value = "x" }, indicator "deaths" { value = "x" } }
    criterion "access" { indicator "roads" { value = "x" } }

    """

    func testWeightsResolvedInMethodOrderWithAllForTheRest() throws {
        let p = try Fixture.load(method + "uncertainty { runs = 250, seed = 9, weights = { all = 0.5, conflict = { low = 1, high = 3 }, roads = { sd = 0.2 } } }")
        let u = try XCTUnwrap(p.method.uncertainty)
        XCTAssertEqual(u.runs, 250)
        XCTAssertEqual(u.seed, 9)
        XCTAssertEqual(u.location, SourceLocation(file: "Scripts/test.lua", line: 4))
        XCTAssertEqual(u.weights, [
            UncertainWeight(node: "conflict", declared: 2, spread: .between(low: 1, high: 3)),
            UncertainWeight(node: "events", declared: 1, spread: .relative(0.5)),
            UncertainWeight(node: "deaths", declared: 1, spread: .relative(0.5)),
            UncertainWeight(node: "access", declared: 1, spread: .relative(0.5)),
            UncertainWeight(node: "roads", declared: 1, spread: .normal(sd: 0.2)),
        ])
    }

    func testDefaultsAndNoDeclaration() throws {
        XCTAssertNil(try Fixture.load(method).method.uncertainty)
        let u = try XCTUnwrap(try Fixture.load(method + "uncertainty { weights = { access = 0.25 } }").method.uncertainty)
        XCTAssertEqual(u.runs, 1000)
        XCTAssertEqual(u.seed, 1)
        XCTAssertEqual(u.weights, [UncertainWeight(node: "access", declared: 1, spread: .relative(0.25))])
    }

    func testMistakesNameTheLineAndWhatToWrite() {
        func error(_ decl: String) -> String { Fixture.errorText { _ = try Fixture.load(method + decl) } }
        XCTAssertEqual(error("uncertainty { weights = { acces = 0.5 } }"),
                       "Scripts/test.lua:4: uncertainty: weights.acces names no criterion or indicator\n  hint: names in the method: access, conflict, deaths, events, roads; or all")
        XCTAssertEqual(error("uncertainty { weights = { all = 1.5 } }"),
                       "Scripts/test.lua:4: uncertainty: weights.all = 1.5: a relative spread must be between 0 and 1 (0.5 = ±50%)")
        XCTAssertEqual(error("uncertainty { weights = { all = { low = 2, high = 1 } } }"),
                       "Scripts/test.lua:4: uncertainty: weights.all: need 0 < low ≤ high, a weight drawn at 0 drops its criterion from the run (got 2, 1)")
        XCTAssertEqual(error("uncertainty { weights = { all = { low = 0, high = 1 } } }"),
                       "Scripts/test.lua:4: uncertainty: weights.all: need 0 < low ≤ high, a weight drawn at 0 drops its criterion from the run (got 0, 1)")
        XCTAssertEqual(error("uncertainty { weights = { all = { sd = 0.1, low = 1 } } }"),
                       "Scripts/test.lua:4: uncertainty: weights.all: give either low and high, or sd, not both")
        XCTAssertEqual(error("uncertainty { weights = { all = { sd = -1 } } }"),
                       "Scripts/test.lua:4: uncertainty: weights.all.sd must be positive")
        XCTAssertEqual(error("uncertainty { weights = { all = \"wide\" } }"),
                       "Scripts/test.lua:4: uncertainty: weights.all: a number (relative spread), { low = …, high = … }, { sd = … } or \"fitted\" expected (got a string)")
        XCTAssertEqual(error("uncertainty { runs = 10.5, weights = { all = 0.5 } }"),
                       "Scripts/test.lua:4: uncertainty: runs must be a whole number ≥ 0 (got 10.5)")
        XCTAssertEqual(error("uncertainty { runs = 1000000, weights = { all = 0.5 } }"),
                       "Scripts/test.lua:4: uncertainty: runs must be at most 100000 (got 1000000)")
        XCTAssertEqual(error("uncertainty { runs = 10 }"),
                       "Scripts/test.lua:4: uncertainty: weights = { all = 0.5 } expected (what varies, by criterion or indicator name, or all)")
        XCTAssertEqual(error("uncertainty { weights = {} }"),
                       "Scripts/test.lua:4: uncertainty: weights is empty: say which weights vary, e.g. weights = { all = 0.5 }")
        XCTAssertEqual(error("uncertainty { runs = 10, seeds = 3, weights = { all = 0.5 } }"),
                       "Scripts/test.lua:4: uncertainty: unknown option 'seeds' (allowed: aggregations, runs, scales, seed, weights, windows)")
    }

    func testAggregationsListAndMistakes() throws {
        // On 1–10 scales a geometric mean is defined for every unit: it may be drawn.
        let above0 = method.replacingOccurrences(of: "value = \"x\" }", with: "value = \"x\", scale = minmax(1, 10) }")
        let p = try Fixture.load(above0 + "uncertainty { weights = { all = 0 }, aggregations = { \"mean\", \"geometric\" } }")
        XCTAssertEqual(p.method.uncertainty?.scoreAggregations, [Aggregation.mean, .geometric])
        // On the default 0–10 it is not (a unit at 0 on one criterion gets 0): refused as for a declared one.
        XCTAssertEqual(Fixture.errorText { _ = try Fixture.load(method + "uncertainty { weights = { all = 0 }, aggregations = { \"mean\", \"geometric\" } }") },
                       "Scripts/test.lua:4: uncertainty: aggregations = \"geometric\": the score: geometric mean over values that can be 0 (conflict is on 0–10); a unit at 0 would get 0 (or no value) whatever its other values\n  hint: put the criteria on a scale above 0 (e.g. scale = minmax(1, 10) for their indicators), or leave geometric out of aggregations")
        XCTAssertEqual(Fixture.errorText { _ = try Fixture.load(method + "uncertainty { weights = { all = 0 }, aggregations = { \"mean\", \"median\" } }") },
                       "Scripts/test.lua:4: uncertainty: aggregations has \"median\", which is not an aggregation\n  hint: use \"mean\", \"geometric\", \"minimum\" or \"maximum\"")
        XCTAssertEqual(Fixture.errorText { _ = try Fixture.load(method + "uncertainty { weights = { all = 0 }, aggregations = { \"mean\", 2 } }") },
                       "Scripts/test.lua:4: uncertainty: aggregations item 2 must be a name such as \"mean\" (got 2)")
        XCTAssertEqual(Fixture.errorText { _ = try Fixture.load(method + "uncertainty { weights = { all = 0 }, aggregations = { \"mean\" } }") },
                       "Scripts/test.lua:4: uncertainty: aggregations = { \"mean\", \"geometric\" } expected (at least two to draw from)")
    }
}
