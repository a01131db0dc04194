import Foundation
import XCTest

/// A world layer ranked as units (Natural Earth's 177 countries, Tests/Fixtures/world): the maps
/// and the report are drawn in Equal Earth, without a scale bar, without a shape drawn across the
/// map, and the report stays small.
final class WorldMapTests: XCTestCase {
    func testWorldLayerIsDrawnInEqualEarth() throws {
        let folder = TargetingBinary.packageRoot.appendingPathComponent("Tests/Fixtures/world")
        let out = temporaryFolder("world")
        let r = try runTargeting(["rank", "--project", "targeting.toml", "--rules", "rules.lua", "--out", out.path], cwd: folder)
        assertSucceeds(r)

        let report = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        XCTAssertTrue(report.contains("177 of 177 units ranked"))
        XCTAssertLessThan(report.utf8.count, 5_000_000)
        XCTAssertTrue(report.contains("Equal Earth projection centred on the data."), "caption")
        XCTAssertFalse(report.contains("class=\"scale\""), "a scale bar on a world map")
        let svg = try String(contentsOf: out.appendingPathComponent("map_score.svg"), encoding: .utf8)
        XCTAssertTrue(svg.contains("Equal Earth projection"))
        XCTAssertFalse(svg.contains(" km</text>"), "a scale bar on a world map")

        // No ring is a sliver across the map (a shape cut by the map's edge): in the report's
        // map, none is more than a quarter of the map wide and less than 1% of it high. The
        // widest real ones: Antarctica (63%, 3.5% high) and Russia (32%, 9% high).
        let start = try XCTUnwrap(report.range(of: "<svg id=\"map\""))
        let end = try XCTUnwrap(report.range(of: "</svg>", range: start.upperBound..<report.endIndex))
        let map = report[start.lowerBound..<end.upperBound]
        let box = try XCTUnwrap(map.firstMatch(of: /viewBox="(-?\d+) (-?\d+) (\d+) (\d+)"/))
        let width = Double(box.3)!
        var rings = 0
        for match in map.matches(of: /M(-?\d+) (-?\d+)l([-\d ]+)z/) {
            var x = Int(match.1)!, y = Int(match.2)!
            var xs = [x], ys = [y]
            let steps = match.3.split(whereSeparator: { $0 == " " }).flatMap { Self.numbers(String($0)) }
            for i in stride(from: 0, to: steps.count - 1, by: 2) {
                x += steps[i]; y += steps[i + 1]; xs.append(x); ys.append(y)
            }
            rings += 1
            let w = Double(xs.max()! - xs.min()!), h = Double(ys.max()! - ys.min()!)
            XCTAssertFalse(w > width / 4 && h < width / 100, "a sliver \(w) × \(h) across a map \(width) wide: \(match.0.prefix(80))")
        }
        XCTAssertGreaterThan(rings, 177)
    }

    /// "12-6" is two numbers, 12 and -6 (relative steps are written without separators before a minus).
    static func numbers(_ s: String) -> [Int] {
        s.matches(of: /-?\d+/).map { Int($0.0)! }
    }
}
