import Foundation
import XCTest

/// `targeting inspect` and `targeting rank` on the broken shapefiles of Tests/Fixtures/bad/shp
/// (made by make_bad.py, which says what is wrong with each). A file that cannot be used ends in a
/// message naming the file, the record and the reason (inspect exits 1, rank exits 2); a file that
/// can be read with a repair says so as a warning. Never a signal, never a hang (timeouts below).
final class BadShapefileTests: XCTestCase {
    func inspect(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> CLIResult {
        try runTargeting(["inspect", TargetingBinary.fixtures.appendingPathComponent("shp/\(name).shp").path],
                         timeout: 60, file: file, line: line)
    }

    func testTruncatedSHPNamesTheRecord() throws {
        assertFails(try inspect("truncated_shp"), status: 1,
                    mentions: ["truncated_shp.shp: record 3: the .shp is truncated", "record 3 claims 128 bytes", "export the layer again"])
    }

    func testTruncatedSHXIsRebuiltFromTheSHP() throws {
        // 112 bytes = header + 1.5 entries: the .shp holds the data, so it is trusted.
        assertSucceeds(try inspect("truncated_shx"), mentions: [
            "the .shx is 112 bytes, not a 100-byte header plus whole 8-byte entries", "index rebuilt", "Records: 4"])
    }

    func testSHXHeaderThatLiesIsRebuiltAndShapelibStaysQuiet() throws {
        // shapelib counts records from the .shx header's length; a wrong one made it guess, on stderr.
        let r = try inspect("shx_header_lies")
        assertSucceeds(r, mentions: ["the .shx header says the index is 1073741824 bytes but it has 132", "index rebuilt", "Records: 4"])
        XCTAssertFalse(r.stderr.contains("unreasonable"), r.stderr)
    }

    func testRecordWhosePointCountLiesIsRejectedByItsNumber() throws {
        let r = try inspect("point_count_lies")
        assertSucceeds(r, mentions: ["Rejected shapes: 1", "record 4: shapelib could not read the shape (corrupt record)"])
        XCTAssertFalse(r.stderr.contains("Corrupted .shp file"), "shapelib's own message leaked:\n\(r.stderr)")
    }

    func testTruncatedDBFSaysHowManyRecordsFit() throws {
        // 4 records of 71 bytes after a 161-byte header = 445 bytes; cut at 161 + 71 + 35 = 267.
        assertFails(try inspect("truncated_dbf"), status: 1, mentions: [
            "truncated_dbf.dbf: the .dbf header claims 4 records of 71 bytes (445 bytes with the header), but the file has 267 bytes: room for 1 records"])
    }

    func testDBFClaimingMillionsOfRecordsFailsFast() throws {
        // shapelib trusts this count and hangs; we check it against the file size.
        assertFails(try inspect("dbf_millions"), status: 1, mentions: [
            "dbf_millions.dbf: the .dbf header claims 4200000 records", "but the file has 445 bytes"])
    }

    func testRecordCountsThatDisagreeAreReported() throws {
        assertSucceeds(try inspect("count_mismatch"), mentions: [
            "the .shp holds 4 shapes but the .dbf 3 records; every record was kept"])
        // As units, the fourth shape has no id: that stops the run, naming the record.
        let p = try ProjectCopy()
        try p.useUnits("count_mismatch")
        assertFails(try p.rank(), status: 2, mentions: ["units.shp: record 4: the unit has no id in field GRP_PCODE"])
    }

    func testHeaderLengthsThatLie() throws {
        assertSucceeds(try inspect("shp_length_lies"), mentions: ["the .shp header says the file is 6440 bytes but it has 644"])
        assertFails(try inspect("record_length_lies"), status: 1, mentions: [
            "record_length_lies.shp: record 1: the .shp is truncated: record 1 claims 200000 bytes"])
        assertFails(try inspect("dbf_header_lies"), status: 1, mentions: [
            "dbf_header_lies.dbf: the .dbf header says it is 60000 bytes long, but the file has 445 bytes"])
    }

    func testNaNAndInfiniteCoordinatesRejectTheShapeWithItsRecord() throws {
        assertSucceeds(try inspect("nan_coords"), mentions: ["Rejected shapes: 1", "record 1: no usable geometry: coordinate 2 is not a finite number"])
        assertSucceeds(try inspect("inf_coords"), mentions: ["Rejected shapes: 1", "record 1: no usable geometry: coordinate 3 is not a finite number"])
        // In a run: the unit stays (it is still a community) but has no polygon, and says so;
        // its two conflict points then lie outside every unit, with the event outside: 3.
        let p = try ProjectCopy()
        try p.useUnits("nan_coords")
        // 3 of 6 points outside crosses max_outside_points (0.25): written only when accepted.
        assertSucceeds(try p.rank(extra: ["--accept-poor-data"]))
        assertContains(p.output("data_quality.txt"), [
            "shape-rejected: 1", "unit-without-polygon: 1", "conflict: 3 placed, 3 outside every unit", "outside-units: 3\n"])
    }

    func testUnclosedRingIsClosedWithAWarning() throws {
        assertSucceeds(try inspect("unclosed_ring"), mentions: ["record 1: ring 1 was not closed; closed it by repeating its first point", "Rejected shapes: 0"])
    }

    func testSelfIntersectingRingIsRepairedAndReported() throws {
        // The bow tie (22,-6)-(23,-5)-(23,-6)-(22,-5) crosses itself at (22.5, -5.5).
        // GEOS words the reason; what is ours is the record, the count and where (" near x, y").
        let r = try inspect("self_intersecting")
        assertSucceeds(r, mentions: ["Invalid polygons repaired: 1"])
        XCTAssertNotNil(r.stdout.range(of: #"record 1: [^\n]+ near 22\.500000, -5\.500000"#, options: .regularExpression), r.stdout)
    }

    func testEmptyFiles() throws {
        assertFails(try inspect("empty"), status: 1, mentions: ["empty.shp: the .shp is 0 bytes, shorter than its 100-byte header"])
        let p = try ProjectCopy()
        try p.useUnits("empty")
        assertFails(try p.rank(), status: 2, mentions: ["units.shp: the .shp is 0 bytes", "named by [units] at", "targeting.toml:6"])
    }

    func testBrokenUnitsStopTheRunNamingTheManifestEntry() throws {
        for (name, piece) in [("truncated_shp", "units.shp: record 3: the .shp is truncated"),
                              ("dbf_millions", "units.dbf: the .dbf header claims 4200000 records")] {
            let p = try ProjectCopy()
            try p.useUnits(name)
            let r = try p.rank()
            assertFails(r, status: 2, mentions: [piece, "named by [units] at"])
            XCTAssertFalse(FileManager.default.fileExists(atPath: p.file("out/priority_list.csv").path), "\(name): no output after an error")
        }
    }
}
