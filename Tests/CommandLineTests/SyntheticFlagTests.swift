import Foundation
import XCTest

/// The SYNTHETIC marks (the report's banner and watermark) come from `synthetic = true` in the
/// manifest, never from a word in the project's name.
final class SyntheticFlagTests: XCTestCase {
    /// A copy of the world fixture with the manifest's top lines replaced by `top`.
    func project(top: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("synthetic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        let fixtures = TargetingBinary.packageRoot.appendingPathComponent("Tests/Fixtures")
        for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent("where/naturalearth_lowres.\(ext)"),
                                             to: url.appendingPathComponent("naturalearth_lowres.\(ext)"))
        }
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("world/rules.lua"), to: url.appendingPathComponent("rules.lua"))
        try Data((top + "\n[units]\npath = \"naturalearth_lowres.shp\"\nid = \"name\"\n").utf8)
            .write(to: url.appendingPathComponent("targeting.toml"))
        return url
    }

    func report(top: String) throws -> String {
        let url = try project(top: top)
        let r = try runTargeting(["rank", "--project", "targeting.toml", "--rules", "rules.lua", "--as-of", "2020-12-31",
                                  "--out", "out"], cwd: url)
        assertSucceeds(r)
        return try String(contentsOf: url.appendingPathComponent("out/report.html"), encoding: .utf8)
    }

    func testTheWordInTheNameDoesNotMarkTheData() throws {
        let html = try report(top: "name = \"Countries (not SYNTHETIC at all)\"")
        XCTAssertFalse(html.contains("SYNTHETIC DATA"))
        XCTAssertFalse(html.contains("class=\"watermark\""))
    }

    func testTheFlagMarksTheData() throws {
        let html = try report(top: "name = \"Countries\"\nsynthetic = true")
        XCTAssertTrue(html.contains("SYNTHETIC DATA — the project's manifest marks its data as generated (synthetic = true)"))
        XCTAssertTrue(html.contains("<div class=\"watermark\" aria-hidden=\"true\">SYNTHETIC</div>"))
    }

    func testAFlagThatIsNotABooleanIsRefused() throws {
        let url = try project(top: "name = \"Countries\"\nsynthetic = \"yes\"")
        let r = try runTargeting(["inspect", "--project", "targeting.toml"], cwd: url)
        XCTAssertEqual(r.status, 1, r.output)
        XCTAssertTrue(r.stderr.contains("""
            targeting.toml:2: synthetic: expected true or false, found a string ("yes")
              hint: synthetic = true marks made-up data: the maps and the report then say SYNTHETIC
            """), r.stderr)
    }
}
