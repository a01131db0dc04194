import Foundation
import XCTest

/// Rules that used to rank with exit 0 and a method that meant something else (a filter that
/// matches nothing, a negative weight, a floor above the cap, a polygon file read as points…), and
/// `check` agreeing with `rank` on the data-quality limits. Scripts in Tests/Fixtures/method2/.
final class Method2CommandTests: XCTestCase {
    let root = TargetingBinary.packageRoot
    func script(_ name: String) -> String { "Tests/Fixtures/method2/\(name).lua" }

    func check(_ name: String, _ extra: [String] = []) throws -> CLIResult {
        try runTargeting(["check", script(name)] + extra, cwd: root)
    }

    func scratch() -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("method2-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: u) }
        return u
    }

    func testAWhereValueMatchingNoRowIsAnErrorWithDidYouMean() throws {
        let hint = "  hint: did you mean \"Battles\"? the closest values in the column are \"Battles\", \"Riots\", \"Protests\" (values are compared exactly: case and spaces count)\n"
        let typo = try check("where_nomatch")
        XCTAssertEqual(typo.status, 2, typo.output)
        XCTAssertEqual(typo.stderr, "error: Tests/Fixtures/method2/where_nomatch.lua:3: fact battles: where event_type = \"Battle\" matches no row of layer 'conflict' (Shapefiles/kasai/acled_kasai.csv), so the filter keeps nothing\n" + hint)
        let out = scratch()
        let ranked = try runTargeting(["rank", "--rules", script("where_case"), "--out", out.path, "--no-maps", "--quiet"], cwd: root)
        assertFails(ranked, status: 2, mentions: [
            "error: Tests/Fixtures/method2/where_case.lua:3: fact battles: where event_type = \"battles\" matches no row of layer 'conflict'", hint])
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "rank wrote outputs")
    }

    func testANumericFilterOnATextColumnIsAnError() throws {
        let r = try check("above_text")
        XCTAssertEqual(r.status, 2, r.output)
        XCTAssertEqual(r.stderr, """
            error: Tests/Fixtures/method2/above_text.lua:3: fact battles: where event_type > 1 compares numbers, but column 'event_type' of layer 'conflict' holds text ("Strategic developments" in Shapefiles/kasai/acled_kasai.csv:2)
              hint: a numeric filter (above, below, at_least, at_most) needs a number column; for text use where = { event_type = "…" }

            """)
    }

    func testWeightsAndFloorCapGuardsStopAtLoadWithTheLine() throws {
        let cases: [(String, String)] = [
            ("weight_negative", "error: Tests/Fixtures/method2/weight_negative.lua:7: score: weight of 'conflict' is -1; a weight must not be negative\n"),
            ("weights_zero", "error: Tests/Fixtures/method2/weights_zero.lua:5: criterion conflict: every weight inside it is 0, so it has no value; give at least one a weight above 0\n"),
            ("floor_over_cap", "error: Tests/Fixtures/method2/floor_over_cap.lua:3: indicator km_police: floor 10 is not below cap 1, so every unit would get the same value; the floor must be below the cap\n"),
            ("km_nan", "error: Tests/Fixtures/method2/km_nan.lua:2: within: km must be a finite number (got NaN, e.g. from 0/0)\n"),
            ("empty", "error: Tests/Fixtures/method2/empty.lua: the script declares no criterion: add criterion \"…\" { indicator \"…\" { … } } and score { … }\n"),
        ]
        for (name, expected) in cases {
            let r = try check(name)
            XCTAssertEqual(r.status, 2, "\(name): \(r.output)")
            XCTAssertEqual(r.stderr, expected, name)
        }
    }

    func testACostThatIsTextSaysWhatIsWrong() throws {
        assertFails(try check("cost_text"), status: 2, mentions: [
            "error: Tests/Fixtures/method2/cost_text.lua:5: returned a string where a number was expected: the cost of a unit must be a number (convert text with tonumber(…)) (unit CD9201001, selection cost) — and 921 more unit(s) fail the same way\n"])
    }

    func testAPolygonFileDeclaredAsPointsIsAnError() throws {
        let r = try runTargeting(["rank", "--project", "Tests/Fixtures/method2/polygons_as_points.toml", "--rules", script("police_per_10k"),
                                  "--out", scratch().path, "--no-maps", "--quiet"], cwd: root)
        assertFails(r, status: 2, mentions: [
            "error: Tests/Fixtures/method2/police_per_10k.lua: fact police_per_10k: layer police is declared as points, but its file Shapefiles/kasai/zones_sante.shp holds polygons (all 63 features), so no feature could be placed\n",
            "  hint: give [layers.police] the file of points you meant, or declare it kind = \"polygons\"\n"])
    }

    func testAWindowAfterTheDataAndAConstantFactAreWarnings() throws {
        // The sample's first and last event dates: Tests/Fixtures/sample/expected_values.py (pandas).
        let r = try runTargeting(["check", "Scripts/criteria.lua", "--as-of", "2025-12-31"], cwd: root)
        assertSucceeds(r, mentions: [
            "Scripts/criteria.lua:22: warning: fact events_recent: its window [2025-01-01, 2025-12-31] lies wholly after the dates of layer 'conflict' (2015-01-01 to 2020-12-20), so it is the same for every unit (check as_of (--as-of) and the fact's from/to dates)\n",
            "Scripts/criteria.lua:22: warning: fact events_recent is 0 for every unit that has a value (922 units): it cannot tell units apart (check its layer, its where filter and its window (events_recent = count of conflict in [2025-01-01, 2025-12-31]))\n",
            "Scripts/criteria.lua:40: warning: indicator events_recent is 0 for every unit that has a value: it scales to 0 for all of them and weighs nothing in the ranking (check the facts it reads and its value function)\n",
        ])
        // rank says the same on the console and keeps them in the run's diagnostics.
        let out = scratch()
        let ranked = try runTargeting(["rank", "--as-of", "2025-12-31", "--out", out.path, "--no-maps"], cwd: root)
        assertSucceeds(ranked)
        assertContains(ranked.stderr, ["Scripts/criteria.lua:22: warning: fact events_recent: its window [2025-01-01, 2025-12-31] lies wholly after",
                                       "Scripts/criteria.lua:40: warning: indicator events_recent is 0 for every unit"])
        let quality = String(decoding: (try? Data(contentsOf: out.appendingPathComponent("data_quality.txt"))) ?? Data(), as: UTF8.self)
        assertContains(quality, ["window-outside-data", "constant-fact", "constant-indicator"])
    }

    func testTheDefaultRulesRaiseNoneOfTheseWarnings() throws {
        let r = try runTargeting(["check", "Scripts/criteria.lua"], cwd: root)
        assertSucceeds(r)
        for code in ["lies wholly", "for every unit that has a value", "matches no row"] {
            XCTAssertFalse(r.output.contains(code), r.output)
        }
    }

    func testCheckStopsWhereRankStopsOnTheQualityLimits() throws {
        let p = try ProjectCopy()
        for (from, to) in [("conflict_semicolon.csv", "conflict.csv"), ("targeting_semicolon.toml", "targeting.toml")] {
            try? FileManager.default.removeItem(at: p.file(to))
            try FileManager.default.copyItem(at: DataHealthTests.fixtures.appendingPathComponent(from), to: p.file(to))
        }
        let checked = try runTargeting(["check", "rules.lua", "--project", p.manifest], cwd: p.url)
        XCTAssertEqual(checked.status, 3, checked.output)
        XCTAssertFalse(checked.stdout.contains("OK"), checked.stdout)
        assertContains(checked.stderr, [
            "error: the input crossed 1 data-quality limit, so no output was written (check writes nothing; rank stops here too):\n",
            "  layer conflict (conflict.csv): 5 of 6 rows rejected (83%): 5 bad-coordinate, over max_rejected_rows = 0.1 (default)\n"])
        XCTAssertEqual(try p.rank().status, 3)
        let accepted = try runTargeting(["check", "rules.lua", "--project", p.manifest, "--accept-poor-data"], cwd: p.url)
        assertSucceeds(accepted, mentions: ["rules.lua: OK", "warning: --accept-poor-data"])
    }
}
