import XCTest
@testable import Tables
import Domain

/// The chunked parse must give, for every way of cutting a file, the records, lines and errors of
/// one pass from the start. Each table here is cut at every chunk size from 1 byte up, and the
/// awkward cuts are also checked against answers worked out by hand.
final class ChunkedCSVParseTests: XCTestCase {
    let comma = UInt8(ascii: ",")

    func parse(_ bytes: [UInt8], from start: Int = 0, chunkBytes: Int) throws -> ParsedRecords {
        try bytes.withUnsafeBufferPointer {
            try ChunkedCSVParse(parser: CSVRecordParser(delimiter: comma), minimumChunkBytes: chunkBytes, maximumChunks: 1_000)
                .parse($0, from: start, path: "t.csv")
        }
    }

    func onePass(_ bytes: [UInt8], from start: Int = 0) throws -> ParsedRecords {
        try bytes.withUnsafeBufferPointer {
            try CSVRecordParser(delimiter: comma).parse($0, from: start, line: 1, stopAt: bytes.count, path: "t.csv")
        }
    }

    func cuts(_ bytes: [UInt8], from start: Int = 0, chunkBytes: Int) -> [Int] {
        bytes.withUnsafeBufferPointer {
            ChunkedCSVParse(parser: CSVRecordParser(delimiter: comma), minimumChunkBytes: chunkBytes, maximumChunks: 1_000)
                .chunkStarts($0, from: start)
        }
    }

    func assertSame(_ a: ParsedRecords, _ b: ParsedRecords, _ note: String, line: UInt = #line) {
        XCTAssertEqual(a.lines, b.lines, note, line: line)
        XCTAssertEqual(a.endLines, b.endLines, note, line: line)
        XCTAssertEqual(a.firstField, b.firstField, note, line: line)
        XCTAssertEqual(a.fieldCounts, b.fieldCounts, note, line: line)
        XCTAssertEqual(a.badQuoteField, b.badQuoteField, note, line: line)
        XCTAssertEqual(a.starts, b.starts, note, line: line)
        XCTAssertEqual(a.ends, b.ends, note, line: line)
        XCTAssertEqual(a.blankLines, b.blankLines, note, line: line)
        XCTAssertEqual(a.end, b.end, note, line: line)
        XCTAssertEqual(a.endLine, b.endLine, note, line: line)
    }

    /// Every chunk size, from one byte (a cut after every line feed) to the whole file.
    func assertEveryCutAgrees(_ text: String, from start: Int = 0, file: StaticString = #file, line: UInt = #line) throws {
        let bytes = Array(text.utf8)
        let reference = try onePass(bytes, from: start)
        for size in 1...max(1, bytes.count) {
            assertSame(try parse(bytes, from: start, chunkBytes: size), reference, "chunks of \(size) bytes", line: line)
        }
    }

    func fields(_ p: ParsedRecords, _ bytes: [UInt8]) -> [[String]] {
        (0..<p.lines.count).map { r in
            (0..<p.fieldCounts[r]).map { f in
                let k = p.firstField[r] + f
                return bytes.withUnsafeBufferPointer { CSVCell.decode($0, start: p.starts[k], end: p.ends[k], encoding: .utf8) }
            }
        }
    }

    func testAQuotedLineBreakStraddlingACutGivesTheRecordsOfOnePass() throws {
        // Bytes 0-7 "id,note\n", 8-17 "1,\"a\nb,c\"\n" (its line feed inside quotes is byte 12), 18-21 "2,d\n".
        let text = "id,note\n1,\"a\nb,c\"\n2,d\n"
        let bytes = Array(text.utf8)
        // Four chunks of 5 bytes: the cut looked for from byte 10 lands just after the quoted line
        // feed (byte 12), inside the field.
        XCTAssertEqual(cuts(bytes, chunkBytes: 5), [0, 8, 13, 18])
        let p = try parse(bytes, chunkBytes: 5)
        XCTAssertEqual(fields(p, bytes), [["id", "note"], ["1", "a\nb,c"], ["2", "d"]])
        XCTAssertEqual(p.lines, [1, 2, 4])
        XCTAssertEqual(p.endLines, [1, 3, 4])
        XCTAssertEqual(p.endLine, 5)
        try assertEveryCutAgrees(text)
    }

