import XCTest
import Foundation
@testable import Reports
import Domain

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

    /// Values past Int's range, and inf and nan, stopped the program (`Int(_:)` traps): now their
    /// digits are grouped like any other's (written out here by hand).
    func testGroupedSpellsValuesPastIntsRange() {
        XCTAssertEqual(NumberText.grouped(1e19), "10,000,000,000,000,000,000")
        XCTAssertEqual(NumberText.grouped(-2.5e20), "-250,000,000,000,000,000,000")
        XCTAssertEqual(NumberText.grouped(9_223_372_036_854_775_807.0), "9,223,372,036,854,775,808")
        XCTAssertEqual(NumberText.grouped(-1_234_567.4), "-1,234,567")
        XCTAssertEqual(NumberText.grouped(999.5), "1,000")
        XCTAssertEqual(NumberText.readable(1e19), "10,000,000,000,000,000,000")
        XCTAssertEqual(NumberText.readable(.infinity), "inf")
        XCTAssertEqual(NumberText.readable(-.infinity), "-inf")
    }

    /// Every other value below 1,000 is spelled by `FixedDecimal.printfG`, which must give
    /// printf's `%.4g` (and `%.<n>g`) text: ties of the short spelling (0.12345, really
    /// 0.123449…), exact binary ties (0.5625 at 3 digits), carries into a new digit (9.9996,
    /// 999.96, 0.099996), values %g writes with an exponent (1e-5) and random values of every size.
    func testSignificantDigitsAgreeWithPrintf() {
        var values: [Double] = [0.12345, 0.5625, 9.9996, 999.96, 0.099996, 0.00012345, 0.0001, 0.000099996, 1e-5, 2.675,
                                123.45, 1.0005, 0.3, 1.0 / 3.0, 0.1 + 0.2, 8.582, 9.067, 14.97, 5e-324, 999.95, 99.995]
        var state: UInt64 = 0x2545F4914F6CDD1D
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state }
        for k in 0..<100_000 {
            let mantissa = Double(next() >> 11) / Double(1 << 53)
            var v = mantissa * pow(10, Double(Int(next() % 10) - 6))
            if k % 4 == 0 { v = (v * 100_000).rounded() / 100_000 }   // five decimals: short ties
            if k % 8 == 1 { v = Double(Int64(next() % 100_000)) / 64 }   // exact binary ties
            values.append(next() % 2 == 0 ? v : -v)
        }
        var mismatches: [String] = []
        for (k, v) in values.enumerated() {
            if abs(v) < 1000, v != v.rounded() {
                let expected = String(format: "%.4g", v), got = NumberText.readable(v)
                if expected != got && mismatches.count < 10 { mismatches.append("readable \(v): printf \(expected), ours \(got)") }
            }
            for significant in k < 30 || k % 10 == 0 ? [1, 2, 3, 4, 6, 9, 15] : [3, 4] {
                let expected = String(format: "%.\(significant)g", v), got = FixedDecimal.printfG(v, significant: significant)
                if expected != got && mismatches.count < 10 { mismatches.append("\(v) at \(significant): printf \(expected), ours \(got)") }
            }
        }
        XCTAssertEqual(mismatches, [])
    }
}
