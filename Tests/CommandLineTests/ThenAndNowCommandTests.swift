import Foundation
import XCTest

/// `rank --as-of d1,d2`: each date's ranks and scores in then_and_now.csv, the outputs of the
/// latest date, checked against separate single-date runs of the same binary.
final class ThenAndNowCommandTests: XCTestCase {
    func rank(_ p: ProjectCopy, _ out: String, _ extra: [String]) throws -> CLIResult {
        try runTargeting(["rank", "--project", p.manifest, "--out", out, "--no-maps", "--quiet"] + extra, cwd: p.url)
    }

    /// unit id → (rank, score) cells of a priority list.
    func rankAndScore(_ csv: String) -> [String: (String, String)] {
        let rows = csv.split(separator: "\n").map { $0.components(separatedBy: ",") }
        let header = rows[0]
        let id = header.firstIndex(of: "unit_id") ?? 0, rank = header.firstIndex(of: "rank") ?? 0, score = header.firstIndex(of: "score") ?? 0
        return Dictionary(uniqueKeysWithValues: rows.dropFirst().map { ($0[id], ($0[rank], $0[score])) })
    }

    func testEachDateAsItsOwnRunAndTheOutputsOfTheLatest() throws {
        let p = try ProjectCopy()
        // Given latest first: the outputs are still the latest date's.
        assertSucceeds(try rank(p, "both", ["--as-of", "2020-12-31,2019-12-31"]))
        assertSucceeds(try rank(p, "early", ["--as-of", "2019-12-31"]))
        assertSucceeds(try rank(p, "late", ["--as-of", "2020-12-31"]))
        let table = try String(contentsOf: p.file("both/then_and_now.csv"), encoding: .utf8)
        let rows = table.split(separator: "\n").map { $0.components(separatedBy: ",") }
        XCTAssertEqual(rows[0], ["unit_id", "name", "parent_id", "parent_name", "rank_2019-12-31", "score_2019-12-31",
                                 "rank_2020-12-31", "score_2020-12-31", "rank_change"])
        let early = rankAndScore(try String(contentsOf: p.file("early/priority_list.csv"), encoding: .utf8))
        let late = rankAndScore(try String(contentsOf: p.file("late/priority_list.csv"), encoding: .utf8))
        XCTAssertEqual(rows.count - 1, late.count)
        var moved = false
        for row in rows.dropFirst() {
            let (r1, s1) = try XCTUnwrap(early[row[0]]), (r2, s2) = try XCTUnwrap(late[row[0]])
            XCTAssertEqual([row[4], row[5], row[6], row[7]], [r1, s1, r2, s2], row[0])
            if let a = Int(r1), let b = Int(r2) { XCTAssertEqual(row[8], String(a - b)); moved = moved || a != b }
        }
        XCTAssertTrue(moved, "the two dates should rank the units differently (COD1, COD2 are 2020 events)\n\(table)")
        XCTAssertEqual(try Data(contentsOf: p.file("both/priority_list.csv")), try Data(contentsOf: p.file("late/priority_list.csv")))
        let manifest = try String(contentsOf: p.file("both/run_manifest.json"), encoding: .utf8)
        XCTAssertTrue(manifest.contains("\"as_of\" : \"2020-12-31\"") || manifest.contains("\"as_of\":\"2020-12-31\""), manifest)
        XCTAssertTrue(manifest.contains("--as-of 2019-12-31,2020-12-31"), manifest)
        XCTAssertFalse(FileManager.default.fileExists(atPath: p.file("late/then_and_now.csv").path))
    }

    func testTheConsoleNamesWhoRoseAndWhoFell() throws {
        let p = try ProjectCopy()
        let r = try runTargeting(["rank", "--project", p.manifest, "--out", "o", "--no-maps", "--as-of", "2019-12-31,2020-12-31"], cwd: p.url)
        assertSucceeds(r, mentions: ["then and now, 2019-12-31 → 2020-12-31 (then_and_now.csv):", "  rose most: ", "  fell most: "])
    }

    func testBadDateListsAreUsageErrors() throws {
        let p = try ProjectCopy()
        let bad = try rank(p, "o", ["--as-of", "2020-12-31,2020-13-01"])
        XCTAssertEqual(bad.status, 64, bad.output)
        XCTAssertTrue(bad.stderr.contains("--as-of 2020-13-01 is not a date: write it as YYYY-MM-DD, e.g. --as-of 2020-12-31"), bad.stderr)
        let twice = try rank(p, "o", ["--as-of", "2020-12-31,2020-12-31"])
        XCTAssertEqual(twice.status, 64, twice.output)
        XCTAssertTrue(twice.stderr.contains("--as-of gives 2020-12-31 twice: list each reference date once"), twice.stderr)
        let map = try runTargeting(["map", "--project", p.manifest, "--out", "m", "--as-of", "2019-12-31,2020-12-31"], cwd: p.url)
        XCTAssertEqual(map.status, 64, map.output)
        XCTAssertTrue(map.stderr.contains("--as-of takes one date for map (got 2); several dates are for `targeting rank` (then and now)"), map.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: p.file("o").path))
    }
}
