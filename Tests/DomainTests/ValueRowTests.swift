import XCTest
@testable import Domain

/// `ValueRow` reads back what was stored, in both layouts of `ValueBlock`, and behaves as a value:
/// writing one feature's values never changes another's.
final class ValueRowTests: XCTestCase {
    /// Rows of a table with a text column, two numeric ones and a date, in typed columns.
    private func typedRows() -> (ValueBlock, [ValueRow]) {
        let block = ValueBlock.make(rows: 3, numeric: [false, true, true, false])
        let date = ISODate(year: 2020, month: 5, day: 17)!
        let cells: [[Value]] = [
            [.text("Tshikapa"), .number(20.8), .number(-6.41), .date(date)],
            [.null, .null, .number(-0.0), .null],
            [.text(""), .number(.nan), .number(.infinity), .text("2020-05-17")],
        ]
        var rows: [ValueRow] = []
        for row in cells {
            let r = block.appendRow()
            for (c, v) in row.enumerated() { block.set(v, row: r, column: c) }
            rows.append(ValueRow(row: r, of: block))
        }
        return (block, rows)
    }

    func testTypedColumnsReadBackEveryValueAndNull() {
        let (_, rows) = typedRows()
        XCTAssertEqual(Array(rows[0]), [.text("Tshikapa"), .number(20.8), .number(-6.41), .date(ISODate(year: 2020, month: 5, day: 17)!)])
        XCTAssertEqual(Array(rows[1]), [.null, .null, .number(-0.0), .null])
        // -0.0 keeps its sign; a NaN read from a file stays a number, not null.
        XCTAssertEqual(rows[1][2].number?.sign, .minus)
        XCTAssertTrue(rows[2][1].number?.isNaN ?? false, "\(rows[2][1])")
        XCTAssertEqual(rows[2][2], .number(.infinity))
        XCTAssertEqual(rows[2].count, 4)
        XCTAssertEqual(rows[0], [.text("Tshikapa"), .number(20.8), .number(-6.41), .date(ISODate(year: 2020, month: 5, day: 17)!)])
    }

    func testWritingARowOfABlockChangesNoOtherRow() {
        let (_, rows) = typedRows()
        var changed = rows[0], other = rows[0]
        changed[1] = .text("not a number any more")
        changed[3] = .null
        XCTAssertEqual(Array(changed), [.text("Tshikapa"), .text("not a number any more"), .number(-6.41), .null])
        XCTAssertEqual(Array(other), Array(rows[0]))
        XCTAssertEqual(other[1], .number(20.8))
        other[0] = .text("Kananga")
        XCTAssertEqual(rows[0][0], .text("Tshikapa"))
        XCTAssertEqual(Array(rows[1]), [.null, .null, .number(-0.0), .null])

        // Values end to end: shared by two rows, copied on write; a row alone in its block is
        // written in place.
        let block = ValueBlock.make(capacity: 4)
        let first = block.appendNulls(2), second = block.appendNulls(2)
        block.set(.number(1), at: first)
        block.set(.text("b"), at: second + 1)
        var a = ValueRow(block: block, start: first, count: 2)
        let b = ValueRow(block: block, start: second, count: 2)
        a[1] = .bool(true)
        XCTAssertEqual(Array(a), [.number(1), .bool(true)])
        XCTAssertEqual(Array(b), [.null, .text("b")])
        var own: ValueRow = [.text("x")]
        own[0] = .text("y")
        XCTAssertEqual(own, [.text("y")])
    }
}
