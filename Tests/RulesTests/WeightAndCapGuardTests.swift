import XCTest
import Domain
@testable import Rules

/// Weights below 0 or all 0, a floor at or above the cap, and a distance that is not a number are
/// refused at load with the script's line: each would rank with a method that means nothing.
final class WeightAndCapGuardTests: XCTestCase {
    let twoFacts = "facts { a = attribute \"a\", b = attribute \"b\" }\n"

    func testNegativeWeightsAreRefusedWhereverTheyAre() {
        let score = Fixture.errorText { _ = try Fixture.load(twoFacts + """
        criterion "ca" { indicator "a" {} }
        criterion "cb" { indicator "b" {} }
        score { "ca", "cb", weights = { ca = -1 } }
        """) }
        XCTAssertEqual(score, "Scripts/test.lua:4: score: weight of 'ca' is -1; a weight must not be negative")
        let indicator = Fixture.errorText { _ = try Fixture.load(twoFacts + "criterion \"c\" { indicator \"a\" { weight = -0.5 }, indicator \"b\" {} }") }
        XCTAssertEqual(indicator, "Scripts/test.lua:2: weight is -0.5; a weight must not be negative")
        let infinite = Fixture.errorText { _ = try Fixture.load(twoFacts + "criterion \"c\" { indicator \"a\" { weight = 1/0 } }") }
        XCTAssertEqual(infinite, "Scripts/test.lua:2: indicator a: weight must be a finite number (got inf)")
    }

    func testAllWeightsZeroIsRefused() {
        let criterion = Fixture.errorText { _ = try Fixture.load(twoFacts + "criterion \"c\" { indicator \"a\" { weight = 0 }, indicator \"b\" { weight = 0 } }") }
        XCTAssertEqual(criterion, "Scripts/test.lua:2: criterion c: every weight inside it is 0, so it has no value; give at least one a weight above 0")
        let score = Fixture.errorText { _ = try Fixture.load(twoFacts + """
        criterion "ca" { indicator "a" {} }
        criterion "cb" { indicator "b" {} }
        score { "ca", "cb", weights = { ca = 0, cb = 0 } }
        """) }
        XCTAssertEqual(score, "Scripts/test.lua:4: score: every weight is 0, so no unit has a score; give at least one criterion a weight above 0")
        // One weight of 0 beside a positive one is a legitimate "report only" indicator.
        XCTAssertNoThrow(try Fixture.load(twoFacts + "criterion \"c\" { indicator \"a\" { weight = 0 }, indicator \"b\" {} }"))
    }

    func testAFloorAtOrAboveTheCapIsRefused() {
        let inline = Fixture.errorText { _ = try Fixture.load(twoFacts + "criterion \"c\" { indicator \"a\" { floor = 10, cap = 1 } }") }
        XCTAssertEqual(inline, "Scripts/test.lua:2: indicator a: floor 10 is not below cap 1, so every unit would get the same value; the floor must be below the cap")
        let equal = Fixture.errorText { _ = try Fixture.load(twoFacts + "criterion \"c\" { indicator \"a\" { transform = { floor_at(2), cap(2) } } }") }
        XCTAssertEqual(equal, "Scripts/test.lua:2: indicator a: floor 2 is not below cap 2, so every unit would get the same value; the floor must be below the cap")
        XCTAssertNoThrow(try Fixture.load(twoFacts + "criterion \"c\" { indicator \"a\" { floor = 1, cap = 10 } }"))
    }

    func testADistanceThatIsNotANumberIsRefused() {
        let nan = Fixture.errorText { _ = try Fixture.load("facts {\n  near = within { layer = \"police\", km = 0/0 } }\ncriterion \"c\" { indicator \"near\" {} }") }
        XCTAssertEqual(nan, "Scripts/test.lua:2: within: km must be a finite number (got NaN, e.g. from 0/0)")
    }
}
