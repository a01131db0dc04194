import XCTest
import Foundation
import Domain
@testable import Outputs

/// The commit of a run's outputs, all or nothing: failures are made on purpose by replacing the
/// move, at each step, and the folder must end either unchanged or exactly as the message says.
final class OutputCommitTests: XCTestCase {
    var folder: URL!
    let fm = FileManager.default

    override func setUpWithError() throws {
        folder = fm.temporaryDirectory.appendingPathComponent("commit-\(UUID().uuidString)")
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? fm.removeItem(at: folder) }

    func put(_ text: String, _ name: String, in dir: URL? = nil) throws {
        try Data(text.utf8).write(to: (dir ?? folder).appendingPathComponent(name))
    }

    /// Every entry of the output folder (staging folders aside) and its text.
    func contents() throws -> [String: String] {
        var out: [String: String] = [:]
        for name in try fm.contentsOfDirectory(atPath: folder.path) where !name.hasPrefix(".staging-") {
            out[name] = (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? "<folder>"
        }
        return out
    }

    /// Previous run: a, b, c.shp and the stale s; new run: a, b, d (new) and c.shp, staged.
    func prepare() throws -> (staging: String, commit: OutputCommit) {
        for n in ["a.txt", "b.txt", "c.shp", "s.txt"] { try put("old \(n)", n) }
        try put("user's notes", "notes.txt")
        let staging = try StagingFolder.create(in: folder.path)
        for n in ["a.txt", "b.txt", "d.txt", "c.shp"] { try put("new \(n)", n, in: URL(fileURLWithPath: staging)) }
        return (staging, OutputCommit(folder: folder.path, staging: staging, names: ["a.txt", "b.txt", "d.txt", "c.shp"], stale: ["s.txt"]))
    }

    let previous = ["a.txt": "old a.txt", "b.txt": "old b.txt", "c.shp": "old c.shp", "s.txt": "old s.txt", "notes.txt": "user's notes"]

    func testASuccessfulCommitLeavesExactlyTheNewRunAndTheUsersFiles() throws {
        let (staging, commit) = try prepare()
        try commit.run()
        XCTAssertEqual(try contents(), ["a.txt": "new a.txt", "b.txt": "new b.txt", "c.shp": "new c.shp", "d.txt": "new d.txt",
                                        "notes.txt": "user's notes"])
        XCTAssertFalse(fm.fileExists(atPath: staging))
    }

    func testAMoveFailingAtAnyStepIsUndoneWhole() throws {
        // Each move the commit makes, in order, made to fail in turn: new files, then the stale one.
        let failing = ["a.txt", "b.txt", "d.txt", "c.shp", "s.txt"]
        for name in failing {
            try fm.removeItem(at: folder)
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
            let (staging, prepared) = try prepare()
            var commit = prepared
            // The new file into place fails (for s.txt: the stale file out of the way).
            let source = name == "s.txt" ? folder.path + "/s.txt" : staging + "/" + name
            commit.move = { from, to in from == source ? { errno = EACCES; return -1 }() : rename(from, to) }
            XCTAssertThrowsError(try commit.run(), name) { error in
                let e = error as? OutputFolderError
                XCTAssertEqual(e?.exitStatus, 5)
                XCTAssertTrue(e?.description.contains("State: nothing was changed: \(folder.path) holds the previous outputs as they were") == true,
                              "\(name): \(String(describing: e))")
            }
            XCTAssertEqual(try contents(), previous, "failing at \(name)")
            XCTAssertFalse(fm.fileExists(atPath: staging), "failing at \(name): the staging folder stays")
        }
    }

    func testWhenUndoingFailsTooTheMessageSaysWhichFilesAreFromWhichRun() throws {
        let (staging, prepared) = try prepare()
        var commit = prepared
        commit.move = { from, to in
            if from.hasSuffix("/c.shp") && !from.contains(OutputCommit.previousFolder) { errno = ENOSPC; return -1 }
            if from.hasSuffix("/\(OutputCommit.previousFolder)/a.txt") { errno = EIO; return -1 } // a.txt cannot go back
            return rename(from, to)
        }
        XCTAssertThrowsError(try commit.run()) { error in
            let text = String(describing: error)
            XCTAssertTrue(text.contains("cannot move the new c.shp into \(folder.path)"), text)
            XCTAssertTrue(text.contains("State: \(folder.path) is now MIXED, it holds neither run whole; from the new run: a.txt; " +
                                        "the previous versions of these files are kept in \(staging)/.previous"), text)
        }
        var expected = previous
        expected["a.txt"] = "new a.txt"
        XCTAssertEqual(try contents(), expected)
        // The previous a.txt is where the message says, and that staging folder is no longer ours to remove.
        XCTAssertEqual(try String(contentsOfFile: staging + "/.previous/a.txt", encoding: .utf8), "old a.txt")
        XCTAssertFalse(StagingFolder.isOurs(staging))
        XCTAssertEqual(StagingFolder.removeLeftovers(in: folder.path), [])
        XCTAssertTrue(fm.fileExists(atPath: staging + "/.previous/a.txt"))
    }

    func testAFolderWhereAFileMustGoStopsTheCommitBeforeAnyMove() throws {
        let (staging, commit) = try prepare()
        try fm.removeItem(at: folder.appendingPathComponent("b.txt"))
        try fm.createDirectory(at: folder.appendingPathComponent("b.txt"), withIntermediateDirectories: false)
        let before = try contents()
        XCTAssertThrowsError(try commit.run()) { error in
            XCTAssertEqual((error as? OutputFolderError)?.exitStatus, 5)
            XCTAssertTrue(String(describing: error).contains("\(folder.path)/b.txt is a folder, where this run must write the file b.txt"))
        }
        XCTAssertEqual(try contents(), before)
        XCTAssertFalse(fm.fileExists(atPath: staging))
    }

    func testStaleOutputsAreOnlyFilesWhoseBytesStillMatchTheRecord() throws {
        let hash = { (s: String) in SHA256.hex(Array(s.utf8)) }
        try put("map x", "x.svg")
        try put("map y, edited", "y.svg")
        try put("input copied from an earlier run", "p.csv")
        try put("still written", "kept.csv")
        try fm.createDirectory(at: folder.appendingPathComponent("sub.svg"), withIntermediateDirectories: false)
        try put("hidden", ".hidden")
        let previous = [RecordedOutput(file: "x.svg", sha256: hash("map x")),
                        RecordedOutput(file: "y.svg", sha256: hash("map y")),
                        RecordedOutput(file: "z.svg", sha256: hash("gone")),
                        RecordedOutput(file: "p.csv", sha256: hash("input copied from an earlier run")),
                        RecordedOutput(file: "kept.csv", sha256: hash("still written")),
                        RecordedOutput(file: "sub.svg", sha256: hash("")),
                        RecordedOutput(file: ".hidden", sha256: hash("hidden")),
                        RecordedOutput(file: "../x.svg", sha256: hash("map x"))]
        let input = try XCTUnwrap(FileIdentity(path: folder.appendingPathComponent("p.csv").path))
        XCTAssertEqual(RecordedOutput.stale(previous: previous, in: folder.path, newNames: ["kept.csv"], protected: [input]), ["x.svg"])
    }

    func testOnlyMarkedStagingFoldersOfEndedProcessesAreLeftovers() throws {
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        func staging(_ name: String, marked: Bool) throws {
            try fm.createDirectory(at: folder.appendingPathComponent(name), withIntermediateDirectories: false)
            if marked { try put("x", StagingFolder.marker, in: folder.appendingPathComponent(name)) }
        }
        try staging(".staging-\(ended.processIdentifier)", marked: true)
        try staging(".staging-\(getppid())", marked: true) // a process that runs
        try staging(".staging-\(ended.processIdentifier)-2", marked: true)
        try staging(".staging-1x", marked: true)
        try staging(".staging-1-x", marked: true)
        try staging(".staging-2024", marked: false)
        try staging(".tmp-2024-backup", marked: true)
        XCTAssertEqual(StagingFolder.removeLeftovers(in: folder.path),
                       [".staging-\(ended.processIdentifier)", ".staging-\(ended.processIdentifier)-2"])
        XCTAssertEqual(Set(try fm.contentsOfDirectory(atPath: folder.path)),
                       [".staging-\(getppid())", ".staging-1x", ".staging-1-x", ".staging-2024", ".tmp-2024-backup"])
    }

    // PIDs repeat (containers): a folder an earlier failed commit kept under this PID's name,
    // unmarked because it holds the only copy of previous outputs, must neither block this run
    // (it used to fail with a "free space" hint) nor be touched.
    func testAKeptStagingFolderOfThisPIDIsLeftAloneAndTheRunTakesTheNextName() throws {
        let kept = folder.appendingPathComponent(".staging-\(getpid())")
        try fm.createDirectory(at: kept, withIntermediateDirectories: false)
        try put("previous outputs", "priority_list.csv", in: kept)
        let first = try StagingFolder.create(in: folder.path)
        XCTAssertEqual((first as NSString).lastPathComponent, ".staging-\(getpid())-2")
        XCTAssertTrue(StagingFolder.isOurs(first))
        // A leftover of this PID under the suffixed name is reused, the kept folder still untouched.
        XCTAssertEqual(try StagingFolder.create(in: folder.path), first)
        XCTAssertEqual(try fm.contentsOfDirectory(atPath: kept.path), ["priority_list.csv"])
        XCTAssertEqual(StagingFolder.removeLeftovers(in: folder.path), [])
    }

    func testTheLockIsExclusiveNamesItsHolderAndGoesWhenReleased() throws {
        let lock = try OutputLock.acquire(folder: folder.path)
        XCTAssertThrowsError(try OutputLock.acquire(folder: folder.path)) { error in
            XCTAssertEqual((error as? OutputFolderError)?.exitStatus, 4)
            XCTAssertTrue(String(describing: error).contains("the output folder \(folder.path) is in use by another targeting run (process \(getpid()))"))
        }
        lock.release()
        XCTAssertFalse(fm.fileExists(atPath: folder.appendingPathComponent(OutputLock.fileName).path))
        try OutputLock.acquire(folder: folder.path).release()
    }
}
