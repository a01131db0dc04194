import Foundation
import XCTest

/// Units with no `parent` field (Tests/Fixtures/tidy: South America's countries by population):
/// the report's summary and the console list name each unit alone, never with an empty "()",
/// and no "Of the top 20" line counts units by a parent they do not have.
final class NoParentSummaryTests: XCTestCase {
    func testUnitsWithoutParentAreNamedAlone() throws {
        let folder = TargetingBinary.packageRoot.appendingPathComponent("Tests/Fixtures/tidy")
        let out = temporaryFolder("tidy")
        let r = try runTargeting(["rank", "--project", "targeting.toml", "--rules", "rules.lua", "--out", out.path], cwd: folder)
        assertSucceeds(r)

        // The population order, from pandas (see the fixture's README).
        let report = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        XCTAssertTrue(report.contains("<li>Highest priority: Brazil, Colombia, Argentina, Venezuela, Peru.</li>"), "summary")
        let start = try XCTUnwrap(report.range(of: "<h2 id=\"summary\">"))
        let end = try XCTUnwrap(report.range(of: "</ul>", range: start.upperBound..<report.endIndex))
        XCTAssertFalse(report[start.upperBound..<end.lowerBound].contains("()"), "an empty bracket in the summary")
        XCTAssertFalse(report.contains("Of the top 20"), "a count per parent without parents")
        // The units have no population field: 13 no-population warnings, one kind (data_quality.txt).
        XCTAssertTrue(report.contains("<li>Data quality: 13 warnings in 1 kind (see"), "singular kind")

        let listed = r.stdout.split(separator: "\n").filter { $0.firstMatch(of: /^ +\d+  [A-Z]{3}\s/) != nil }
        XCTAssertEqual(listed.count, 10)
        XCTAssertEqual(listed.prefix(5).map { $0.split(separator: " ")[2] }, ["Brazil", "Colombia", "Argentina", "Venezuela", "Peru"])
        for line in listed { XCTAssertFalse(line.hasSuffix(" "), "a trailing empty parent column: '\(line)'") }
    }
}
