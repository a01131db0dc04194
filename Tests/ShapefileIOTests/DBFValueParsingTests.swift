import XCTest
import Domain
@testable import ShapefileIO

/// DBF number fields as tools write them: a bare leading or trailing point, signs, exponents;
/// anything else is not a number (never read as zero).
final class DBFValueParsingTests: XCTestCase {
    func number(_ s: String) -> Double? { DBFValueParsing.number(ArraySlice(Array(s.utf8))) }

    func testSpellingsOfNumbers() {
        let cases: [(String, Double)] = [("12", 12), ("-12", -12), ("+7.", 7), ("5.", 5), (".5", 0.5), ("-.5", -0.5),
                                         ("+.25", 0.25), ("1.e3", 1000), ("2.5E-1", 0.25), ("1e5", 100_000)]
        for (text, want) in cases { XCTAssertEqual(number(text), want, text) }
        for text in [".", "-", "1e", "1e+", "e5", "1.2.3", "0x10", "nan", "inf", "1,5", "1 5", ""] {
            XCTAssertNil(number(text), text)
        }
    }
}
