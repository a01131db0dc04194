import Foundation
import XCTest

/// Third-party spellings of the same 300 ACLED events (Tests/Fixtures/formats, written by pandas
/// with make_formats.py from the sample's acled_kasai.csv), ranked on the sample's groupements:
/// each must give the facts of the original file, or stop naming the layer. The expected totals
/// were computed with pandas from acled_original.csv (windows [2020-01-02, 2020-12-31] and
/// [2018-01-03, 2020-01-01]; the 3 events outside every groupement, lines 95, 219, 281, left out).
final class FormatTests: XCTestCase {
    static let fixtures = TargetingBinary.packageRoot.appendingPathComponent("Tests/Fixtures/formats")
    static let kasai = TargetingBinary.packageRoot.appendingPathComponent("Shapefiles/kasai")

    /// A project of the sample's groupements and one conflict layer read from fixture `name`.
    final class FormatProject {
        let url: URL
        init(_ name: String, extra: String = "") throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("cli-formats-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            let manifest = """
                name = "formats"
                as_of = "2020-12-31"
                rules = "\(FormatTests.fixtures.appendingPathComponent("rules.lua").path)"

                [units]
                path = "\(FormatTests.kasai.appendingPathComponent("groupements.shp").path)"
                id = "GRP_PCODE"
                name = "GRP_FR"
                population = "POP_2017"
                parent = "ADM2_PCODE"

                [layers.conflict]
                kind = "points"
                path = "\(FormatTests.fixtures.appendingPathComponent("acled_\(name).csv").path)"
                date = "event_date"
                numbers = ["fatalities"]
                \(extra)
                """
            try Data(manifest.utf8).write(to: url.appendingPathComponent("targeting.toml"))
        }
        deinit { try? FileManager.default.removeItem(at: url) }

        var manifest: String { url.appendingPathComponent("targeting.toml").path }

        func rank() throws -> CLIResult {
            try runTargeting(["rank", "--project", manifest, "--out", url.appendingPathComponent("out").path, "--no-maps"], cwd: url)
        }

        func output(_ name: String) -> String {
            String(decoding: (try? Data(contentsOf: url.appendingPathComponent("out/\(name)"))) ?? Data(), as: UTF8.self)
        }

        /// The total of each fact over all units, from facts.csv.
        func factTotals() -> [String: Double] {
            let lines = output("facts.csv").split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            guard let header = lines.first else { return [:] }
            var totals: [String: Double] = [:]
            for name in ["events_year", "events_before", "deaths_year", "deaths_all"] {
                guard let c = header.firstIndex(of: name) else { continue }
                totals[name] = lines.dropFirst().reduce(0) { $0 + (Double($1[c]) ?? 0) }
            }
            return totals
        }
    }

    static let originalTotals: [String: Double] = ["events_year": 114, "events_before": 183, "deaths_year": 263, "deaths_all": 713]

    func testOriginalGivesTheIndependentCounts() throws {
        let p = try FormatProject("original")
        assertSucceeds(try p.rank())
        XCTAssertEqual(p.factTotals(), Self.originalTotals)
    }

    /// Every spelling gives facts.csv byte for byte as the original, and says on the console how it
    /// was read when the manifest did not state it.
    func testThirdPartySpellingsGiveTheSameFacts() throws {
        let original = try FormatProject("original")
        assertSucceeds(try original.rank())
        let facts = original.output("facts.csv")
        XCTAssertFalse(facts.isEmpty)
        let f = Self.fixtures.path
        let cases: [(name: String, extra: String, says: [String])] = [
            ("semicolon_decimal_comma", "delimiter = \";\"", [
                "warning: \(f)/acled_semicolon_decimal_comma.csv:2: warning: numbers read with a decimal comma: '-5,2086' (column 'latitude') can only be a decimal comma, and no number of the file uses a decimal point (set decimal = \",\" for this layer to state it)"]),
            ("semicolon_decimal_comma", "delimiter = \";\"\ndecimal = \",\"", []),
            ("comma_decimal_comma", "", [
                "warning: \(f)/acled_comma_decimal_comma.csv:2: warning: numbers read with a decimal comma: '-5,2086' (column 'latitude')"]),
            ("excel_fr", "delimiter = \";\"", [
                "warning: \(f)/acled_excel_fr.csv:2: warning: column 'event_date': numeric dates read as DD/MM/YYYY (day first): in '30/12/2020' the first part is above 12, so it is the day (set date_format = \"DD/MM/YYYY\" for this layer to state it)"]),
            ("month_first", "", [
                "warning: \(f)/acled_month_first.csv:2: warning: column 'event_date': numeric dates read as MM/DD/YYYY (month first): in '12/30/2020' the second part is above 12, so it is the day (set date_format = \"MM/DD/YYYY\" for this layer to state it)"]),
            ("month_first", "date_format = \"MM/DD/YYYY\"", []),
            ("day_month_dash", "", []),
            ("iso_time", "", []),
        ]
        for c in cases {
            let p = try FormatProject(c.name, extra: c.extra)
            let r = try p.rank()
            assertSucceeds(r, mentions: c.says)
            if c.says.isEmpty { XCTAssertFalse(r.stderr.contains("warning: "), "\(c.name) \(c.extra): nothing to announce:\n\(r.stderr)") }
            XCTAssertEqual(p.output("facts.csv"), facts, "\(c.name) with \(c.extra)")
            XCTAssertTrue(p.output("data_quality.txt").contains("300 records, 300 kept, 0 rejected"), "\(c.name):\n\(p.output("data_quality.txt"))")
        }
    }

    func testSemicolonFileWithoutItsDelimiterStopsNamingTheLayer() throws {
        let p = try FormatProject("semicolon_decimal_comma")
        assertFails(try p.rank(), status: 2, mentions: [
            "acled_semicolon_decimal_comma.csv:1: the header has a single column but contains 8 ';' characters: the file looks like ';'-separated, not ','-separated",
            "hint: set delimiter = \";\" for this layer; read for [layers.conflict] at \(p.manifest):12"])
    }

    func testUndecidableDayMonthOrderStopsAndAStatedOneIsRead() throws {
        let p = try FormatProject("month_first_undecidable")
        assertFails(try p.rank(), status: 2, mentions: [
            "acled_month_first_undecidable.csv:2: column 'event_date': the day/month order of dates such as '12/05/2020' cannot be decided: none of the 88 distinct dates written with numbers has a part above 12, so each could be read either way",
            "hint: set date_format = \"DD/MM/YYYY\" or date_format = \"MM/DD/YYYY\" for this layer; read for [layers.conflict] at \(p.manifest):12"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: p.url.appendingPathComponent("out/facts.csv").path))
        // Stated, it is read month first: the 116 events on days 1–12 (pandas: 46 and 67 in the windows).
        let stated = try FormatProject("month_first_undecidable", extra: "date_format = \"MM/DD/YYYY\"")
        assertSucceeds(try stated.rank())
        XCTAssertEqual(stated.factTotals()["events_year"], 46)
        XCTAssertEqual(stated.factTotals()["events_before"], 67)
    }

    func testMixedDecimalMarksStopAndAStatedMarkRejectsTheOtherCell() throws {
        let p = try FormatProject("mixed_decimal")
        assertFails(try p.rank(), status: 2, mentions: [
            "acled_mixed_decimal.csv:7: the numbers mix decimal commas ('2,5' in column 'fatalities', line 7) and decimal points ('-5.2086' in column 'latitude', line 2): which one the file means cannot be decided",
            "hint: set decimal = \",\" or decimal = \".\" for this layer; cells written the other way are then reported row by row; read for [layers.conflict] at \(p.manifest):12"])
        let stated = try FormatProject("mixed_decimal", extra: "decimal = \".\"")
        assertSucceeds(try stated.rank())
        assertContains(stated.output("data_quality.txt"), [
            "300 records, 299 kept, 1 rejected",
            "acled_mixed_decimal.csv:7: warning: row rejected: column 'fatalities': '2,5' is not a number: it has a decimal comma, but the layer's numbers are read with decimal points"])
    }

    /// `n/a`, `-`, `NA` in 36 fatalities cells: the rows stay (same events), the sums skip the cells
    /// (pandas: 713 − 110 = 603 in all, 202 in the last year), and the report counts them.
    func testMissingTokensKeepTheirRows() throws {
        let p = try FormatProject("missing_tokens")
        assertSucceeds(try p.rank())
        XCTAssertEqual(p.factTotals(), ["events_year": 114, "events_before": 183, "deaths_year": 202, "deaths_all": 603])
        assertContains(p.output("data_quality.txt"), [
            "300 records, 300 kept, 0 rejected", "    column 'fatalities': 36 missing (36 marked missing)\n",
            "acled_missing_tokens.csv:2: warning: fatalities is empty: the row is left out of deaths_all, not read as 0"])
    }
}
