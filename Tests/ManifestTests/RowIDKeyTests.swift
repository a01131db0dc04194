import XCTest
@testable import Manifest
import Domain

/// `id` on a table layer: the column that identifies a row in fact_rows.csv (not a join key).
final class RowIDKeyTests: XCTestCase {
    func testTableLayerTakesAnIDColumnWithItsLine() throws {
        let text = """
            name = "t"
            [units]
            path = "g.shp"
            id = "P"
            [layers.dtm]
            kind = "table"
            path = "dtm.csv"
            key = "#adm3+pcode"
            id = "#meta+round"
            """
        let m = try ProjectManifest(parsing: text, file: "targeting.toml", folder: "/nowhere", checkFiles: false)
        let dtm = try XCTUnwrap(m.layer(named: "dtm"))
        XCTAssertEqual(dtm.id, FieldRef(role: .id, name: "#meta+round", line: 9))
        XCTAssertEqual(dtm.key?.name, "#adm3+pcode", "the join key is unchanged")
        XCTAssertTrue(dtm.fieldRefs.contains(FieldRef(role: .id, name: "#meta+round", line: 9)),
                      "the loader checks the id column against the file like every other column")
    }
}
