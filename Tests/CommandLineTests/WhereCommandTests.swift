import Foundation
import XCTest

/// `where` through the built binary: rows left out by a filter are counted on the console and in
/// the run manifest, and are not rejected rows for `[quality]` (README, manifest keys).
final class WhereCommandTests: XCTestCase {
    /// The tiny project's conflict table with three protests whose fatalities are unreadable.
    func project(where filter: String?) throws -> ProjectCopy {
        let p = try ProjectCopy()
        try """
        event_id_cnty,event_date,event_type,fatalities,latitude,longitude
        COD1,2020-03-01,Battles,2,-5.5,22.5
        COD2,2020-06-15,Riots,0,-5.4,22.6
        COD3,2019-11-20,Battles,5,-5.5,23.5
        COD4,2020-12-31,Violence against civilians,1,-6.5,22.5
        COD5,2018-01-10,Protests,?,-6.5,23.5
        COD6,2020-05-05,Protests,?,-5.5,22.5
        COD7,2020-05-06,Protests,?,-5.5,23.5
        COD8,2020-05-07,Battles,1,-6.5,23.5
        """.write(to: p.file("conflict.csv"), atomically: true, encoding: .utf8)
        if let filter {
            let old = try String(contentsOf: p.file("targeting.toml"), encoding: .utf8)
            try Data((old + filter + "\n").utf8).write(to: p.file("targeting.toml"))
        }
        return p
    }

    func testRowsLeftOutByWhereAreNotRejectedRows() throws {
        // The control: the three protests are 3 of 8 rows rejected, over the default 10%.
        let unfiltered = try project(where: nil)
        let stopped = try unfiltered.rank()
        XCTAssertEqual(stopped.status, 3, stopped.output)
        XCTAssertTrue(stopped.output.contains("3 of 8 rows rejected (38%)"), stopped.output)

        let p = try project(where: "where = { event_type = [\"Battles\", \"Riots\", \"Violence against civilians\"] }")
        let r = try p.rank()
        assertSucceeds(r, mentions: [
            "  conflict (conflict.csv): 8 rows read, 3 left out by where (event_type = [\"Battles\", \"Riots\", \"Violence against civilians\"]), 5 kept, 0 rejected",
        ])
        let manifest = try String(contentsOf: p.url.appendingPathComponent("out/run_manifest.json"), encoding: .utf8)
        XCTAssertTrue(manifest.contains("\"filteredOut\" : 3"), manifest)
        XCTAssertTrue(manifest.contains("\"filter\" : \"event_type = [\\\"Battles\\\", \\\"Riots\\\", \\\"Violence against civilians\\\"]\""), manifest)
    }

    func testUnitsCutByWhereAreSaidOnTheConsole() throws {
        let p = try project(where: nil)
        let text = try String(contentsOf: p.file("targeting.toml"), encoding: .utf8)
            .replacingOccurrences(of: "parent = \"ADM2_PCODE\"\n", with: "parent = \"ADM2_PCODE\"\nwhere = { ADM2_PCODE = \"CD9102\" }\n")
        try Data(text.utf8).write(to: p.file("targeting.toml"))
        let r = try p.rank(extra: ["--accept-poor-data"])
        XCTAssertTrue(r.output.contains("  units (units.shp): 4 records, 2 left out by where (ADM2_PCODE = \"CD9102\"), 2 kept\n"), r.output)
    }
}
