import XCTest
@testable import Domain

final class NumberParsingTests: XCTestCase {
    func testAcceptedSpellings() {
        XCTAssertEqual(NumberParsing.parse("1234"), .number(1234))
        XCTAssertEqual(NumberParsing.parse("1234.5"), .number(1234.5))
        XCTAssertEqual(NumberParsing.parse("-3e2"), .number(-300))
        XCTAssertEqual(NumberParsing.parse(" .5 "), .number(0.5))
        XCTAssertEqual(NumberParsing.parse("+7."), .number(7))
        XCTAssertEqual(NumberParsing.parse(""), .empty)
        XCTAssertEqual(NumberParsing.parse("   "), .empty)
    }

    func testRejectedSpellingsSayWhy() {
        func reason(_ s: String) -> String? { if case .invalid(let r) = NumberParsing.parse(s) { return r }; return nil }
        XCTAssertTrue(reason("12,5")?.contains("comma") ?? false)
        XCTAssertTrue(reason("1 234")?.contains("spaces") ?? false)
        XCTAssertTrue(reason("1\u{A0}234")?.contains("spaces") ?? false)
        XCTAssertNotNil(reason("abc"))
        XCTAssertTrue(reason("nan")?.contains("not-a-number") ?? false)
        XCTAssertTrue(reason("inf")?.contains("infinite") ?? false)
        XCTAssertTrue(reason("-Infinity")?.contains("infinite") ?? false)
        XCTAssertNotNil(reason("0x1p3"))
        XCTAssertNotNil(reason("1e"))
        XCTAssertNotNil(reason("."))
        XCTAssertNotNil(reason("1.2.3"))
        XCTAssertTrue(reason("1e400")?.contains("too large") ?? false)
        // Spaces and tabs around the text change nothing, whatever the outcome.
        XCTAssertTrue(reason(" 1e400\t")?.contains("too large") ?? false)
        XCTAssertTrue(reason("\t12,5 ")?.contains("comma") ?? false)
        XCTAssertTrue(reason(" nan ")?.contains("not-a-number") ?? false)
        XCTAssertEqual(NumberParsing.parse("\t-7\t"), .number(-7))
    }
}
