import Foundation
import XCTest

/// Size limits hold at the command line: a file over the limit is refused from its size alone,
/// before any byte is read (the files here are sparse: they take no disk space and would take
/// gigabytes of memory if they were read). Limits: CSV 1 GiB (CSVOptions.defaultMaxBytes),
/// .shp/.dbf 2,000,000,000 bytes and 5,000,000 records (ShapefileLimits.standard).
final class LimitsTests: XCTestCase {
    func sparse(_ url: URL, size: UInt64) throws {
        try? FileManager.default.removeItem(at: url)
        XCTAssertTrue(FileManager.default.createFile(atPath: url.path, contents: nil))
        let h = try FileHandle(forWritingTo: url)
        try h.truncate(atOffset: size)
        try h.close()
    }

    func testCSVOverOneGiBIsRefusedBeforeReading() throws {
        let p = try ProjectCopy()
        try sparse(p.file("conflict.csv"), size: 1 << 30 + 1)
        assertFails(try p.rank(timeout: 60), status: 2, mentions: [
            "conflict.csv: the file is 1073741825 bytes, more than the limit of 1073741824 bytes for a CSV table"])
    }

    func testShapefileOverTwoGBIsRefusedBeforeReading() throws {
        let p = try ProjectCopy()
        try sparse(p.file("units.shp"), size: 2_000_000_001)
        assertFails(try p.rank(timeout: 60), status: 2, mentions: [
            "units.shp: the .shp file is 2000000001 bytes, over the limit of 2000000000", "named by [units] at"])
        try p.useUnits("no_shx")
        try sparse(p.file("units.dbf"), size: 2_000_000_001)
        assertFails(try p.rank(timeout: 60), status: 2, mentions: ["units.dbf", "2000000001 bytes"])
    }
}
