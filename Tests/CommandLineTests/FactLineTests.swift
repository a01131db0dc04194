import Foundation
import XCTest

/// `check` names the line that declared a fact, as the rules engine recorded it: a comment that
/// mentions the fact's name earlier in the script does not move the error there.
final class FactLineTests: XCTestCase {
    func testAnErrorInAFactCitesTheLineThatDeclaresIt() throws {
        let p = try ProjectCopy()
        let script = p.file("rules.lua")
        try """
        -- deaths = sum { layer = "conflict", field = "fatalities" } (the version before)
        facts {
          -- fatalities, from a layer this project does not have

          deaths = sum { layer = "nolayer", field = "fatalities" },
        }
        criterion "c" { indicator "deaths" { } }
        """.write(to: script, atomically: true, encoding: .utf8)
        let r = try runTargeting(["check", script.path, "--project", p.manifest], cwd: p.url)
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("rules.lua:5: fact deaths uses layer 'nolayer', which the project does not declare"), r.stderr)
    }

    /// Every layer the rules need that the project lacks, in one message: the layers in the
    /// order the facts name them, each with the facts and their lines.
    func testCheckListsEveryMissingLayerAtOnce() throws {
        let p = try ProjectCopy()
        let script = p.file("rules.lua")
        try """
        facts {
          clinics = count { layer = "health" },
          deaths = sum { layer = "conflict", field = "fatalities" },
          schools = count { layer = "schools" },
          beds = sum { layer = "health", field = "beds" },
        }
        criterion "c" { indicator "deaths" { } }
        """.write(to: script, atomically: true, encoding: .utf8)
        let r = try runTargeting(["check", script.path, "--project", p.manifest], cwd: p.url)
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("""
            rules.lua:2: the rules use 2 layers the project does not declare: 'health' (facts clinics (line 2), beds (line 5)), 'schools' (fact schools (line 4))
            """), r.stderr)
        XCTAssertTrue(r.stderr.contains("add a [layers.NAME] section for each to the manifest"), r.stderr)
    }
}
