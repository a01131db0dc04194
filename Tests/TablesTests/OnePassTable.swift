import XCTest
@testable import Tables
import Domain

/// The reference the faster CSV paths are held to: the table the general path assembles from one
/// pass of the record parser over a whole UTF-8, comma-separated file.
enum OnePassTable {
    static let comma = UInt8(ascii: ",")
    static let encoding = EncodingChoice(encoding: .utf8, source: .stated, hadByteOrderMark: false)

    static func table(_ bytes: [UInt8]) throws -> Table {
        let records = try bytes.withUnsafeBufferPointer {
            try CSVRecordParser(delimiter: comma).parse($0, from: 0, line: 1, stopAt: bytes.count, path: "t.csv")
        }
        return try TableAssembler(path: "t.csv", bytes: FileBytes(bytes), encoding: encoding, delimiter: comma, parsed: records).assemble()
    }

    /// `t` holds the same header, tags, rows, lines, cell ranges and messages as `reference`.
    static func assertSame(_ t: Table, _ reference: Table, _ note: String, line: UInt = #line) {
        XCTAssertEqual(t.header, reference.header, note, line: line)
        XCTAssertEqual(t.tags, reference.tags, note, line: line)
        XCTAssertEqual(t.hashtagRowLine, reference.hashtagRowLine, note, line: line)
        XCTAssertEqual(t.diagnostics, reference.diagnostics, note, line: line)
        XCTAssertEqual(t.rejectedRowCount, reference.rejectedRowCount, note, line: line)
        XCTAssertEqual(t.blankLineCount, reference.blankLineCount, note, line: line)
        XCTAssertEqual(t.rowLines, reference.rowLines, note, line: line)
        XCTAssertEqual(t.cellStarts, reference.cellStarts, note, line: line)
        XCTAssertEqual(t.cellEnds, reference.cellEnds, note, line: line)
    }
}
