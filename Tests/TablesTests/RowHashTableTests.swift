import XCTest
@testable import Tables

/// The duplicate-row table with hashes chosen by hand, so that collisions (which real 32-bit row
/// hashes seldom give) are exercised: equal hashes of different rows, chains that wrap
/// around the end of the table, and the first earlier identical row found among several.
final class RowHashTableTests: XCTestCase {
    func testCollidingHashesFindTheIdenticalRowOnly() {
        // Rows 0..5 hold the texts below; rows 0, 1, 2 and 3 share one hash, rows 4 and 5 another.
        let texts = ["a", "b", "c", "b", "d", "d"]
        let hashes: [UInt32] = [7, 7, 7, 7, 8, 8]
        var table = RowHashTable(capacityFor: texts.count)
        var found: [Int?] = []
        for r in texts.indices {
            found.append(table.earlierRow(hash: hashes[r], row: r) { texts[$0] == texts[r] })
        }
        // "b" on row 3 repeats row 1 (after passing row 0 on the same hash); "d" on row 5 repeats row 4.
        XCTAssertEqual(found, [nil, nil, nil, 1, nil, 4])
    }

    func testChainsWrapAroundTheEndOfTheTable() {
        // 16 slots for 3 rows; hash 15 is the last slot, so the second and third rows wrap to 0 and 1.
        var table = RowHashTable(capacityFor: 3)
        XCTAssertNil(table.earlierRow(hash: 15, row: 0) { _ in false })
        XCTAssertNil(table.earlierRow(hash: 15, row: 1) { _ in false })
        XCTAssertNil(table.earlierRow(hash: 31, row: 2) { _ in false })
        // A row equal to row 2 (hash 31, same slot start) walks 15 → 0 → 1 and finds it.
        var asked: [Int] = []
        XCTAssertEqual(table.earlierRow(hash: 31, row: 3) { asked.append($0); return $0 == 2 }, 2)
        // Rows 0 and 1 have hash 15, not 31: they are never compared.
        XCTAssertEqual(asked, [2])
    }

    func testManyRowsEachFoundAgain() {
        // 2,000 distinct rows with hashes reduced to 50 values (long chains), then each again.
        var table = RowHashTable(capacityFor: 4_000)
        for r in 0..<2_000 { XCTAssertNil(table.earlierRow(hash: UInt32(r % 50), row: r) { _ in false }) }
        for r in 0..<2_000 {
            XCTAssertEqual(table.earlierRow(hash: UInt32(r % 50), row: 2_000 + r) { $0 == r }, r)
        }
    }
}
