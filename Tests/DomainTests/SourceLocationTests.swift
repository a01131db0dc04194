import XCTest
@testable import Domain

/// `SourceLocation` keeps its line and record without optionals (see its comment): every
/// combination of present and absent reads back as written, and compares and hashes as before.
final class SourceLocationTests: XCTestCase {
    func testLineAndRecordReadBackAsWritten() {
        for line in [nil, 0, 1, -1, Int(Int32.max)] as [Int?] {
            for record in [nil, 0, 7, Int(UInt32.max) / 2] as [Int?] {
                var l = SourceLocation(file: "a.csv", line: line, record: record)
                XCTAssertEqual(l.line, line)
                XCTAssertEqual(l.record, record)
                XCTAssertEqual(l, SourceLocation(file: "a.csv", line: line, record: record))
                XCTAssertEqual(Set([l, SourceLocation(file: "a.csv", line: line, record: record)]).count, 1)
                l.line = 12
                l.record = nil
                XCTAssertEqual(l.line, 12)
                XCTAssertNil(l.record)
                XCTAssertNotEqual(l, SourceLocation(file: "a.csv", line: 12, record: 3))
            }
        }
        // Beyond 32 bits (no input has such lines or records) a number is kept as the largest.
        XCTAssertEqual(SourceLocation(file: "a.csv", line: Int.max).line, Int(Int32.max))
        XCTAssertEqual(SourceLocation(file: "a.csv", line: Int.min).line, -Int(Int32.max))
        XCTAssertEqual(SourceLocation(file: "a.shp", record: 4).description, "a.shp: record 4")
        XCTAssertEqual(SourceLocation(file: "a.csv", line: 9, record: 4).description, "a.csv:9")
    }

    /// A million-row table holds one feature per row: its location is 24 bytes, its values a
    /// 16-byte window on a block the rows share, the feature 64.
    func testFeatureIsSixtyFourBytes() {
        XCTAssertEqual(MemoryLayout<SourceLocation>.size, 24)
        XCTAssertEqual(MemoryLayout<ValueRow>.size, 16)
        XCTAssertEqual(MemoryLayout<Feature>.stride, 64)
    }
}
