import XCTest
@testable import Tables
import Domain

/// Rows repeated by an export, a tag or header that names two columns, and what a rejected row
/// still tells (its key and date), each against a small table written here.
final class DuplicateAndAmbiguityTests: XCTestCase {
    func table(_ text: String) throws -> Table {
        try CSVReader.parse(bytes: Array(text.utf8), path: "t.csv", options: CSVOptions(delimiter: UInt8(ascii: ",")))
    }

    func testARowIdenticalInEveryCellIsDroppedAndReported() throws {
        // Lines 2 and 4 are identical; line 3 differs only in idps; line 5 repeats line 2 again.
        let t = try table("pcode,date,idps\nG1,2020-01-01,10\nG1,2020-01-01,11\nG1,2020-01-01,10\nG1,2020-01-01,10\n")
        let r = try t.makeLayer(TableSchema(numbers: ["idps"], dates: ["date"]))
        XCTAssertEqual(r.layer.features.map(\.location.line), [2, 3])
        XCTAssertEqual(r.rowsRead, 4); XCTAssertEqual(r.rowsKept, 2); XCTAssertEqual(r.rowsRejected, 2)
        XCTAssertEqual(r.layer.diagnostics.map(\.code), ["duplicate-row", "duplicate-row"])
        XCTAssertEqual(r.layer.diagnostics.map(\.location.description), ["t.csv:4", "t.csv:5"])
        XCTAssertEqual(r.layer.diagnostics[0].message, "row is identical in every cell to line 2: the copy is dropped, not counted twice")
    }

    func testATagNamingTwoColumnsIsAnError() throws {
        let t = try table("pcode,estimate,idps\n#adm3+code,#affected+idps+ind,#affected+idps+ind\nG1,0,5\n")
        XCTAssertEqual(t.columns(named: "#affected+idps+ind"), [1, 2])
        XCTAssertThrowsError(try t.makeLayer(TableSchema(numbers: ["#affected+idps+ind"]))) {
            let e = $0 as? TargetingError
            XCTAssertEqual(e?.message, "'#affected+idps+ind' (wanted as numbers) names 2 columns: 'estimate' (column 2) and 'idps' (column 3)")
            XCTAssertEqual(e?.location?.description, "t.csv:1")
        }
        // Named by header, each is one column.
        XCTAssertEqual(try t.makeLayer(TableSchema(numbers: ["idps"])).layer.features[0].values[2], .number(5))
        // Two headers that differ only in case are two columns for a case-insensitive name.
        let u = try table("idps,IDPS\n1,2\n")
        XCTAssertThrowsError(try u.requireColumn(named: "Idps"))
        XCTAssertEqual(try u.requireColumn(named: "IDPS"), 1)
    }

    func testARejectedRowKeepsItsKeyAndDate() throws {
        let t = try table("pcode,date,idps\nG1,2019-09-30,24\nG1,2020-10-31,\"2,225\"\n")
        let r = try t.makeLayer(TableSchema(numbers: ["idps"], dates: ["date"]))
        XCTAssertEqual(r.layer.features.count, 1)
        let rejected = try XCTUnwrap(r.layer.rejectedFeatures.first)
        XCTAssertEqual(rejected.location.description, "t.csv:3")
        XCTAssertEqual(rejected.values, [.text("G1"), .date(ISODate(year: 2020, month: 10, day: 31)!), .null])
    }
}
