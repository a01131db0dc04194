import XCTest
@testable import Manifest
import Domain

/// The `where` key (`RowFilter`): how it is read, and each way of writing it wrong.
final class WhereKeyTests: XCTestCase {
    let head = "name = \"t\"\n[units]\npath = \"g.shp\"\nid = \"P\"\n[layers.c]\nkind = \"points\"\npath = \"c.csv\"\n"   // where on line 8

    func manifest(_ text: String) throws -> ProjectManifest {
        try ProjectManifest(parsing: head + text, file: "targeting.toml", folder: "/nowhere", checkFiles: false)
    }

    func testValuesAreReadTyped() throws {
        let m = try manifest("where = { type = \"health\", level = [1, 2.5], open = true, since = 2020-01-31 }\n")
        let f = try XCTUnwrap(m.layers.first?.filter)
        XCTAssertEqual(f.line, 8)
        XCTAssertEqual(f.conditions.map(\.field.name), ["type", "level", "open", "since"])
        XCTAssertEqual(f.conditions.map(\.field.role), [.where, .where, .where, .where])
        XCTAssertEqual(f.conditions[1].values, [.number(1), .number(2.5)])
        XCTAssertEqual(f.description, "type = \"health\"; level = [1, 2.5]; open = true; since = 2020-01-31")
        // Its fields are checked against the file with the others.
        XCTAssertEqual(m.layers.first?.fieldRefs.filter { $0.role == .where }.count, 4)
        // On the units too, and as a [units.where] table.
        let u = try ProjectManifest(parsing: "name = \"t\"\n[units]\npath = \"g.shp\"\nid = \"P\"\n[units.where]\nADM1 = \"CD91\"\n",
                                    file: "targeting.toml", folder: "/nowhere", checkFiles: false)
        XCTAssertEqual(u.units.filter?.description, "ADM1 = \"CD91\"")
        XCTAssertEqual(u.units.fieldRefs.last?.name, "ADM1")
    }

    func testTextIsPutInNFC() throws {
        let m = try manifest("where = { name = \"Kasai\u{0308}\" }\n")
        XCTAssertEqual(m.layers.first?.filter?.conditions[0].values, [.text("Kasa\u{EF}")])
        XCTAssertTrue(m.layers.first?.filter?.conditions[0].matches(.text("Kasa\u{EF}")) ?? false)
        XCTAssertFalse(m.layers.first?.filter?.conditions[0].matches(.text("kasaï")) ?? true)
    }

    func testBadFiltersCiteTheirLine() {
        XCTAssertEqual(manifestError(head + "where = \"type = health\"\n")?.description, """
            targeting.toml:8: [layers.c] where: expected a table of field = value such as { type = "health" }, found a string ("type = health")
              hint: write where = { type = "health" } or where = { ADM0_PCODE = ["CD", "CG"] }
            """)
        XCTAssertEqual(manifestError(head + "where = {}\n")?.description, """
            targeting.toml:8: [layers.c] where is empty: name at least one field and the values to keep
              hint: write where = { type = "health" } or where = { ADM0_PCODE = ["CD", "CG"] }, or remove the line
            """)
        XCTAssertEqual(manifestError(head + "where = { type = [] }\n")?.description, """
            targeting.toml:8: [layers.c] where: type = [] keeps no row
              hint: list the values to keep, e.g. type = ["a", "b"]
            """)
        XCTAssertEqual(manifestError(head + "where = { type = { a = 1 } }\n")?.description, """
            targeting.toml:8: [layers.c] where: type must be a value (a string, number, true/false or date) or an array of values, found a table
              hint: write where = { type = "health" } or where = { ADM0_PCODE = ["CD", "CG"] }
            """)
        XCTAssertEqual(manifestError(head + "where = { type = \"a\", TYPE = \"b\" }\n")?.description, """
            targeting.toml:8: [layers.c] where names the field 'TYPE' twice
              hint: list its values once, in an array: TYPE = ["a", "b"]
            """)
        XCTAssertEqual(manifestError(head + "wher = { type = \"a\" }\n")?.hint, "did you mean 'where'?")
    }
}
