import XCTest
@testable import Domain

/// `RadixSort.sortInPlace`, `sort` and `sortByDealing` against the standard library's sort, on seeded random keys of every
/// size around its thresholds, with few and many distinct keys (long runs of equal top bits).
final class RadixSortTests: XCTestCase {
    func testSortInPlaceMatchesTheLibrarySort() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> UInt64 {  // SplitMix64
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        for count in [0, 1, 2, 31, 32, 33, 100, 1000, 5000, 70000] {
            for bits in [1, 7, 11, 12, 23, 53, 64] {
                for distinct in [UInt64(3), UInt64.max] {
                    let mask = bits == 64 ? UInt64.max : (UInt64(1) << UInt64(bits)) - 1
                    var keys = (0 ..< count).map { _ in (distinct == .max ? next() : (next() % distinct) << UInt64(max(0, bits - 2))) & mask }
                    let expected = keys.sorted()
                    var lsd = keys, dealt = keys
                    for parts in [1, 2, 3, 8] {
                        var sliced = dealt
                        RadixSort.sortByDealing(&sliced, bits: bits, parts: parts)
                        XCTAssertEqual(sliced, expected, "\(count) keys of \(bits) bits (sortByDealing, \(parts) parts)")
                    }
                    RadixSort.sortByDealing(&dealt, bits: bits)
                    XCTAssertEqual(dealt, expected, "\(count) keys of \(bits) bits (sortByDealing)")
                    RadixSort.sortInPlace(&keys, bits: bits)
                    XCTAssertEqual(keys, expected, "\(count) keys of \(bits) bits")
                    RadixSort.sort(&lsd, bits: bits)
                    XCTAssertEqual(lsd, expected, "\(count) keys of \(bits) bits (sort)")
                }
            }
        }
    }
}
