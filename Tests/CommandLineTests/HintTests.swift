import Foundation
import XCTest

/// Hints must name things that exist and, followed, give the value the user meant. Fixtures in
/// Tests/Fixtures/cli2 (make_cli2.sh): the ';'-separated, decimal-comma ACLED file of the format
/// fixtures with the 1 fatality of line 3 (DRC11372, in a groupement) written `1.000`, `1000` and
/// `1,000`. The original totals over the groupements are those of FormatTests (deaths_all 713,
/// deaths_year 263, events_year 114, counted by pandas from acled_original.csv).
final class HintTests: XCTestCase {
    static let fixtures = TargetingBinary.packageRoot.appendingPathComponent("Tests/Fixtures/cli2")

    /// A project of the sample's groupements and the conflict layer `acled_<name>.csv`, read with
    /// decimal commas, ranked into a temporary folder.
    final class CommaProject {
        let url: URL
        init(_ name: String, declaresNumbers: Bool = true) throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("cli2-hints-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            let root = TargetingBinary.packageRoot
            let manifest = """
                name = "hints"
                as_of = "2020-12-31"
                rules = "\(root.appendingPathComponent("Tests/Fixtures/formats/rules.lua").path)"

                [units]
                path = "\(root.appendingPathComponent("Shapefiles/kasai/groupements.shp").path)"
                id = "GRP_PCODE"
                name = "GRP_FR"
                population = "POP_2017"
                parent = "ADM2_PCODE"

                [layers.conflict]
                kind = "points"
                path = "\(HintTests.fixtures.appendingPathComponent("acled_\(name).csv").path)"
                date = "event_date"
                \(declaresNumbers ? "numbers = [\"fatalities\"]" : "")
                delimiter = ";"
                decimal = ","
                """
            try Data(manifest.utf8).write(to: url.appendingPathComponent("targeting.toml"))
        }
        deinit { try? FileManager.default.removeItem(at: url) }

        func rank() throws -> CLIResult {
            try runTargeting(["rank", "--project", url.appendingPathComponent("targeting.toml").path,
                              "--out", url.appendingPathComponent("out").path, "--no-maps"], cwd: url)
        }

        func output(_ name: String) -> String {
            String(decoding: (try? Data(contentsOf: url.appendingPathComponent("out/\(name)"))) ?? Data(), as: UTF8.self)
        }

        /// The total of each fact over all units, from facts.csv.
        func factTotals() -> [String: Double] {
            let lines = output("facts.csv").split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            guard let header = lines.first else { return [:] }
            var totals: [String: Double] = [:]
            for name in ["events_year", "deaths_year", "deaths_all"] {
                guard let c = header.firstIndex(of: name) else { continue }
                totals[name] = lines.dropFirst().reduce(0) { $0 + (Double($1[c]) ?? 0) }
            }
            return totals
        }
    }

    /// `1.000` in a decimal-comma layer is refused; the hint ties each spelling to its value, and
    /// writing either one as advised gives that value (a thousand is 1000, never 1,000 here).
    func testDecimalCommaAmbiguityHintGivesTheIntendedNumber() throws {
        let refused = try CommaProject("point_thousand")
        assertSucceeds(try refused.rank())
        let path = HintTests.fixtures.appendingPathComponent("acled_point_thousand.csv").path
        XCTAssertTrue(refused.output("diagnostics.csv").contains(
            "bad-number,warning,\(path),3,,\"row rejected: column 'fatalities': '1.000' is not a number: ambiguous: the point may group thousands (1.000 = 1000) or mark decimals (1.000 = 1); the layer is read with decimal commas (decimal = \"\",\"\"), so write 1000 to mean 1000, or 1,000 to mean 1 (the comma is this layer's decimal mark)\""),
                      refused.output("diagnostics.csv"))
        XCTAssertEqual(refused.factTotals(), ["events_year": 113, "deaths_year": 262, "deaths_all": 712])

        let thousand = try CommaProject("plain_thousand")
        assertSucceeds(try thousand.rank())
        XCTAssertFalse(thousand.output("diagnostics.csv").contains("bad-number"))
        XCTAssertEqual(thousand.factTotals(), ["events_year": 114, "deaths_year": 263 - 1 + 1000, "deaths_all": 713 - 1 + 1000])

        let one = try CommaProject("comma_one")
        assertSucceeds(try one.rank())
        XCTAssertEqual(one.factTotals(), ["events_year": 114, "deaths_year": 263, "deaths_all": 713])
    }

    /// A column summed by the rules but not listed in `numbers` is text read with a point: `1,000`
    /// is refused there, and the hint says to list the column so the layer's decimal comma applies;
    /// done, it is the 1 of FormatTests' totals.
    func testUndeclaredNumberColumnHintNamesTheNumbersKey() throws {
        let undeclared = try CommaProject("comma_one", declaresNumbers: false)
        assertSucceeds(try undeclared.rank())
        let path = HintTests.fixtures.appendingPathComponent("acled_comma_one.csv").path
        XCTAssertTrue(undeclared.output("diagnostics.csv").contains(
            "bad-number,warning,\(path),3,,\"fatalities \"\"1,000\"\" is not a number: the row is left out of deaths_all\",\"list \"\"fatalities\"\" in numbers = [...] of [layers.conflict], so that its cells are read as numbers with the layer's decimal mark; or write numbers with a dot and no thousands separator\""),
                      undeclared.output("diagnostics.csv"))
        XCTAssertEqual(undeclared.factTotals()["deaths_all"], 712)

        let declared = try CommaProject("comma_one")
        assertSucceeds(try declared.rank())
        XCTAssertEqual(declared.factTotals()["deaths_all"], 713)
    }

