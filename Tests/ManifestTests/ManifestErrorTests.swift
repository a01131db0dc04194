import XCTest
@testable import Manifest
import Domain

/// Each kind of manifest mistake, with the line it must cite.
final class ManifestErrorTests: XCTestCase {
    let head = """
        name = "t"
        [units]
        path = "g.shp"
        id = "P"


        """   // lines 1-4, blank line 5; what follows starts on line 6

    func testUnknownKeySuggestsTheNearest() {
        let e = manifestError(head + """
            [layers.c]
            kind = "points"
            path = "c.csv"
            longtitude = "lon"
            """)
        XCTAssertEqual(e?.location?.line, 9)
        XCTAssertTrue(e?.message.hasPrefix("unknown key 'longtitude' in [layers.c] (kind = \"points\"); allowed keys: kind, path,") ?? false, "\(String(describing: e))")
        XCTAssertEqual(e?.hint, "did you mean 'longitude'?")

        let top = manifestError("nam = \"x\"\n" + head)
        XCTAssertEqual(top?.location?.line, 1)
        XCTAssertEqual(top?.hint, "did you mean 'name'?")

        let wrongTable = manifestError(head + "[layer.c]\nkind = \"points\"\n")
        XCTAssertEqual(wrongTable?.location?.line, 6)
        XCTAssertEqual(wrongTable?.hint, "did you mean 'layers'?")
    }

    func testKeyOfAnotherKindSaysWhichKind() {
        let e = manifestError(head + "[layers.z]\nkind = \"polygons\"\npath = \"z.shp\"\nkey = \"P\"\n")
        XCTAssertEqual(e?.location?.line, 9)
        XCTAssertEqual(e?.hint, "'key' is used with kind = \"table\"")
    }

    func testWrongTypeSaysExpectedAndFound() {
        let e = manifestError(head + "[layers.c]\nkind = \"points\"\npath = \"c.csv\"\nnumbers = \"fatalities\"\n")
        XCTAssertEqual(e?.location?.line, 9)
        XCTAssertEqual(e?.message, "[layers.c] numbers: expected an array of column names such as [\"fatalities\"], found a string (\"fatalities\")")
        let id = manifestError("name = \"t\"\n[units]\npath = \"g.shp\"\nid = 42\n")
        XCTAssertEqual(id?.location?.line, 4)
        XCTAssertEqual(id?.message, "id: expected a string, found an integer (42)")
        let inArray = manifestError(head + "[layers.c]\nkind = \"points\"\npath = \"c.csv\"\nnumbers = [\n  \"a\",\n  3,\n]\n")
        XCTAssertEqual(inArray?.location?.line, 11)
    }

    func testRequiredKeysMissing() {
        let noID = manifestError("name = \"t\"\n\n[units]\npath = \"g.shp\"\n")
        XCTAssertEqual(noID?.location?.line, 3)
        XCTAssertEqual(noID?.message, "[units] is missing the key 'id': the field holding each unit's p-code")
        let noKey = manifestError(head + "[layers.dtm]\nkind = \"table\"\npath = \"d.csv\"\n")
        XCTAssertEqual(noKey?.location?.line, 6)
        XCTAssertTrue(noKey?.message.hasPrefix("[layers.dtm] is missing the key 'key'") ?? false)
        let noKind = manifestError(head + "[layers.dtm]\npath = \"d.csv\"\n")
        XCTAssertEqual(noKind?.location?.line, 6)
        XCTAssertTrue(noKind?.message.hasPrefix("[layers.dtm] is missing the key 'kind'") ?? false)
        let noUnits = manifestError("name = \"t\"\n")
        XCTAssertTrue(noUnits?.message.hasPrefix("the manifest has no [units] table") ?? false)
    }

