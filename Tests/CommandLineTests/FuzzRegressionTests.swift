import Foundation
import XCTest

/// Every input the fuzzers (Scripts/fuzz.sh) found to crash, hang or exhaust memory, kept in
/// Tests/Fixtures/fuzz-regressions/TARGET/, replayed through the command line: each must now end
/// with an exit (0 when readable, else the error status and a message), never a signal or a hang.
/// Files are decoded the way each harness (Tests/Fuzz/Fuzz*.swift) reads its input.
final class FuzzRegressionTests: XCTestCase {
    let root = TargetingBinary.packageRoot.appendingPathComponent("Tests/Fixtures/fuzz-regressions")

    func inputs(_ target: String) -> [URL] {
        let dir = root.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().filter { !$0.hasPrefix(".") }.map { dir.appendingPathComponent($0) }
    }

    func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cli-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    func assertEndsCleanly(_ r: CLIResult, allowed: Set<Int32>, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(r.signalled, "\(what): ended by a signal:\n\(r.output.suffix(2000))", file: file, line: line)
        XCTAssertTrue(allowed.contains(r.status), "\(what): exit \(r.status):\n\(r.output.suffix(2000))", file: file, line: line)
        if r.status != 0 { XCTAssertTrue(r.output.lowercased().contains("error"), "\(what): failed without a message", file: file, line: line) }
    }

    func testManifestRegressions() throws {
        let cases = inputs("manifest")
        XCTAssertFalse(cases.isEmpty, "the manifest fuzzer's stack-overflow input must be kept here")
        for input in cases {
            let dir = try scratch()
            let manifest = dir.appendingPathComponent("targeting.toml")
            try FileManager.default.copyItem(at: input, to: manifest)
            let r = try runTargeting(["rank", "--project", manifest.path, "--out", dir.appendingPathComponent("out").path], cwd: dir, timeout: 60)
            assertEndsCleanly(r, allowed: [2], input.lastPathComponent)
            XCTAssertTrue(r.stderr.contains("targeting.toml:"), "\(input.lastPathComponent): the message must cite the manifest and line:\n\(r.stderr)")
        }
        // The nesting found by the fuzzer (thousands of '[') now says what is wrong.
        let deep = try XCTUnwrap(cases.first { $0.lastPathComponent.hasPrefix("deep-inline") },
                                 "the fuzzer's deep-inline-tables input must be kept here")
        let dir = try scratch()
        try FileManager.default.copyItem(at: deep, to: dir.appendingPathComponent("targeting.toml"))
        let r = try runTargeting(["rank", "--project", dir.appendingPathComponent("targeting.toml").path], cwd: dir, timeout: 60)
        assertFails(r, status: 2, mentions: ["targeting.toml:1: arrays and inline tables are nested more than 32 deep"])
    }

    func testCSVRegressions() throws {
        // The CSV fuzzer found nothing in its runs; these hand-made hostile tables stand in.
        XCTAssertFalse(inputs("csv").isEmpty)
        for input in inputs("csv") {
            let bytes = try Data(contentsOf: input)
            // `inspect` reads ',' with the encoding detected: byte 0 = 0 in the harness's layout.
            XCTAssertEqual(bytes.first, 0, "\(input.lastPathComponent): byte 0 picks a delimiter or encoding `inspect` cannot be told")
            let dir = try scratch()
            let csv = dir.appendingPathComponent("table.csv")
            try bytes.dropFirst().write(to: csv) // byte 0 picks the harness's delimiter and encoding
            let r = try runTargeting(["inspect", csv.path], cwd: dir, timeout: 60)
            assertEndsCleanly(r, allowed: [0, 1], input.lastPathComponent)
        }
    }

    func testShapefileRegressions() throws {
        XCTAssertFalse(inputs("shapefile").isEmpty, "the shapefile fuzzer's leak input must be kept here")
        for input in inputs("shapefile") {
            let b = [UInt8](try Data(contentsOf: input))
            // The harness ignores inputs under 9 bytes, so no such input can be a finding.
            guard b.count >= 9 else { XCTFail("\(input.lastPathComponent): shorter than the 9-byte layout header"); continue }
            func u32(_ at: Int) -> Int { Int(b[at]) | Int(b[at + 1]) << 8 | Int(b[at + 2]) << 16 | Int(b[at + 3]) << 24 }
            var rest = b.count - 9
            let shpLen = rest == 0 ? 0 : u32(1) % (rest + 1); rest -= shpLen
            let shxLen = rest == 0 ? 0 : u32(5) % (rest + 1)
            let dir = try scratch()
            let base = dir.appendingPathComponent("f")
            try Data(b[9 ..< 9 + shpLen]).write(to: base.appendingPathExtension("shp"))
            if b[0] & 1 != 0 { try Data(b[9 + shpLen ..< 9 + shpLen + shxLen]).write(to: base.appendingPathExtension("shx")) }
            try Data(b[(9 + shpLen + shxLen)...]).write(to: base.appendingPathExtension("dbf"))
            if b[0] & 2 != 0 { try Data("UTF-8".utf8).write(to: base.appendingPathExtension("cpg")) }
            if b[0] & 4 != 0 {
                try Data(#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#.utf8)
                    .write(to: base.appendingPathExtension("prj"))
            }
            let r = try runTargeting(["inspect", base.appendingPathExtension("shp").path], cwd: dir, timeout: 60)
            assertEndsCleanly(r, allowed: [0, 1], input.lastPathComponent)
        }
    }

    func testRulesRegressions() throws {
        // The rules fuzzer found nothing in its runs; hand-made hostile scripts stand in (nesting
        // that overflows Lua's C stack, an endless loop hidden behind pcall).
        XCTAssertFalse(inputs("rules").isEmpty)
        for input in inputs("rules") {
            let p = try ProjectCopy()
            let script = p.file("fuzz.lua")
            try FileManager.default.copyItem(at: input, to: script)
            let r = try runTargeting(["check", script.path, "--project", p.manifest], cwd: p.url, timeout: 120)
            assertEndsCleanly(r, allowed: [0, 2], input.lastPathComponent)
            if input.lastPathComponent.hasPrefix("handmade-") {
                XCTAssertEqual(r.status, 2, input.lastPathComponent)
                XCTAssertTrue(r.stderr.contains("fuzz.lua"), "the message must name the script:\n\(r.stderr)")
            }
        }
    }
}
