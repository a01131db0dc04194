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

        // Values end to end (a reader's rows, through the builder): shared by two rows, copied
        // on write; a row alone in its block is written in place.
        var builder = ValueRowBuilder()
        var a = builder.row([.number(1), .null])
        let b = builder.row([.null, .text("b")])
        XCTAssertTrue(a.block === b.block)
        a[1] = .bool(true)
        XCTAssertFalse(a.block === b.block)
        XCTAssertEqual(Array(a), [.number(1), .bool(true)])
        XCTAssertEqual(Array(b), [.null, .text("b")])
        var own: ValueRow = [.text("x")]
        let ownBlock = ObjectIdentifier(own.block)  // not a reference: the row alone holds its block
        own[0] = .text("y")
        XCTAssertEqual(ObjectIdentifier(own.block), ownBlock, "written in place")
        XCTAssertEqual(own, [.text("y")])
    }

    /// A reader's rows fill blocks of `ValueRowBuilder.blockValues` values and go on in a new
    /// block when a row does not fit; every row reads back what it was given.
    func testTheBuilderFillsBlocksAndStartsANewOneWhenARowDoesNotFit() {
        var builder = ValueRowBuilder()
        let rowCount = ValueRowBuilder.blockValues / 3 + 10   // rows of three: the last ones need a second block
        var rows: [ValueRow] = []
        for r in 0..<rowCount { rows.append(builder.row([.number(Double(r)), .text("row \(r)"), r % 2 == 0 ? .null : .bool(true)])) }
        for (r, row) in rows.enumerated() {
            XCTAssertEqual(Array(row), [.number(Double(r)), .text("row \(r)"), r % 2 == 0 ? .null : .bool(true)], "row \(r)")
        }
        let fitting = ValueRowBuilder.blockValues / 3
        XCTAssertTrue(rows[0].block === rows[fitting - 1].block)
        XCTAssertFalse(rows[fitting - 1].block === rows[fitting].block, "a row that does not fit starts a new block")
        XCTAssertTrue(rows[fitting].block === rows[rowCount - 1].block)
        // A row longer than a block gets a block of its own size.
        let long = builder.row(Array(repeating: .number(7), count: ValueRowBuilder.blockValues + 1))
        XCTAssertEqual(long.count, ValueRowBuilder.blockValues + 1)
        XCTAssertEqual(long[ValueRowBuilder.blockValues], .number(7))
    }
}
