import Foundation
import XCTest

/// Name aliases through the built binary, on Natural Earth's African countries and a table naming
/// them in German (Tests/Fixtures/where, README there). The candidates and alias lines expected
/// below are those `candidates.py` computes apart, with pandas, from the README's definition.
final class AliasCommandTests: XCTestCase {
    /// A copy of the fixture folder, with `extra` appended to [layers.idps] and the files given.
    func project(_ extra: String = "", files: [String: String] = [:]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("aliases-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TargetingBinary.packageRoot.appendingPathComponent("Tests/Fixtures/where"), to: url)
        let manifest = url.appendingPathComponent("targeting.toml")
        let text = try String(contentsOf: manifest, encoding: .utf8) + extra
        try Data(text.utf8).write(to: manifest)
        for (name, content) in files { try Data(content.utf8).write(to: url.appendingPathComponent(name)) }
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func inspect(_ url: URL) throws -> CLIResult {
        try runTargeting(["inspect", "--project", "targeting.toml"], cwd: url)
    }

    func testUnmatchedRowsGetCandidatesAndTheAliasLinesToAdd() throws {
        let r = try inspect(try project())
        assertSucceeds(r, mentions: ["""
                  matched by p-code: 1
                  matched by name within parent: 1
                  ambiguous: 0
                  unmatched: 6
            """, """
                Unmatched rows (not joined):
                  idps_de.csv:2: "DR Kongo"; nearest among all units: COD Dem. Rep. Congo (1), COG Congo (2), TGO Togo (3)
                  idps_de.csv:3: "Aegypten"; nearest among all units: EGY Egypt (3), GNQ Eq. Guinea (5), AGO Angola (6)
                  idps_de.csv:4: "Congo, Dem. Rep."; nearest among all units: COD Dem. Rep. Congo (0), COG Congo (4), NER Niger (4)
                  idps_de.csv:5: "Elfenbeinkueste"; nearest among all units: BEN Benin (11), GNQ Eq. Guinea (11), MOZ Mozambique (11)
                  idps_de.csv:6: "Tansania"; nearest among all units: TZA Tanzania (1), TUN Tunisia (4), AGO Angola (5)
                  idps_de.csv:9: "Zentralafrikanische Republik"; nearest among all units: ZMB Zambia (6), BDI Burundi (7), BEN Benin (7)
                Alias lines to add (the nearest unit is proposed: check each; save them, with the first line, as a CSV file named by aliases = "…" in [layers.idps]):
                  name,unit
                  DR Kongo,COD
                  Aegypten,EGY
                  "Congo, Dem. Rep.",COD
                  Elfenbeinkueste,BEN
                  Tansania,TZA
                  Zentralafrikanische Republik,ZMB

            """])
    }

    func testTheAliasFileJoinsTheRows() throws {
        // The printed lines pasted, the two wrong proposals corrected by hand.
        let url = try project("aliases = \"names.csv\"\n", files: ["names.csv": """
            name,unit
            DR Kongo,COD
            Aegypten,EGY
            "Congo, Dem. Rep.",COD
            Elfenbeinkueste,CIV
            Tansania,TZA
            Zentralafrikanische Republik,CAF

            """])
        let r = try inspect(url)
        assertSucceeds(r, mentions: ["""
                  matched by p-code: 1
                  matched by alias (names.csv): 6
                  matched by name within parent: 1
                  ambiguous: 0
                  unmatched: 0
                  codes that name no unit: 0
                Matched by alias:
                  idps_de.csv:2: "DR Kongo" -> COD
                  idps_de.csv:3: "Aegypten" -> EGY
                  idps_de.csv:4: "Congo, Dem. Rep." -> COD
                  idps_de.csv:5: "Elfenbeinkueste" -> CIV
                  idps_de.csv:6: "Tansania" -> TZA
                  idps_de.csv:9: "Zentralafrikanische Republik" -> CAF

            """])
        XCTAssertFalse(r.output.contains("Alias lines to add"), r.output)
    }

    func testRankSumsTheAliasedRowsIntoTheirUnits() throws {
        let url = try project("aliases = \"names.csv\"\n", files: [
            "names.csv": "name,unit\nDR Kongo,COD\nAegypten,EGY\n\"Congo, Dem. Rep.\",COD\nElfenbeinkueste,CIV\nTansania,TZA\nZentralafrikanische Republik,CAF\n",
            "rules.lua": "facts {\n  idps = sum { layer = \"idps\", field = \"idps\" },\n}\ncriterion \"displacement\" {\n  indicator \"idps\" { transform = log1p },\n}\nscore { \"displacement\" }\n",
        ])
        let r = try runTargeting(["rank", "--project", "targeting.toml", "--rules", "rules.lua", "--as-of", "2020-12-31", "--out", "out", "--no-maps"], cwd: url)
        assertSucceeds(r, mentions: [
            "  units (naturalearth_lowres.shp): 177 records, 126 left out by where (continent = \"Africa\"), 51 kept\n",
            "  idps (idps_de.csv): 8 rows read, 8 kept, 0 rejected; 8 joined (1 by p-code, 6 by alias, 1 by name), 0 not joined\n",
        ])
        // By hand from idps_de.csv: DR Kongo 100 + Congo, Dem. Rep. 30; Elfenbeinkueste 20 + Cote d'Ivoire 5.
        let facts = try String(contentsOf: url.appendingPathComponent("out/facts.csv"), encoding: .utf8).components(separatedBy: "\n")
        for row in ["COD,Dem. Rep. Congo,,,130", "CIV,Côte d'Ivoire,,,25", "EGY,Egypt,,,50", "TZA,Tanzania,,,10", "SSD,S. Sudan,,,7",
                    "CAF,Central African Rep.,,,3", "COG,Congo,,,0"] {
            XCTAssertTrue(facts.contains(row), "\(row) not in\n\(facts.joined(separator: "\n"))")
        }
        let manifest = try String(contentsOf: url.appendingPathComponent("out/run_manifest.json"), encoding: .utf8)
        XCTAssertTrue(manifest.contains("\"entry\" : \"layers.idps.aliases\""), manifest)
    }

    func testWithoutWhereTheWorldFileHasDuplicateIDs() throws {
        // Why the fixture's units need their filter: five countries share iso_a3 = -99.
        let url = try project()
        let manifest = url.appendingPathComponent("targeting.toml")
        let text = try String(contentsOf: manifest, encoding: .utf8).replacingOccurrences(of: "where = { continent = \"Africa\" }\n", with: "")
        try Data(text.utf8).write(to: manifest)
        let r = try inspect(url)
        XCTAssertEqual(r.status, 1, r.output)
        XCTAssertTrue(r.stderr.contains("unit id -99 appears twice"), r.stderr)
    }

    // MARK: bad alias files, exactly

    func aliasError(_ content: String) throws -> String {
        let url = try project("aliases = \"names.csv\"\n", files: ["names.csv": content])
        let r = try inspect(url)
        XCTAssertEqual(r.status, 1, r.output)
        return r.stderr.replacingOccurrences(of: url.path + "/", with: "")
    }

    func testUnknownUnitIDIsNamedWithItsLine() throws {
        XCTAssertEqual(try aliasError("name,unit\nDR Kongo,COD\nAegypten,EGYP\n"), """
            error: names.csv:3: the alias "Aegypten" names the unit 'EGYP', which is not a unit id of naturalearth_lowres.shp
              hint: did you mean 'EGY'?; alias file of [layers.idps], named at targeting.toml:15

            """)
    }

    func testMissingColumnsBlankCellsAndConflictingLines() throws {
        XCTAssertEqual(try aliasError("land,iso\nDR Kongo,COD\n"), """
            error: names.csv:1: names.csv needs the columns 'name' and 'unit' (the name or code as the table writes it, and the unit id); it has: land, iso
              hint: make its first line name,unit; alias file of [layers.idps], named at targeting.toml:15

            """)
        XCTAssertEqual(try aliasError("name,unit\nDR Kongo,\n"), """
            error: names.csv:2: alias line with a blank unit
              hint: give both the name (or code) as the table writes it and the unit id, or remove the line; alias file of [layers.idps], named at targeting.toml:15

            """)
        XCTAssertEqual(try aliasError("name,unit\nDR Kongo,COD\nTansania,TZA\ndr-kongo,COG\n"), """
            error: names.csv:4: "dr-kongo" is given the unit COG here and COD on line 2
              hint: keep one line per name (names are compared without case, accents or punctuation); alias file of [layers.idps], named at targeting.toml:15

            """)
    }
}
