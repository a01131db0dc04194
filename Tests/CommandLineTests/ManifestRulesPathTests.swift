import Foundation
import XCTest

/// The manifest's `rules = "…"` is read only when no `--rules` replaces it: a missing one stops a run
/// that would use it, at its manifest line, and does not stop a run given `--rules`.
final class ManifestRulesPathTests: XCTestCase {
    func project() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cli-rules-path-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: LevelQuotaTests.fixture, to: url)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        let manifest = url.appendingPathComponent("targeting.toml")
        let text = try String(contentsOf: manifest, encoding: .utf8).replacingOccurrences(of: "rules = \"rules.lua\"", with: "rules = \"gone.lua\"")
        try text.write(to: manifest, atomically: true, encoding: .utf8)
        return url
    }

    func testRulesOnTheCommandLineDoNotNeedTheManifestsFile() throws {
        let dir = try project()
        assertSucceeds(try runTargeting(["rank", "--project", "targeting.toml", "--rules", "rules.lua", "--out", "out", "--no-maps", "--quiet"], cwd: dir))
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/priority_list.csv").path))
    }

    func testAMissingManifestRulesFileIsNamedAtItsLine() throws {
        let dir = try project()
        let r = try runTargeting(["rank", "--project", "targeting.toml", "--out", "out", "--no-maps", "--quiet"], cwd: dir)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("error: targeting.toml:4: rules: "), r.stderr)
        XCTAssertTrue(r.stderr.contains("gone.lua"), r.stderr)
        XCTAssertTrue(r.stderr.contains("or pass --rules"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }
}
