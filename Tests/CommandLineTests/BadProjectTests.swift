import Foundation
import XCTest

/// Manifests and unit layers that are wrong in the ways a GIS officer's edits go wrong.
final class BadProjectTests: XCTestCase {
    func testUnknownKeySuggestsTheRightOne() throws {
        let p = try ProjectCopy()
        try p.useManifest("unknown_key")
        assertFails(try p.rank(), status: 2, mentions: ["targeting.toml:9: unknown key 'populaton' in [units]", "did you mean 'population'?"])
    }

    func testWrongTypeSaysWhatWasExpected() throws {
        let p = try ProjectCopy()
        try p.useManifest("wrong_type")
        assertFails(try p.rank(), status: 2, mentions: [
            "targeting.toml:16: [layers.conflict] numbers: expected an array of column names", "found an integer (5)"])
    }

    func testBadDateAndUnterminatedString() throws {
        let p = try ProjectCopy()
        try p.useManifest("bad_date")
        assertFails(try p.rank(), status: 2, mentions: [#"targeting.toml:2: as_of must be an ISO date YYYY-MM-DD, found "31/12/2020""#])
        try p.useManifest("unterminated")
        assertFails(try p.rank(), status: 2, mentions: ["targeting.toml:1: the string opened on line 1 is not closed on the same line"])
    }

    func testCommandLineValidationExits64() throws {
        let p = try ProjectCopy()
        assertFails(try p.rank(extra: ["--as-of", "31/12/2020"]), status: 64, mentions: ["--as-of 31/12/2020 is not a date"])
        assertFails(try p.rank(extra: ["--top", "0"]), status: 64, mentions: ["--top must be at least 1"])
    }

    func testDuplicateUnitIdsNameBothRecords() throws {
        let p = try ProjectCopy()
        try p.useUnits("duplicate_ids")
        assertFails(try p.rank(), status: 2, mentions: ["unit id CD9102001 appears twice", "units.shp: record 1", "units.shp: record 3"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: p.file("out/priority_list.csv").path))
    }

    func testUnitsWithoutPopulationAreReportedAndKeptOutOfPerHead() throws {
        let p = try ProjectCopy()
        try p.useUnits("no_population")
        // per_head missing for 4 of 4 units crosses max_units_missing_indicator: the run stops (exit 3)
        // unless the poor data is accepted.
        assertFails(try p.rank(), status: 3, mentions: ["indicator per_head: missing for 4 of 4 units (100%), over max_units_missing_indicator = 0.25 (default)"])
        assertSucceeds(try p.rank(extra: ["--accept-poor-data"]), mentions: ["ranked 4 of 4 units"])
        assertContains(p.output("data_quality.txt"), [
            "no-population: 4",
            "units.shp: record 1: warning: unit CD9102001 has no population: per-head facts are left empty",
            "indicator per_head is missing for 4 unit(s) (CD9102001, CD9102002, CD9201001, CD9201002)"])
        // The per-head indicator is missing for every unit (not zero): the indicators table says so,
        // while the counts are there (by construction: 2 events in CD9102001, 5 deaths in CD9102002).
        assertContains(p.output("indicators.csv"),
                       ["CD9102001", "CD9102002", "CD9201001", "CD9201002"].map { "\($0),conflict,per_head,,,,,missing population" }
                       + ["CD9102001,conflict,events,2,", "CD9102002,conflict,deaths,5,"])
    }
}
