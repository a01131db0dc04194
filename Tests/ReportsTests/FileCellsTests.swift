import XCTest
@testable import Reports

/// `FileCells` (the layer and file cells of `fact_rows.csv`, by the bits of the file name's
/// string): the same bits give the cells spelled for them, without spelling again; other bits
/// are spelled and kept too, including bits that take a slot another name held.
final class FileCellsTests: XCTestCase {
    func testCellsAreSpelledOncePerNameBits() {
        var table = FileCells()
        var spelled: [UInt64] = []
        func cells(_ low: UInt64, _ high: UInt64) -> [UInt8] {
            table.cells(RowPlace.NameBits(low: low, high: high)) { spelled.append(low); return Array("cells \(low)".utf8) }
        }
        XCTAssertEqual(cells(1, 0x7000), Array("cells 1".utf8))
        XCTAssertEqual(cells(2, 0x7000), Array("cells 2".utf8))
        XCTAssertEqual(cells(1, 0x7000), Array("cells 1".utf8))
        XCTAssertEqual(cells(2, 0x7000), Array("cells 2".utf8))
        XCTAssertEqual(spelled, [1, 2], "the same bits were spelled again")
        // A hundred names (a table typed in blocks: one copy of the name per block): some share
        // a slot and replace one another, so a few are spelled again; every name gets its own
        // cells, and most are kept.
        for _ in 0 ..< 2 {
            for n in UInt64(10) ..< 110 { XCTAssertEqual(cells(n, 0x7000 + n << 4), Array("cells \(n)".utf8)) }
        }
        XCTAssertGreaterThanOrEqual(spelled.count, 2 + 100)
        XCTAssertLessThan(spelled.count, 2 + 150, "the names were not kept")
        // Thousands of names: each still gets its own cells.
        for n in UInt64(1_000) ..< 5_000 { XCTAssertEqual(cells(n, n &* 0x1_0000_0001), Array("cells \(n)".utf8)) }
    }
}
