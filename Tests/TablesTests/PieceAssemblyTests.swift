import XCTest
@testable import Tables
import Domain

/// A table assembled straight from the pieces of a chunked parse (rows copied in bulk when none is
/// rejected) must be the table assembled from one pass over the file: same header, tags, rows,
/// lines, cell ranges and messages, for every way of cutting the file.
final class PieceAssemblyTests: XCTestCase {
    let comma = OnePassTable.comma
    let encoding = OnePassTable.encoding

    func onePass(_ bytes: [UInt8]) throws -> Table { try OnePassTable.table(bytes) }

    func fromPieces(_ bytes: [UInt8], chunkBytes: Int) throws -> Table {
        let pieces = try bytes.withUnsafeBufferPointer {
            try ChunkedCSVParse(parser: CSVRecordParser(delimiter: comma), minimumChunkBytes: chunkBytes, maximumChunks: 1_000)
                .pieces($0, from: 0, path: "t.csv")
        }
        return try TableAssembler.assemble(path: "t.csv", bytes: FileBytes(bytes), encoding: encoding, delimiter: comma, pieces: pieces)
    }

    func assertEveryCutAgrees(_ text: String, line: UInt = #line) throws {
        let bytes = Array(text.utf8)
        let reference = try onePass(bytes)
        for size in 1...bytes.count {
            let t = try fromPieces(bytes, chunkBytes: size)
            let note = "chunks of \(size) bytes"
            OnePassTable.assertSame(t, reference, note, line: line)
        }
    }

    /// No row rejected: a hashtag row, blank lines, CRLF and quoted line breaks across the cuts.
    func testCleanTableFromPieces() throws {
        let text = "lon,lat,note\r\n#geo+lon,#geo+lat,#description\r\n22.5,-5.1,\"two\r\nlines\"\r\n\r\n23,-6,plain\r\n23,-6,plain\r\n24.25,-4,\"a,b\"\r\n"
        try assertEveryCutAgrees(text)
        let t = try fromPieces(Array(text.utf8), chunkBytes: 5)
        // Worked out by hand: rows on lines 3, 6 (after the quoted break and a blank line), 7 and 8.
        XCTAssertEqual((0..<t.rowCount).map { t.line(ofRow: $0) }, [3, 6, 7, 8])
        XCTAssertEqual(t.cell(row: 0, column: 2), "two\nlines")
        XCTAssertEqual(t.cell(row: 3, column: 2), "a,b")
        XCTAssertEqual(t.blankLineCount, 1)
    }

    /// Rejected rows (too few fields, text after a closing quote) and a header alone.
    func testRejectingTableFromPieces() throws {
        try assertEveryCutAgrees("a,b\n1,2\n3\n\"4\"x,5\n6,7\n")
        try assertEveryCutAgrees("a,b\n1,2\n3,4,\n5,6\n")
        try assertEveryCutAgrees("a,b\n")
        try assertEveryCutAgrees("a,b\n#x,#y\n")
    }
}
