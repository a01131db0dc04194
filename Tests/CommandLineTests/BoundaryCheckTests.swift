import Foundation
import XCTest

/// The boundary checks through the command line, on the hand-made fixture of
/// `Tests/Fixtures/boundary` (what each shape is, and the expected areas from pyproj, in its
/// `make_boundary.py`): an overlap of A and B, a gap in P, a hole among Q's units, D and F mostly
/// outside P, two points in the overlap.
final class BoundaryCheckTests: XCTestCase {
    /// A copy of the fixture in a temporary folder, so that `rank` writes nothing into the repository.
    func copy() throws -> URL {
        try temporaryCopy(ofFixture: "boundary", prefix: "cli-boundary")
    }

    static let summary = [
        "  boundaries (overlaps, gaps, units outside their parent; README, GIS officers):",
        "    overlapping units: 1 pair, 24.62 km² in all (overlaps under 0.01 km² and under 1% of the smaller unit are not counted)",
        "      A / B: 24.62 km² around (0.0900, 0.0500)",
        "    gaps inside parents: 2 pieces in 2 parents, 147.7 km² in all (pieces under 0.01 km² are not counted)",
        "      Q: 1 piece, 123.1 km², largest 123.1 km² around (2.1500, 0.1500); outline from union of its units",
        "      P Parent P: 1 piece, 24.62 km², largest 24.62 km² around (0.1900, 0.0500); outline from levels.territoire",
        "    units mostly outside their parent (more than 50% of their area): 2",
        "      D: 100% of 123.1 km² outside P (levels.territoire)",
        "      F: 60% of 123.1 km² outside P (levels.territoire)",
        "    points in an overlap (placed in the unit whose id sorts first): 2",
        "      sites: 2 in A / B, placed in A",
    ].joined(separator: "\n")

    func testInspectProjectShowsEveryFinding() throws {
        let dir = try copy()
        let r = try runTargeting(["inspect", "--project", "targeting.toml"], cwd: dir)
        assertSucceeds(r, mentions: [
            "warnings: boundary-gap 2, boundary-overlap 1, outside-parent 2, point-in-overlap 1",
            "units.shp: record 1: warning: units A (Alpha) and B (Beta) overlap by 24.62 km² around (0.0900, 0.0500)",
            "units.shp: record 4: warning: unit D (Delta) lies 100% outside its parent P (Parent P) of levels.territoire: 123.1 of its 123.1 km²",
            "parents.shp: record 1: warning: parent P (Parent P): 1 gap inside its outline (levels.territoire) that none of its 5 units cover, 24.62 km² in all",
            "units.shp: record 5: warning: parent Q: 1 hole inside the union of its 4 units, 123.1 km² in all, the largest 123.1 km² around (2.1500, 0.1500)",
            "points.csv: warning: 2 points of layer sites lie in the overlap of units A and B: placed in A, the covering unit whose id sorts first",
            Self.summary,
        ])
    }

    func testInspectProjectJSONCarriesTheReport() throws {
        let dir = try copy()
        let r = try runTargeting(["inspect", "--format", "json", "--project", "targeting.toml"], cwd: dir)
        assertSucceeds(r)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let b = try XCTUnwrap(json["boundaries"] as? [String: Any])
        let overlaps = try XCTUnwrap(b["overlaps"] as? [[String: Any]])
        XCTAssertEqual(overlaps.count, 1)
        XCTAssertEqual(overlaps.first?["first"] as? String, "A")
        XCTAssertEqual(overlaps.first?["areaKm2"] as? Double ?? 0, 24.618132246, accuracy: 1e-6)
        XCTAssertEqual((b["outsideParent"] as? [[String: Any]])?.compactMap { $0["unit"] as? String }, ["D", "F"])
        XCTAssertEqual((b["pointsInOverlaps"] as? [[String: Any]])?.first?["points"] as? Int, 2)
    }

    /// Every run checks the boundaries: the findings are in data_quality.txt, the run goes on.
    func testRankReportsTheFindingsInDataQuality() throws {
        let dir = try copy()
        let r = try runTargeting(["rank", "--project", "targeting.toml", "--out", "out", "--no-maps"], cwd: dir)
        assertSucceeds(r)
        let text = String(decoding: (try? Data(contentsOf: dir.appendingPathComponent("out/data_quality.txt"))) ?? Data(), as: UTF8.self)
        assertContains(text, [
            "Boundaries (11 units)\n  overlapping units: 1 pair, 24.62 km² in all",
            "  points in an overlap (placed in the unit whose id sorts first): 2\n    sites: 2 in A / B, placed in A\n",
            "boundary-overlap: 1\n", "boundary-gap: 2\n", "outside-parent: 2\n", "point-in-overlap: 1\n",
        ])
    }
}
