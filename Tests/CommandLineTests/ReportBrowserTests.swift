import Foundation
import XCTest

/// report.html in a real browser: the bundled sample ranked with an uncertainty analysis, opened
/// in headless Chromium at `#selftest` (the page then plays a planner's clicks and writes what it
/// saw into a `<pre>`, which `--dump-dom` prints). Every expected value comes from the run's
/// priority_list.csv, not from the page. Skipped only when Chromium is not installed; the test
/// command (Scripts/test.sh) installs it, so CI always runs it.
final class ReportBrowserTests: XCTestCase {
    static let chromiumCandidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]

    func testSampleReportWorksOfflineInChromium() throws {
        let root = TargetingBinary.packageRoot
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("report-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let rules = scratch.appendingPathComponent("criteria_uncertain.lua")
        let method = try String(contentsOf: root.appendingPathComponent("Scripts/criteria.lua"), encoding: .utf8)
        try (method + "\nuncertainty { runs = 100, seed = 7, weights = { all = 0.5 } }\n").write(to: rules, atomically: true, encoding: .utf8)
        let out = scratch.appendingPathComponent("out")
        assertSucceeds(try runTargeting(["rank", "--rules", rules.path, "--out", out.path, "--top", "30", "--quiet"], cwd: root, timeout: 600))
        let reportURL = out.appendingPathComponent("report.html")
        let html = try String(contentsOf: reportURL, encoding: .utf8)

        // Size: the sample's report stays small enough to mail.
        let bytes = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: reportURL.path)[.size] as? Int)
        XCTAssertLessThan(bytes, 3_000_000, "report.html is \(bytes) bytes")
        // Offline: the page allows no source at all but itself, and names no URL but SVG's namespace.
        assertContains(html, ["<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "])
        let urls = html.components(separatedBy: "://").count - 1
        let namespaces = html.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1
        XCTAssertEqual(urls, namespaces, "a URL other than the SVG namespace is in the report")
        // Without the script, the selected list is there as a table.
        let list = try CSVRows(String(contentsOf: out.appendingPathComponent("priority_list.csv"), encoding: .utf8))
        let selected = list.rows.filter { list.value($0, "selected") == "yes" }
        XCTAssertEqual(selected.count, 30)
        assertContains(html, ["<h2 id=\"selected\">Selected units</h2>"] + selected.map { "\(list.value($0, "unit_name"))</a> <small>\(list.value($0, "unit_id"))</small>" })

        guard let chromium = Self.chromiumCandidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip("Chromium is not installed (Scripts/test.sh installs Debian's chromium)")
        }
        let dom = try Self.dumpDOM(chromium: chromium, url: reportURL.absoluteString + "#selftest", scratch: scratch)
        let start = try XCTUnwrap(dom.range(of: "<pre id=\"selftest-result\">"), "the page's self-test wrote nothing:\n\(dom.suffix(2000))")
        let end = try XCTUnwrap(dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex))
        let text = String(dom[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        let result = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
        XCTAssertEqual(result["errors"] as? [String], [], text)
        XCTAssertEqual(result["units"] as? Int, list.rows.count)
        XCTAssertEqual(result["rowsShown"] as? Int, 50, "the list shows its first page of 50")

        // The first row of the list is rank 1 of priority_list.csv; clicking it opens its card.
        let first = list.rows[0]
        let name = list.value(first, "unit_name"), id = list.value(first, "unit_id")
        let cells = try XCTUnwrap(result["firstRowCells"] as? [String])
        XCTAssertEqual(Array(cells.prefix(4)), ["1", "\(name) \(id)", list.value(first, "parent_name"), Self.fixed(list.value(first, "score"))])
        XCTAssertEqual(result["cardHidden"] as? Bool, false)
        XCTAssertEqual(result["cardTitle"] as? String, "1. \(name) \(id)")
        let criteria = try XCTUnwrap(result["cardCriteria"] as? [[String]])
        XCTAssertEqual(criteria.map { $0[0] }, ["conflict", "displacement", "access_deficit"])
        XCTAssertEqual(criteria.map { $0[1] }, criteria.map { Self.fixed(list.value(first, $0[0])) })
        XCTAssertEqual(result["cardSelection"] as? String, "Selected: \(list.value(first, "selection_reason"))")
        // … and finds the unit on the map: highlighted and zoomed in.
        XCTAssertEqual(result["highlighted"] as? Int, 0)
        XCTAssertNotNil(result["viewBoxAfterFind"] as? String)

        // Filtering by the first unit's territoire keeps exactly that territoire's units.
        let parent = list.value(first, "parent_id")
        let inParent = list.rows.filter { list.value($0, "parent_id") == parent }
        XCTAssertEqual(result["filterParent"] as? String, parent)
        XCTAssertEqual(result["filterCount"] as? String, "Units 1–\(min(50, inParent.count)) of \(inParent.count) (of \(list.rows.count))")
        XCTAssertEqual(Set(try XCTUnwrap(result["filteredRowParents"] as? [String])), [list.value(first, "parent_name")])
        // Searching for the last unit's p-code finds it alone.
        XCTAssertEqual(result["searchFor"] as? String, list.value(list.rows[list.rows.count - 1], "unit_id"))
        XCTAssertEqual(result["searchRows"] as? [String], [String(list.rows.count - 1)])
        // Sorting by score: highest first, then lowest first.
        let scores = list.rows.compactMap { Double(list.value($0, "score")) }
        XCTAssertEqual(result["sortScoreFirst"] as? String, Self.fixed(String(scores.max()!)))
        XCTAssertEqual(result["sortScoreSecond"] as? String, Self.fixed(String(scores.min()!)))
        // The map switches between the score, each criterion, the classes and p(selected).
        let layers = try XCTUnwrap(result["layers"] as? [[String: Any]])
        XCTAssertEqual(layers.compactMap { $0["key"] as? String },
                       ["score", "crit:conflict", "crit:displacement", "crit:access_deficit", "class", "p_selected"])
        XCTAssertTrue(layers.allSatisfy { ($0["legendItems"] as? Int ?? 0) >= 2 }, "\(layers)")
        // Nothing was fetched, and nothing in the page points outside it.
        XCTAssertEqual(result["resources"] as? [String], [])
        XCTAssertEqual(result["externalReferences"] as? [String], [])
    }

    /// `chromium --headless --dump-dom URL`: the DOM after the page's scripts ran.
    static func dumpDOM(chromium: String, url: String, scratch: URL) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: chromium)
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                       "--user-data-dir=\(scratch.appendingPathComponent("profile").path)", "--dump-dom", url]
        let outURL = scratch.appendingPathComponent("dom.html")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(180)
        while p.isRunning && Date() < deadline { usleep(50_000) }
        if p.isRunning { p.terminate(); p.waitUntilExit(); XCTFail("chromium did not finish within 180 s") }
        try out.close()
        return try String(contentsOf: outURL, encoding: .utf8)
    }

    /// Two decimals, as the page shows scores and criteria.
    static func fixed(_ s: String) -> String { String(format: "%.2f", Double(s) ?? .nan) }
}

/// A CSV file's rows by column name (RFC 4180 quotes), for reading the run's own tables.
struct CSVRows {
    var header: [String]
    var rows: [[String]]

    init(_ text: String) throws {
        var records: [[String]] = [], field = "", record: [String] = [], quoted = false
        var chars = Array(text).makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let n = chars.next() { if n == "\"" { field.append("\"") } else { quoted = false; pending = n } } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true
            } else if c == "," { record.append(field); field = ""
            } else if c == "\n" { record.append(field); records.append(record); record = []; field = ""
            } else if c != "\r" { field.append(c) }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        guard let h = records.first else { throw CocoaError(.fileReadCorruptFile) }
        header = h
        rows = Array(records.dropFirst())
    }

    func value(_ row: [String], _ column: String) -> String {
        guard let k = header.firstIndex(of: column), k < row.count else { return "" }
        return row[k]
    }
}
