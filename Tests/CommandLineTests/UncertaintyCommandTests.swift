import Foundation
import XCTest

/// `rank` with an `uncertainty { … }` declaration and `--uncertainty N`, through the binary.
final class UncertaintyCommandTests: XCTestCase {
    /// The test project's rules plus a second criterion (population) that pulls the other way.
    static let twoCriteria = """
    local as_of = project.as_of
    facts {
      events = count { layer = "conflict", from = as_of - 729, to = as_of },
      deaths = sum { layer = "conflict", field = "fatalities", from = as_of - 729, to = as_of },
    }
    criterion "conflict" {
      indicator "events" { transform = log1p },
      indicator "deaths" { transform = log1p },
    }
    criterion "people" { indicator "pop" { value = function(u) return u.population end } }
    score { "conflict", "people" }
    classes { "high", "low" }

    """
    static let declared = twoCriteria + "uncertainty { runs = 200, seed = 5, weights = { all = 0.5 } }\n"

    func files(_ folder: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            out[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return out
    }

    func rank(_ p: ProjectCopy, _ rules: String, _ out: String, _ extra: [String] = []) throws -> CLIResult {
        try runTargeting(["rank", "--project", p.manifest, "--rules", rules, "--out", out, "--no-maps", "--quiet"] + extra, cwd: p.url)
    }

    func testSameInputsSameBytesWithTheNewColumnsAndSensitivity() throws {
        let p = try ProjectCopy()
        try Self.declared.write(to: p.file("unc.lua"), atomically: true, encoding: .utf8)
        // Into the same folder twice: the run manifest (and the report showing it) names --out.
        assertSucceeds(try rank(p, "unc.lua", "a"))
        let a = try files(p.file("a"))
        assertSucceeds(try rank(p, "unc.lua", "a"))
        let b = try files(p.file("a"))
        XCTAssertEqual(a.keys.sorted(), b.keys.sorted())
        for (name, data) in a { XCTAssertEqual(data, b[name], "\(name) differs between two identical runs") }

        let list = String(decoding: try XCTUnwrap(a["priority_list.csv"]), as: UTF8.self)
        XCTAssertTrue(list.hasPrefix("rank,unit_id,") && list.components(separatedBy: "\n")[0].hasSuffix(",missing,rank_p05,rank_median,rank_p95,p_selected"), list)
        let sensitivity = String(decoding: try XCTUnwrap(a["sensitivity.csv"]), as: UTF8.self)
        let rows = sensitivity.split(separator: "\n").map(String.init)
        XCTAssertEqual(rows.first, "input,spread,mean_abs_rank_shift,max_abs_rank_shift,points,first_order")
        XCTAssertEqual(Set(rows.dropFirst().map { $0.components(separatedBy: ",")[0] }),
                       ["weight of conflict", "weight of events", "weight of deaths", "weight of people"])  // pop is alone in people: its weight divides out
        let fields = String(decoding: try XCTUnwrap(a["units_fields.csv"]), as: UTF8.self)
        XCTAssertTrue(fields.contains("P_SELECTED,p_selected,share of the 200 runs in which the unit is in the first class (high)"), fields)
        let report = String(decoding: try XCTUnwrap(a["report.html"]), as: UTF8.self)
        XCTAssertTrue(report.contains("<h2 id=\"robustness\">How robust is the list</h2>"))

        // --uncertainty overrides the run count: another analysis, recorded in the manifest.
        assertSucceeds(try rank(p, "unc.lua", "c", ["--uncertainty", "50"]))
        let fields50 = try String(contentsOf: p.file("c/units_fields.csv"), encoding: .utf8)
        XCTAssertTrue(fields50.contains("share of the 50 runs"), fields50)
        XCTAssertTrue(try String(contentsOf: p.file("c/run_manifest.json"), encoding: .utf8).contains("uncertainty"))
    }

    func testUncertaintyZeroChangesNothingWithoutADeclaration() throws {
        let p = try ProjectCopy()
        try Self.twoCriteria.write(to: p.file("plain.lua"), atomically: true, encoding: .utf8)
        // Into the same folder: the run manifest (and the report showing it) names --out.
        assertSucceeds(try rank(p, "plain.lua", "x"))
        let none = try files(p.file("x"))
        assertSucceeds(try rank(p, "plain.lua", "x", ["--uncertainty", "0"]))
        let zero = try files(p.file("x"))
        XCTAssertEqual(none.keys.sorted(), zero.keys.sorted())
        XCTAssertNil(none["sensitivity.csv"])
        for (name, data) in none { XCTAssertEqual(data, zero[name], "\(name) differs with --uncertainty 0") }
        let header = String(decoding: try XCTUnwrap(none["priority_list.csv"]), as: UTF8.self).components(separatedBy: "\n")[0]
        XCTAssertTrue(header.hasSuffix(",top_drivers,missing"), header)
    }

    func testUncertaintyZeroSwitchesADeclaredAnalysisOff() throws {
        let p = try ProjectCopy()
        try Self.declared.write(to: p.file("unc.lua"), atomically: true, encoding: .utf8)
        // A first run with the analysis leaves a sensitivity.csv; the run without removes it (ours).
        assertSucceeds(try rank(p, "unc.lua", "off"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: p.file("off/sensitivity.csv").path))
        assertSucceeds(try rank(p, "unc.lua", "off", ["--uncertainty", "0"]))
        XCTAssertFalse(FileManager.default.fileExists(atPath: p.file("off/sensitivity.csv").path))
        // A file of the same name that is not ours stays.
        try "my own notes\n".write(to: p.file("off/sensitivity.csv"), atomically: true, encoding: .utf8)
        assertSucceeds(try rank(p, "unc.lua", "off", ["--uncertainty", "0"]))
        XCTAssertEqual(try String(contentsOf: p.file("off/sensitivity.csv"), encoding: .utf8), "my own notes\n")
        let header = try String(contentsOf: p.file("off/priority_list.csv"), encoding: .utf8).components(separatedBy: "\n")[0]
        XCTAssertTrue(header.hasSuffix(",top_drivers,missing"), header)
    }

    func testAGeometricAlternativeOverZeroToTenIsRefused() throws {
        // The criteria are min–max 0–10: a geometric mean of them is 0 for any unit at 0 on one,
        // whatever its weight, so drawing it as an alternative would rank by something else.
        let p = try ProjectCopy()
        try (Self.twoCriteria + "uncertainty { runs = 20, weights = { all = 0.5 }, aggregations = { \"mean\", \"geometric\" } }\n")
            .write(to: p.file("geo.lua"), atomically: true, encoding: .utf8)
        assertFails(try rank(p, "geo.lua", "g"), status: 2, mentions: [
            "geo.lua:13: uncertainty: aggregations = \"geometric\": the score: geometric mean over values that can be 0 (conflict is on 0–10)",
            "hint: put the criteria on a scale above 0 (e.g. scale = minmax(1, 10) for their indicators), or leave geometric out of aggregations"])
    }

    func testCheckShowsWhatVaries() throws {
        let p = try ProjectCopy()
        try Self.declared.write(to: p.file("unc.lua"), atomically: true, encoding: .utf8)
        let r = try runTargeting(["check", "unc.lua", "--project", p.manifest], cwd: p.url)
        assertSucceeds(r, mentions: ["  uncertainty: 200 runs, seed 5, weights varying: conflict ±50%, events ±50%, deaths ±50%, people ±50%; not varied (under a minimum or maximum, or alone in its criterion): pop"])
    }

    func testRunsWithoutADeclarationAreRefused() throws {
        let p = try ProjectCopy()
        try Self.twoCriteria.write(to: p.file("plain.lua"), atomically: true, encoding: .utf8)
        let r = try rank(p, "plain.lua", "out", ["--uncertainty", "100"])
        XCTAssertEqual(r.status, 2, r.output)
        XCTAssertTrue(r.stderr.contains("plain.lua: --uncertainty 100 needs an uncertainty { … } declaration saying which weights vary, and plain.lua has none"), r.stderr)
        XCTAssertTrue(r.stderr.contains("hint: add e.g. uncertainty { runs = 1000, seed = 1, weights = { all = 0.5 } } to the rules (see Scripts/README.md)"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: p.file("out/priority_list.csv").path))
        let bad = try rank(p, "plain.lua", "out", ["--uncertainty=-3"])
        XCTAssertEqual(bad.status, 64, bad.output)
        XCTAssertTrue(bad.stderr.contains("--uncertainty must be a number of runs from 0 to 100000 (got -3)"), bad.stderr)
    }
}
