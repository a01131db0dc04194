import XCTest
import Domain
@testable import Joins

/// Text cells read as numbers follow the one number grammar of the toolkit: a value that a
/// declared number column would refuse is not read as a number here either.
final class NumberReadTests: XCTestCase {
    func testTextFollowsTheNumberGrammar() {
        XCTAssertEqual(NumberRead(.text(" 12.5 ")), .number(12.5))
        XCTAssertEqual(NumberRead(.text("")), .null)
        // Swift's Double("0x1A") is 26 and Double("nan") is NaN; neither is a number in a table.
        XCTAssertEqual(NumberRead(.text("0x1A")), .bad("0x1A"))
        XCTAssertEqual(NumberRead(.text("nan")), .bad("nan"))
        XCTAssertEqual(NumberRead(.text("12,5")), .bad("12,5"))
        XCTAssertEqual(NumberRead(.number(3)), .number(3))
        XCTAssertEqual(NumberRead(.null), .null)
    }
}
