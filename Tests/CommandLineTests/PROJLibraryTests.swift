import XCTest

/// PROJ (libproj and the 37 libraries it brings) is loaded at a command's first geodesic or
/// coordinate system, not before `main` by every command, and a PROJ that cannot be loaded is a
/// clear error naming the library and its package, with nothing written.
/// `TARGETING_TEST_PROJ_LIBRARY` names the file loaded instead of PROJ's.
final class PROJLibraryTests: XCTestCase {
    static let project = GDALLibraryTests.folder.appendingPathComponent("shp.toml").path
    static let missing = ["TARGETING_TEST_PROJ_LIBRARY": "libproj-missing-for-test.so.0"]

    func testHelpDoesNotLoadPROJAndARunDoes() throws {
        // The dynamic loader lists every library it opens (LD_DEBUG=files, on its standard error).
        let help = try runTargeting(["--help"], environment: ["LD_DEBUG": "files"])
        XCTAssertEqual(help.status, 0, help.output)
        XCTAssertTrue(help.stderr.contains("libgeos_c.so"), "LD_DEBUG lists the libraries opened: \(help.stderr.prefix(2000))")
        XCTAssertFalse(help.stderr.contains("libproj"), "PROJ loaded for --help")
        XCTAssertFalse(help.stderr.contains("libcurl"), "PROJ's libraries loaded for --help")

        let out = FileManager.default.temporaryDirectory.appendingPathComponent("proj-run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try runTargeting(["rank", "--project", Self.project, "--out", out.path, "--no-maps", "--quiet"],
                                   environment: ["LD_DEBUG": "files"])
        XCTAssertEqual(run.status, 0, run.output)
        XCTAssertTrue(run.stderr.contains("libproj.so.25"), "rank measures geodesics through PROJ")
    }

    func testPROJMissingFailsTheRunWritingNothing() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("proj-missing-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try runTargeting(["rank", "--project", Self.project, "--out", out.path, "--no-maps"], environment: Self.missing)
        XCTAssertFalse(r.signalled, r.output)
        XCTAssertEqual(r.status, 2, r.output)
        XCTAssertTrue(r.stderr.contains("error: the PROJ library could not be loaded: libproj-missing-for-test.so.0: cannot open shared object file"), r.stderr)
        XCTAssertTrue(r.stderr.contains("hint: install it (on Debian: apt-get install libproj25)"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "a run that failed while loading leaves no folder")
    }
}
