import XCTest
@testable import Tables
import Domain

/// A table read straight into its arrays (`ConformingRows`) must be the table the general path
/// assembles from one pass over the file, for every way of cutting the file into chunks; a file
/// with a row to reject, or cut inside a quoted field, is left to the general path (nil).
final class ConformingRowsTests: XCTestCase {
    let comma = OnePassTable.comma
    let encoding = OnePassTable.encoding

    func onePass(_ bytes: [UInt8]) throws -> Table { try OnePassTable.table(bytes) }

    func inPlace(_ bytes: [UInt8], chunkBytes: Int) -> Table? {
        ConformingRows.table(bytes: FileBytes(bytes), from: 0, path: "t.csv", encoding: encoding, delimiter: comma,
                             chunking: ChunkedCSVParse(parser: CSVRecordParser(delimiter: comma), minimumChunkBytes: chunkBytes, maximumChunks: 1_000))
    }

    func assertSame(_ t: Table, _ reference: Table, _ note: String, line: UInt = #line) {
        OnePassTable.assertSame(t, reference, note, line: line)
    }

    /// Every cut gives the one-pass table or nil; `alwaysRead`: no cut may give nil (no quoted
    /// line break for a cut to fall in, no row to reject). Returns how many cuts were read.
    @discardableResult
    func assertEveryCutAgrees(_ text: String, alwaysRead: Bool, line: UInt = #line) throws -> Int {
        let bytes = Array(text.utf8)
        let reference = try? onePass(bytes)
        var read = 0
        for size in 1...max(1, bytes.count) {
            guard let t = inPlace(bytes, chunkBytes: size) else {
                if alwaysRead { XCTFail("chunks of \(size) bytes: not read", line: line) }
                continue
            }
            read += 1
            guard let reference else { XCTFail("read, but the general path fails", line: line); continue }
            XCTAssertEqual(reference.rejectedRowCount, 0, line: line)
            assertSame(t, reference, "chunks of \(size) bytes", line: line)
        }
        return read
    }

    func testCleanTables() throws {
        try assertEveryCutAgrees("lon,lat,pop\n22.5,-5.1,3\n\n23,-6,4\r\n24,-4,\"5\"\n", alwaysRead: true)
        // A hashtag row with a cell that is no tag (reported by the head), CRLF, a blank line.
        try assertEveryCutAgrees("lon,lat,note\r\n#geo+lon,#geo+lat,oops\r\n22.5,-5.1,\"a,b\"\r\n\r\n23,-6,\"say \"\"hi\"\"\"\r\n", alwaysRead: true)
        // No final line break, a trailing empty field at the end of the file, a header alone.
        try assertEveryCutAgrees("a,b\n1,2\n3,", alwaysRead: true)
        try assertEveryCutAgrees("a,b\n", alwaysRead: true)
        try assertEveryCutAgrees("a,b", alwaysRead: true)
        try assertEveryCutAgrees("\n\na,a\n#x,#y\n\n", alwaysRead: true)
    }

    func testWorkedOutByHand() throws {
        let t = try XCTUnwrap(inPlace(Array("x,y\n\n1,\"two\nlines\"\r\n3,4\n".utf8), chunkBytes: 1_000))
        XCTAssertEqual((0..<t.rowCount).map { t.line(ofRow: $0) }, [3, 5])
        XCTAssertEqual(t.cell(row: 0, column: 1), "two\nlines")
        XCTAssertEqual(t.cell(row: 1, column: 0), "3")
        XCTAssertEqual(t.blankLineCount, 1)
    }

    /// Files the general path must read: rejected rows, an unclosed quote, an empty file, a header
    /// whose single column holds another separator.
    func testLeftToTheGeneralPath() throws {
        for text in ["a,b\n1,2\n3\n", "a,b\n1,2\n\"4\"x,5\n", "a,b\n1,2\n3,4,\n", "a,b\n1,\"2\n", "", "\n\n", "a;b\n1;2\n"] {
            for size in 1...max(1, text.utf8.count) {
                XCTAssertNil(inPlace(Array(text.utf8), chunkBytes: size), "\(text.debugDescription), chunks of \(size) bytes")
            }
        }
    }

    /// Quoted line breaks: a cut inside one is left to the general path, any other is read.
    func testQuotedLineBreaks() throws {
        let read = try assertEveryCutAgrees("a,b\n1,\"x\ny\nz\"\n2,\"\r\n\"\n3,4\n", alwaysRead: false)
        XCTAssertGreaterThan(read, 0)
    }

    /// Seeded random files of quoted, doubled-quote, CRLF, blank-line and line-break cells, some
    /// with a ragged row: every cut agrees with the one-pass table or is left to it.
    func testRandomFiles() throws {
        var state: UInt64 = 0x5EED
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        let cells = ["", "1", "-2.5", "abc", "\"q,q\"", "\"a\"\"b\"", "\"l\nm\"", "\"c\r\nd\"", " ", "ï"]
        for _ in 0..<60 {
            let width = 1 + next(3)
            var text = (0..<width).map { "h\($0)" }.joined(separator: ",") + (next(2) == 0 ? "\n" : "\r\n")
            for _ in 0..<(next(6)) {
                if next(5) == 0 { text += "\n" }
                let w = next(12) == 0 ? width + 1 : width
                text += (0..<w).map { _ in cells[next(cells.count)] }.joined(separator: ",") + (next(3) == 0 ? "\r\n" : "\n")
            }
            if next(3) == 0, text.hasSuffix("\n") { text.removeLast() }
            try assertEveryCutAgrees(text, alwaysRead: false)
        }
    }

    /// A long stretch (lanes summed every 255 blocks of 16 bytes), against a plain count.
    func testSeparatorCountLong() {
        var state: UInt64 = 7
        let alphabet: [UInt8] = [44, 10, 13, 59, 65, 34, 0xC3]
        let bytes = (0..<20_011).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return alphabet[Int((state >> 33) % UInt64(alphabet.count))]
        }
        bytes.withUnsafeBufferPointer { b in
            for (lo, hi) in [(0, bytes.count), (5, bytes.count - 3), (4_080, 4_081 + 4_080 * 2)] {
                let part = bytes[lo..<hi]
                let got = SeparatorCount.count(b, lo..<hi, delimiter: 44)
                XCTAssertEqual(got.delimiters, part.filter { $0 == 44 }.count)
                XCTAssertEqual(got.lineBreaks, part.filter { $0 == 10 || $0 == 13 }.count)
            }
        }
    }

    func testSeparatorCount() {
        let bytes = Array("a,b\r\n,,x\ny,\"z\"\n0123456789,\r".utf8)
        bytes.withUnsafeBufferPointer { b in
            for lo in 0...bytes.count {
                for hi in lo...bytes.count {
                    let part = bytes[lo..<hi]
                    let want = (part.filter { $0 == UInt8(ascii: ",") }.count, part.filter { $0 == 10 || $0 == 13 }.count)
                    let got = SeparatorCount.count(b, lo..<hi, delimiter: UInt8(ascii: ","))
                    XCTAssertTrue(got == want, "\(lo)..<\(hi): \(got) != \(want)")
                }
            }
        }
    }
}