    func testKindMustBeOneOfThree() {
        let e = manifestError(head + "[layers.c]\nkind = \"point\"\npath = \"c.csv\"\n")
        XCTAssertEqual(e?.location?.line, 7)
        XCTAssertEqual(e?.message, "[layers.c] kind = \"point\" is not one of: points, table, polygons")
        XCTAssertEqual(e?.hint, "did you mean \"points\"?")
        let ext = manifestError(head + "[layers.c]\nkind = \"polygons\"\npath = \"c.csv\"\n")
        XCTAssertEqual(ext?.location?.line, 8)
        XCTAssertEqual(ext?.message, "[layers.c] kind = \"polygons\" needs a polygon layer (a shapefile, GeoPackage, GeoJSON or zipped shapefile), found \"c.csv\"")
    }

    func testAsOfMustBeAnISODate() {
        let e = manifestError("name = \"t\"\nas_of = \"31/12/2020\"\n")
        XCTAssertEqual(e?.location?.line, 2)
        XCTAssertEqual(e?.message, "as_of must be an ISO date YYYY-MM-DD, found \"31/12/2020\"")
        XCTAssertEqual(manifestError("name = \"t\"\nas_of = \"2021-02-29\"\n")?.location?.line, 2)
        // A bare TOML date is accepted too.
        let m = try? ProjectManifest(parsing: "name = \"t\"\nas_of = 2020-12-31\n[units]\npath = \"g.shp\"\nid = \"P\"\n",
                                     file: "t.toml", folder: "/x", checkFiles: false)
        XCTAssertEqual(m?.asOf, ISODate(iso: "2020-12-31"))
    }

    func testBadEncodingAndDelimiter() {
        let enc = manifestError(head + "[layers.c]\nkind = \"table\"\npath = \"c.csv\"\nkey = \"k\"\nencoding = \"utf-9\"\n")
        XCTAssertEqual(enc?.location?.line, 10)
        XCTAssertTrue(enc?.hint?.contains("UTF-8") ?? false)
        let delim = manifestError(head + "[layers.c]\nkind = \"table\"\npath = \"c.csv\"\nkey = \"k\"\ndelimiter = \"::\"\n")
        XCTAssertEqual(delim?.location?.line, 10)
        let tab = try? ProjectManifest(parsing: head + "[layers.c]\nkind = \"table\"\npath = \"c.csv\"\nkey = \"k\"\ndelimiter = \"\\t\"\n",
                                       file: "t.toml", folder: "/x", checkFiles: false)
        XCTAssertEqual(tab?.layers.first?.delimiter, 9)
    }

    /// `encoding` takes any code page iconv knows, by the names a `.cpg` takes; refused with the
    /// line for a name nobody knows, and for formats whose text is Unicode by the format.
    func testEncodingIsAnyCodePageIconvKnows() throws {
        func layer(_ encoding: String, path: String = "c.csv") -> String {
            head + "[layers.c]\nkind = \"table\"\npath = \"\(path)\"\nkey = \"k\"\nencoding = \"\(encoding)\"\n"
        }
        for (written, name) in [("936", "CP936"), ("GBK", "GBK"), ("Big5", "BIG5"), ("windows-1251", "CP1251"), ("KOI8-R", "KOI8-R")] {
            let m = try ProjectManifest(parsing: layer(written), file: "t.toml", folder: "/x", checkFiles: false)
            XCTAssertEqual(m.layers.first?.encoding?.name, name, written)
        }
        let unknown = manifestError(layer("CP99999"))
        XCTAssertEqual(unknown?.description, """
            targeting.toml:10: [layers.c] encoding = "CP99999" is not a code page this system knows
              hint: use a name `iconv -l` lists, e.g. UTF-8, ISO-8859-1, CP1252, CP437, CP850, CP1250, CP1251, CP866, ISO-8859-15, CP936, BIG5
            """)
        let gpkg = manifestError(layer("CP1252", path: "c.gpkg"))
        XCTAssertEqual(gpkg?.description, """
            targeting.toml:10: [layers.c] encoding is read for CSV files and shapefiles, not for a GeoPackage (.gpkg), whose text is Unicode by its format
              hint: remove this line
            """)
    }

    func testCoordinatesOnAShapefileAreRefused() {
        let e = manifestError(head + "[layers.c]\nkind = \"points\"\npath = \"c.shp\"\nlatitude = \"Y\"\n")
        XCTAssertEqual(e?.location?.line, 9)
    }
}
