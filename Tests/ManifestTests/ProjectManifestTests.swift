import XCTest
@testable import Manifest
import Domain

final class ProjectManifestTests: XCTestCase {
    func testFullExampleParsesToTheExpectedModel() throws {
        let project = try TempProject()
        defer { project.remove() }
        let path = try project.write(try ManifestFixture.text("targeting.toml"))
        let m = try ProjectManifest(contentsOf: path)
        let dir = project.folder.standardizedFileURL.path

        XCTAssertEqual(m.file, path)
        XCTAssertEqual(m.name, "Kasaï sample")
        XCTAssertEqual(m.asOf, ISODate(iso: "2020-12-31"))
        XCTAssertEqual(m.asOfLine, 3)
        XCTAssertEqual(m.rules?.resolved, project.base.standardizedFileURL.path + "/Scripts/criteria.lua")
        XCTAssertEqual(m.rules?.line, 4)

        XCTAssertEqual(m.units.path, ManifestPath(written: "groupements.shp", resolved: dir + "/groupements.shp", line: 7))
        XCTAssertEqual(m.units.fieldRefs, [FieldRef(role: .id, name: "GRP_PCODE", line: 8), FieldRef(role: .name, name: "GRP_FR", line: 9),
                                           FieldRef(role: .population, name: "POP_2020", line: 10), FieldRef(role: .parent, name: "ADM2_PCODE", line: 11)])
        XCTAssertEqual(m.units.line, 6)
        XCTAssertNil(m.units.level)

        XCTAssertEqual(m.levels.map(\.level), ["territoire", "province"])
        XCTAssertEqual(m.levels[0].fieldRefs, [FieldRef(role: .id, name: "ADM2_PCODE", line: 15), FieldRef(role: .name, name: "ADM2_FR", line: 16),
                                               FieldRef(role: .parent, name: "ADM1_PCODE", line: 17)])
        XCTAssertEqual(m.levels[1].path.resolved, dir + "/provinces.shp")
        XCTAssertNil(m.levels[1].parent)
        XCTAssertEqual(m.level(named: "province")?.line, 19)

        XCTAssertEqual(m.layers.map(\.name), ["conflict", "dtm", "health_zones"])
        let conflict = try XCTUnwrap(m.layer(named: "conflict"))
        XCTAssertEqual(conflict.kind, .points)
        XCTAssertEqual(conflict.line, 24)
        XCTAssertEqual(conflict.source, "ACLED export")
        XCTAssertTrue(conflict.isCSV)
        XCTAssertEqual(conflict.fieldRefs, [FieldRef(role: .date, name: "event_date", line: 29),
                                            FieldRef(role: .longitude, name: "longitude", line: 27),
                                            FieldRef(role: .latitude, name: "latitude", line: 28),
                                            FieldRef(role: .numbers, name: "fatalities", line: 30)])

        let dtm = try XCTUnwrap(m.layer(named: "dtm"))
        XCTAssertEqual(dtm.kind, .table)
        XCTAssertEqual(dtm.key, FieldRef(role: .key, name: "#adm3+pcode", line: 36))
        XCTAssertEqual(dtm.nameField, FieldRef(role: .name, name: "#adm3+name", line: 37))
        XCTAssertEqual(dtm.parent, FieldRef(role: .parent, name: "#adm2+pcode", line: 38))
        XCTAssertEqual(dtm.date, FieldRef(role: .date, name: "#date+reported", line: 39))
        XCTAssertEqual(dtm.numbers, [FieldRef(role: .numbers, name: "#affected+idps+ind", line: 41),
                                     FieldRef(role: .numbers, name: "#affected+returnees+ind", line: 42)])
        XCTAssertEqual(dtm.encoding, .table(.cp1252))
        XCTAssertEqual(dtm.delimiter, UInt8(ascii: ";"))
        XCTAssertEqual(dtm.description, "DTM round 12")
        XCTAssertNil(dtm.longitude)

        let zones = try XCTUnwrap(m.layer(named: "health_zones"))
        XCTAssertEqual(zones.kind, .polygons)
        XCTAssertFalse(zones.isCSV)
        XCTAssertEqual(zones.fieldRefs, [FieldRef(role: .id, name: "ZS_PCODE", line: 51)])
    }

    func testDefaultCoordinatesAndMinimalManifest() throws {
        let m = try ProjectManifest(parsing: """
            name = "min"
            [units]
            path = "/data/g.shp"
            id = "P"
            [layers.ev]
            kind = "points"
            path = "ev.csv"
            """, file: "t.toml", folder: "/data/proj", checkFiles: false)
        XCTAssertNil(m.asOf)
        XCTAssertEqual(m.units.path.resolved, "/data/g.shp")
        XCTAssertEqual(m.layers[0].path.resolved, "/data/proj/ev.csv")
        XCTAssertEqual(m.layers[0].longitude, FieldRef(role: .longitude, name: "longitude", line: 5))
        XCTAssertEqual(m.layers[0].latitude, FieldRef(role: .latitude, name: "latitude", line: 5))
        XCTAssertTrue(m.levels.isEmpty)
    }

    func testInlineTablesAndNestedUnknownTables() throws {
        let m = try ProjectManifest(parsing: "name = \"t\"\nunits = { path = \"g.shp\", id = \"P\", name = \"N\" }\n",
                                    file: "t.toml", folder: "/d", checkFiles: false)
        XCTAssertEqual(m.units.id, FieldRef(role: .id, name: "P", line: 2))
        XCTAssertEqual(m.units.name, FieldRef(role: .name, name: "N", line: 2))
        let e = manifestError("name = \"t\"\n[units]\npath = \"g.shp\"\nid = \"P\"\n[layers.d]\nkind = \"table\"\npath = \"d.csv\"\nkey = \"k\"\n[layers.d.extra]\nx = 1\n")
        XCTAssertEqual(e?.location?.line, 9)
        XCTAssertTrue(e?.message.hasPrefix("unknown key 'extra' in [layers.d]") ?? false, "\(String(describing: e))")
    }

    func testMissingFieldMessage() throws {
        let project = try TempProject()
        defer { project.remove() }
        let path = try project.write(try ManifestFixture.text("targeting.toml"))
        let m = try ProjectManifest(contentsOf: path)
        let dtm = try XCTUnwrap(m.layer(named: "dtm"))
        let e = m.missingField(dtm.numbers[0], layer: "dtm", file: dtm.path.resolved,
                               available: ["adm3_pcode", "#adm3+pcode", "#affected+idp+ind"])
        XCTAssertEqual(e.description, "\(path):41: layer 'dtm' names field '#affected+idps+ind' (role numbers) but dtm_kasai.csv has: adm3_pcode, #adm3+pcode, #affected+idp+ind\n  hint: did you mean '#affected+idp+ind'?")
    }

    func testMissingFileNamesTheLineAndResolvedPath() throws {
        let project = try TempProject(files: TempProject.dataFiles.filter { $0 != "dtm_kasai.csv" })
        defer { project.remove() }
        let path = try project.write(try ManifestFixture.text("targeting.toml"))
        XCTAssertThrowsError(try ProjectManifest(contentsOf: path)) { e in
            let err = e as? TargetingError
            XCTAssertEqual(err?.location?.line, 35)
            XCTAssertEqual(err?.message, "[layers.dtm] path: file not found: " + project.folder.standardizedFileURL.path + "/dtm_kasai.csv")
        }
    }
}
