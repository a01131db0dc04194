import XCTest
@testable import Reports

/// `CSVBytes` spells numbers itself (digits by `DecimalDigits`, rows through a cursor on the
/// stack): the cells must be those of `String(n)` and `NumberText.full`, as before.
final class CSVBytesTests: XCTestCase {
    func testNumbersAreSpelledAsTheTextFormsSpellThem() {
        var integers: [Int] = [0, 1, -1, 9, 10, -10, 99_999_999, 100_000_000, -100_000_000, Int.max, Int.min + 1, Int.min]
        var power = 1
        for _ in 0 ..< 18 { integers += [power - 1, power, power + 1, -power]; power *= 10 }
        for n in integers {
            var w = CSVBytes()
            w.integer(n)
            XCTAssertEqual(String(decoding: w.bytes, as: UTF8.self), "," + String(n))
        }
        let doubles: [Double] = [0, -0.0, 1, -1, 2.5, -2.5, 1e15, 1e15 - 1, -(1e15 - 1), 1e15 + 2, 123_456_789_012_345, 0.1, 1e-300,
                                 .nan, .infinity, -.infinity, 6.597064350396479, 94]
        for d in doubles {
            var w = CSVBytes()
            w.number(d)
            XCTAssertEqual(String(decoding: w.bytes, as: UTF8.self), "," + NumberText.full(d), "\(d)")
        }
        var empty = CSVBytes()
        empty.integer(nil); empty.number(nil as Double?)
        XCTAssertEqual(String(decoding: empty.bytes, as: UTF8.self), ",,")
    }

    func testARowSpelledThroughTheCursor() {
        var w = CSVBytes()
        w.raw("a", first: true)
        w.spell(atMost: 64) { c in
            c.byte(44); c.text("é\"x"); c.integer(-42); c.integer(nil); c.bytes(Array(",z".utf8)); c.bytes([]); c.text("")
        }
        w.endRow()
        XCTAssertEqual(String(decoding: w.bytes, as: UTF8.self), "a,é\"x,-42,,z\n")
    }
}
