import Foundation
import XCTest

/// `fact_rows.csv` and the normalisation bounds of `indicators.csv`, through the built binary, on
/// the project in Tests/Fixtures/trace (make_trace.py says what each line of its files holds).
final class FactRowsOutputTests: XCTestCase {
    struct RankFailed: Error {}

    /// The trace project copied to a temporary folder and ranked there (so files are cited by name).
    func rank() throws -> (folder: URL, outputs: (String) -> String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cli-trace-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TargetingBinary.packageRoot.appendingPathComponent("Tests/Fixtures/trace"), to: dir)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let r = try runTargeting(["rank", "--project", "targeting.toml", "--out", "out", "--no-maps"], cwd: dir)
        XCTAssertEqual(r.status, 0, r.output)
        // Without outputs every check below would index into empty lists.
        guard r.status == 0 else { throw RankFailed() }
        return (dir, { name in
            String(decoding: (try? Data(contentsOf: dir.appendingPathComponent("out").appendingPathComponent(name))) ?? Data(), as: UTF8.self)
        })
    }

    func lines(_ csv: String, unit: String, fact: String) -> [String] {
        csv.split(separator: "\n").map(String.init).filter { $0.hasPrefix("\(unit),\(fact),") }
    }

    func testEveryFactListsItsRowsWithinTheBound() throws {
        let (_, out) = try rank()
        let csv = out("fact_rows.csv")
        XCTAssertTrue(csv.hasPrefix("unit_id,fact,n,layer,file,line,record,id_field,row_id,date,value,rows_total,note\n"))

        // 53 events in CD9102001 (lines 2–54): the first 50 in file order, then one line for the 3 others.
        let events = lines(csv, unit: "CD9102001", fact: "events")
        XCTAssertEqual(events.count, 51)
        XCTAssertEqual(events.first, "CD9102001,events,1,conflict,conflict.csv,2,,event_id_cnty,EV001,2020-01-01,1,53,")
        XCTAssertEqual(events[49], "CD9102001,events,50,conflict,conflict.csv,51,,event_id_cnty,EV050,2020-02-19,1,53,")
        XCTAssertEqual(events.last, "CD9102001,events,,conflict,,,,,,,3,53,… and 3 more rows (value: their total)")

        // Deaths: fatalities = line − 2, largest first: lines 54 down to 5 listed (52 … 3); lines
        // 2–4 (0 + 1 + 2 = 3) summed in the last line. 0 + 1 + … + 52 = 1378.
        let deaths = lines(csv, unit: "CD9102001", fact: "deaths")
        XCTAssertEqual(deaths.first, "CD9102001,deaths,1,conflict,conflict.csv,54,,event_id_cnty,EV053,2020-02-22,52,53,")
        XCTAssertEqual(deaths[49], "CD9102001,deaths,50,conflict,conflict.csv,5,,event_id_cnty,EV004,2020-01-04,3,53,")
        XCTAssertEqual(deaths.last, "CD9102001,deaths,,conflict,,,,,,,3,53,… and 3 more rows (value: their total)")
        let listed = deaths.map { Double($0.split(separator: ",", omittingEmptySubsequences: false)[10])! }
        XCTAssertEqual(listed.reduce(0, +), 1378)

        // The latest DTM round up to as_of: round 2 (line 4), not round 1 (line 3); CD9102002's
        // round 3 (line 6) is after as_of; CD9201002 has no round, so no rows.
        XCTAssertEqual(lines(csv, unit: "CD9102001", fact: "idps"), ["CD9102001,idps,1,dtm,dtm.csv,4,,Round,2,2020-09-30,250,1,"])
        XCTAssertEqual(lines(csv, unit: "CD9102002", fact: "idps"), ["CD9102002,idps,1,dtm,dtm.csv,5,,Round,2,2020-09-30,40,1,"])
        XCTAssertEqual(lines(csv, unit: "CD9201002", fact: "idps"), [])
        // Outside the window (EV057, 2017): CD9201002 has no event rows.
        XCTAssertEqual(lines(csv, unit: "CD9201002", fact: "events"), [])

        // Nearest facility: one row, with the manifest's id column, at the distance facts.csv gives.
        let near = lines(csv, unit: "CD9201002", fact: "km_health")
        XCTAssertEqual(near.count, 1)
        XCTAssertTrue(near[0].hasPrefix("CD9201002,km_health,1,health,health.csv,3,,site_id,H2,,"), near[0])
        let facts = out("facts.csv").split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let kmColumn = try XCTUnwrap(facts[0].firstIndex(of: "km_health"))
        let km = try XCTUnwrap(facts.first { $0[0] == "CD9201002" })[kmColumn]
        XCTAssertEqual(near[0], "CD9201002,km_health,1,health,health.csv,3,,site_id,H2,,\(km),1,")
    }

    func testIndicatorsCarryTheBoundsTheirNormalisationUsed() throws {
        let (_, out) = try rank()
        let rows = out("indicators.csv").split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertEqual(rows[0], ["unit_id", "criterion", "indicator", "raw", "transformed", "normalised", "contribution", "missing",
                                 "norm_min", "norm_max", "norm_mean", "norm_sd"])
        func bounds(_ indicator: String) -> Set<[String]> { Set(rows.dropFirst().filter { $0[2] == indicator }.map { Array($0[8...]) }) }
        // events: 53, 2, 1, 0 per unit, through log(1+x): 0 … log 54. deaths: 1378, 5, 0, 0.
        XCTAssertEqual(bounds("events").count, 1, "the same bounds on every row of an indicator")
        let ev = try XCTUnwrap(bounds("events").first)
        XCTAssertEqual(Double(ev[0]), 0)
        XCTAssertEqual(Double(ev[1]), log1p(53.0))
        XCTAssertEqual(try XCTUnwrap(bounds("deaths").first).prefix(2).map { Double($0) }, [0, log1p(1378.0)])
        // idps (no transform): 250, 40, 70 and one unit missing: 40 … 250.
        XCTAssertEqual(bounds("idps"), [["40", "250", "", ""]])
        // Recomputing one scaled value from them: CD9201001's 70 → (70 − 40) / (250 − 40) × 10.
        let kamako = try XCTUnwrap(rows.first { $0[0] == "CD9201001" && $0[2] == "idps" })
        XCTAssertEqual(try XCTUnwrap(Double(kamako[5])), 30.0 / 210 * 10, accuracy: 1e-12)
    }

    func testExplanationsAndReportCiteTheRowsAndBounds() throws {
        let (_, out) = try rank()
        // CD9102001 leads; its drivers are idps (3.33), then deaths and events (1.67 each, by name).
        assertContains(out("explanations.md"), [
            "- rows behind idps (idps, 1 row): dtm.csv:4 (Round 2, 2020-09-30) +250\n",
            "- rows behind deaths (deaths, 53 rows, largest first): conflict.csv:54 (event_id_cnty EV053, 2020-02-22) +52; conflict.csv:53 (event_id_cnty EV052, 2020-02-21) +51; conflict.csv:52 (event_id_cnty EV051, 2020-02-20) +50; conflict.csv:51 (event_id_cnty EV050, 2020-02-19) +49; conflict.csv:50 (event_id_cnty EV049, 2020-02-18) +48; … and 48 more in fact_rows.csv\n",
        ])
        assertContains(out("report.html"), ["<th>bounds used</th>", "<td>min 40 · max 250 over 3 units with a value</td>"])
    }

    func testSameInputsGiveTheSameRows() throws {
        let (dir, out) = try rank()
        let first = out("fact_rows.csv")
        let r = try runTargeting(["rank", "--project", "targeting.toml", "--out", "out", "--no-maps"], cwd: dir)
        XCTAssertEqual(r.status, 0, r.output)
        XCTAssertEqual(out("fact_rows.csv"), first)
        XCTAssertFalse(first.isEmpty)
    }
}
