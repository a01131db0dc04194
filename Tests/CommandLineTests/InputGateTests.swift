import Foundation
import XCTest

/// Every input must be a regular file once links are followed (Domain's `InputFile`): a named pipe
/// as any file of a project blocked `open` forever, a link carried a huge file past the CSV size
/// limit, a link to some other file had its first line echoed as column names, and a folder given
/// as a layer was called "file not found". Each case runs the built binary under a timeout, so a
/// hang fails the test instead of blocking the suite.
final class InputGateTests: XCTestCase {
    /// Replaces `name` in the project by a named pipe (nothing ever writes to it).
    func pipe(_ p: ProjectCopy, _ name: String) throws {
        try? FileManager.default.removeItem(at: p.file(name))
        XCTAssertEqual(mkfifo(p.file(name).path, 0o600), 0, "mkfifo \(name)")
    }

    let fifoHint = "inputs are read only from regular files (reading a pipe would wait for a writer, possibly forever)"

    func testAPipeAsAnyShapefileFileIsRefusedByRankAndInspect() throws {
        for ext in ["shx", "dbf", "prj", "cpg"] {
            let p = try ProjectCopy()
            try pipe(p, "units.\(ext)")
            assertFails(try p.rank(timeout: 30), status: 2, mentions: [
                "units.\(ext): the .\(ext) file is a named pipe (FIFO), not a regular file", fifoHint, "named by [units] at"])
            assertFails(try runTargeting(["inspect", p.file("units.shp").path], cwd: p.url, timeout: 30), status: 1, mentions: [
                "units.\(ext): the .\(ext) file is a named pipe (FIFO), not a regular file"])
        }
        // The .shp itself is named by the manifest, so the manifest's line is cited.
        let p = try ProjectCopy()
        try pipe(p, "units.shp")
        assertFails(try p.rank(timeout: 30), status: 2, mentions: [
            "targeting.toml:6: [units] path: the .shp file is a named pipe (FIFO), not a regular file: "])
        assertFails(try runTargeting(["inspect", p.file("units.shp").path], cwd: p.url, timeout: 30), status: 1, mentions: [
            "units.shp: the .shp file is a named pipe (FIFO), not a regular file"])
    }

    func testAPipeAsTableManifestOrRulesIsRefusedByEveryCommand() throws {
        let p = try ProjectCopy()
        try pipe(p, "conflict.csv")
        assertFails(try p.rank(timeout: 30), status: 2, mentions: [
            "targeting.toml:14: [layers.conflict] path: the CSV table is a named pipe (FIFO), not a regular file"])
        assertFails(try runTargeting(["inspect", "conflict.csv"], cwd: p.url, timeout: 30), status: 1, mentions: [
            "conflict.csv: the CSV table is a named pipe (FIFO), not a regular file"])
        assertFails(try runTargeting(["inspect", "--project", p.manifest], cwd: p.url, timeout: 30), status: 1, mentions: [
            "the CSV table is a named pipe (FIFO)"])

        let r = try ProjectCopy()
        try FileManager.default.copyItem(at: r.file("rules.lua"), to: r.file("good.lua"))
        try pipe(r, "rules.lua")
        for args in [["check", "rules.lua", "--project", r.manifest], ["map", "--project", r.manifest, "--out", "maps"],
                     ["diff", "good.lua", "rules.lua", "--project", r.manifest],
                     ["rank", "--project", r.manifest, "--rules", "rules.lua", "--out", "out"]] {
            assertFails(try runTargeting(args, cwd: r.url, timeout: 30), status: 2, mentions: [
                "the rules script is a named pipe (FIFO), not a regular file"])
        }

        let m = try ProjectCopy()
        try pipe(m, "targeting.toml")
        for args in [["rank", "--project", "targeting.toml", "--out", "out"], ["check", "rules.lua", "--project", "targeting.toml"]] {
            assertFails(try runTargeting(args, cwd: m.url, timeout: 30), status: 2, mentions: [
                "targeting.toml: the project manifest is a named pipe (FIFO), not a regular file"])
        }
    }

    func testAFolderGivenAsALayerIsCalledAFolderWithWhatItHolds() throws {
        let p = try ProjectCopy()
        try FileManager.default.createDirectory(at: p.file("conflict"), withIntermediateDirectories: false)
        try FileManager.default.copyItem(at: p.file("conflict.csv"), to: p.file("conflict/events.csv"))
        var toml = try String(contentsOf: URL(fileURLWithPath: p.manifest), encoding: .utf8)
        toml = toml.replacingOccurrences(of: "path = \"conflict.csv\"", with: "path = \"conflict\"")
        try toml.write(toFile: p.manifest, atomically: true, encoding: .utf8)
        assertFails(try p.rank(timeout: 30), status: 2, mentions: [
            "targeting.toml:14: [layers.conflict] path: the layer file is a folder, not a file: conflict",
            "give the path of the layer file itself, not of the folder holding it; this folder holds events.csv"])
        assertFails(try runTargeting(["inspect", "conflict"], cwd: p.url, timeout: 30), status: 1, mentions: [
            "conflict: the input file is a folder, not a file", "this folder holds events.csv"])
    }

