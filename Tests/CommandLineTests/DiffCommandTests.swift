import Foundation
import XCTest

/// `targeting diff` through the built binary, on the tiny project (Tests/Fixtures/bad/project)
/// with the rule pairs of Tests/Fixtures/diff. Worked by hand from conflict.csv (window
/// 2019-01-02…2020-12-31): events Bena Mbaya 2, Tshiluba 1, Kamako 1, Mbuji 0; deaths 2, 5, 1, 0.
/// Min–max to 0–10: violence 10, 5, 5, 0; lethality 4, 10, 2, 0.
/// a.lua (weights 1, 1): Tshiluba 7.5, Bena Mbaya 7, Kamako 3.5, Mbuji 0.
/// weight.lua (violence 3): Bena Mbaya 10·¾ + 4·¼ = 8.5, Tshiluba 5·¾ + 10·¼ = 6.25: they swap.
/// gate.lua (events < 2): Bena Mbaya is not ranked; events over the other three span 0–1, so
/// Kamako's violence is 10 and its score (10 + 2)/2 = 6, rank 3 → 2.
final class DiffCommandTests: XCTestCase {
    let diffFixtures = TargetingBinary.fixtures.deletingLastPathComponent().appendingPathComponent("diff")
    func rules(_ name: String) -> String { diffFixtures.appendingPathComponent(name).path }

    func diff(_ p: ProjectCopy, _ a: String, _ b: String, _ extra: [String] = []) throws -> CLIResult {
        try runTargeting(["diff", rules(a), rules(b), "--project", p.manifest] + extra, cwd: p.url)
    }

    func testWeightOnlyChangeNamesTheWeightForEachMovedUnit() throws {
        let p = try ProjectCopy()
        let r = try diff(p, "a.lua", "weight.lua")
        assertSucceeds(r, mentions: [
            "method changes (1)\n  weight of violence 1 → 3\n",
            "moved (2)\n  CD9102001   Bena Mbaya                 rank    2 → 1    score 7.00 → 8.50\n"
                + "      moved by: violence 5.00 → 7.50 (value 10.00 unchanged); lethality 2.00 → 1.00 (value 4.00 unchanged)\n"
                + "      because: weight of violence 1 → 3\n",
            "  CD9102002   Tshiluba                   rank    1 → 2    score 7.50 → 6.25\n"
                + "      moved by: lethality 5.00 → 2.50 (value 10.00 unchanged); violence 2.50 → 3.75 (value 5.00 unchanged)\n"
                + "      because: weight of violence 1 → 3\n",
            // Kamako 3.5 → 5·¾ + 2·¼ = 4.25, Mbuji 0 → 0: same ranks.
            "unchanged in the list: 2 (1 of them with another score)\n"])
        XCTAssertFalse(r.stdout.contains("other units moved around it"), r.stdout)
    }

    func testNewGateNamesTheGateAndItsReason() throws {
        let p = try ProjectCopy()
        let r = try diff(p, "a.lua", "gate.lua", ["--out", "cmp"])
        assertSucceeds(r, mentions: [
            "method changes (1)\n  new gate security_access (two or more events: no safe access)\n",
            "left (1)\n  CD9102001   Bena Mbaya                 rank    2 → –    score 7.00 → –\n"
                + "      because: B: not ranked: gate security_access: two or more events: no safe access\n",
            "  CD9201001   Kamako                     rank    3 → 2    score 3.50 → 6.00\n"
                + "      moved by: violence 2.50 → 5.00 (value 5.00 → 10.00)\n"
                + "      because: values of events rescaled over the units ranked (4 → 3)\n",
            "  CD9201002   Mbuji                      rank    4 → 3    score 0.00 → 0.00\n"
                + "      because: score unchanged (0.00): 1 unit above it in A not ranked in B\n"])
        let csv = p.output("diff.csv", out: "cmp").split(separator: "\n").map(String.init)
        XCTAssertEqual(csv.first, "unit_id,unit_name,change,rank_a,rank_b,score_a,score_b,status_a,status_b,criteria_moved,indicators_moved,causes,"
                       + "violence_contribution_a,violence_contribution_b,lethality_contribution_a,lethality_contribution_b")
        XCTAssertEqual(csv.count, 5) // header + the four units (Tshiluba unchanged)
        XCTAssertTrue(csv.contains("CD9102001,Bena Mbaya,left,2,,7,,rank 2,not ranked: gate security_access: two or more events: no safe access,,,"
                                   + "B: not ranked: gate security_access: two or more events: no safe access,5,,2,"), csv.joined(separator: "\n"))
        XCTAssertTrue(csv.contains("CD9201001,Kamako,moved,3,2,3.5,6,rank 3,rank 2,violence 2.50 → 5.00 (value 5.00 → 10.00),"
                                   + "events 2.50 → 5.00 (value 5.00 → 10.00),values of events rescaled over the units ranked (4 → 3),2.5,5,1,1"),
                      csv.joined(separator: "\n"))
    }

