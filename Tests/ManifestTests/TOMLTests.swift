import XCTest
@testable import Manifest
import Domain

final class TOMLTests: XCTestCase {
    func parse(_ s: String) throws -> TOMLTable { try TOML.parse(s, file: "t.toml") }

    func error(_ s: String) -> TargetingError? {
        do { _ = try parse(s); XCTFail("expected an error for: \(s)"); return nil } catch { return error as? TargetingError }
    }

    func testScalarsEscapesAndComments() throws {
        let t = try parse("""
            # comment line
            a = "tab\\tquote\\" back\\\\ e\\u00E9 \\U0001F600"   # trailing comment
            b = 'C:\\data\\no escapes'
            "quoted key" = 1_000
            'lit key' = -17
            c = 3.5e2
            d = true
            e = false
            f = 0x1F
            g = +0.5
            h = 2020-12-31
            i = "# not a comment"
            """)
        XCTAssertEqual(t["a"]?.value, .string("tab\tquote\" back\\ eé 😀"))
        XCTAssertEqual(t["a"]?.line, 2)
        XCTAssertEqual(t["b"]?.value, .string("C:\\data\\no escapes"))
        XCTAssertEqual(t["quoted key"]?.value, .integer(1000))
        XCTAssertEqual(t["lit key"]?.value, .integer(-17))
        XCTAssertEqual(t["c"]?.value, .float(350))
        XCTAssertEqual(t["d"]?.value, .bool(true))
        XCTAssertEqual(t["e"]?.value, .bool(false))
        XCTAssertEqual(t["f"]?.value, .integer(31))
        XCTAssertEqual(t["g"]?.value, .float(0.5))
        XCTAssertEqual(t["h"]?.value, .date(ISODate(iso: "2020-12-31")!))
        XCTAssertEqual(t["i"]?.value, .string("# not a comment"))
        XCTAssertEqual(t.keys, ["a", "b", "quoted key", "lit key", "c", "d", "e", "f", "g", "h", "i"])
    }

    func testMultiLineArraysInlineTablesAndDottedKeys() throws {
        let t = try parse("""
            nums = [
              "one",   # first
              # a comment line inside
              "two",
            ]
            nested = [[1, 2], []]
            point = { x = 1.5, y = -2, name = "Kamako", tags = ["a"] }
            site.name = "Tshikapa"
            site."p code" = "CD9201"
            [layers.conflict]
            kind = "points"
            """)
        guard case .array(let items)? = t["nums"]?.value else { return XCTFail() }
        XCTAssertEqual(items, [TOMLEntry(.string("one"), line: 2), TOMLEntry(.string("two"), line: 4)])
        guard case .array(let nested)? = t["nested"]?.value else { return XCTFail() }
        XCTAssertEqual(nested.count, 2)
        guard case .table(let p)? = t["point"]?.value else { return XCTFail() }
        XCTAssertEqual(p.keys, ["x", "y", "name", "tags"])
        XCTAssertEqual(p["y"]?.value, .integer(-2))
        guard case .table(let site)? = t["site"]?.value else { return XCTFail() }
        XCTAssertEqual(site["p code"]?.value, .string("CD9201"))
        guard case .table(let layers)? = t["layers"]?.value, case .table(let c)? = layers["conflict"]?.value else { return XCTFail() }
        XCTAssertEqual(c.line, 10)
        XCTAssertEqual(c["kind"]?.line, 11)
    }

    func testMultiLineStrings() throws {
        let t = try parse("a = \"\"\"\nline one\nline \\\n    two\"\"\"\nb = '''\nraw \\n'''\nc = 1\n")
        XCTAssertEqual(t["a"]?.value, .string("line one\nline two"))
        XCTAssertEqual(t["b"]?.value, .string("raw \\n"))
        XCTAssertEqual(t["c"]?.line, 7)
    }

    func testDuplicatesAreErrors() {
        let k = error("a = 1\nb = 2\na = 3\n")
        XCTAssertEqual(k?.location?.line, 3)
        XCTAssertEqual(k?.message, "duplicate key 'a' (first set on line 1)")
        let tbl = error("[x]\na = 1\n[y]\n[x]\n")
        XCTAssertEqual(tbl?.location?.line, 4)
        XCTAssertEqual(tbl?.message, "duplicate table [x] (first defined on line 1)")
        XCTAssertEqual(error("[x]\na = 1\n[x.a]\n")?.location?.line, 3)
        XCTAssertEqual(error("p = { a = 1, a = 2 }\n")?.location?.line, 1)
        XCTAssertEqual(error("p = { a = 1 }\n[p.b]\n")?.location?.line, 2)
        // An implied table may be defined once later.
        XCTAssertNoThrow(try parse("[a.b]\nx = 1\n[a]\ny = 2\n"))
    }

    func testSyntaxErrorsCiteLineAndExpectation() {
        let e1 = error("a = 1\nb = \"open\nc = 2\n")
        XCTAssertEqual(e1?.location?.line, 2)
        XCTAssertTrue(e1?.message.contains("not closed on the same line") ?? false)
        let e2 = error("a = 1\nname = Kasai\n")
        XCTAssertEqual(e2?.location?.line, 2)
        XCTAssertEqual(e2?.hint, "text values need quotes: \"Kasai\"")
        let e3 = error("a = [1, 2\nb = 3\n")
        XCTAssertEqual(e3?.location?.line, 2)
        XCTAssertTrue(e3?.message.hasPrefix("expected ',' or ']' in the array opened on line 1") ?? false, "\(String(describing: e3))")
        let e4 = error("a = 1 b = 2\n")
        XCTAssertTrue(e4?.message.hasPrefix("expected the end of the line after the value of 'a'") ?? false)
        let e5 = error("\n\nkey \"x\"\n")
        XCTAssertEqual(e5?.location?.line, 3)
        XCTAssertTrue(e5?.message.hasPrefix("expected '=' after the key 'key'") ?? false)
        XCTAssertEqual(error("a = \"bad \\q escape\"\n")?.location?.line, 1)
        XCTAssertEqual(error("a = 1,5\n")?.location?.line, 1)
        XCTAssertEqual(error("a = 012\n")?.location?.line, 1)
        XCTAssertEqual(error("a = 1__0\n")?.location?.line, 1)
        XCTAssertEqual(error("[[layers]]\n")?.location?.line, 1)
        XCTAssertEqual(error("x = [\n1,\n")?.message, "the array opened on line 1 is never closed with ']'")
        XCTAssertTrue(error("a = 1\n\n[t\n")?.description.hasPrefix("t.toml:3: expected ']'") ?? false)
    }

    func testCRLFAndBOM() throws {
        let t = try TOML.parse("\u{FEFF}a = 1\r\nb = [\r\n 2,\r\n]\r\n", file: "w.toml")
        XCTAssertEqual(t["b"]?.line, 2)
        XCTAssertEqual(t["a"]?.value, .integer(1))
    }
}
