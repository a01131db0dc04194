import XCTest
import Domain
@testable import Rules

/// `fit_weights { … }`: what it declares, and the exact message for each mistake.
final class FitWeightsDeclarationTests: XCTestCase {
    let method = """
    facts { x = attribute "x", back = attribute "x" }
    criterion "conflict" { indicator "events" { value = "x" } }
    criterion "access" { indicator "roads" { value = "x" } }

    """

    func error(_ decl: String, _ base: String? = nil) -> String { Fixture.errorText { _ = try Fixture.load((base ?? method) + decl) } }

    func testLeastSquaresAndPrincipalComponent() throws {
        let p = try Fixture.load(method + "fit_weights { outcome = \"back\", per = \"population\", higher_is = \"better\" }")
        XCTAssertEqual(p.method.fittedWeights, FittedWeightsSpec(method: .leastSquares, outcome: "back", perPopulation: true, higherIsBetter: true,
                                                                 location: SourceLocation(file: "Scripts/test.lua", line: 4)))
        let pc = try Fixture.load(method + "fit_weights { method = \"principal_component\" }")
        XCTAssertEqual(pc.method.fittedWeights?.method, .principalComponent)
        XCTAssertNil(try Fixture.load(method).method.fittedWeights)
    }

    func testMistakes() {
        XCTAssertEqual(error("fit_weights { outcome = \"returns\", higher_is = \"better\" }"),
                       "Scripts/test.lua:4: fit_weights: outcome = \"returns\" is not a fact of the rules\n  hint: facts: back, x")
        XCTAssertEqual(error("fit_weights { outcome = \"back\" }"),
                       "Scripts/test.lua:4: fit_weights: higher_is = \"better\" or \"worse\" is needed: does a higher back mean less priority (better) or more (worse)?\n  hint: returns where places are stable: higher_is = \"better\"")
        XCTAssertEqual(error("fit_weights { higher_is = \"better\" }"),
                       "Scripts/test.lua:4: fit_weights: least squares needs an outcome: the fact it explains\n  hint: e.g. fit_weights { outcome = \"returnees\", per = \"population\", higher_is = \"better\" }")
        XCTAssertEqual(error("fit_weights { outcome = \"back\", per = \"area\", higher_is = \"worse\" }"),
                       "Scripts/test.lua:4: fit_weights: per = \"area\" is not known\n  hint: per = \"population\" divides the outcome by the unit's population")
        XCTAssertEqual(error("fit_weights { method = \"logit\" }"),
                       "Scripts/test.lua:4: fit_weights: method = \"logit\" is not a way to fit weights\n  hint: use method = \"least_squares\" (with an outcome) or \"principal_component\"")
        XCTAssertEqual(error("fit_weights { method = \"principal_component\", outcome = \"back\" }"),
                       "Scripts/test.lua:4: fit_weights: outcome is for method = \"least_squares\"; a principal component uses the criteria only")
        XCTAssertEqual(error("fit_weights { outcome = 3 }"),
                       "Scripts/test.lua:4: fit_weights: outcome must be text (got 3)")
        XCTAssertEqual(error("fit_weights { outcome = \"back\", higher_is = \"better\", weights = 2 }"),
                       "Scripts/test.lua:4: fit_weights: unknown option 'weights' (allowed: higher_is, method, outcome, per)")
        XCTAssertEqual(error("score { \"conflict\", \"access\", aggregate = \"minimum\" }\nfit_weights { method = \"principal_component\" }"),
                       "Scripts/test.lua:5: fit_weights: the score's aggregate = \"minimum\" takes no weights\n  hint: use aggregate = \"mean\" (or \"geometric\") in score { … }")
    }

    func testFittedSpreadsNeedLeastSquares() {
        XCTAssertEqual(error("uncertainty { weights = { conflict = \"fitted\" } }"),
                       "Scripts/test.lua:4: uncertainty: weights.conflict = \"fitted\" needs weights fitted by least squares (fit_weights { outcome = … })\n  hint: add fit_weights { … } to the rules, or give weights.conflict a spread such as 0.5")
        XCTAssertEqual(error("fit_weights { outcome = \"back\", higher_is = \"worse\" }\nuncertainty { weights = { events = \"fitted\" } }"),
                       "Scripts/test.lua:5: uncertainty: weights.events = \"fitted\": only the score's criteria have fitted weights\n  hint: fitted weights: conflict, access")
    }

    func testAllFittedCoversTheScoresCriteriaOnly() throws {
        let p = try Fixture.load(method + "fit_weights { outcome = \"back\", higher_is = \"worse\" }\nuncertainty { weights = { all = \"fitted\" } }")
        let u = try XCTUnwrap(p.method.uncertainty)
        XCTAssertEqual(u.weights.map(\.node), ["conflict", "access"])
        XCTAssertEqual(u.weights.map(\.fromFit), [true, true])
    }
}