    func testSelectionOnBothSidesNamesWhyAUnitIsNotSelected() throws {
        let p = try ProjectCopy()
        let r = try diff(p, "a.lua", "gate.lua", ["--top", "2"])
        assertSucceeds(r, mentions: [
            "the list compared: A units selected, B units selected\n",
            "entered (1)\n  CD9201001   Kamako                     rank    3 → 2    score 3.50 → 6.00\n",
            "      because: A: rank 3, not selected: top 2 already chosen\n",
            "left (1)\n  CD9102001   Bena Mbaya ",
            // Tshiluba, selected on both sides: its violence 5 → 10 over the three units ranked, 7.5 → 10.
            "unchanged in the list: 1 (1 of them with another score)\n"])
    }

    func testIdenticalScriptsShowNoChange() throws {
        let p = try ProjectCopy()
        assertSucceeds(try diff(p, "a.lua", "a.lua"), mentions: [
            "method changes (0)\n  none: the two scripts declare the same method\n",
            "entered (0)\n\nleft (0)\n\nmoved (0)\n\nunchanged in the list: 4\n"])
    }

    /// A rule function is compared by its code, not by where it is: the same gate one line lower
    /// in another file is no change; a changed condition is named.
    func testRuleFunctionsAreComparedByTheirCode() throws {
        let p = try ProjectCopy()
        let gate = try String(contentsOfFile: rules("gate.lua"), encoding: .utf8)
        try ("-- moved one line down\n" + gate).write(to: p.file("moved.lua"), atomically: true, encoding: .utf8)
        try gate.replacingOccurrences(of: "u.events < 2", with: "u.events < 3").write(to: p.file("edited.lua"), atomically: true, encoding: .utf8)
        assertSucceeds(try runTargeting(["diff", rules("gate.lua"), p.file("moved.lua").path, "--project", p.manifest], cwd: p.url),
                       mentions: ["method changes (0)\n", "unchanged in the list: 3\n"])
        assertSucceeds(try runTargeting(["diff", rules("gate.lua"), p.file("edited.lua").path, "--project", p.manifest], cwd: p.url),
                       mentions: ["method changes (1)\n  code of gate security_access changed (line 10 → 10)\n",
                                  "entered (1)\n  CD9102001   Bena Mbaya                 rank    – → 2 ",
                                  "      because: A: not ranked: gate security_access: two or more events: no safe access\n"])
    }

    /// One script on two projects: B lacks Bena Mbaya's second event (COD2), so events are 1, 1,
    /// 1, 0 and violence 10, 10, 10, 0: Tshiluba 7.5 → 10 and Kamako 3.5 → 6, ranks unchanged.
    func testTwoProjectsNameTheDataAsTheCause() throws {
        let a = try ProjectCopy(), b = try ProjectCopy()
        let csv = try String(contentsOf: b.file("conflict.csv"), encoding: .utf8)
        try csv.split(separator: "\n").filter { !$0.hasPrefix("COD2,") }.joined(separator: "\n")
            .write(to: b.file("conflict.csv"), atomically: true, encoding: .utf8)
        let r = try runTargeting(["diff", rules("a.lua"), "--project", a.manifest, "--project-b", b.manifest, "--out", "cmp"], cwd: a.url)
        assertSucceeds(r, mentions: ["method changes (0)\n  none: the same method on two projects (their data differ)\n",
                                     "unchanged in the list: 4 (2 of them with another score)\n"])
        let rows = a.output("diff.csv", out: "cmp").split(separator: "\n").map(String.init)
        XCTAssertTrue(rows.contains("CD9102002,Tshiluba,same,1,1,7.5,10,rank 1,rank 1,violence 2.50 → 5.00 (value 5.00 → 10.00),"
                                    + "events 2.50 → 5.00 (value 5.00 → 10.00),input data of events differ,2.5,5,5,5"), rows.joined(separator: "\n"))
    }

    func testDiffNeverWritesOverAnInput() throws {
        let p = try ProjectCopy()
        // The conflict layer is named diff.csv: the comparison must not replace it.
        try FileManager.default.moveItem(at: p.file("conflict.csv"), to: p.file("diff.csv"))
        let toml = try String(contentsOf: p.file("targeting.toml"), encoding: .utf8)
        try toml.replacingOccurrences(of: "conflict.csv", with: "diff.csv").write(to: p.file("targeting.toml"), atomically: true, encoding: .utf8)
        let before = try Data(contentsOf: p.file("diff.csv"))
        let r = try diff(p, "a.lua", "weight.lua", ["--out", p.url.path])
        assertFails(r, status: 2, mentions: ["holds files this run reads, which its outputs would replace: diff.csv; nothing was written"])
        XCTAssertEqual(try Data(contentsOf: p.file("diff.csv")), before)
    }

    func testSelectionOptionsAreChecked() throws {
        let p = try ProjectCopy()
        assertFails(try diff(p, "a.lua", "a.lua", ["--budget", "0"]), status: 64, mentions: ["--budget must be a positive amount (got 0.0)"])
        assertFails(try diff(p, "a.lua", "a.lua", ["--per-parent", "0"]), status: 64, mentions: ["--per-parent must be at least 1 (got 0)"])
    }
}
