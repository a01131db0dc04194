import Foundation
import XCTest

/// `uncertainty { windows = { … } }` through the binary, on the hand-computed project of
/// Tests/Fixtures/windows (its README gives the ranks under each window).
final class UncertainWindowsCommandTests: XCTestCase {
    /// A copy of the fixture project in a temporary folder, removed afterwards.
    func project() throws -> URL {
        try temporaryCopy(ofFixture: "windows", prefix: "windows")
    }

    func rank(_ p: URL, rules: String = "rules.lua", _ extra: [String] = []) throws -> CLIResult {
        try runTargeting(["rank", "--project", "targeting.toml", "--rules", rules, "--out", "out", "--no-maps", "--quiet"] + extra, cwd: p)
    }

    /// The runs that draw 90 days: the draw is the run's first uniform (nothing else varies),
    /// alternative ⌊2u⌋ of { 90, 365 }; SplitMix64 as Scripts/README.md defines it.
    func runsDrawing90(runs: Int, seed: UInt64) -> Int {
        (0..<runs).filter { run in
            var state = seed &+ UInt64(run + 1) &* 0x9E3779B97F4A7C15
            state = state &+ 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            z ^= z >> 31
            let u = (Double(z >> 11) + 0.5) / 9007199254740992.0
            return Int(u * 2) == 0
        }.count
    }

    /// Nearest-rank percentile of `count90` runs at rank `r90` and the others at `r365`.
    func percentile(_ p: Int, r90: Int, r365: Int, count90: Int, runs: Int) -> Int {
        let ranks = (Array(repeating: r90, count: count90) + Array(repeating: r365, count: runs - count90)).sorted()
        return ranks[max((p * runs + 99) / 100, 1) - 1]
    }

    func testWindowChoiceFlipsTheFirstUnitAsComputedByHand() throws {
        let p = try project()
        assertSucceeds(try rank(p, ["--top", "1"]))
        let k = runsDrawing90(runs: 400, seed: 3)
        XCTAssert(k > 100 && k < 300, "\(k) of 400 runs draw 90 days")
        // Ranks by hand (README.md): 365 days C 1, D 2, A 3, B 4; 90 days A 1, C 2, D 3, B 4.
        let byHand: [String: (r365: Int, r90: Int)] = ["CD9201001": (1, 2), "CD9201002": (2, 3), "CD9102001": (3, 1), "CD9102002": (4, 4)]
        let list = try String(contentsOf: p.appendingPathComponent("out/priority_list.csv"), encoding: .utf8)
        let rows = list.split(separator: "\n").map { $0.components(separatedBy: ",") }
        let header = rows[0]
        func column(_ name: String) throws -> Int { try XCTUnwrap(header.firstIndex(of: name), name) }
        var seen = Set<String>()
        for row in rows.dropFirst() {
            let id = row[try column("unit_id")]
            let hand = try XCTUnwrap(byHand[id], id)
            seen.insert(id)
            XCTAssertEqual(Int(row[try column("rank")]), hand.r365, "\(id): the run itself uses the declared 365 days")
            for (name, p) in [("rank_p05", 5), ("rank_median", 50), ("rank_p95", 95)] {
                XCTAssertEqual(Int(row[try column(name)]), percentile(p, r90: hand.r90, r365: hand.r365, count90: k, runs: 400), "\(id) \(name)")
            }
            let expected = id == "CD9201001" ? Double(400 - k) / 400 : id == "CD9102001" ? Double(k) / 400 : 0
            XCTAssertEqual(Double(row[try column("p_selected")]) ?? -1, expected, accuracy: 1e-12, "\(id) p_selected")
        }
        XCTAssertEqual(seen.count, 4)
        let sensitivity = try String(contentsOf: p.appendingPathComponent("out/sensitivity.csv"), encoding: .utf8)
        let lines = sensitivity.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, sensitivity)
        XCTAssertEqual(lines.first, "input,spread,mean_abs_rank_shift,max_abs_rank_shift,points,first_order")
        // By hand: mean |shift| 4 / 8, largest 2, over 2 alternatives; the window explains all
        // the rank variance (first order 1, up to rounding in the sums of squares).
        let cells = lines.last?.components(separatedBy: ",") ?? []
        XCTAssertEqual(Array(cells.prefix(5)), ["window of events_recent", "90 / 365 days to 2020-12-31 (events_past ends the day before)", "0.5", "2", "2"])
        XCTAssertEqual(Double(cells.last ?? "") ?? -1, 1, accuracy: 1e-9)
        let report = try String(contentsOf: p.appendingPathComponent("out/report.html"), encoding: .utf8)
        XCTAssertTrue(report.contains("<tr><td>window of events_recent</td><td>one of 90 / 365 days to 2020-12-31 (events_past ends the day before) per run, equal chances (declared [2020-01-02, 2020-12-31])</td></tr>"), report)
    }

    func testSameBytesTwiceAndTheDeclaredWindowAloneChangesNothing() throws {
        let p = try project()
        assertSucceeds(try rank(p))
        let first = try Data(contentsOf: p.appendingPathComponent("out/priority_list.csv"))
        assertSucceeds(try rank(p))
        XCTAssertEqual(first, try Data(contentsOf: p.appendingPathComponent("out/priority_list.csv")))
    }

    func testAWindowThatChangesWhoIsRankedStops() throws {
        let p = try project()
        let rules = try String(contentsOf: p.appendingPathComponent("rules.lua"), encoding: .utf8)
            .replacingOccurrences(of: "score { \"conflict\" }",
                                  with: "score { \"conflict\" }\ngate \"recent\" { eligible_if = function(u) return u.events_recent > 0 end, reason = \"no recent event\" }")
        try rules.write(to: p.appendingPathComponent("gated.lua"), atomically: true, encoding: .utf8)
        let r = try rank(p, rules: "gated.lua")
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr, """
            error: gated.lua:13: uncertainty: with events_recent over 90 days, unit CD9102001 is not ranked (gate recent: no recent event), where the declared windows rank it: runs that rank different units cannot be compared
              hint: keep gates and exclusions off the facts whose window varies, or leave that fact out of windows

            """)
        XCTAssertFalse(FileManager.default.fileExists(atPath: p.appendingPathComponent("out").path))
    }
}
