import Foundation
import XCTest

/// Selection quotas at any level of the project (`--per LEVEL=N`, `selection { per = { … } }`) on the
/// hand-made fixture of `Tests/Fixtures/quotas`: 2 provinces, 3 territoires, 8 units whose rank order
/// is the order of their NEED attribute (U3, U5, U1, U6, U2, U4, U7, U8); `make_quotas.py` gives
/// the answer of every quota worked out by hand.
final class LevelQuotaTests: XCTestCase {
    static let fixture = TargetingBinary.packageRoot.appendingPathComponent("Tests/Fixtures/quotas")

    func copy() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cli-quotas-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.fixture, to: url)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// (unit id, selected, selection reason) per row of priority_list.csv, in rank order.
    func selection(_ dir: URL, out: String) throws -> [(String, String, String)] {
        let text = try String(contentsOf: dir.appendingPathComponent("\(out)/priority_list.csv"), encoding: .utf8)
        var rows = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = rows.removeFirst()
        let id = try XCTUnwrap(header.firstIndex(of: "unit_id")), sel = try XCTUnwrap(header.firstIndex(of: "selected"))
        let why = try XCTUnwrap(header.firstIndex(of: "selection_reason"))
        return rows.map { ($0[id], $0[sel], $0[why]) }
    }

    func testOnePerProvinceFromTheCommandLine() throws {
        let dir = try copy()
        let r = try runTargeting(["rank", "--project", "targeting.toml", "--per", "province=1", "--out", "out", "--no-maps", "--quiet"], cwd: dir)
        assertSucceeds(r)
        let rows = try selection(dir, out: "out")
        XCTAssertEqual(rows.filter { $0.1 == "yes" }.map(\.0), ["U3", "U5"])
        XCTAssertEqual(rows.map(\.0), ["U3", "U5", "U1", "U6", "U2", "U4", "U7", "U8"])
        XCTAssertEqual(rows[0].2, "rank 1 within the limits (at most 1 per province)")
        XCTAssertEqual(rows[2].2, "not selected: at most 1 per province: K1 is full")
        XCTAssertEqual(rows[3].2, "not selected: at most 1 per province: K2 is full")
    }

    func testOnePerProvinceFromTheRules() throws {
        let dir = try copy()
        let r = try runTargeting(["rank", "--project", "targeting.toml", "--rules", "per_province.lua", "--out", "out", "--no-maps", "--quiet"], cwd: dir)
        assertSucceeds(r)
        XCTAssertEqual(try selection(dir, out: "out").filter { $0.1 == "yes" }.map(\.0), ["U3", "U5"])
    }

    /// The command line's quota replaces the rules' at the same level.
    func testCommandLineReplacesTheRulesQuotaAtTheSameLevel() throws {
        let dir = try copy()
        let r = try runTargeting(["rank", "--project", "targeting.toml", "--rules", "per_province.lua", "--per", "province=2",
                                  "--out", "out", "--no-maps", "--quiet"], cwd: dir)
        assertSucceeds(r)
        XCTAssertEqual(try selection(dir, out: "out").filter { $0.1 == "yes" }.map(\.0), ["U3", "U5", "U1", "U6"])
    }

    func testQuotasAtTwoLevelsTogether() throws {
        let dir = try copy()
        let r = try runTargeting(["rank", "--project", "targeting.toml", "--per", "province=2", "--per-parent", "1",
                                  "--out", "out", "--no-maps", "--quiet"], cwd: dir)
        assertSucceeds(r)
        let rows = try selection(dir, out: "out")
        XCTAssertEqual(rows.filter { $0.1 == "yes" }.map(\.0), ["U3", "U5", "U1"])
        XCTAssertEqual(rows[3].2, "not selected: at most 1 per parent: T3 is full")
    }

    /// `diff` names a quota added at a level and the units it leaves out.
    func testDiffNamesTheQuotaChange() throws {
        let dir = try copy()
        let r = try runTargeting(["diff", "rules.lua", "per_province.lua", "--project", "targeting.toml"], cwd: dir)
        assertSucceeds(r, mentions: ["at most per province none → 1", "at most 1 per province: K1 is full"])
    }

    func testUnknownLevelOnTheCommandLineIsAUsageError() throws {
        let dir = try copy()
        let r = try runTargeting(["rank", "--project", "targeting.toml", "--per", "provinces=1", "--out", "out"], cwd: dir)
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("Error: --per provinces=1: the project has no level 'provinces'; its levels are territoire, province"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }

    func testMalformedQuotaIsAUsageError() throws {
        let dir = try copy()
        for (arg, message) in [("province=x", "Error: --per must be LEVEL=N, e.g. --per province=3 (got 'province=x')"),
                               ("province=0", "Error: --per province=0: N must be at least 1 (got 0)")] {
            let r = try runTargeting(["rank", "--project", "targeting.toml", "--per", arg, "--out", "out"], cwd: dir)
            XCTAssertEqual(r.status, 64, arg)
            XCTAssertTrue(r.stderr.contains(message), r.stderr)
        }
    }

    func testUnknownLevelInTheRulesNamesTheLine() throws {
        let dir = try copy()
        let r = try runTargeting(["rank", "--project", "targeting.toml", "--rules", "bad_level.lua", "--out", "out"], cwd: dir)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("error: bad_level.lua:4: selection: per = { provinces = 1 }: the project has no level 'provinces'; its levels are territoire, province\n  hint: use one of the levels the manifest declares"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }
}
