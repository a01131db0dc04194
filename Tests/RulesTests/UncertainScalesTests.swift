import XCTest
import Domain
@testable import Rules

/// `uncertainty { scales = { … } }` and weights that cannot act (under a minimum or maximum):
/// what they declare, and the exact message for each mistake.
final class UncertainScalesTests: XCTestCase {
    let method = """
    facts { x = attribute "x" }
    criterion "conflict" { aggregate = "minimum", indicator "events" { value = "x" }, indicator "deaths" { value = "x" } }
    criterion "access" { indicator "roads" { value = "x", scale = "percentile" }, indicator "gates" { value = "x", scale = goalposts(0, 5) } }

    """

    func testAllLeavesOutTheWeightsOfAMinimumAndSaysSo() throws {
        let u = try XCTUnwrap(try Fixture.load(method + "uncertainty { weights = { all = 0.5 } }").method.uncertainty)
        XCTAssertEqual(u.weights.map(\.node), ["conflict", "access", "roads", "gates"])
        XCTAssertEqual(u.fixedWeights, ["events", "deaths"])
    }

    /// An indicator alone in its criterion: its weight divides out, so `all` leaves it out (its
    /// sensitivity would read 0.0), and lists it as not varied; the criterion's own weight varies.
    func testAllLeavesOutTheWeightOfALoneIndicator() throws {
        let lone = method + "criterion \"needs\" { indicator \"idps\" { value = \"x\" } }\nuncertainty { weights = { all = 0.5 } }"
        let u = try XCTUnwrap(try Fixture.load(lone).method.uncertainty)
        XCTAssertEqual(u.weights.map(\.node), ["conflict", "access", "roads", "gates", "needs"])
        XCTAssertEqual(u.fixedWeights, ["events", "deaths", "idps"])
    }

    func testNamingAWeightUnderAMinimumIsRefused() {
        XCTAssertEqual(Fixture.errorText { _ = try Fixture.load(method + "uncertainty { weights = { events = 0.5 } }") },
                       "Scripts/test.lua:4: uncertainty: weights.events: events is under a minimum or maximum, which takes no weights, so its weight cannot vary\n  hint: leave weights.events out (all = … leaves it out by itself)")
    }

    func testScalesKeepEachIndicatorsRangeAndLeaveFixedScalesAlone() throws {
        let u = try XCTUnwrap(try Fixture.load(method + "uncertainty { weights = { all = 0.5 }, scales = { \"minmax\", \"percentile\" } }").method.uncertainty)
        XCTAssertEqual(u.scales.map(\.name), ["minmax", "percentile"])
        XCTAssertEqual(u.scales[0].normalisations, ["events": .minMax(lower: 0, upper: 10), "deaths": .minMax(lower: 0, upper: 10),
                                                     "roads": .minMax(lower: 0, upper: 10)])
        XCTAssertEqual(u.scales[1].normalisations["roads"], .percentile(scale: 10))
        XCTAssertNil(u.scales[1].normalisations["gates"])
    }

    func testScaleMistakes() {
        func error(_ decl: String) -> String { Fixture.errorText { _ = try Fixture.load(method + decl) } }
        XCTAssertEqual(error("uncertainty { weights = { all = 0.5 }, scales = { \"minmax\", \"rank\" } }"),
                       "Scripts/test.lua:4: uncertainty: scales has \"rank\", which is not a scale to draw from\n  hint: use \"minmax\", \"percentile\", \"zscore\"")
        XCTAssertEqual(error("uncertainty { weights = { all = 0.5 }, scales = { \"minmax\" } }"),
                       "Scripts/test.lua:4: uncertainty: scales = { \"minmax\", \"percentile\" } expected (at least two to draw from)")
        XCTAssertEqual(error("uncertainty { weights = { all = 0.5 }, scales = { \"minmax\", 3 } }"),
                       "Scripts/test.lua:4: uncertainty: scales item 2 must be a name such as \"minmax\" (got 3)")
        // z-scores beside the goalposts indicator, which keeps 0–10: a mean of mixed scales.
        XCTAssertEqual(error("uncertainty { weights = { all = 0.5 }, scales = { \"minmax\", \"zscore\" } }"),
                       "Scripts/test.lua:4: uncertainty: scales = \"zscore\": criterion access mixes scales: roads is on z-scores and gates on 0–10; a mean of them is not defined\n  hint: leave zscore out of scales")
        let onOneToTen = """
        facts { x = attribute "x" }
        criterion "conflict" { indicator "events" { value = "x", scale = minmax(1, 10) } }
        criterion "access" { indicator "roads" { value = "x", scale = minmax(1, 10) } }

        """
        XCTAssertEqual(Fixture.errorText { _ = try Fixture.load(onOneToTen + "uncertainty { weights = { all = 0.5 }, scales = { \"minmax\", \"percentile\" } }") },
                       "Scripts/test.lua:4: uncertainty: scales = \"percentile\": indicator events is on 1–10, and a percentile scale starts at 0\n  hint: leave percentile out of scales, or put the indicator on a scale from 0")
    }
}
