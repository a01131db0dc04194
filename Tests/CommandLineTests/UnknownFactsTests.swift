import Foundation
import XCTest

/// Facts that must come out unknown (empty), never a quietly wrong number, through the built
/// binary on Tests/Fixtures/facts2 (its README says what each line holds and the expected facts).
final class UnknownFactsTests: XCTestCase {
    func copyOfFixture() throws -> URL {
        try temporaryCopy(ofFixture: "facts2", prefix: "cli-facts2")
    }

    func testUnreadableLatestRoundsEmptySumsAndDuplicateRows() throws {
        let dir = try copyOfFixture()
        let r = try runTargeting(["rank", "--project", "targeting.toml", "--out", "out", "--no-maps"], cwd: dir)
        XCTAssertEqual(r.status, 0, r.output)
        let facts = String(decoding: (try? Data(contentsOf: dir.appendingPathComponent("out/facts.csv"))) ?? Data(), as: UTF8.self)
        // idps: CD9102001's latest round is rejected (not 24), CD9102002's duplicate is dropped (40, not 80),
        // CD9201001's latest cell is empty (not 0 nor 70). deaths: 3 + empty is 3 (partial); one
        // empty alone is unknown; no events is 0.
        XCTAssertEqual(facts, """
            unit_id,unit_name,parent_id,population,deaths,events,idps
            CD9102001,Bena Mbaya,CD9102,12000,3,2,
            CD9102002,Tshiluba,CD9102,8000,,1,40
            CD9201001,Kamako,CD9201,15000,0,0,
            CD9201002,Mbuji,CD9201,5000,0,0,5

            """)
        let diagnostics = String(decoding: (try? Data(contentsOf: dir.appendingPathComponent("out/diagnostics.csv"))) ?? Data(), as: UTF8.self)
        for line in [
            "duplicate-row,warning,dtm.csv,6,,\"row is identical in every cell to line 5: the copy is dropped, not counted twice\"",
            "latest-round-unreadable,warning,dtm.csv,4,,\"unit CD9102001 Bena Mbaya: the latest round (2020-10-31) has 1 rejected row(s), this one first: idps is left empty, not taken from an older round\"",
            "latest-round-unreadable,warning,dtm.csv,8,,\"unit CD9201001 Kamako: no row of the latest round (2020-09-30) has a value in #affected+idps+ind: idps is left empty, not read as 0 nor taken from an older round\"",
            "partial-sum,warning,conflict.csv,3,,\"unit CD9102001 Bena Mbaya: 1 of 2 rows have no value in fatalities, this one first: deaths is the sum of the other 1 (a partial sum)\"",
        ] {
            XCTAssertTrue(diagnostics.contains(line), "missing: \(line)\n\(diagnostics)")
        }
        XCTAssertTrue(r.output.contains("dtm (dtm.csv): 7 rows read, 5 kept, 2 rejected (29%)"), r.output)
    }

    func testATagOnTwoColumnsStopsTheRun() throws {
        let dir = try copyOfFixture()
        let r = try runTargeting(["rank", "--project", "targeting_twotags.toml", "--out", "out", "--no-maps"], cwd: dir)
        XCTAssertEqual(r.status, 2, r.output)
        XCTAssertTrue(r.output.contains("""
            error: dtm_twotags.csv:1: '#affected+idps+ind' (wanted as numbers) names 2 columns: 'Estimation' (column 4) and 'Deplaces' (column 5)
              hint: name the column by its header instead of its tag, or remove the extra column (or give it another tag or header); read for [layers.dtm] at targeting_twotags.toml:19
            """), r.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }
}
