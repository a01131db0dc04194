import XCTest

/// The GDAL fixture project (Tests/Fixtures/gdal, written by GDAL through make_gdal.py) ranked
/// from shapefiles + CSV and from the same layers as GeoPackage, GeoJSON, zipped shapefiles and an
/// XLSX sheet: the priority list, facts and indicators must be byte-identical.
final class GDALFormatTests: XCTestCase {
    static let folder = TargetingBinary.packageRoot.appendingPathComponent("Tests/Fixtures/gdal")

    func rank(_ manifest: String, extra: [String] = []) throws -> URL {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("gdal-\(manifest)-\(UUID().uuidString)")
        let r = try runTargeting(["rank", "--project", Self.folder.appendingPathComponent(manifest + ".toml").path,
                                  "--out", out.path, "--no-maps", "--quiet"] + extra)
        XCTAssertEqual(r.status, 0, r.output)
        return out
    }

    func testEveryFormatGivesTheShapefilePriorityList() throws {
        let reference = try rank("shp")
        defer { try? FileManager.default.removeItem(at: reference) }
        for variant in ["gpkg", "geojson", "zip"] {
            let out = try rank(variant)
            defer { try? FileManager.default.removeItem(at: out) }
            // units.gpkg too: same units and values, same bytes (its timestamp is fixed).
            for file in ["priority_list.csv", "facts.csv", "indicators.csv", "units.gpkg"] {
                let a = try Data(contentsOf: reference.appendingPathComponent(file))
                let b = try Data(contentsOf: out.appendingPathComponent(file))
                XCTAssertEqual(a, b, "\(file) from \(variant) differs from the shapefile run")
            }
        }
        // 30 groupements ranked, as the territoire holds in the sample.
        let list = try String(contentsOf: reference.appendingPathComponent("priority_list.csv"), encoding: .utf8)
        XCTAssertEqual(list.split(separator: "\n").count, 31)
    }

    func testUnitsGeoPackageHasFullNamesIsListedAndFixesItsTimestamp() throws {
        let out = try rank("shp")
        defer { try? FileManager.default.removeItem(at: out) }
        let gpkg = out.appendingPathComponent("units.gpkg").path
        let manifest = try String(contentsOf: out.appendingPathComponent("run_manifest.json"), encoding: .utf8)
        XCTAssertTrue(manifest.contains("\"file\" : \"units.gpkg\""), manifest)
        let r = try runTargeting(["inspect", "--format", "json", gpkg])
        XCTAssertEqual(r.status, 0, r.output)
        // Names over 10 characters, which the DBF cuts (RANK_PAR, DISPLACEME…), kept whole.
        for field in ["\"name\":\"rank_in_parent\",\"type\":\"integer\"", "\"name\":\"displacement\",\"type\":\"real\"",
                      "\"name\":\"top_drivers\",\"type\":\"text\"", "\"records\":30", "\"crs\":\"WGS 84\""] {
            XCTAssertTrue(r.stdout.contains(field), "\(field) not in \(r.stdout)")
        }
        // The time GDAL records in gpkg_contents is the fixed one, not the time of the run.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: gpkg))
        XCTAssertNotNil(bytes.range(of: Data("2000-01-01T00:00:00.000Z".utf8)))
        // The first unit (by id) has in the GeoPackage the rank the priority list gives it.
        let list = try String(contentsOf: out.appendingPathComponent("priority_list.csv"), encoding: .utf8)
        let row = list.split(separator: "\n").first { $0.split(separator: ",")[1] == "CD8202001" }
        let rank = try XCTUnwrap(row?.split(separator: ",").first)
        XCTAssertTrue(r.stdout.contains("\"sample_rows\":[[\"\(rank)\",\"CD8202001\""), r.stdout)
    }

