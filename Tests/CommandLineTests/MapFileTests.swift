import Foundation
import XCTest

/// The map files of a run: ours are `map_score` and `map_classes`, a criterion's is
/// `map_criterion_<slug>` (ASCII, at most 40 characters, unique), and at most 20 criteria get a
/// map (`RunRecord.maxCriterionMaps`), the others named in the report and on the console.
final class MapFileTests: XCTestCase {
    /// A rules script with one criterion per name, each the conflict event count plus `k` (so
    /// every map has values), scored on all of them.
    func rules(_ names: [String]) -> String {
        var s = "local as_of = project.as_of\nfacts { events = count { layer = \"conflict\", from = as_of - 729, to = as_of } }\n"
        for (k, n) in names.enumerated() {
            s += "criterion \"\(n)\" { indicator \"i\(k)\" { value = function(u) return u.events + \(k) end } }\n"
        }
        return s + "score { " + names.map { "\"\($0)\"" }.joined(separator: ", ") + " }\n"
    }

    func mapFiles(_ p: ProjectCopy, _ out: String = "out") throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: p.file(out).path).filter { $0.hasPrefix("map_") && $0.hasSuffix(".svg") }.sorted()
    }

    func svgTitle(_ p: ProjectCopy, _ file: String) throws -> String {
        let svg = try String(contentsOf: p.file("out/" + file), encoding: .utf8)
        let start = try XCTUnwrap(svg.range(of: "font-weight=\"bold\">"))
        return String(svg[start.upperBound...].prefix { $0 != "<" })
    }

    func testACriterionNamedScoreDoesNotOverwriteTheScoreMap() throws {
        let p = try ProjectCopy()
        try rules(["score", "conflict"]).write(to: p.file("score.lua"), atomically: true, encoding: .utf8)
        assertSucceeds(try runTargeting(["rank", "--project", p.manifest, "--rules", "score.lua", "--out", "out"], cwd: p.url, timeout: 120))
        XCTAssertEqual(try mapFiles(p), ["map_criterion_conflict.svg", "map_criterion_score.svg", "map_score.svg"])
        XCTAssertEqual(try svgTitle(p, "map_score.svg"), "Priority score (top 4 numbered)")
        XCTAssertEqual(try svgTitle(p, "map_criterion_score.svg"), "score")
    }

    /// 300 characters: one name over the file system's limit of 255 bytes ("check free space" before).
    /// Names that differ only by case fold to one slug: the second gets `_2`.
    func testLongAndCaseFoldedNamesGetBoundedUniqueFiles() throws {
        let p = try ProjectCopy()
        let long = String(repeating: "displacement_", count: 23) + "x"  // 300 characters
        XCTAssertEqual(long.count, 300)
        try rules([long, "Events", "events"]).write(to: p.file("long.lua"), atomically: true, encoding: .utf8)
        assertSucceeds(try runTargeting(["rank", "--project", p.manifest, "--rules", "long.lua", "--out", "out"], cwd: p.url, timeout: 120))
        // The first 40 characters of the folded name.
        XCTAssertEqual(try mapFiles(p), ["map_criterion_displacement_displacement_displacement_d.svg",
                                         "map_criterion_events.svg", "map_criterion_events_2.svg", "map_score.svg"])
        XCTAssertEqual(try svgTitle(p, "map_criterion_events.svg"), "Events")
        XCTAssertEqual(try svgTitle(p, "map_criterion_events_2.svg"), "events")
        // The title on the map is clipped to the page; the report's caption keeps the whole name.
        XCTAssertEqual(try svgTitle(p, "map_criterion_displacement_displacement_displacement_d.svg"),
                       String(long.prefix(69)) + "…")
        // The report's map layers keep the whole name (the page's layer switch and caption show it).
        assertContains(p.output("report.html"), ["{\"key\":\"crit:\(long)\",\"title\":\"\(long)\""])
    }

    /// 25 criteria: maps for the score and the first 20 only; the other 5 named in the report and
    /// in one warning on the console.
    func testManyCriteriaDrawABoundedNumberOfMaps() throws {
        let p = try ProjectCopy()
        let names = (1...25).map { String(format: "c%02d", $0) }
        try rules(names).write(to: p.file("many.lua"), atomically: true, encoding: .utf8)
        let r = try runTargeting(["rank", "--project", p.manifest, "--rules", "many.lua", "--out", "out"], cwd: p.url, timeout: 300)
        assertSucceeds(r, mentions: [
            "warning: maps drawn for the first 20 of 25 criteria (at most 20 criterion maps per run); no map for: c21, c22, c23, c24, c25. Their values are in priority_list.csv and in the report"])
        XCTAssertEqual(try mapFiles(p), names.prefix(20).map { "map_criterion_\($0).svg" } + ["map_score.svg"])
        // As the warning says, the criteria without a map are still columns of the priority list.
        assertContains(p.output("priority_list.csv"), [",c20,c21,c22,c23,c24,c25,rank_in_parent,"])
        assertContains(p.output("report.html"), [
            "<p class=\"note\">Not every criterion has a map: maps drawn for the first 20 of 25 criteria (at most 20 criterion maps per run); no map for: c21, c22, c23, c24, c25."])
        // --no-maps draws none and says nothing about them.
        let quietMaps = try runTargeting(["rank", "--project", p.manifest, "--rules", "many.lua", "--out", "out2", "--no-maps"], cwd: p.url, timeout: 300)
        assertSucceeds(quietMaps)
        XCTAssertFalse(quietMaps.output.contains("maps drawn for"), quietMaps.output)
        // `map` writes the same files.
        let m = try runTargeting(["map", "--project", p.manifest, "--rules", "many.lua", "--out", "maps"], cwd: p.url, timeout: 300)
        assertSucceeds(m, mentions: ["warning: maps drawn for the first 20 of 25 criteria"])
        XCTAssertEqual(try mapFiles(p, "maps"), try mapFiles(p))
    }
}
