import XCTest

/// Paths as users have them: every input reached through symbolic links (a link to a link, a link
/// to the .shp alone, links into a zip, a GeoPackage and a workbook), in folders whose names are
/// not ASCII. Sizes and types are those of the files linked to; the ranking is the one the files
/// give when named directly.
final class LinkedPathTests: XCTestCase {
    let fm = FileManager.default
    let gdal = TargetingBinary.packageRoot.appendingPathComponent("Tests/Fixtures/gdal")

    func testLinkedInputsInNonASCIIFoldersRankAsTheFilesThemselves() throws {
        let root = fm.temporaryDirectory.appendingPathComponent("Données Kasaï — 卡赛 \(UUID().uuidString)")
        defer { try? fm.removeItem(at: root) }
        let links = root.appendingPathComponent("liens vers les données"), chain = root.appendingPathComponent("chaîne")
        try fm.createDirectory(at: links, withIntermediateDirectories: true)
        try fm.createDirectory(at: chain, withIntermediateDirectories: true)
        func link(_ name: String, to target: String, in folder: URL) throws {
            try fm.createSymbolicLink(atPath: folder.appendingPathComponent(name).path, withDestinationPath: target)
        }
        // The units: only the .shp linked; its .dbf, .shx, .prj and .cpg are beside the file it links to.
        try link("unités.shp", to: gdal.appendingPathComponent("shp/groupements.shp").path, in: links)
        // A link to a link to the zip, the GeoPackage and the workbook.
        for (name, target) in [("événements.csv", "shp/acled.csv"), ("layers.zip", "formats/layers.zip"), ("dtm.xlsx", "formats/dtm.xlsx")] {
            try link(name, to: gdal.appendingPathComponent(target).path, in: chain)
            try link(name, to: chain.appendingPathComponent(name).path, in: links)
        }
        try """
            name = "liens"
            as_of = "2020-12-31"
            rules = "\(gdal.appendingPathComponent("rules.lua").path)"
            [units]
            path = "liens vers les données/unités.shp"
            id = "GRP_PCODE"
            name = "GRP_FR"
            population = "POP_2017"
            parent = "ADM2_PCODE"
            [layers.conflict]
            kind = "points"
            path = "liens vers les données/événements.csv"
            date = "event_date"
            numbers = ["fatalities"]
            [layers.dtm]
            kind = "table"
            path = "liens vers les données/dtm.xlsx"
            layer = "dtm"
            key = "#adm3+pcode"
            name = "#adm3+name"
            date = "#date+reported"
            numbers = ["#affected+idps+ind", "#affected+returnees+ind"]
            [layers.health]
            kind = "points"
            path = "liens vers les données/layers.zip"
            layer = "health"
            """.write(to: root.appendingPathComponent("targeting.toml"), atomically: true, encoding: .utf8)
        let out = root.appendingPathComponent("résultats"), reference = root.appendingPathComponent("référence")
        let r = try runTargeting(["rank", "--project", root.appendingPathComponent("targeting.toml").path, "--out", out.path, "--no-maps", "--quiet"])
        XCTAssertEqual(r.status, 0, r.output)
        let s = try runTargeting(["rank", "--project", gdal.appendingPathComponent("shp.toml").path, "--out", reference.path, "--no-maps", "--quiet"])
        XCTAssertEqual(s.status, 0, s.output)
        XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent("priority_list.csv")),
                       try Data(contentsOf: reference.appendingPathComponent("priority_list.csv")))
        // inspect follows the links too: the units' 30 records, from the .dbf beside the target.
        let i = try runTargeting(["inspect", links.appendingPathComponent("unités.shp").path])
        XCTAssertEqual(i.status, 0, i.output)
        XCTAssertTrue(i.stdout.contains("Records: 30"), i.stdout)
    }

    func testALinkToAMissingGeoPackageIsNamedAsSuch() throws {
        let root = fm.temporaryDirectory.appendingPathComponent("lien cassé \(UUID().uuidString)")
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: root) }
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("unités.gpkg").path, withDestinationPath: "/nonexistent/unités.gpkg")
        try "name = \"t\"\n[units]\npath = \"unités.gpkg\"\nid = \"GRP_PCODE\"\n".write(to: root.appendingPathComponent("targeting.toml"), atomically: true, encoding: .utf8)
        let r = try runTargeting(["rank", "--project", root.appendingPathComponent("targeting.toml").path, "--out", root.appendingPathComponent("out").path])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("targeting.toml:3: [units] path: the GeoPackage is a symbolic link to /nonexistent/unités.gpkg, which does not exist"), r.stderr)
    }
}
