import XCTest
@testable import Tables
import Domain

/// A table of more rows than one block (`RowBlocks`) is typed on several cores: the kept rows,
/// the rejected ones and every message must be those of reading the rows one by one in file
/// order, with repeated rows and their first occurrence in different blocks.
final class BlockTypingTests: XCTestCase {
    /// Rows are typed into their slots property by property (`FeatureSlots.initialize`): a stored
    /// property added to `Feature` would be left uninitialised, and release builds skip the assert.
    func testFeatureSlotsSetEveryStoredPropertyOfAFeature() {
        XCTAssertTrue(FeatureSlots.coversFeature)
    }

    func testRepeatedAndRejectedRowsAcrossBlocksAreReportedInFileOrder() throws {
        // Row i (on line i + 2) is "i,i mod 7": all distinct, until the copies below.
        var rows = (0..<100_000).map { "\($0),\($0 % 7)" }
        rows[40_000] = rows[5]        // a copy of line 7, two blocks later
        rows[50_000] = "50000,x"      // an unreadable number
        rows[60_000] = rows[50_000]   // a copy of a rejected row: rejected too, never a duplicate
        rows[70_000] = rows[5]        // line 7 again
        rows[90_000] = rows[70_001]   // a copy of line 70003, in the next block
        let text = "id,v\n" + rows.joined(separator: "\n") + "\n"
        let table = try CSVReader.parse(bytes: Array(text.utf8), path: "t.csv")
        XCTAssertGreaterThan(RowBlocks(rowCount: table.rowCount).ranges.count, 2)
        let r = try table.makeLayer(TableSchema(numbers: ["v"]))
        XCTAssertEqual(r.layer.diagnostics.map(\.location.description), ["t.csv:40002", "t.csv:50002", "t.csv:60002", "t.csv:70002", "t.csv:90002"])
        XCTAssertEqual(r.layer.diagnostics.map(\.code), [.duplicateRow, .badNumber, .badNumber, .duplicateRow, .duplicateRow])
        XCTAssertEqual(r.layer.diagnostics[0].message, "row is identical in every cell to line 7: the copy is dropped, not counted twice")
        XCTAssertTrue(r.layer.diagnostics[1].message.hasPrefix("row rejected: column 'v': 'x' is not a number: "), r.layer.diagnostics[1].message)
        XCTAssertEqual(r.layer.diagnostics[4].message, "row is identical in every cell to line 70003: the copy is dropped, not counted twice")
        XCTAssertEqual(r.rowsRead, 100_000); XCTAssertEqual(r.rowsKept, 99_995); XCTAssertEqual(r.rowsRejected, 5)
        XCTAssertEqual(r.layer.rejectedFeatures.map(\.location.line), [50_002, 60_002])
        let lines = r.layer.features.map { $0.location.line ?? 0 }
        XCTAssertEqual(lines, (2...100_001).filter { ![40_002, 50_002, 60_002, 70_002, 90_002].contains($0) })
        // Values stay with their rows after the kept rows are moved down over the dropped ones.
        XCTAssertTrue(r.layer.features.allSatisfy { f in
            let id = Int((f.location.line ?? 0) - 2)
            return f.values == [.text("\(id)"), .number(Double(id % 7))]
        })
    }
}
