import Foundation
import XCTest

/// `rank --as-of d1,d2,…`: every date's run passes the data-quality limits, not only the latest's.
/// On the project of Tests/Fixtures/windows: `busy` is missing where a unit had no event in the
/// 365 days to as_of; to 2020-12-31 that is D alone (1 of 4, not above the default 25%), to
/// 2019-12-31 every unit (the only events before 2020 are W7, in 2018).
final class ThenAndNowGateTests: XCTestCase {
    static let rules = """
    local as_of = project.as_of
    facts { recent = count { layer = "conflict", from = as_of - 364, to = as_of } }
    criterion "conflict" {
      indicator "recent" {},
      indicator "busy" { value = function(u) if u.recent == 0 then return nil end return u.recent end },
    }
    score { "conflict" }

    """

    func project() throws -> URL {
        let url = try temporaryCopy(ofFixture: "windows", prefix: "then-now")
        try Self.rules.write(to: url.appendingPathComponent("busy.lua"), atomically: true, encoding: .utf8)
        return url
    }

    func rank(_ p: URL, _ extra: [String]) throws -> CLIResult {
        try runTargeting(["rank", "--project", "targeting.toml", "--rules", "busy.lua", "--out", "out", "--no-maps"] + extra, cwd: p)
    }

    func testAnEarlierDateOverTheLimitStopsTheRunNamingTheDate() throws {
        let p = try project()
        // Each date alone: the latest passes, the earlier one does not.
        assertSucceeds(try rank(p, ["--as-of", "2020-12-31", "--quiet"]))
        try FileManager.default.removeItem(at: p.appendingPathComponent("out"))
        let r = try rank(p, ["--as-of", "2019-12-31,2020-12-31", "--quiet"])
        XCTAssertEqual(r.status, 3, r.stderr)
        XCTAssertEqual(r.stderr, """
            error: at --as-of 2019-12-31: the input crossed 1 data-quality limit, so no output was written (nothing was written to out/):
              indicator busy: missing for 4 of 4 units (100%), over max_units_missing_indicator = 0.25 (default)
                CD9102001 Bena Mbaya: no value (the rule returned nil)
                CD9102002 Tshiluba: no value (the rule returned nil)
                CD9201001 Kamako: no value (the rule returned nil)
                fix: busy.lua:2: a fact is the same for every unit, most likely as no data falls in its window before this date, and the indicator at busy.lua:5 is missing for every unit: choose a date the data covers or a longer window; if the data does cover it, check the indicator for an attribute or fact name the data does not have
              hint: fix the input (or the rules); or, if this is expected, raise the limit in [quality] of targeting.toml; or pass --accept-poor-data to write the outputs anyway, marked as written from poor data

            """)
        XCTAssertFalse(FileManager.default.fileExists(atPath: p.appendingPathComponent("out").path))
    }

    func testAcceptPoorDataWritesAndTheOutputsSayWhichDateWasPoor() throws {
        let p = try project()
        let r = try rank(p, ["--as-of", "2019-12-31,2020-12-31", "--accept-poor-data"])
        assertSucceeds(r)
        XCTAssertTrue(r.stderr.contains("at --as-of 2019-12-31: data health (limits from [quality] in targeting.toml, or the defaults):"), r.stderr)
        XCTAssertTrue(r.stderr.contains("warning: at --as-of 2019-12-31: --accept-poor-data: writing the outputs although the input crossed 1 data-quality limit"), r.stderr)
        let quality = try String(contentsOf: p.appendingPathComponent("out/data_quality.txt"), encoding: .utf8)
        XCTAssertTrue(quality.contains("  at --as-of 2019-12-31: indicator busy: missing for 4 of 4 units (100%)"), quality)
        // The earlier date's own warnings (its window holds no event) are kept, with the date.
        let diagnostics = try String(contentsOf: p.appendingPathComponent("out/diagnostics.csv"), encoding: .utf8)
        XCTAssertTrue(diagnostics.contains("constant-fact,warning,busy.lua,2,,at --as-of 2019-12-31: fact recent is 0 for every unit that has a value (4 units): it cannot tell units apart,"), diagnostics)
        XCTAssertFalse(diagnostics.contains("at --as-of 2020-12-31"), diagnostics)
        let manifest = try String(contentsOf: p.appendingPathComponent("out/run_manifest.json"), encoding: .utf8)
        XCTAssertTrue(manifest.contains("at --as-of 2019-12-31: indicator busy: missing for 4 of 4 units (100%)"), manifest)
    }
}
