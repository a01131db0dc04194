import Foundation
import XCTest

/// Rules that used to print a normal-looking list with exit 0, run through the binary on the
/// bundled Kasaï sample (scripts in Tests/Fixtures/method/).
final class MethodCommandTests: XCTestCase {
    let root = TargetingBinary.packageRoot
    func script(_ name: String) -> String { "Tests/Fixtures/method/\(name).lua" }

    func check(_ name: String, _ extra: [String] = []) throws -> CLIResult {
        try runTargeting(["check", script(name)] + extra, cwd: root)
    }

    func rank(_ name: String, _ extra: [String] = [], out: URL) throws -> CLIResult {
        try runTargeting(["rank", "--rules", script(name), "--out", out.path, "--no-maps", "--quiet"] + extra, cwd: root)
    }

    func scratch() -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("method-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: u) }
        return u
    }

    // The units, values and counts these tests expect on the sample are computed independently
    // (pandas, shapely) by Tests/Fixtures/sample/expected_values.py.

    func testCheckRunsTheRulesAndReportsEachRuntimeError() throws {
        let r = try check("runtime_errors")
        assertFails(r, status: 2, mentions: [
            "error: Tests/Fixtures/method/runtime_errors.lua:8: u.idsp is not a declared fact (declare it in facts { … }) (unit CD9201001, indicator typo) — and 921 more unit(s) fail the same way",
            "error: Tests/Fixtures/method/runtime_errors.lua:9: returned NaN (not a number: 0/0 or similar) (unit CD9202002, indicator per_event) — and 520 more unit(s) fail the same way",
            "error: Tests/Fixtures/method/runtime_errors.lua:9: returned an infinite number (a division by zero?) (unit CD9202006, indicator per_event) — and 35 more unit(s) fail the same way",
            "Tests/Fixtures/method/runtime_errors.lua: 1479 runtime error(s) running the rules on all 922 units",
        ])
        let sample = try check("runtime_errors", ["--sample", "10"])
        assertFails(sample, status: 2, mentions: ["running the rules on a sample of 10 of the 922 units"])
    }

    func testAGateAnsweringANumberIsAnErrorNamingTheUnit() throws {
        assertFails(try check("gate_number"), status: 2, mentions: [
            "error: Tests/Fixtures/method/gate_number.lua:5: returned a number (1765.0) where true or false was expected (unit CD9201001, gate has_idps) — and 921 more unit(s) fail the same way"])
        assertFails(try rank("gate_number", out: scratch()), status: 2, mentions: [
            "error: Tests/Fixtures/method/gate_number.lua:5: returned a number (1765.0) where true or false was expected (unit CD9201001, gate has_idps)"])
    }

    func testAMisspeltAttributeIsRefusedWithDidYouMean() throws {
        assertFails(try check("attr_typo"), status: 2, mentions: [
            "error: Tests/Fixtures/method/attr_typo.lua:5: u.attr[\"POP_2071\"]: the units have no field POP_2071",
            "hint: did you mean POP_2017?"])
    }

    func testUnusedCriterionAndWindowGapAreWarnings() throws {
        let r = try check("unused_and_gap")
        assertSucceeds(r, mentions: [
            "Tests/Fixtures/method/unused_and_gap.lua:12: warning: criterion displacement is declared but not used: the score does not include it",
            "Tests/Fixtures/method/unused_and_gap.lua:5: warning: criterion conflict: the windows of events_past (Tests/Fixtures/method/unused_and_gap.lua:4, 2016-08-01 to 2020-01-01) and events_recent (Tests/Fixtures/method/unused_and_gap.lua:5, 2020-07-05 to 2020-12-31) leave a gap of 185 days, 2020-01-02 to 2020-07-04: rows dated then are counted in neither",
        ])
        let out = scratch()
        let ranked = try runTargeting(["rank", "--rules", script("unused_and_gap"), "--out", out.path, "--no-maps"], cwd: root)
        assertSucceeds(ranked)
        assertContains(ranked.stderr, ["Tests/Fixtures/method/unused_and_gap.lua:12: warning: criterion displacement is declared but not used"])
        // Each method warning is printed once, in full, as the rules are read; the data-health
        // summary counts it without repeating it.
        XCTAssertEqual(ranked.stderr.components(separatedBy: "criterion displacement is declared but not used").count - 1, 1, ranked.stderr)
        XCTAssertEqual(ranked.stderr.components(separatedBy: "leave a gap of 185 days").count - 1, 1, ranked.stderr)
        assertContains(ranked.stderr, ["    1 unused-criterion  (printed above)\n", "    1 window-gap        (printed above)\n"])
        let quality = String(decoding: (try? Data(contentsOf: out.appendingPathComponent("data_quality.txt"))) ?? Data(), as: UTF8.self)
        assertContains(quality, ["unused-criterion", "window-gap"])
    }

