import Foundation
import XCTest

/// The output folder holds one run, and only ever loses files that are provably ours: outputs
/// never land on an input, a user's look-alike leftovers stay, a failed commit says what state
/// the folder is in, stale outputs of the previous run go only while their bytes are the ones
/// the run manifest recorded, and two runs never write into one folder at once.
/// (Each test is a regression test of the probe in issue 13, through the built binary.)
final class OutFolderTests: XCTestCase {
    /// Every entry under `folder`, hidden ones too: files with their bytes, folders as "<folder>".
    func tree(_ folder: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        guard let e = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey, .isDirectoryKey]) else { return out }
        for case let url as URL in e {
            let rel = String(url.path.dropFirst(folder.path.count))
            let v = try url.resourceValues(forKeys: [.isRegularFileKey, .isDirectoryKey])
            out[rel] = v.isDirectory == true ? Data("<folder>".utf8) : try Data(contentsOf: url)
        }
        return out
    }

    func names(_ folder: URL) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
    }

    /// The run manifest's repeat command and output list, as written.
    func manifest(_ folder: URL) throws -> (repeatCommand: String, outputs: [String: String]) {
        let data = try Data(contentsOf: folder.appendingPathComponent("run_manifest.json"))
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let outputs = try XCTUnwrap(json["outputs"] as? [[String: String]])
        return (try XCTUnwrap(json["repeat_command"] as? String),
                Dictionary(uniqueKeysWithValues: outputs.map { ($0["file"] ?? "", $0["sha256"] ?? "") }))
    }

    /// A PID that ran and ended: no process has it (unless the system reuses it at once).
    func deadPID() throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try p.run()
        p.waitUntilExit()
        return p.processIdentifier
    }

    // Defect 1: `--out` on the folder holding the inputs overwrote units.shp, .dbf, .shx.
    func testAnOutFolderHoldingTheInputsIsRefusedAndNothingChanges() throws {
        let p = try ProjectCopy()
        let before = try tree(p.url)
        let r = try runTargeting(["rank", "--project", p.manifest, "--out", p.url.path, "--no-maps"], cwd: p.url)
        assertFails(r, status: 2, mentions: ["--out \(p.url.path) holds files this run reads, which its outputs would replace:",
                                              "units.dbf", "units.shp", "units.shx", "nothing was written",
                                              "choose a folder of its own for the outputs"])
        XCTAssertEqual(try tree(p.url), before, "an input was modified, or something was left in the folder")

        // The same folder reached through a symbolic link: compared by file identity, not spelling.
        let link = FileManager.default.temporaryDirectory.appendingPathComponent("cli-link-\(UUID().uuidString)")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: p.url)
        defer { try? FileManager.default.removeItem(at: link) }
        let viaLink = try runTargeting(["rank", "--project", p.manifest, "--out", link.path, "--no-maps"], cwd: p.url)
        assertFails(viaLink, status: 2, mentions: ["holds files this run reads", "units.shp"])
        XCTAssertEqual(try tree(p.url), before)

        // `map` writes only maps, whose names no input has here: they go beside the inputs, untouched.
        assertSucceeds(try runTargeting(["map", "--project", p.manifest, "--out", p.url.path], cwd: p.url))
        XCTAssertEqual(try tree(p.url).filter { before[$0.key] != nil }, before, "map modified a file of the project")
        XCTAssertGreaterThan(try tree(p.url).count, before.count, "map wrote no map")
    }

    // Defect 2: the clean-up removed a user's `.tmp-2024-backup/` (any `.tmp-N…`/`.staging-N…` of a dead PID).
    func testOnlyOurOwnLeftoversAreRemoved() throws {
        let p = try ProjectCopy()
        let out = p.file("out")
        let fm = FileManager.default
        for folder in [".tmp-2024-backup", ".staging-2024", ".staging-2024-old"] {
            try fm.createDirectory(at: out.appendingPathComponent(folder), withIntermediateDirectories: true)
            try Data("a user's file\n".utf8).write(to: out.appendingPathComponent(folder).appendingPathComponent("keep.txt"))
        }
        try Data("a user's file\n".utf8).write(to: out.appendingPathComponent(".tmp-1-notes.txt"))
        try Data("a user's file\n".utf8).write(to: out.appendingPathComponent(".staging-7"))
        let users = try tree(out)
        // A leftover of ours: the exact name, our marker inside, a PID that no longer runs.
        let ours = out.appendingPathComponent(".staging-\(try deadPID())")
        try fm.createDirectory(at: ours, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: ours.appendingPathComponent(".targeting-staging"))
        try Data("half-written".utf8).write(to: ours.appendingPathComponent("priority_list.csv"))

        assertSucceeds(try p.rank(), mentions: ["ranked 4 of 4 units"])
        let after = try tree(out)
        XCTAssertEqual(after.filter { users[$0.key] != nil }, users, "a user's file or folder was removed or changed")
        XCTAssertFalse(fm.fileExists(atPath: ours.path), "our own leftover staging folder should be gone")
        XCTAssertEqual(Set(after.keys.filter { $0.hasPrefix("/.staging") || $0.hasPrefix("/.tmp") || $0.hasPrefix("/.targeting") }),
                       Set(users.keys), "the run left a hidden file of its own")
    }

    // Defect 3: a rename failing in the commit (a folder where report.html goes) left a mix, exit 2, said nothing.
    func testAFailedCommitLeavesThePreviousRunAndSaysSo() throws {
        let p = try ProjectCopy()
        let out = p.file("out")
        assertSucceeds(try p.rank())
        try FileManager.default.removeItem(at: out.appendingPathComponent("report.html"))
        try FileManager.default.createDirectory(at: out.appendingPathComponent("report.html"), withIntermediateDirectories: false)
        try Data("mine\n".utf8).write(to: out.appendingPathComponent("report.html/inside.txt"))
        let before = try tree(out)

        let r = try p.rank(extra: ["--as-of", "2019-06-30"])
        assertFails(r, status: 5, mentions: ["\(out.path)/report.html is a folder, where this run must write the file report.html",
                                              "State: nothing was changed: \(out.path) holds the previous outputs as they were, and the new ones were discarded",
                                              "hint: rename or move that folder"])
        XCTAssertEqual(try tree(out), before, "the folder changed, or a staging folder was left")
    }

    // Defect 4: map_conflict.svg of an earlier run stayed beside the outputs of a run with other criteria.
    func testStaleOutputsOfThePreviousRunGoOnlyWhenProvablyOurs() throws {
        let p = try ProjectCopy()
        let rules = try String(contentsOf: p.file("rules.lua"), encoding: .utf8)
        try rules.replacingOccurrences(of: "\"conflict\" {", with: "\"violence\" {")
            .replacingOccurrences(of: "score { \"conflict\" }", with: "score { \"violence\" }")
            .write(to: p.file("other_criteria.lua"), atomically: true, encoding: .utf8)
        let other = ["--rules", p.file("other_criteria.lua").path]
        let mapArgs = { (out: String, extra: [String]) in
            ["rank", "--project", p.manifest, "--out", p.file(out).path] + extra
        }
        // References: each run alone in an empty folder.
        assertSucceeds(try runTargeting(mapArgs("a", []), cwd: p.url))
        assertSucceeds(try runTargeting(mapArgs("b", other), cwd: p.url))
        let onlyA = names(p.file("a")).subtracting(names(p.file("b")))
        XCTAssertGreaterThanOrEqual(onlyA.count, 1, "the two runs must write different files, or the test proves nothing")

        // A then B in one folder: A's files that B does not write are gone, B's folder is exact.
        assertSucceeds(try runTargeting(mapArgs("out", []), cwd: p.url))
        assertSucceeds(try runTargeting(mapArgs("out", other), cwd: p.url))
        XCTAssertEqual(names(p.file("out")), names(p.file("b")))

        // The manifest lists every other file with its hash (checked with sha256sum).
        let listed = try manifest(p.file("out")).outputs
        XCTAssertEqual(Set(listed.keys), names(p.file("out")).subtracting(["run_manifest.json"]))
        for (file, hash) in listed { XCTAssertEqual(try sha256sum(try Data(contentsOf: p.file("out").appendingPathComponent(file))), hash, file) }

        // A again, then B, with one of A's own files edited by a user and a user's file added:
        // the edited file is no longer provably ours and stays, as does the user's.
        assertSucceeds(try runTargeting(mapArgs("out", []), cwd: p.url))
        let edited = try XCTUnwrap(onlyA.sorted().first)
        let editedURL = p.file("out").appendingPathComponent(edited)
        var bytes = try Data(contentsOf: editedURL)
        bytes.append(contentsOf: Array("\n<!-- annotated -->\n".utf8))
        try bytes.write(to: editedURL)
        try Data("notes\n".utf8).write(to: p.file("out").appendingPathComponent("notes.txt"))
        assertSucceeds(try runTargeting(mapArgs("out", other), cwd: p.url),
                       mentions: ["warning: \(p.file("out").appendingPathComponent(edited).path) is not from this run: the previous run wrote it and it has changed since, so it was left in place"])
        XCTAssertEqual(names(p.file("out")), names(p.file("b")).union([edited, "notes.txt"]))
        XCTAssertEqual(try Data(contentsOf: editedURL), bytes)
    }

    // Defect 5: two runs into one folder at once were not coordinated.
    func testALockedFolderIsRefusedNamingTheHolder() throws {
        let p = try ProjectCopy()
        let out = p.file("out")
        assertSucceeds(try p.rank())
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent(".targeting-lock").path),
                       "the lock file is removed when the run ends")
        let before = try tree(out)

        // Another run holds the folder: this test process, by the same protocol.
        let lockPath = out.appendingPathComponent(".targeting-lock").path
        let fd = open(lockPath, O_RDWR | O_CREAT, 0o644)
        XCTAssertGreaterThanOrEqual(fd, 0)
        XCTAssertEqual(flock(fd, LOCK_EX | LOCK_NB), 0)
        let text = "targeting: output folder lock, held by process \(getpid())\n"
        _ = text.withCString { write(fd, $0, strlen($0)) }
        let r = try p.rank(extra: ["--as-of", "2019-06-30"])
        assertFails(r, status: 4, mentions: ["the output folder \(out.path) is in use by another targeting run (process \(getpid())); nothing was written",
                                              "hint: wait for that run to finish"])
        let map = try runTargeting(["map", "--project", p.manifest, "--out", out.path], cwd: p.url)
        assertFails(map, status: 4, mentions: ["is in use by another targeting run (process \(getpid()))"])
        close(fd) // releases the lock; the file stays, as after a run killed outright
        XCTAssertEqual(try tree(out).filter { $0.key != "/.targeting-lock" }, before, "a refused run wrote something")

        // A lock file left by a run that ended does not block.
        assertSucceeds(try p.rank(extra: ["--as-of", "2019-06-30"]))
        XCTAssertFalse(FileManager.default.fileExists(atPath: lockPath))

        // A user's file of that name is not ours: left alone, and the run stops.
        try Data("my lock\n".utf8).write(to: URL(fileURLWithPath: lockPath))
        assertFails(try p.rank(), status: 2, mentions: ["\(lockPath) was not written by targeting"])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: lockPath)), Data("my lock\n".utf8))
    }

    // The same with two real runs: the first freezes itself (SIGSTOP, through the binary's test
    // hook) at its step "joining layers", when it certainly holds the lock, so that the second
    // starts while the first is running.
    func testASecondRankIntoTheSameFolderIsRefusedWhileTheFirstRuns() throws {
        let root = TargetingBinary.packageRoot
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent("Shapefiles/kasai/targeting.toml").path) else {
            return XCTFail("Shapefiles/kasai/targeting.toml is missing: run `targeting generate-sample` first")
        }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("cli-two-runs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: out) }
        var second: CLIResult?, firstPID: Int32 = 0
        let first = try runTargeting(["rank", "--out", out.path, "--no-maps"], cwd: root, timeout: 300,
                                     environment: ["TARGETING_TEST_STOP_AT": "joining layers", "TARGETING_TEST_STOP_SIGNAL": "STOP"]) { p, _ in
            // Waits for the state the hook puts the process in ("T", stopped), not for a time.
            let deadline = Date().addingTimeInterval(290)
            while p.isRunning && Date() < deadline {
                let stat = (try? String(contentsOfFile: "/proc/\(p.processIdentifier)/stat", encoding: .utf8)) ?? ""
                if let close = stat.lastIndex(of: ")"), stat[close...].hasPrefix(") T") {
                    firstPID = p.processIdentifier
                    second = try? runTargeting(["rank", "--out", out.path, "--no-maps"], cwd: root, timeout: 120)
                    kill(p.processIdentifier, SIGCONT)
                    return
                }
                usleep(10_000)
            }
        }
        let refused = try XCTUnwrap(second, "the first run was not caught while running: \(first.output)")
        assertFails(refused, status: 4, mentions: ["the output folder \(out.path) is in use by another targeting run (process \(firstPID)); nothing was written"])
        assertSucceeds(first)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("priority_list.csv").path))
    }

    // --out "", --out FILE, --out FILE/sub: a message saying what is wrong and what to do, before loading.
    func testOutMistakesAreExplainedBeforeLoading() throws {
        let p = try ProjectCopy()
        let before = try tree(p.url)
        let csv = p.file("conflict.csv").path
        for command in ["rank", "map"] {
            assertFails(try runTargeting([command, "--project", p.manifest, "--out", ""], cwd: p.url), status: 64,
                        mentions: ["--out is empty: name the folder for the outputs (created if missing), e.g. --out out"])
            assertFails(try runTargeting([command, "--project", p.manifest, "--out", csv], cwd: p.url), status: 64,
                        mentions: ["--out \(csv) is a file, not a folder: name a folder for the outputs"])
            assertFails(try runTargeting([command, "--project", p.manifest, "--out", csv + "/sub"], cwd: p.url), status: 64,
                        mentions: ["--out \(csv)/sub cannot be created: \(csv) is a file, not a folder"])
        }
        assertFails(try runTargeting(["diff", "rules.lua", "rules.lua", "--project", p.manifest, "--out", csv], cwd: p.url), status: 64,
                    mentions: ["--out \(csv) is a file, not a folder"])
        // A missing project too: the --out mistake is reported first, since it is found first.
        assertFails(try runTargeting(["rank", "--project", "missing.toml", "--out", csv], cwd: p.url), status: 64,
                    mentions: ["is a file, not a folder"])
        XCTAssertEqual(try tree(p.url), before, "a refused run wrote something")
    }

    // The repeat command left out --out, so repeating a run wrote somewhere else.
    func testTheRepeatCommandRepeatsTheRunIntoTheSameFolder() throws {
        let p = try ProjectCopy()
        let out = p.file("it's out")
        let first = try runTargeting(["rank", "--project", p.manifest, "--out", out.path, "--top", "2", "--no-maps", "--quiet"], cwd: p.url)
        assertSucceeds(first)
        let written = try tree(out)
        let command = try manifest(out).repeatCommand
        XCTAssertTrue(command.contains(" --out '\(out.path.replacingOccurrences(of: "'", with: "'\\''"))'"), command)
        XCTAssertTrue(command.contains(" --top 2 "), command)
        XCTAssertTrue(command.hasSuffix(" --no-maps"), command)

        // Run it as a user pastes it into a shell, `targeting` found on PATH.
        try FileManager.default.removeItem(at: out)
        let binary = try TargetingBinary.path()
        let path = (binary as NSString).deletingLastPathComponent + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let sh = Process()
        sh.executableURL = URL(fileURLWithPath: "/bin/sh")
        sh.arguments = ["-c", command]
        sh.currentDirectoryURL = p.url
        sh.environment = ["PATH": path]
        sh.standardInput = FileHandle.nullDevice
        try sh.run()
        let deadline = Date().addingTimeInterval(120)
        while sh.isRunning && Date() < deadline { usleep(20_000) }
        if sh.isRunning { kill(sh.processIdentifier, SIGKILL); XCTFail("the repeated run hung: \(command)") }
        sh.waitUntilExit()
        XCTAssertEqual(sh.terminationStatus, 0, command)
        XCTAssertEqual(try tree(out), written, "the repeated run did not write the same files with the same bytes")
        XCTAssertFalse(FileManager.default.fileExists(atPath: p.file("out").path), "the repeated run wrote into the default folder")
    }
}
