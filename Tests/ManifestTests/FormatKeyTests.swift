import XCTest
@testable import Manifest
import Domain

/// The per-layer keys that state how values are written: decimal, date_format, missing.
final class FormatKeyTests: XCTestCase {
    let head = "name = \"t\"\n[units]\npath = \"g.shp\"\nid = \"P\"\n[layers.c]\nkind = \"points\"\n"   // [layers.c] on line 5

    func manifest(_ text: String) throws -> ProjectManifest {
        try ProjectManifest(parsing: head + text, file: "targeting.toml", folder: "/nowhere", checkFiles: false)
    }

    func testStatedFormatsAreRead() throws {
        let m = try manifest("path = \"c.csv\"\ndecimal = \",\"\ndate_format = \"MM/DD/YYYY\"\nmissing = [\"n/a\", \"-999\", \"\"]\n")
        let c = try XCTUnwrap(m.layers.first)
        XCTAssertEqual(c.decimal, .comma)
        XCTAssertEqual(c.dateFormat, .monthDayYear)
        XCTAssertEqual(c.missing, ["n/a", "-999", ""])
        let plain = try manifest("path = \"c.csv\"\n")
        XCTAssertNil(plain.layers.first?.decimal)
        XCTAssertNil(plain.layers.first?.dateFormat)
        XCTAssertNil(plain.layers.first?.missing)
        // The separator of a numeric format is free, the case too; named months have their own.
        XCTAssertEqual(try manifest("path = \"c.csv\"\ndate_format = \"dd.mm.yyyy\"\n").layers.first?.dateFormat, .dayMonthYear)
        XCTAssertEqual(try manifest("path = \"c.csv\"\ndate_format = \"D Month YYYY\"\n").layers.first?.dateFormat, .dayMonthNameYear)
    }

    func testBadValuesCiteTheirLine() {
        let decimal = manifestError(head + "path = \"c.csv\"\ndecimal = \"comma\"\n")
        XCTAssertEqual(decimal?.description, """
            targeting.toml:8: [layers.c] decimal = "comma" is not a decimal mark
              hint: use decimal = "." (12.5) or decimal = "," (12,5)
            """)
        let format = manifestError(head + "path = \"c.csv\"\ndate_format = \"DD/MM/YY\"\n")
        XCTAssertEqual(format?.description, """
            targeting.toml:8: [layers.c] date_format = "DD/MM/YY" is not a date format this program reads
              hint: use one of: "YYYY-MM-DD", "DD/MM/YYYY", "MM/DD/YYYY", "D Month YYYY", "YYYYMMDD"
            """)
        let missing = manifestError(head + "path = \"c.csv\"\nmissing = \"n/a\"\n")
        XCTAssertEqual(missing?.description, """
            targeting.toml:8: [layers.c] missing: expected an array of cell texts such as ["n/a", "NA", "-"], found a string ("n/a")
              hint: write missing = ["n/a", "NA", "-"] (an empty cell is always missing)
            """)
        let number = manifestError(head + "path = \"c.csv\"\nmissing = [\"n/a\",\n  -999]\n")
        XCTAssertEqual(number?.location?.line, 9)
        XCTAssertEqual(number?.message, "[layers.c] missing: expected cell texts (strings), found an integer (-999)")
    }

    func testMisspeltKeyIsSuggested() {
        let e = manifestError(head + "path = \"c.csv\"\ndate_fromat = \"DD/MM/YYYY\"\n")
        XCTAssertEqual(e?.location?.line, 8)
        XCTAssertEqual(e?.hint, "did you mean 'date_format'?")
        XCTAssertTrue(e?.message.contains("decimal, date_format, missing") ?? false, "\(String(describing: e))")
        XCTAssertEqual(manifestError(head + "path = \"c.csv\"\ndecimals = \",\"\n")?.hint, "did you mean 'decimal'?")
    }

    func testCSVOnlyKeysOnAShapefileAreRefused() {
        let e = manifestError(head + "path = \"c.shp\"\ndecimal = \",\"\n")
        XCTAssertEqual(e?.description, """
            targeting.toml:8: [layers.c] decimal is only read for CSV files and .xlsx sheets; a shapefile's numbers and empty values are typed by its DBF
              hint: remove this line
            """)
        // A shapefile's text dates may need their order stated too.
        XCTAssertEqual(try manifest("path = \"c.shp\"\ndate_format = \"DD/MM/YYYY\"\n").layers.first?.dateFormat, .dayMonthYear)
    }
}
