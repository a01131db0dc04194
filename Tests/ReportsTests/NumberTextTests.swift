import XCTest
import Foundation
@testable import Reports

/// `NumberText.readable` spells whole numbers below 1,000 itself: the same text as the
/// `%.4g` it used for them (and still uses for the others), checked against `String(format:)`.
final class NumberTextTests: XCTestCase {
    func testReadableAgreesWithPrintfBelowAThousand() {
        var values: [Double] = (-999 ... 999).map(Double.init) + [-0.0, 0.5, -0.5, 999.4, 999.5, 999.99, -999.99, 1e-5, 12.5, 245.0001, .nan]
        values += values.map { $0.nextUp } + values.map { $0.nextDown }
        for d in values where abs(d) < 1000 || d.isNaN {
            XCTAssertEqual(NumberText.readable(d), String(format: "%.4g", d), "\(d)")
        }
        XCTAssertEqual(NumberText.readable(14_118), "14,118")
        XCTAssertEqual(NumberText.readable(nil), "–")
    }
}