    func testSeveralLayersAndNoLayerKeyListsThem() throws {
        let dir = try scratchProject("""
            [units]
            path = "\(Self.folder.path)/formats/kasai.gpkg"
            id = "GRP_PCODE"
            """)
        let r = try rank(in: dir)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("formats/kasai.gpkg: the file holds 3 layers (\"groupements\", \"health\", \"dtm\"): say which one to read"), r.stderr)
        XCTAssertTrue(r.stderr.contains("hint: add layer = \"groupements\" (or another of them) to this entry of the manifest; named by [units] at "), r.stderr)
    }

    func testAnAttributeTableAsAPointLayerIsRefused() throws {
        let dir = try scratchProject("""
            [units]
            path = "\(Self.folder.path)/formats/kasai.gpkg"
            layer = "groupements"
            id = "GRP_PCODE"
            [layers.dtm]
            kind = "points"
            path = "\(Self.folder.path)/formats/kasai.gpkg"
            layer = "dtm"
            """)
        let r = try rank(in: dir)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("targeting.toml:6: layer 'dtm' is kind = \"points\" but the layer \"dtm\" of \(Self.folder.path)/formats/kasai.gpkg has no geometry (an attribute table)"), r.stderr)
    }

    func testUnsupportedFormatNamesTheFormatsAndHowToConvert() throws {
        let dir = try scratchProject("""
            [units]
            path = "units.kml"
            id = "GRP_PCODE"
            """)
        FileManager.default.createFile(atPath: dir.appendingPathComponent("units.kml").path, contents: Data("<kml/>".utf8))
        let r = try rank(in: dir)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("targeting.toml:3: [units] path must be a polygon layer (a shapefile, GeoPackage, GeoJSON or zipped shapefile), found \"units.kml\""), r.stderr)
        XCTAssertTrue(r.stderr.contains("hint: the formats read are shapefile (.shp), GeoPackage (.gpkg), GeoJSON (.geojson, .json), zipped shapefile (.zip); convert it with GDAL, e.g. ogr2ogr -f GPKG layer.gpkg INPUT"), r.stderr)
    }

    func testLayerKeyOnAOneLayerFormatIsRefused() throws {
        let dir = try scratchProject("""
            [units]
            path = "\(Self.folder.path)/formats/groupements.geojson"
            layer = "groupements"
            id = "GRP_PCODE"
            """)
        let r = try rank(in: dir)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("targeting.toml:4: [units] layer = \"groupements\": a GeoJSON (.geojson, .json) holds one layer, so there is none to choose"), r.stderr)
    }

    func testInspectReportsEveryLayerOfAGeoPackageAndOneSheetByName() throws {
        let gpkg = Self.folder.appendingPathComponent("formats/kasai.gpkg").path
        let r = try runTargeting(["inspect", gpkg])
        XCTAssertEqual(r.status, 0, r.output)
        XCTAssertTrue(r.stdout.contains("GeoPackage (.gpkg): \(gpkg) (layer \"groupements\")"), r.stdout)
        XCTAssertTrue(r.stdout.contains("GeoPackage (.gpkg): \(gpkg) (layer \"health\")"), r.stdout)
        XCTAssertTrue(r.stdout.contains("Shape type: Polygon   Records: 30"), r.stdout)
        XCTAssertTrue(r.stdout.contains("Shape type: Point   Records: 30"), r.stdout)
        XCTAssertTrue(r.stdout.contains("GeoPackage (.gpkg): \(gpkg) (layer \"dtm\")\nShape type: None   Records: "), r.stdout)
        let xlsx = Self.folder.appendingPathComponent("formats/dtm.xlsx").path
        let s = try runTargeting(["inspect", "--format", "json", "--layer", "dtm", xlsx])
        XCTAssertEqual(s.status, 0, s.output)
        XCTAssertTrue(s.stdout.contains("\"layer\":\"dtm\""), s.stdout)
        XCTAssertTrue(s.stdout.contains("Déplacés (individus) #affected+idps+ind"), s.stdout)
    }

    /// `rank` of the project in `dir`, its outputs in `dir/out`.
    func rank(in dir: URL) throws -> CLIResult {
        try runTargeting(["rank", "--project", dir.appendingPathComponent("targeting.toml").path, "--out", dir.appendingPathComponent("out").path])
    }

    /// A manifest in a fresh folder: `name`, then the given sections.
    func scratchProject(_ body: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gdal-project-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        try ("name = \"t\"\n" + body + "\n").write(to: dir.appendingPathComponent("targeting.toml"), atomically: true, encoding: .utf8)
        return dir
    }
}
