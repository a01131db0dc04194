import XCTest
@testable import Manifest
import Domain

/// The `aliases` key of table layers: where it is allowed, and its errors.
final class AliasKeyTests: XCTestCase {
    let head = "name = \"t\"\n[units]\npath = \"g.shp\"\nid = \"P\"\n[layers.z]\nkind = \"polygons\"\npath = \"z.shp\"\nid = \"Z\"\n"
        + "[layers.t]\nkind = \"table\"\npath = \"t.csv\"\nkey = \"pcode\"\n"   // [layers.t] keys from line 13

    func testReadOnTables() throws {
        let m = try ProjectManifest(parsing: head + "aliases = \"names.csv\"\n", file: "targeting.toml", folder: "/p", checkFiles: false)
        XCTAssertEqual(m.layer(named: "t")?.aliases?.written, "names.csv")
        XCTAssertEqual(m.layer(named: "t")?.aliases?.resolved, "/p/names.csv")
        XCTAssertEqual(m.layer(named: "t")?.aliases?.line, 13)
    }

    func testRefusedOnZoneTablesAndOtherKinds() {
        XCTAssertEqual(manifestError(head + "zones = \"z\"\naliases = \"names.csv\"\n")?.description, """
            targeting.toml:14: [layers.t] aliases maps names to units, but this table's rows are zones (zones = "z"): its key holds zone ids
              hint: remove aliases, or fix the zone ids in the table
            """)
        let points = manifestError("name = \"t\"\n[units]\npath = \"g.shp\"\nid = \"P\"\n[layers.c]\nkind = \"points\"\npath = \"c.csv\"\naliases = \"n.csv\"\n")
        XCTAssertEqual(points?.location?.line, 8)
        XCTAssertEqual(points?.hint, "'aliases' is used with kind = \"table\"")
    }
}
