import Foundation
import XCTest

/// `inspect` of the files GIS officers receive: a .shp without its .dbf (shapes alone, with a
/// warning; `rank` refuses it as units), a .dbf alone (a table, also as a manifest table layer) and
/// a layer of 168 fields (text stays readable, JSON complete). Fixtures written by GDAL:
/// Tests/Fixtures/where/make_fixtures.py.
final class InspectFilesTests: XCTestCase {
    static let fixtures = TargetingBinary.packageRoot.appendingPathComponent("Tests/Fixtures/where")

    func inspect(_ args: [String]) throws -> CLIResult {
        try runTargeting(["inspect"] + args, cwd: Self.fixtures)
    }

    func testShapefileWithoutDBFIsReadAsShapesAlone() throws {
        let r = try inspect(["geometry_only.shp"])
        XCTAssertEqual(r.status, 0, r.output)
        XCTAssertEqual(r.stdout, """
            Shapefile: geometry_only.shp
            Shape type: Polygon   Records: 2
            CRS: WGS 84
            Bounding box (lon/lat): 22.000000, -6.000000 to 24.000000, -5.000000
            Encoding: none (no attributes)
            Fields (0): none
            Null shapes: 0
            Invalid polygons repaired: 0
            Rejected shapes: 0
            Warnings (1):
              - no .dbf beside the .shp: shapes read alone, with no attributes (rank refuses such a file)


            """)
        let json = try inspect(["--format", "json", "geometry_only.shp"])
        XCTAssertTrue(json.stdout.contains("\"records\":2"), json.stdout)
        XCTAssertFalse(json.stdout.contains("\"error\""), json.stdout)
    }

    func testRankRefusesUnitsWithoutDBF() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nodbf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        for ext in ["shp", "shx", "prj"] {
            try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent("geometry_only.\(ext)"), to: dir.appendingPathComponent("units.\(ext)"))
        }
        try Data("name = \"t\"\n[units]\npath = \"units.shp\"\nid = \"id\"\n".utf8).write(to: dir.appendingPathComponent("targeting.toml"))
        try Data("score {}\n".utf8).write(to: dir.appendingPathComponent("rules.lua"))
        let r = try runTargeting(["rank", "--project", "targeting.toml", "--rules", "rules.lua", "--out", "out", "--no-maps"], cwd: dir)
        XCTAssertEqual(r.status, 2, r.output)
        XCTAssertEqual(r.stderr.range(of: "error: ").map { String(r.stderr[$0.lowerBound...]) }, """
            error: units.shp: no .dbf beside the .shp: a shapefile's attributes (ids, names, every field) are in the .dbf, so its records cannot be identified
              hint: copy the .dbf (same name as the .shp) into the same folder; `targeting inspect` shows the shapes alone; named by [units] at targeting.toml:3

            """)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }

    func testDBFAloneIsATable() throws {
        let r = try inspect(["idps_de.dbf"])
        XCTAssertEqual(r.status, 0, r.output)
        XCTAssertEqual(r.stdout, """
            Table: idps_de.dbf
            Shape type: none (table)   Records: 8
            CRS: none (a table)
            Encoding: UTF-8 (from cpg)
            Fields (3): iso [text], land [text], idps [integer]
            Rejected rows: 0
            Sample values (records 1–3, one line per field):
              iso   NULL | NULL | NULL
              land  DR Kongo | Aegypten | Congo, Dem. Rep.
              idps  100 | 50 | 30


            """)
    }

    func testDBFTableLayerJoinsAsTheCSVItWasWrittenFrom() throws {
        // The same rows read from the CSV and from the .dbf GDAL wrote from it: the same join.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dbf-layer-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.fixtures, to: dir)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let csv = try runTargeting(["inspect", "--project", "targeting.toml"], cwd: dir)
        let manifest = dir.appendingPathComponent("targeting.toml")
        let text = try String(contentsOf: manifest, encoding: .utf8).replacingOccurrences(of: "idps_de.csv", with: "idps_de.dbf")
        try Data(text.utf8).write(to: manifest)
        let dbf = try runTargeting(["inspect", "--project", "targeting.toml"], cwd: dir)
        XCTAssertEqual(csv.status, 0, csv.output)
        XCTAssertEqual(dbf.status, 0, dbf.output)
        func join(_ s: String) -> [String] {
            // Rows are cited by CSV line (header = 1) or DBF record: compare what each row joined.
            s.components(separatedBy: "\n").filter { $0.contains("->") || $0.contains("nearest among") || $0.contains("matched by") }
                .map { $0.replacingOccurrences(of: #"idps_de\.(csv:\d+|dbf: record \d+)"#, with: "ROW", options: .regularExpression) }
        }
        XCTAssertEqual(join(dbf.stdout), join(csv.stdout))
        XCTAssertEqual(join(dbf.stdout).count, 9, dbf.stdout)  // 2 counts, 1 matched by name, 6 unmatched
    }

    func testWideLayerTextStaysReadableAndJSONComplete() throws {
        let r = try inspect(["wide.shp"])
        XCTAssertEqual(r.status, 0, r.output)
        let lines = r.stdout.components(separatedBy: "\n")
        XCTAssertLessThanOrEqual(lines.map(\.count).max() ?? 0, 130, r.stdout)
        XCTAssertTrue(lines.contains("Fields (168): F001 [text], F002 [text], F003 [text], F004 [text], F005 [text], F006 [text],"), r.stdout)
        XCTAssertTrue(lines.contains("  F168 [text]"), r.stdout)
        // Record 1 of F001 is "record 1 field 001 " and 28 x's (make_fixtures.py): cut to 30 characters.
        XCTAssertTrue(lines.contains("  F001  record 1 field 001 xxxxxxxxxx… | record 2 field 001 xxxxxxxxxx… | record 3 field 001 xxxxxxxxxx…"), r.stdout)
        XCTAssertTrue(lines.contains("  … and 128 more fields (--format json has every value)"), r.stdout)
        let json = try inspect(["--format", "json", "wide.shp"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let rows = object?["sample_rows"] as? [[String]]
        XCTAssertEqual((object?["fields"] as? [Any])?.count, 168)
        XCTAssertEqual(rows?.count, 3)
        XCTAssertEqual(rows?[2][167], "record 3 field 168 " + String(repeating: "x", count: 20 + (168 * 7 + 3) % 21))
    }
}
