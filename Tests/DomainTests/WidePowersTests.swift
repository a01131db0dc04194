import XCTest
import Foundation
@testable import Domain

/// The 128-bit powers of ten behind 17- to 19-digit numbers: the table against exact powers, and
/// the product against glibc's `strtod` (correctly rounded), answering nearly always.
final class WidePowersTests: XCTestCase {
    func testPowersAreTenToTheQ() {
        for q in WidePowers.range {
            let p = WidePowers.power(q)
            XCTAssertEqual(p.hi >> 63, 1, "10^\(q) fills 128 bits")
            // hi alone, as a double, is 10^q to within 2^-52 of it.
            let approx = Double(p.hi) * pow(2.0, Double(p.binary + 64))
            let ten = "1e\(q)".withCString { strtod($0, nil) }
            XCTAssertEqual(approx / ten, 1, accuracy: 1e-15, "10^\(q)")
            if q >= 0, q <= 22 { XCTAssertEqual(approx, ten) }
            // The tables the parser reads are these powers, entry for entry.
            let k = q - WidePowers.range.lowerBound
            XCTAssertEqual(WidePowers.highs[k], p.hi, "10^\(q)")
            XCTAssertEqual(WidePowers.lows[k], p.lo, "10^\(q)")
            XCTAssertEqual(WidePowers.binaries[k], p.binary, "10^\(q)")
        }
    }

    func testCoordinatesAreReadWithoutFallingBack() {
        var state: UInt64 = 0x0123_4567_89AB_CDEF
        func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
        var answered = 0
        let count = 200_000
        for _ in 0..<count {
            let mantissa = next() % 10_000_000_000_000_000_000
            let q = Int(next() % UInt64(WidePowers.range.count)) + WidePowers.range.lowerBound
            let text = "\(mantissa)e\(q)"
            let expected = text.withCString { strtod($0, nil) }
            guard mantissa > 0 else { continue }
            guard let v = WidePowers.value(mantissa, q) else {
                // Left to the text reader only when the product is too near a rounding boundary
                // to tell: for q ≥ -21 that takes a decimal exactly on a midpoint between two
                // doubles, which needs 5^-q to divide the mantissa.
                var five: UInt64 = 1
                for _ in 0..<max(0, -q) { five *= 5 }
                XCTAssertTrue(q < -21 || (q < 0 && mantissa % five == 0), "\(text) was not read")
                continue
            }
            answered += 1
            XCTAssertEqual(v.bitPattern, expected.bitPattern, text)
        }
        XCTAssertGreaterThan(answered, count - count / 1000)
    }
}
