import Foundation
import XCTest

/// The map files and the report's map draw the units from one topology (the report's taken from
/// the maps' with its areas in the priority list's order): through the built binary, on the Kasaï
/// sample without its parent levels (so that the report uses the maps' topology; its priority
/// order is not the order of the ids), every unit's outline in report.html is exactly its outline
/// in map_score.svg, and the report lists them in the order of priority_list.csv.
final class SharedMapTopologyTests: XCTestCase {
    func matches(_ pattern: String, in text: String) -> [[String]] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { m in
            (1..<m.numberOfRanges).map { k in Range(m.range(at: k), in: text).map { String(text[$0]) } ?? "" }
        }
    }

    func testReportMapDrawsEachUnitAsTheMapFilesDo() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cli-maps-\(UUID().uuidString)")
        let root = TargetingBinary.packageRoot
        try FileManager.default.copyItem(at: root.appendingPathComponent("Shapefiles/kasai"), to: dir)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let manifest = try String(contentsOf: dir.appendingPathComponent("targeting.toml"), encoding: .utf8)
        guard let levels = manifest.range(of: "[levels.territoire]"), let layers = manifest.range(of: "[layers.conflict]") else {
            return XCTFail("the sample's manifest no longer has the sections this test removes")
        }
        let withoutLevels = (manifest[..<levels.lowerBound] + manifest[layers.lowerBound...])
            .replacingOccurrences(of: "\"../../Scripts/criteria.lua\"", with: "\"\(root.appendingPathComponent("Scripts/criteria.lua").path)\"")
        try withoutLevels.write(to: dir.appendingPathComponent("targeting.toml"), atomically: true, encoding: .utf8)
        let r = try runTargeting(["rank", "--project", "targeting.toml", "--out", "out"], cwd: dir)
        XCTAssertEqual(r.status, 0, r.output)
        func read(_ name: String) throws -> String {
            String(decoding: try Data(contentsOf: dir.appendingPathComponent("out").appendingPathComponent(name)), as: UTF8.self)
        }
        let ids = try read("priority_list.csv").split(separator: "\n").dropFirst().map { String($0.split(separator: ",", omittingEmptySubsequences: false)[1]) }
        let svg = try read("map_score.svg")
        var outline: [String: String] = [:]
        for m in matches("<path d=\"([^\"]*)\" fill=\"[^\"]*\" fill-rule=\"evenodd\"><title>[^<]* \\(([^()]*)\\): ", in: svg) { outline[m[1]] = m[0] }
        let html = try read("report.html")
        let units = html.range(of: "<g id=\"units\">").flatMap { start in html[start.upperBound...].range(of: "</g>").map { String(html[start.upperBound..<$0.lowerBound]) } } ?? ""
        let drawn = matches("<path class=\"[^\"]*\"(?: d=\"([^\"]*)\")?/>", in: units).map { $0[0] }
        XCTAssertGreaterThan(ids.count, 100, "too few units to say anything")
        XCTAssertNotEqual(ids, ids.sorted(), "the priority order must differ from the ids' order, or the test proves little")
        XCTAssertEqual(outline.count, ids.count, "one outline per unit in map_score.svg")
        XCTAssertEqual(drawn.count, ids.count, "one path per unit in the report")
        for (id, d) in zip(ids, drawn) {
            XCTAssertFalse(d.isEmpty, id)
            XCTAssertEqual(d, outline[id], "unit \(id): the report's outline differs from the map file's")
        }
    }
}
