import XCTest

/// GDAL (a hundred shared libraries) is loaded only by a command that needs it, and a GDAL that
/// cannot be loaded is a clear error naming the library and its package, not a crash.
/// `TARGETING_TEST_GDAL_LIBRARY` names the file loaded instead of GDAL's.
final class GDALLibraryTests: XCTestCase {
    static let folder = TargetingBinary.packageRoot.appendingPathComponent("Tests/Fixtures/gdal")
    static let missing = ["TARGETING_TEST_GDAL_LIBRARY": "libgdal-missing-for-test.so.0"]

    func testACommandWithoutGDALFormatsDoesNotLoadGDAL() throws {
        // The dynamic loader lists every library it opens (LD_DEBUG=files, on its standard error).
        let r = try runTargeting(["inspect", Self.folder.appendingPathComponent("shp/groupements.shp").path],
                                 environment: ["LD_DEBUG": "files"])
        XCTAssertEqual(r.status, 0, r.output)
        XCTAssertTrue(r.stderr.contains("libgeos_c.so"), "LD_DEBUG lists the libraries opened: \(r.stderr.prefix(2000))")
        XCTAssertFalse(r.stderr.contains("libgdal"), "GDAL loaded for a shapefile")
        // Without GDAL at all, the same command works.
        let s = try runTargeting(["inspect", Self.folder.appendingPathComponent("shp/groupements.shp").path], environment: Self.missing)
        XCTAssertEqual(s.status, 0, s.output)
    }

    func testGDALMissingWhileReadingAGeoPackageIsAClearError() throws {
        let gpkg = Self.folder.appendingPathComponent("formats/kasai.gpkg").path
        let r = try runTargeting(["inspect", gpkg], environment: Self.missing)
        XCTAssertFalse(r.signalled, r.output)
        XCTAssertNotEqual(r.status, 0, r.output)
        XCTAssertTrue(r.output.contains("the GDAL library libgdal-missing-for-test.so.0 could not be loaded (libgdal-missing-for-test.so.0: cannot open shared object file"), r.output)
        XCTAssertTrue(r.output.contains("apt-get install libgdal"), r.output)
    }

    func testGDALMissingWhenRankWritesUnitsGpkgFailsTheRunWritingNothing() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("gdal-missing-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try runTargeting(["rank", "--project", Self.folder.appendingPathComponent("shp.toml").path, "--out", out.path, "--no-maps"],
                                 environment: Self.missing)
        XCTAssertFalse(r.signalled, r.output)
        XCTAssertNotEqual(r.status, 0, r.output)
        XCTAssertTrue(r.stderr.contains("the GDAL library libgdal-missing-for-test.so.0 could not be loaded"), r.stderr)
        XCTAssertTrue(r.stderr.contains("hint: GDAL reads GeoPackage, GeoJSON, zipped shapefiles and Excel workbooks, and writes units.gpkg: install it (on Debian: apt-get install libgdal3"), r.stderr)
        // All or nothing: no output of the failed run is left in place.
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("priority_list.csv").path))
    }
}
