import XCTest
import Domain
@testable import Outputs
import TestSupport

/// The GeoJSON writer spells coordinates with its own code (`CoordinateText`), which must give
/// the bytes `FixedDecimal.append(x, places: 7, trimZeros: true)` gives, for every double: checked
/// against it on ties of the seventh decimal, values next to them, the edges of the fast path
/// (±1e9, units that round up to a new digit) and seeded random values of every magnitude.
final class CoordinateTextTests: XCTestCase {
    func spelled(_ x: Double) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: CoordinateText.maxBytes) { p in
            String(decoding: UnsafeBufferPointer(rebasing: p[..<CoordinateText.spell(x, at: p.baseAddress!)]), as: UTF8.self)
        }
    }

    func expected(_ x: Double) -> String { FixedDecimal.format(x, places: 7, trimZeros: true) }

    func testEdgesAndTies() {
        var values: [Double] = [0, -0.0, 1, -1, 20.0009375, -8, 0.00000005, -0.00000005, 0.00000004999999, 0.000000049999999999,
                                0.15, 0.25, 1.00000005, 2.00000015, 999_999_999.99999995, -999_999_999.99999995, 999_999_999.9999999,
                                1e9, -1e9, 1e9.nextDown, (-1e9).nextUp, 1e15, 1e300, -1e-300, .leastNonzeroMagnitude,
                                .greatestFiniteMagnitude, .infinity, -.infinity, .nan, 900_719_925.47409905, 0.49999999999999994e-7,
                                // Whole parts of one and two digits (spelled apart) and their edges:
                                // rounding up to 10 and to 100, and every whole part below 101.
                                9.99999995, 9.999999949, -9.99999995, 99.99999995, 99.999999949, -99.99999995,
                                10, 99, 100, 10.5, 99.0000001, -10.0000001, 23.864163155866656, -6.6393489588966972]
        for w in 0 ... 100 { values += [Double(w), Double(w) + 0.1234567, -Double(w) - 0.7654321, Double(w).nextDown, Double(w).nextUp] }
        for k in 0 ..< 2_000 {
            let tie = (Double(k) + 0.5) / 1e7   // a decimal tie, rarely exact in binary: both sides
            values += [tie, tie.nextUp, tie.nextDown, -tie, 123.0 + tie, -45.0 - tie]
        }
        for x in values { XCTAssertEqual(spelled(x), expected(x), "\(x)") }
    }

    func testSeededValuesOfEveryMagnitude() {
        var rng = SplitMix64(seed: 0x6E0_1507)
        for _ in 0 ..< 200_000 {
            let bits = rng.next()
            // Random mantissa and sign, exponents from 2^-40 to 2^35 (past 1e9), and raw bit patterns.
            let x = bits & 1 == 0 ? Double(bitPattern: bits)
                : Double(sign: bits & 2 == 0 ? .plus : .minus, exponent: Int(bits >> 56 & 0x7F) % 76 - 40,
                         significand: 1 + Double(bits >> 8 & 0xF_FFFF_FFFF_FFFF) / Double(1 << 52))
            XCTAssertEqual(spelled(x), expected(x), "\(x)")
        }
    }

    func testGeoJSONCoordinatesAsBefore() {
        var g = GeoJSONWriter()
        g.append(shape: .point(Coordinate(20.0009375, -8)), properties: [])
        g.append(shape: .multiPoint([Coordinate(-0.00000004, 1e9), Coordinate(.nan, 2.5)]), properties: [])
        XCTAssertEqual(g.finished(), "{\"type\":\"FeatureCollection\",\"features\":[\n"
                       + "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Point\",\"coordinates\":[20.0009375,-8]}},\n"
                       + "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"MultiPoint\",\"coordinates\":[[0,1000000000.0],[NaN,2.5]]}}\n]}\n")
    }
}