    /// Standalone `inspect` of a ';' file names its own --delimiter option, and following it reads the file.
    func testStandaloneInspectHintNamesItsOption() throws {
        let csv = "Tests/Fixtures/formats/acled_semicolon_decimal_comma.csv"
        let root = TargetingBinary.packageRoot
        let refused = try runTargeting(["inspect", csv], cwd: root)
        XCTAssertEqual(refused.status, 1, refused.output)
        XCTAssertTrue(refused.stdout.contains(
            "ERROR: \(csv):1: the header has a single column but contains 8 ';' characters: the file looks like ';'-separated, not ','-separated\n  hint: give --delimiter \";\"\n"),
                      refused.stdout)
        XCTAssertFalse(refused.output.contains("for this layer"))

        let read = try runTargeting(["inspect", "--delimiter", ";", csv], cwd: root)
        assertSucceeds(read, mentions: ["Shape type: Point (longitude/latitude columns)   Records: 300", "Fields (9): event_id_cnty [text]"])
        XCTAssertFalse(read.output.contains("ERROR"), read.output)
        // The decimal-comma coordinates are read as such (extremes computed with Python's csv module).
        XCTAssertTrue(read.stdout.contains("Bounding box (lon/lat): 19.650500, -8.450000 to 24.126200, -3.264200"), read.stdout)
        assertSucceeds(try runTargeting(["inspect", "--delimiter", ";", "--decimal", ",", csv], cwd: root),
                       mentions: ["Records: 300"])

        assertFails(try runTargeting(["inspect", "--delimiter", "x", csv], cwd: root), status: 64,
                    mentions: ["Error: --delimiter 'x' is not a CSV separator: use \",\", \";\", \"|\" or \"\\t\" (tab)"])
        assertFails(try runTargeting(["inspect", "--decimal", ";", csv], cwd: root), status: 64,
                    mentions: ["Error: --decimal ';' is not a decimal mark: use \".\" (12.5) or \",\" (12,5)"])
        assertFails(try runTargeting(["inspect", "--project", "Shapefiles/kasai/targeting.toml", "--delimiter", ";"], cwd: root), status: 64,
                    mentions: ["Error: --delimiter and --decimal apply to the .csv files given on the command line; with --project, set delimiter and decimal in the layer's [layers.NAME] of the manifest"])
    }

    /// A negative number is a value to validate, not an option; non-finite budgets are refused.
    func testNumericOptionsTakeNegativeValuesAndRefuseNonFinite() throws {
        let root = TargetingBinary.packageRoot
        let cases: [([String], String)] = [
            (["rank", "--budget", "-5"], "Error: --budget must be a positive amount (got -5.0)"),
            (["rank", "--budget", "inf"], "Error: --budget must be a finite amount (got inf): write the budget in the units of the rules' cost, e.g. --budget 250000"),
            (["rank", "--budget", "nan"], "Error: --budget must be a finite amount (got nan): write the budget in the units of the rules' cost, e.g. --budget 250000"),
            (["rank", "--top", "-3"], "Error: --top must be at least 1 (got -3)"),
            (["rank", "--per-parent", "-1"], "Error: --per-parent must be at least 1 (got -1)"),
            (["check", "Scripts/criteria.lua", "--sample", "-2"], "Error: --sample must be at least 1"),
            (["map", "--label-top", "-1"], "Error: --label-top cannot be negative"),
            (["bench", "--units", "-5"], "Error: --units must be at least 1"),
        ]
        for (args, message) in cases {
            let r = try runTargeting(args, cwd: root)
            assertFails(r, status: 64, mentions: [message])
            XCTAssertFalse(r.output.contains("Missing value"), r.output)
        }
    }

    /// /dev/null is a device, not "a file".
    func testOutFolderNamesADevice() throws {
        let root = TargetingBinary.packageRoot
        for command in ["rank", "map"] {
            assertFails(try runTargeting([command, "--out", "/dev/null"], cwd: root), status: 64,
                        mentions: ["Error: --out /dev/null is a device, not a folder: name a folder for the outputs (created if missing), e.g. --out out"])
            assertFails(try runTargeting([command, "--out", "/dev/null/sub"], cwd: root), status: 64,
                        mentions: ["Error: --out /dev/null/sub cannot be created: /dev/null is a device, not a folder; choose another --out folder"])
        }
    }

    /// `check` takes its rules script as an argument: a missing one is not sent to a --rules option it lacks.
    func testMissingRulesScriptOfCheckNamesNoAbsentOption() throws {
        let r = try runTargeting(["check", "missing-cli2.lua"], cwd: TargetingBinary.packageRoot)
        assertFails(r, status: 2, mentions: ["rules script missing-cli2.lua not found\n  hint: check the path of the rules script given on the command line"])
        XCTAssertFalse(r.output.contains("--rules"), r.output)
    }
}