    func testACutNeverFallsBetweenACarriageReturnAndItsLineFeed() throws {
        let text = "a,b\r\n1,2\r\n\r\n3,\"x\r\ny\"\r\n4,5\r\n"
        let bytes = Array(text.utf8)
        for size in 1...bytes.count {
            for cut in cuts(bytes, chunkBytes: size).dropFirst() {
                XCTAssertEqual(bytes[cut - 1], 10, "chunks of \(size) bytes: cut at \(cut)")
            }
        }
        let p = try parse(bytes, chunkBytes: 4)
        XCTAssertEqual(fields(p, bytes), [["a", "b"], ["1", "2"], ["3", "x\ny"], ["4", "5"]])
        XCTAssertEqual(p.lines, [1, 2, 4, 6])
        XCTAssertEqual(p.blankLines, 1)
        try assertEveryCutAgrees(text)
    }

    func testAFileSmallerThanOneChunkIsOneChunk() throws {
        let bytes = Array("a,b\n1,2\n3,4\n".utf8)
        XCTAssertEqual(cuts(bytes, chunkBytes: 1 << 20), [0])
        XCTAssertEqual(cuts(bytes, chunkBytes: bytes.count), [0])
        // Four shares of 3 bytes: the cuts follow the line feeds at bytes 3 and 7; the one at 11
        // ends the file.
        XCTAssertEqual(cuts(bytes, chunkBytes: 3), [0, 4, 8])
        XCTAssertEqual(fields(try parse(bytes, chunkBytes: 1 << 20), bytes), [["a", "b"], ["1", "2"], ["3", "4"]])
    }

    func testAnEmptyFileHasNoRecordsAndIsStillRefusedForItsMissingHeader() throws {
        XCTAssertEqual(cuts([], chunkBytes: 1), [0])
        XCTAssertEqual(try parse([], chunkBytes: 1).lines, [])
        XCTAssertThrowsError(try CSVReader.parse(bytes: [], path: "t.csv")) {
            XCTAssertEqual(($0 as? TargetingError)?.message, "the file is empty: no header line")
        }
    }

    func testAByteOrderMarkIsNeverInAChunk() throws {
        let text = "\u{FEFF}name,pop\nKasaï,1\nTshikapa,2\n"
        let bytes = Array(text.utf8)
        XCTAssertEqual(Array(bytes.prefix(3)), [0xEF, 0xBB, 0xBF])
        XCTAssertEqual(cuts(bytes, from: 3, chunkBytes: 1).first, 3)
        let p = try parse(bytes, from: 3, chunkBytes: 1)
        XCTAssertEqual(fields(p, bytes), [["name", "pop"], ["Kasaï", "1"], ["Tshikapa", "2"]])
        XCTAssertEqual(p.starts.first, 3)
        try assertEveryCutAgrees(text, from: 3)
    }

    func testBlankLinesBadQuotesAndNoFinalLineBreakAgreeAtEveryCut() throws {
        try assertEveryCutAgrees("a,b,c\n\n1,\"x\"y,3\n\"\"\"q\"\"\",2,3\n\n\n4,5\n6,\"7\n\n8\",9")
        try assertEveryCutAgrees("a\n1\n2\n")
        try assertEveryCutAgrees("a,b\n1,2,\n3,\n")
    }

    func testAnUnclosedQuoteInALaterChunkIsReportedAtItsRealLine() throws {
        // The quote opened on line 4 is never closed; every cut must give one pass's error.
        let text = "a,b\n1,2\n3,4\n5,\"open\n6,7\n8,9\n"
        let expected = "a quoted field opened on line 4 (field 2 of the record starting on line 4) is never closed: the file ends inside it"
        for size in 1...text.utf8.count {
            XCTAssertThrowsError(try parse(Array(text.utf8), chunkBytes: size)) {
                XCTAssertEqual(($0 as? TargetingError)?.message, expected, "chunks of \(size) bytes")
                XCTAssertEqual(($0 as? TargetingError)?.location?.line, 4)
            }
        }
    }

    func testAQuoteOpenedInAnEarlierChunkMakesTheLaterOnesParseAgain() throws {
        // Each cut after the first falls inside the quoted note, where a chunk that starts there
        // reads the closing quote as an opening one: the rest is parsed again from line 2.
        let note = (1...20).map { "part \($0)" }.joined(separator: "\n")
        let text = "id,note,n\n1,\"\(note)\",5\n2,plain,6\n"
        let bytes = Array(text.utf8)
        let p = try parse(bytes, chunkBytes: 16)
        XCTAssertGreaterThan(cuts(bytes, chunkBytes: 16).count, 5)
        XCTAssertEqual(fields(p, bytes), [["id", "note", "n"], ["1", note, "5"], ["2", "plain", "6"]])
        XCTAssertEqual(p.lines, [1, 2, 22])
        try assertEveryCutAgrees(text)
    }
}
