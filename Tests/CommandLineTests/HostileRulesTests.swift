import Foundation
import XCTest

/// Every hostile rules script of Tests/Fixtures/lua ends through the command line with exit 2 and
/// a message naming the script's file and line: budgets that count work done in C, the time limit,
/// no addresses, frozen top-level state. A hang fails the test (runTargeting's timeout).
final class HostileRulesTests: XCTestCase {
    func testHostileScriptsEndWithTheirMessage() throws {
        let folder = TargetingBinary.packageRoot.appendingPathComponent("Tests/Fixtures/lua")
        let scripts = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "lua" }.sorted { $0.path < $1.path }
        XCTAssertEqual(scripts.count, 19)
        for input in scripts {
            let name = input.lastPathComponent
            let text = try String(contentsOf: input, encoding: .utf8)
            let header = text.split(separator: "\n", maxSplits: 2).map(String.init)
            guard header.count == 3, header[0].hasPrefix("-- command: "), header[1].hasPrefix("-- expect: ") else {
                XCTFail("\(name): lines 1 and 2 must be '-- command: …' and '-- expect: …'"); continue
            }
            let command = String(header[0].dropFirst("-- command: ".count))
            let expected = String(header[1].dropFirst("-- expect: ".count))
            let p = try ProjectCopy()
            let script = p.file("hostile.lua")
            try FileManager.default.copyItem(at: input, to: script)
            let r: CLIResult
            if command == "rank" {
                r = try p.rank(extra: ["--rules", script.path], timeout: 120)
            } else {
                r = try runTargeting(["check", script.path, "--project", p.manifest], cwd: p.url, timeout: 120)
            }
            XCTAssertFalse(r.signalled, "\(name) ended by a signal")
            XCTAssertEqual(r.status, 2, "\(name): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(expected), "\(name): expected «\(expected)» in:\n\(r.stderr)")
        }
    }
}
