import Foundation
import XCTest

/// A CSV point layer (the conflict events of the tiny project) replaced by each awkward table of
/// Tests/Fixtures/bad/csv. The base table has 6 events: 2 in CD9102001, 1 in each other unit, 1
/// outside every unit (line 7). Rows that cannot be used are counted and listed with their line;
/// tables that cannot be read stop the run with file:line and what to do.
final class BadTableTests: XCTestCase {
    func testBaseProjectPlacesEveryEvent() throws {
        let p = try ProjectCopy()
        assertSucceeds(try p.rank(), mentions: ["ranked 4 of 4 units"])
        assertContains(p.output("data_quality.txt"), [
            "6 records, 6 kept, 0 rejected", "conflict: 5 placed, 1 outside every unit", "outside-units: 1\n  ",
            "conflict.csv:7: warning: point (25.0, -3.0) lies outside every unit"])
    }

    func testWrongDelimiterSaysWhichOne() throws {
        let p = try ProjectCopy()
        try p.useConflict("wrong_delimiter")
        assertFails(try p.rank(), status: 2, mentions: [
            "conflict.csv:1: the header has a single column but contains 5 ';' characters", #"set delimiter = ";" for this layer"#])
    }

    func testRaggedRowsAreCountedAndListed() throws {
        let p = try ProjectCopy()
        try p.useConflict("ragged")
        // 2 of 6 rows rejected crosses max_rejected_rows (0.1): written only when accepted.
        assertSucceeds(try p.rank(extra: ["--accept-poor-data"]))
        assertContains(p.output("data_quality.txt"), [
            "6 records, 4 kept, 2 rejected",
            "conflict.csv:4: warning: row rejected: it has 5 fields, the header has 6",
            "conflict.csv:5: warning: row rejected: it has 7 fields, the header has 6",
            "conflict: 3 placed, 1 outside every unit"])
    }

    func testUnterminatedQuoteNamesTheLine() throws {
        let p = try ProjectCopy()
        try p.useConflict("unterminated_quote")
        assertFails(try p.rank(), status: 2, mentions: [
            "conflict.csv:5: a quoted field opened on line 5", "is never closed", "add the missing closing quote"])
    }

    func testByteOrderMarkIsReadAsUTF8AndChangesNothing() throws {
        let plain = try ProjectCopy()
        assertSucceeds(try plain.rank())
        let bom = try ProjectCopy()
        try bom.useConflict("bom")
        assertSucceeds(try bom.rank())
        assertContains(bom.output("data_quality.txt"), ["6 records, 6 kept, 0 rejected; encoding UTF-8 (UTF-8 byte order mark)"])
        // Same events, same header once the BOM is gone: the same ranking, byte for byte.
        XCTAssertEqual(plain.output("priority_list.csv"), bom.output("priority_list.csv"))
        XCTAssertFalse(plain.output("priority_list.csv").isEmpty)
    }

    func testMixedDateFormatsStopAtTheContradiction() throws {
        // 15/06/2020 can only be day first and 12-31-2020 only month first: reading the column
        // either way would misread the other, so the run stops and asks for date_format.
        let p = try ProjectCopy()
        try p.useConflict("mixed_dates")
        assertFails(try p.rank(), status: 2, mentions: [
            "conflict.csv:5: column 'event_date' mixes day-first dates ('15/06/2020', line 3) and month-first dates ('12-31-2020', line 5)",
            "read for [layers.conflict] at"])
        // Stated, the dates in the other order and 2018/01/10 (no documented spelling) are rejected rows.
        try Data((try String(contentsOf: p.file("targeting.toml"), encoding: .utf8) + "date_format = \"DD/MM/YYYY\"\n").utf8).write(to: p.file("targeting.toml"))
        assertSucceeds(try p.rank(extra: ["--accept-poor-data"]))
        assertContains(p.output("data_quality.txt"), [
            "6 records, 4 kept, 2 rejected",
            "conflict.csv:5: warning: row rejected: column 'event_date': '12-31-2020' is not a date",
            "conflict.csv:6: warning: row rejected: column 'event_date': '2018/01/10' is not a date"])
    }

    func testSwappedLatitudeAndLongitudeAreCountedOutside() throws {
        // (lon, lat) = (-5.5, 22.5) … lie in West Africa, far outside the four Kasaï squares.
        let p = try ProjectCopy()
        try p.useConflict("swapped_latlon")
        // Every point outside crosses max_outside_points: the run stops before writing anything.
        assertFails(try p.rank(), status: 3, mentions: [
            "layer conflict (conflict.csv): 6 of 6 points outside every unit (100%), over max_outside_points = 0.25 (default)",
            "conflict.csv:2: point (-5.5, 22.5) lies outside every unit"])
        XCTAssertEqual(p.output("data_quality.txt"), "")
        assertSucceeds(try p.rank(extra: ["--accept-poor-data"]))
        assertContains(p.output("data_quality.txt"), ["conflict: 0 placed, 6 outside every unit", "outside-units: 6\n"]
                       + (2...7).map { "conflict.csv:\($0): warning: point (" })
        let json = try JSONSerialization.jsonObject(with: Data(p.output("data_quality.json").utf8)) as? [String: Any]
        let placements = json?["placements"] as? [[String: Any]]
        XCTAssertEqual(placements?.first?["outside"] as? Int, 6)
        XCTAssertEqual(placements?.first?["placed"] as? Int, 0)
    }

    func testEmptyTable() throws {
        let p = try ProjectCopy()
        try p.useConflict("empty")
        assertFails(try p.rank(), status: 2, mentions: ["conflict.csv:1: the file is empty: no header line"])
    }

    func testInspectOnTables() throws {
        let dir = TargetingBinary.fixtures.appendingPathComponent("csv")
        assertFails(try runTargeting(["inspect", dir.appendingPathComponent("unterminated_quote.csv").path], timeout: 60),
                    status: 1, mentions: ["unterminated_quote.csv:5: a quoted field opened on line 5"])
        let ragged = try runTargeting(["inspect", dir.appendingPathComponent("ragged.csv").path], timeout: 60)
        assertSucceeds(ragged, mentions: ["Table: " + dir.appendingPathComponent("ragged.csv").path,
                                          "ragged.csv:4: warning: row rejected: it has 5 fields", "ragged.csv:5: warning: row rejected: it has 7 fields"])
        XCTAssertFalse(ragged.stdout.contains("Shapefile:"), "a CSV table is not a shapefile:\n\(ragged.stdout)")
    }
}
