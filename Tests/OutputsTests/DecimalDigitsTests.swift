import XCTest
@testable import Outputs
import TestSupport

/// `DecimalDigits` spells whole numbers by multiplications in the lanes of a word: checked
/// against Swift's own `String(n)` at every power of ten and two (and one either side), at the
/// edges of its eight-digit steps and on seeded random numbers of every length.
final class DecimalDigitsTests: XCTestCase {
    func spelled(_ n: UInt64) -> String {
        withUnsafeTemporaryAllocation(byteCount: DecimalDigits.maxBytes, alignment: 8) { p in
            String(decoding: UnsafeRawBufferPointer(start: p.baseAddress!, count: DecimalDigits.write(n, at: p.baseAddress!)), as: UTF8.self)
        }
    }

    func testAgreesWithSwiftsSpelling() {
        var values: [UInt64] = [0, 1, 9, 10, 99_999_999, 100_000_000, 9_999_999_999_999_999, 10_000_000_000_000_000, .max, .max - 1]
        var power: UInt64 = 1
        for _ in 0 ..< 20 { values += [power &- 1, power, power &+ 1]; power = power &* 10 }
        for k in 0 ..< 64 { values += [1 << UInt64(k), (1 << UInt64(k)) - 1] }
        var rng = SplitMix64(seed: 0xD1_6175)
        for _ in 0 ..< 100_000 { let bits = rng.next(); values += [bits, bits >> (bits & 63)] }
        for n in values { XCTAssertEqual(spelled(n), String(n), "\(n)") }
    }
}
