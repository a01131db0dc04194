import XCTest
@testable import Tables
import Domain

final class ColumnResolutionTests: XCTestCase {
    func testNamesTagsAttributeOrderAndCodeAlias() throws {
        let t = try CSVReader.read(path: Fixture.path("dtm_bom_hxl.csv"))
        XCTAssertEqual(t.column(named: "IDPS"), 3)
        XCTAssertEqual(t.column(named: "idps"), 3)
        XCTAssertEqual(t.column(named: "#affected+idps+ind"), 3)
        XCTAssertEqual(t.column(named: "#affected+ind+idps"), 3)
        XCTAssertEqual(t.column(named: "#adm2+pcode"), 1, "+pcode names the +code column")
        XCTAssertEqual(t.column(named: "#adm2+code"), 1)
        XCTAssertNil(t.column(named: "#affected+idps+hh"))
        XCTAssertNil(t.column(named: "population"))
    }

    func testNotFoundListsNamesAndTagsAndSuggests() throws {
        let t = try CSVReader.read(path: Fixture.path("dtm_bom_hxl.csv"))
        let e = t.columnNotFound("#affected+idp+ind", role: "numbers")
        XCTAssertTrue(e.message.hasPrefix("no column '#affected+idp+ind' (wanted as numbers); the file has: adm1_name (#adm1+name), adm2_pcode (#adm2+pcode)"), e.message)
        XCTAssertEqual(e.hint, "did you mean '#affected+idps+ind'?")
        XCTAssertThrowsError(try t.requireColumn(named: "retunees")) { err in
            XCTAssertEqual((err as? TargetingError)?.hint, "did you mean 'returnees'?")
        }
    }
}
