import Foundation
import XCTest
@testable import Domain

/// The input gate on its own: what passes (regular files, links to them, with the target's
/// size) and what is refused with a message naming what the path is.
final class InputFileTests: FolderTestCase {

    func message(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "no error" } catch let e as TargetingError { return e.message } catch { return "\(error)" }
    }

    func testALinkReportsAndReadsItsTarget() throws {
        try Data("a,b\n1,2\n".utf8).write(to: URL(fileURLWithPath: path("t.csv")))
        try FileManager.default.createSymbolicLink(atPath: path("link.csv"), withDestinationPath: "t.csv")
        XCTAssertEqual(try InputFile.checkRegular(path: path("link.csv"), role: "CSV table"), 8)
        XCTAssertEqual(try InputFile.read(path: path("link.csv"), role: "CSV table", limit: 8), Array("a,b\n1,2\n".utf8))
        XCTAssertEqual(message { try InputFile.read(path: self.path("link.csv"), role: "CSV table", limit: 7) },
                       "the CSV table is 8 bytes, over the limit of 7 bytes")
        var hashed: [UInt8] = []
        try InputFile.forEachChunk(path: path("link.csv"), role: "CSV table", chunkSize: 3) { hashed += $0 }
        XCTAssertEqual(hashed, Array("a,b\n1,2\n".utf8))
    }

    func testPipesFoldersAndMissingFilesAreNamed() throws {
        XCTAssertEqual(mkfifo(path("pipe"), 0o600), 0)
        XCTAssertEqual(message { try InputFile.read(path: self.path("pipe"), role: ".dbf file", limit: 100) },
                       "the .dbf file is a named pipe (FIFO), not a regular file")
        try FileManager.default.createSymbolicLink(atPath: path("to-pipe.dbf"), withDestinationPath: "pipe")
        XCTAssertEqual(message { try InputFile.checkRegular(path: self.path("to-pipe.dbf"), role: ".dbf file") },
                       "the .dbf file is a named pipe (FIFO), not a regular file")
        XCTAssertEqual(message { try InputFile.checkRegular(path: self.folder.path, role: "CSV table") },
                       "the CSV table is a folder, not a file")
        XCTAssertEqual(message { try InputFile.checkRegular(path: "/dev/null", role: "rules script") },
                       "the rules script is a device, not a regular file")
        XCTAssertEqual(message { try InputFile.checkRegular(path: self.path("none.csv"), role: "CSV table") }, "file not found")
        try FileManager.default.createSymbolicLink(atPath: path("dangling.csv"), withDestinationPath: "none.csv")
        XCTAssertEqual(message { try InputFile.checkRegular(path: self.path("dangling.csv"), role: "CSV table") },
                       "the CSV table is a symbolic link to none.csv, which does not exist")
    }
}
