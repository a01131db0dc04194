import XCTest
import Foundation
@testable import Domain

/// The byte-level number reader against the two parsers it must agree with bit for bit: Swift's
/// `Double(String)` (what numbers were read with before) and glibc's `strtod` (correctly rounded),
/// on edge spellings and on a hundred thousand random ones.
final class FastDoubleTests: XCTestCase {
    func value(_ s: String) -> Double {
        Array(s.utf8).withUnsafeBufferPointer { FastDouble.value(ofWellFormed: $0) }
    }

    /// glibc's strtod; the test process never sets a locale, so it reads the point as decimal mark.
    func strtodC(_ s: String) -> Double { s.withCString { strtod($0, nil) } }

    func assertSame(_ s: String, file: StaticString = #filePath, line: UInt = #line) {
        let mine = value(s)
        guard let swift = Double(s) else { return XCTFail("Double(\"\(s)\") is nil", file: file, line: line) }
        XCTAssertEqual(mine.bitPattern, swift.bitPattern, "\(s): \(mine) vs Double(String) \(swift)", file: file, line: line)
        XCTAssertEqual(mine.bitPattern, strtodC(s).bitPattern, "\(s): \(mine) vs strtod", file: file, line: line)
        // The cell reader and the text reader give that same value (or both refuse an infinite one).
        let plain = Array(s.utf8).withUnsafeBufferPointer { NumberParsing.plainValue($0) }
        if mine.isFinite {
            XCTAssertEqual(plain?.bitPattern, mine.bitPattern, s, file: file, line: line)
            XCTAssertEqual(NumberParsing.parse(" \(s)\t"), .number(mine), s, file: file, line: line)
        } else {
            XCTAssertNil(plain, s, file: file, line: line)
        }
    }

    func testEdgeSpellings() {
        let edges = [
            "0", "-0", "+0", "0.0", "-0.0", ".0", "0.", "00000", "0e0", "-0e-999", "0e999999999999",
            "1", "-1", "+1", "1.", ".5", "5.", "+.5e+3", "-.5E-3", "00000123.4500000e-0002",
            "0.1", "0.2", "0.3", "1e22", "1e23", "-1e22", "1e-22", "1e-23", "123456789e-22", "4503599627370497e22",
            "9007199254740992", "9007199254740993", "9007199254740994", "9007199254740995",
            "18014398509481985", "1152921504606846977", "9999999999999999999", "10000000000000000000",
            "99999999999999999999999", "1234567890123456789012345678901234567890",
            "2.2250738585072011e-308", "2.2250738585072014e-308", "4.9406564584124654e-324", "5e-324", "2e-324",
            "1e-400", "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "1e309", "-1e400",
            "0.000000000000000000000000000000000000000000001", "-22.4123456789012345", "-5.208612345678901",
            "22.41", "-6.1", "1e0", "1E+0", "12345678901234567e-17", "7.038531e-26",
            "2.4703282292062327e-324", "2.4703282292062328e-324", "9.5e-5", "8.41e21", "5e22", "3.5e22",
        ]
        for s in edges { assertSame(s) }
        // Long runs of zeros around the digits, and the halfway case 2^53 + 1 written long.
        assertSame("0." + String(repeating: "0", count: 400) + "1e400")
        assertSame("9007199254740993" + String(repeating: "0", count: 300) + "e-300")
        assertSame("9007199254740993.0000000000000000000000000000000000001")
    }

    func testRandomSpellings() {
        var state: UInt64 = 0x9E3779B97F4A7C15
        func next() -> UInt64 {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return z ^ (z >> 31)
        }
        func digits(_ n: Int) -> String { String((0..<n).map { _ in Character(String(next() % 10)) }) }
        for k in 0..<100_000 {
            var s = ""
            switch next() % 3 { case 0: s += "-"; case 1: s += "+"; default: break }
            let intDigits = Int(next() % 20), fracDigits = Int(next() % 22)
            s += digits(intDigits)
            if fracDigits > 0 || intDigits == 0 { s += "." + digits(max(fracDigits, intDigits == 0 ? 1 : 0)) }
            if next() % 2 == 0 {
                s += next() % 2 == 0 ? "e" : "E"
                if next() % 2 == 0 { s += "-" }
                // Mostly small exponents (Clinger's range), some near the ends of the double range.
                s += String(k % 10 == 0 ? Int(next() % 340) : Int(next() % 30))
            }
            assertSame(s)
        }
        // Doubles printed with 17 significant digits (how coordinates are exported), and shortest.
        for _ in 0..<30_000 {
            let d = Double(bitPattern: next() >> 2) * (next() % 2 == 0 ? 1 : -1)
            guard d.isFinite else { continue }
            assertSame(String(format: "%.17g", d))
            assertSame(d.description)
            XCTAssertEqual(value(String(format: "%.17g", d)), d)
        }
    }

    /// The 128-bit path (`WidePowers`: 19 digits at most, exponent within ±27): 17- to 19-digit coordinates, and
    /// decimals that are exactly a midpoint between two doubles or one unit beside it (where
    /// rounding twice would go wrong), written as integers and with the point moved left.
    func testExtendedPrecisionSpellings() {
        var state: UInt64 = 0x2545F4914F6CDD1D
        func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
        func moved(_ digits: String, left k: Int) -> String {
            guard k > 0 else { return digits }
            let padded = String(repeating: "0", count: max(0, k + 1 - digits.count)) + digits
            return String(padded.dropLast(k)) + "." + String(padded.suffix(k))
        }
        for _ in 0..<60_000 {
            // A coordinate as GDAL and pandas export it: up to 19 significant digits.
            let lon = Double(Int64(bitPattern: next()) % 180_000_000) / 1_000_000 + Double(next() % 1000) * 1e-12
            for digits in [15, 16, 17, 18, 19] { assertSame(String(format: "%.\(digits)g", lon)) }
            // Midpoints of doubles between 2^54 and 2^63 are integers of at most 19 digits.
            let shift = UInt64(54 + next() % 9)
            let low = (UInt64(1) << shift) | (next() & ((UInt64(1) << shift) - 1))
            let ulpBits = shift - 52
            let below = low & ~((UInt64(1) << ulpBits) - 1)
            let midpoint = below + (UInt64(1) << (ulpBits - 1))
            for m in [midpoint - 1, midpoint, midpoint + 1] {
                let text = String(m)
                assertSame(text)
                assertSame(moved(text, left: Int(next() % 20)) + (next() % 2 == 0 ? "" : "e\(Int(next() % 8))"))
            }
            // Any 18- or 19-digit mantissa with an exponent near the ends of the range.
            let mantissa = String(next() % 10_000_000_000_000_000_000)
            assertSame(mantissa + "e" + String(Int(next() % 55) - 27))
        }
    }
}
