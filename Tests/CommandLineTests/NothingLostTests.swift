import Foundation
import XCTest

/// Nothing is lost: a `rank` stopped half-way leaves the previous outputs exactly as they were
/// (or, if stopped while renaming into place, the whole new run), never a mix and never a
/// partial file; and no command ever modifies an input file, even a shapefile without its .shx
/// (shapelib's SHPRestoreSHX would write one beside it).
final class NothingLostTests: XCTestCase {
    /// Every file of a folder (hidden ones too) and its bytes.
    func snapshot(_ folder: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let fm = FileManager.default
        guard let e = fm.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return out }
        for case let url as URL in e {
            let rel = String(url.path.dropFirst(folder.path.count))
            if rel.hasPrefix("/out") || rel.hasPrefix("/ref") { continue }
            if (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true { out[rel] = try Data(contentsOf: url) }
        }
        return out
    }

    func outputs(_ folder: URL) throws -> [String: Data] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        return try Dictionary(uniqueKeysWithValues: names.map { ($0, try Data(contentsOf: folder.appendingPathComponent($0))) })
    }

    /// The bundled Kasaï sample (922 groupements, about 5-8 s per debug run with maps) copied to a
    /// temporary folder, with its rules path made absolute and one layer's .shx removed.
    func kasaiCopy() throws -> URL {
        let source = TargetingBinary.packageRoot.appendingPathComponent("Shapefiles/kasai")
        guard FileManager.default.fileExists(atPath: source.appendingPathComponent("targeting.toml").path) else {
            XCTFail("Shapefiles/kasai/targeting.toml is missing: run `targeting generate-sample` first")
            throw TargetingBinary.CLIError.notBuilt
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cli-kasai-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: dir)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let manifest = dir.appendingPathComponent("targeting.toml")
        let rules = TargetingBinary.packageRoot.appendingPathComponent("Scripts/criteria.lua").path
        let text = try String(contentsOf: manifest, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("rules =") ? "rules = \"\(rules)\"" : String($0) }.joined(separator: "\n")
        try text.write(to: manifest, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("health_facilities.shx"))
        return dir
    }

    func testStoppedRankLeavesThePreviousOutputsWhole() throws {
        let dir = try kasaiCopy()
        let manifest = dir.appendingPathComponent("targeting.toml").path
        let out = dir.appendingPathComponent("out"), ref = dir.appendingPathComponent("ref")
        let inputsBefore = try snapshot(dir)

        // A: the previous run. B: a different run (another date), complete, for reference.
        assertSucceeds(try runTargeting(["rank", "--project", manifest, "--out", out.path, "--quiet"], cwd: dir, timeout: 300))
        let a = try outputs(out)
        assertSucceeds(try runTargeting(["rank", "--project", manifest, "--out", ref.path, "--as-of", "2019-06-30", "--quiet"], cwd: dir, timeout: 300))
        let b = try relocated(try outputs(ref), from: ref, to: out)
        XCTAssertGreaterThan(a.count, 10)
        XCTAssertEqual(Set(a.keys), Set(b.keys))
        XCTAssertNotEqual(a["priority_list.csv"], b["priority_list.csv"], "the two runs must differ, or the test proves nothing")

        // B into A's folder, stopped while it writes: at its step "writing the report", when the
        // staging folder already holds the tables and maps (TARGETING_TEST_STOP_AT, the binary's
        // test hook, sends the SIGTERM there and lets the run go on only once it is taken).
        let writing = try runTargeting(["rank", "--project", manifest, "--out", out.path, "--as-of", "2019-06-30"], cwd: dir, timeout: 300,
                                       environment: ["TARGETING_TEST_STOP_AT": "writing the report"])
        XCTAssertFalse(writing.signalled, "a SIGTERM must end in a clean exit, not death by signal")
        XCTAssertEqual(writing.status, 143, writing.output)
        assertContains(writing.stderr, ["writing the priority list", "writing the report", "interrupted: the outputs in \(out.path) were left as they were"])
        XCTAssertFalse(writing.stderr.contains("writing the run manifest"), writing.stderr)
        let afterWriting = try outputs(out)
        XCTAssertTrue(afterWriting == a || afterWriting == b, "a mix of two runs or a partial file: " +
                      afterWriting.keys.sorted().filter { afterWriting[$0] != a[$0] && afterWriting[$0] != b[$0] }.joined(separator: ", ") +
                      " match neither run; from the new run: " + afterWriting.keys.sorted().filter { afterWriting[$0] == b[$0] && a[$0] != b[$0] }.joined(separator: ", "))
        XCTAssertEqual(afterWriting, a, "stopped before renaming, so the previous outputs must be untouched")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix(".staging") }, [],
                       "the staging folder must go with the interrupted run")

        // Stopped while computing (before any output exists): the previous outputs are untouched.
        let computing = try runTargeting(["rank", "--project", manifest, "--out", out.path, "--as-of", "2019-06-30"], cwd: dir, timeout: 300,
                                         environment: ["TARGETING_TEST_STOP_AT": "joining layers"])
        XCTAssertFalse(computing.signalled)
        XCTAssertEqual(computing.status, 143, computing.output)
        // (The process ends before printing the step it was stopped at.)
        assertContains(computing.stderr, ["loading rules", "interrupted: the outputs in \(out.path) were left as they were"])
        XCTAssertFalse(computing.stderr.contains("joining layers"), computing.stderr)
        XCTAssertEqual(try outputs(out), a)

        // Stopped at its very first step, just after the signal handling is installed: the signal
        // must not be lost while Dispatch arms its sources on its own thread (it was in 9 runs of 30
        // of the release build, 3 of 30 of the debug build; the hook then waited 30 s and exited
        // 70). Twenty runs, each stopped there: the debug build's loss would show in 88% of tries.
        for _ in 0..<20 {
            let first = try runTargeting(["rank", "--project", manifest, "--out", out.path, "--as-of", "2019-06-30"], cwd: dir, timeout: 300,
                                         environment: ["TARGETING_TEST_STOP_AT": "loading"])
            XCTAssertFalse(first.signalled)
            XCTAssertEqual(first.status, 143, first.output)
            assertContains(first.stderr, ["interrupted: the outputs in \(out.path) were left as they were"])
        }
        XCTAssertEqual(try outputs(out), a)

        // Finally a run that is not stopped replaces everything with B.
        assertSucceeds(try runTargeting(["rank", "--project", manifest, "--out", out.path, "--as-of", "2019-06-30", "--quiet"], cwd: dir, timeout: 300))
        XCTAssertEqual(try outputs(out), b)

        // None of this touched an input, and no .shx was written beside health_facilities.shp.
        XCTAssertEqual(try snapshot(dir), inputsBefore)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("health_facilities.shx").path))
    }

    func testInputsAreNeverModified() throws {
        let p = try ProjectCopy()
        try p.useUnits("no_shx")
        let before = try snapshot(p.url)
        XCTAssertNil(before["/units.shx"])
        assertSucceeds(try p.rank(), mentions: ["ranked 4 of 4 units"])
        assertSucceeds(try p.rank())
        assertSucceeds(try runTargeting(["inspect", p.file("units.shp").path, p.file("conflict.csv").path], cwd: p.url, timeout: 60))
        assertSucceeds(try runTargeting(["inspect", "--project", p.manifest], cwd: p.url, timeout: 60))
        XCTAssertEqual(try snapshot(p.url), before, "an input file changed, or a file (a .shx?) was written beside the inputs")
        XCTAssertTrue(p.output("data_quality.txt").contains("units.shp"), "the run did read the units")
    }

    func testSameInputsGiveTheSameBytes() throws {
        let p = try ProjectCopy()
        assertSucceeds(try p.rank(out: "one"))
        assertSucceeds(try p.rank(out: "two"))
        let one = try outputs(p.file("one")), two = try outputs(p.file("two"))
        XCTAssertGreaterThan(one.count, 5)
        XCTAssertEqual(try relocated(one, from: p.file("one"), to: p.file("two")), two)
        XCTAssertNotEqual(one["run_manifest.json"], two["run_manifest.json"], "the run manifest must name the --out folder")
    }
}
