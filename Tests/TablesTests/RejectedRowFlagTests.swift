import XCTest
@testable import Tables
import Domain

/// Data health counts rejected rows by `Diagnostic.rejectsRow`, not by the message: each way the
/// reader drops a row sets it, and a warning that keeps or merely de-duplicates a row does not.
final class RejectedRowFlagTests: XCTestCase {
    func testEveryDroppedRowIsFlaggedAndNothingElse() throws {
        // Line 3: bad number; line 4: bad date; line 5: ragged; line 6: text after a closing quote;
        // line 7: a copy of line 2 (dropped as a duplicate, not rejected); line 8 is good.
        let text = "pcode,date,idps\nG1,2020-01-01,10\nG2,2020-01-01,ten\nG3,31-31-2020,4\nG4,2020-01-01\n"
            + "\"G5\"x,2020-01-01,5\nG1,2020-01-01,10\nG6,2020-02-01,6\n"
        let t = try CSVReader.parse(bytes: Array(text.utf8), path: "t.csv", options: CSVOptions())
        let r = try t.makeLayer(TableSchema(numbers: ["idps"], dates: ["date"]))
        XCTAssertEqual(r.layer.features.map(\.location.line), [2, 8])
        let flagged = r.layer.diagnostics.filter(\.rejectsRow)
        XCTAssertEqual(Set(flagged.map { "\($0.location.line ?? 0) \($0.code)" }),
                       ["3 bad-number", "4 bad-date", "5 ragged-row", "6 bad-quote"])
        XCTAssertEqual(r.layer.diagnostics.filter { !$0.rejectsRow }.map(\.code), [.duplicateRow])
        // The flag and the wording agree for every diagnostic this table gave.
        for d in r.layer.diagnostics { XCTAssertEqual(d.rejectsRow, d.message.hasPrefix("row rejected"), d.description) }
    }
}