    /// The link is to a sparse file one byte over the limit: refused from the target's size, at
    /// once (reading it would take a gigabyte of memory).
    func testALinkDoesNotCarryAFilePastTheCSVLimit() throws {
        let p = try ProjectCopy()
        let big = p.file("big.dat")
        XCTAssertTrue(FileManager.default.createFile(atPath: big.path, contents: nil))
        let h = try FileHandle(forWritingTo: big)
        try h.truncate(atOffset: 1 << 30 + 1)
        try h.close()
        try FileManager.default.removeItem(at: p.file("conflict.csv"))
        try FileManager.default.createSymbolicLink(atPath: p.file("conflict.csv").path, withDestinationPath: "big.dat")
        assertFails(try p.rank(timeout: 30), status: 2, mentions: [
            "conflict.csv: the file is 1073741825 bytes, more than the limit of 1073741824 bytes for a CSV table"])
        assertFails(try runTargeting(["inspect", "conflict.csv"], cwd: p.url, timeout: 30), status: 1, mentions: [
            "the file is 1073741825 bytes, more than the limit of 1073741824 bytes"])
    }

    /// A link to a text file that is no table: named as such, and its first line is not echoed.
    func testALinkToAnotherTextFileIsNotATableAndIsNotEchoed() throws {
        let p = try ProjectCopy()
        let secret = "root:x:0:0:SECRET-LINE:/root:/bin/bash"
        try (secret + "\ndaemon:x:1:1::/:/bin/false\n").write(to: p.file("passwd"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: p.file("conflict.csv"))
        try FileManager.default.createSymbolicLink(atPath: p.file("conflict.csv").path, withDestinationPath: "passwd")
        let r = try p.rank(timeout: 30)
        assertFails(r, status: 2, mentions: [
            "conflict.csv:1: not a CSV table: its first line has no ',' delimiter, so it has no columns to find the fields [layers.conflict] names",
            "check that conflict.csv (named at "])
        XCTAssertFalse(r.output.contains("SECRET-LINE"), r.output)
    }

    func testABinaryFileIsNotATable() throws {
        let p = try ProjectCopy()
        try Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0x41, 0x2C, 0x42, 0x0A]).write(to: p.file("conflict.csv"))
        let r = try p.rank(timeout: 30)
        assertFails(r, status: 2, mentions: [
            "conflict.csv:1: not a CSV table: the file holds binary data (a zero byte at offset 7, line 1)"])
        XCTAssertFalse(r.output.contains("ELF"), r.output)
    }

    func testADanglingLinkSaysWhereItPoints() throws {
        let p = try ProjectCopy()
        try FileManager.default.removeItem(at: p.file("conflict.csv"))
        try FileManager.default.createSymbolicLink(atPath: p.file("conflict.csv").path, withDestinationPath: "gone.csv")
        assertFails(try p.rank(timeout: 30), status: 2, mentions: [
            "[layers.conflict] path: the CSV table is a symbolic link to gone.csv, which does not exist"])
    }

    /// Links to regular files are followed and read whole: every file of the project as a link
    /// gives the same priority list as the files themselves (the companions were read with the
    /// link's own size before, a few bytes).
    func testLinkedInputsGiveTheSameResultAsTheFiles() throws {
        let plain = try ProjectCopy()
        assertSucceeds(try plain.rank(timeout: 60))
        let linked = try ProjectCopy()
        let store = linked.file("store")
        try FileManager.default.createDirectory(at: store, withIntermediateDirectories: false)
        for name in ["units.shp", "units.shx", "units.dbf", "units.prj", "units.cpg", "conflict.csv", "rules.lua"] {
            try FileManager.default.moveItem(at: linked.file(name), to: store.appendingPathComponent(name))
            try FileManager.default.createSymbolicLink(atPath: linked.file(name).path, withDestinationPath: "store/" + name)
        }
        assertSucceeds(try linked.rank(timeout: 60))
        XCTAssertFalse(plain.output("priority_list.csv").isEmpty)
        XCTAssertEqual(linked.output("priority_list.csv"), plain.output("priority_list.csv"))
        XCTAssertEqual(linked.output("facts.csv"), plain.output("facts.csv"))
    }
}
