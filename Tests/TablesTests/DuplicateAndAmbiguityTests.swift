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
        XCTAssertEqual(r.layer.diagnostics.map(\.code), [.duplicateRow, .duplicateRow])
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

/// Rows whose cells are spelled differently in the file but read as the same text are still the
/// same row: the duplicate check hashes cells from their bytes where the bytes are the text.
final class DuplicateSpellingTests: XCTestCase {
    func testRowsEqualAfterQuotesAndUnicodeNormalisationAreDuplicates() throws {
        // Line 3: the name quoted; line 4: "ï" decomposed (i + U+0308); line 5: a Kelvin sign,
        // which reads as K; line 6: the quote doubled inside quotes; line 7 differs (12.5 vs 12.50).
        let text = "name,code,n\nKasaï K,\"a\"\"b\",12.5\n\"Kasaï K\",\"a\"\"b\",12.5\nKasai\u{0308} K,\"a\"\"b\",12.5\n"
            + "Kasaï \u{212A},\"a\"\"b\",12.5\nKasaï K,\"a\"\"b\",12.50\n"
        let t = try CSVReader.parse(bytes: Array(text.utf8), path: "d.csv")
        let r = try t.makeLayer(TableSchema(numbers: ["n"]))
        XCTAssertEqual(r.layer.features.map(\.location.line), [2, 6])
        XCTAssertEqual(r.layer.diagnostics.map(\.code), [.duplicateRow, .duplicateRow, .duplicateRow])
        XCTAssertEqual(r.layer.diagnostics.map(\.location.line), [3, 4, 5])
        XCTAssertTrue(r.layer.diagnostics.allSatisfy { $0.message.contains("to line 2") })
        XCTAssertEqual(r.layer.features[1].values[2], .number(12.5))
    }

    func testNumbersReadFromBytesKeepTheirValueAndMessages() throws {
        // Quoted, padded, signed and exponent spellings read from the bytes; a decimal comma and
        // an out-of-range coordinate still go through the text path and its message.
        let text = "lon,lat,n\n\"22.41\",-6.1, 7 \n-1e2,5.5e-1,\"+3.\"\n200.5,1,2\n22,1,\"1,5\"\n"
        let t = try CSVReader.parse(bytes: Array(text.utf8), path: "n.csv")
        let r = try t.makeLayer(TableSchema(numbers: ["n"], longitude: "lon", latitude: "lat", decimal: .point))
        XCTAssertEqual(r.layer.features.map(\.location.line), [2, 3])
        XCTAssertEqual(r.layer.features[0].values, [.number(22.41), .number(-6.1), .number(7)])
        XCTAssertEqual(r.layer.features[1].values, [.number(-100), .number(0.55), .number(3)])
        XCTAssertEqual(r.layer.diagnostics.map(\.code), [.coordinateOutOfRange, .badNumber])
        XCTAssertTrue(r.layer.diagnostics[0].message.contains("column 'lon' (longitude): 200.5 is outside -180..180"), r.layer.diagnostics[0].message)
        XCTAssertTrue(r.layer.diagnostics[1].message.contains("'1,5' is not a number"), r.layer.diagnostics[1].message)
    }
}

/// The duplicate check hashes a row's cells joined by the delimiter, straight from the file's
/// bytes when they are that joined text: rows spelled differently but equal cell by cell must
/// still hash alike, and rows whose joined texts coincide must still be told apart.
final class JoinedRowHashTests: XCTestCase {
    func testABlankCellOfSpacesRepeatsAnEmptyOne() throws {
        // Line 3 differs from line 2 only by spaces in the blank note; line 4 quotes its name.
        let text = "name,note,n\nA,,3\nA,  ,3\n\"A\",,3\nA,x,3\n"
        let r = try CSVReader.parse(bytes: Array(text.utf8), path: "b.csv").makeLayer(TableSchema(numbers: ["n"]))
        XCTAssertEqual(r.layer.features.map(\.location.line), [2, 5])
        XCTAssertEqual(r.layer.diagnostics.map(\.location.line), [3, 4])
        XCTAssertTrue(r.layer.diagnostics.allSatisfy { $0.code == .duplicateRow && $0.message.contains("to line 2") })
    }

    func testCellsHoldingTheDelimiterAreNotConfused() throws {
        // Lines 2 and 3 join to the same text "a,b,c,1" but differ cell by cell; 4 and 5 repeat them.
        let text = "x,y,n\n\"a,b\",c,1\na,\"b,c\",1\n\"a,b\",c,1\na,\"b,c\",1\n"
        let r = try CSVReader.parse(bytes: Array(text.utf8), path: "d.csv").makeLayer(TableSchema(numbers: ["n"]))
        XCTAssertEqual(r.layer.features.map(\.location.line), [2, 3])
        XCTAssertEqual(r.layer.diagnostics.map(\.message), [
            "row is identical in every cell to line 2: the copy is dropped, not counted twice",
            "row is identical in every cell to line 3: the copy is dropped, not counted twice",
        ])
    }
}
