import XCTest
@testable import Tables
import Domain

/// A table of more rows than one block (`RowBlocks`) is typed on several cores: the kept rows,
/// the rejected ones and every message must be those of reading the rows one by one in file
/// order, with repeated rows and their first occurrence in different blocks.
final class BlockTypingTests: XCTestCase {
    /// A typed table keeps its rows as columns (`TableRows`), not as an array of features: each
    /// feature read from them is the one the rows say (line, point, values), and changing one
    /// turns the table into an array of features that keeps every other feature as it was.
    func testATableKeepsItsRowsAsColumnsAndReadsThemAsFeatures() throws {
        let text = """
        name,lon,lat,pop
        a,22.5,-6.25,10
        b,23,-5,x
        c,181,-5,3
        a,22.5,-6.25,10
        d,-0.5,0,
        """
        let table = try CSVReader.parse(bytes: Array(text.utf8), path: "p.csv")
        let r = try table.makeLayer(TableSchema(numbers: ["pop"], longitude: "lon", latitude: "lat"))
        var features = r.layer.features
        XCTAssertNotNil(features.table)
        XCTAssertEqual(features.count, 2)
        // Lines 2 and 6 kept; 3 (bad number) and 4 (longitude out of range) rejected; 5 a copy of 2.
        XCTAssertEqual(features.map { $0.location.description }, ["p.csv:2", "p.csv:6"])
        XCTAssertEqual(features.map(\.shape), [.point(Coordinate(22.5, -6.25)), .point(Coordinate(-0.5, 0))])
        XCTAssertEqual(features.map(\.values), [[.text("a"), .number(22.5), .number(-6.25), .number(10)],
                                                [.text("d"), .number(-0.5), .number(0), .null]])
        XCTAssertEqual(features.shape(1), .point(Coordinate(-0.5, 0)))
        XCTAssertEqual(features.location(1).line, 6)
        XCTAssertEqual(features.value(0, 3), .number(10))
        XCTAssertEqual(features.cell(1, 3), .null)
        XCTAssertNil(features.cell(1, 4))
        XCTAssertEqual(features.value(1, 4), .null)
        XCTAssertEqual(r.layer.rejectedFeatures.map { $0.location.description }, ["p.csv:3", "p.csv:4"])
        XCTAssertEqual(r.layer.rejectedFeatures.map(\.values), [[.text("b"), .number(23), .number(-5), .null],
                                                               [.text("c"), .null, .number(-5), .number(3)]])
        XCTAssertEqual(r.layer.rejectedFeatures.map(\.shape), [nil, nil])

        features[1].values[3] = .number(7)
        XCTAssertNil(features.table)
        XCTAssertEqual(features.map(\.values), [[.text("a"), .number(22.5), .number(-6.25), .number(10)],
                                                [.text("d"), .number(-0.5), .number(0), .number(7)]])
        XCTAssertEqual(features.map { $0.location.description }, ["p.csv:2", "p.csv:6"])
        XCTAssertEqual(features.shape(0), .point(Coordinate(22.5, -6.25)))
        // The layer's own features are a value: unchanged.
        XCTAssertNotNil(r.layer.features.table)
        XCTAssertEqual(r.layer.features.value(1, 3), .null)
    }

    /// A table without coordinates: rows without shapes.
    func testATableWithoutCoordinatesHasNoShapes() throws {
        let table = try CSVReader.parse(bytes: Array("id,v\nx,1\ny,2\n".utf8), path: "t.csv")
        let r = try table.makeLayer(TableSchema(numbers: ["v"]))
        XCTAssertEqual(r.layer.features.map(\.shape), [nil, nil])
        XCTAssertEqual(r.layer.features.map { $0.location.line }, [2, 3])
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