    func testANilCostUnderABudgetIsAnError() throws {
        let out = scratch()
        assertFails(try rank("nil_cost", ["--budget", "1000000"], out: out), status: 2, mentions: [
            "error: Tests/Fixtures/method/nil_cost.lua:4: budget 1000000: unit CD9106024 (Bena Mumuki) has no cost (cost from function at Tests/Fixtures/method/nil_cost.lua:5): no value (the rule returned nil); 911 of the 922 units that can be selected have none"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("priority_list.csv").path))
    }

    func testGeometricOverZeroToTenIsRefusedAtLoad() throws {
        assertFails(try rank("geometric", out: scratch()), status: 2, mentions: [
            "error: Tests/Fixtures/method/geometric.lua:9: the score: geometric mean over values that can be 0 (conflict is on 0–10); a unit at 0 would get 0 (or no value) whatever its other values",
            "hint: add shift = 1 to the aggregation"])
    }

    func testAUnitMissingAWholeCriterionIsListedNotRanked() throws {
        // check applies the same data-quality limits as rank (below): exit 3, or OK when accepted.
        assertFails(try check("missing_criterion"), status: 3, mentions: [
            "criterion violence: every indicator missing for 564 of 922 units (61%), over max_units_missing_criterion = 0.1 (default)"])
        assertSucceeds(try check("missing_criterion", ["--accept-poor-data"]),
                       mentions: ["rules run on all 922 units: 358 ranked, 564 not ranked (564 lacking a whole criterion)"])
        let out = scratch()
        // 564 of 922 units (61%) lacking a whole criterion is over the default data-quality limit
        // (max_units_missing_criterion = 0.1): the run stops with exit 3 unless told to go on.
        assertFails(try rank("missing_criterion", out: out), status: 3, mentions: [
            "criterion violence: every indicator missing for 564 of 922 units (61%), over max_units_missing_criterion = 0.1 (default)"])
        assertSucceeds(try rank("missing_criterion", ["--accept-poor-data"], out: out))
        let list = String(decoding: (try? Data(contentsOf: out.appendingPathComponent("priority_list.csv"))) ?? Data(), as: UTF8.self)
        XCTAssertEqual(list.components(separatedBy: "missing criterion violence (severity: missing severity)").count - 1, 564)
        let report = String(decoding: (try? Data(contentsOf: out.appendingPathComponent("report.html"))) ?? Data(), as: UTF8.self)
        assertContains(report, ["When a whole criterion is missing for a unit — displacement: the unit is not ranked; violence: the unit is not ranked."])
    }

    /// The tiny project of the bad-input tests, with files from Tests/Fixtures/method/ put in.
    func tinyProject(_ files: [String]) throws -> ProjectCopy {
        let p = try ProjectCopy()
        for f in files {
            let source = root.appendingPathComponent("Tests/Fixtures/method/\(f)")
            let target = p.file((f as NSString).lastPathComponent)
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: source, to: target)
        }
        return p
    }

    func testAPopulationOfZeroIsReportedLikeAMissingOne() throws {
        let p = try tinyProject(["shp", "shx", "dbf", "prj", "cpg"].map { "zero_population/units.\($0)" })
        assertSucceeds(try p.rank())
        assertContains(p.output("data_quality.txt"), [
            "warning: unit CD9102002 (Tshiluba) has a population of 0: it is kept out of per-head indicators, not read as zero"])
        assertContains(p.output("indicators.csv"), ["CD9102002,conflict,per_head,,,,,missing population"])
    }

    func testAnIncludeKeepsTheGateFailureInTheListAndTheExplanation() throws {
        let p = try tinyProject(["include_over_gate.lua"])
        assertSucceeds(try p.rank(extra: ["--rules", p.file("include_over_gate.lua").path]))
        assertContains(p.output("priority_list.csv"), [
            "1,CD9102001,Bena Mbaya,CD9102,,0,,0,1,no,no selection requested,yes,gate several_events: fewer than 3 events (overridden by include: programme site),include: programme site,,"])
        assertContains(p.output("explanations.md"), [
            "- ranked by override despite: gate several_events: fewer than 3 events (overridden by include: programme site)"])
    }
}
