import Foundation
import XCTest
@testable import Rules

/// The rules API ships as Lua files under Sources/Rules/Lua, compiled into the binary: each must be
/// valid Lua 5.4 (compiled by the Lua library itself, as `luac -p` would; no luac is installed
/// here), and the binary must carry exactly the file in the repository.
final class PreludeFileTests: XCTestCase {
    static let luaFolder = Fixture.repoRoot.appendingPathComponent("Sources/Rules/Lua")

    func testEveryShippedLuaFileCompiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.luaFolder.path).filter { $0.hasSuffix(".lua") }.sorted()
        XCTAssertEqual(files, ["prelude.lua"])
        for name in files {
            let text = try String(contentsOf: Self.luaFolder.appendingPathComponent(name), encoding: .utf8)
            XCTAssertNil(LuaSandbox.syntaxError(text, chunkname: "@" + name), name)
        }
    }

    func testTheBinaryCarriesTheFileInTheRepository() throws {
        for (path, source) in Prelude.shippedFiles {
            let onDisk = try String(contentsOf: Fixture.repoRoot.appendingPathComponent("Sources/Rules/" + path), encoding: .utf8)
            XCTAssertEqual(source, onDisk, path)
        }
    }

    /// The check can fail: a broken chunk is reported with its line.
    func testASyntaxErrorIsReportedWithItsLine() {
        // The file and line are ours to promise; what follows is Lua's wording of the error.
        let error = LuaSandbox.syntaxError("local x = 1\nlocal = 2\n", chunkname: "@broken.lua")
        XCTAssertTrue(error?.hasPrefix("broken.lua:2: ") ?? false, error ?? "no error")
    }
}
