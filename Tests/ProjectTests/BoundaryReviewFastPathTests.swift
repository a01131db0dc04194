import XCTest
import Foundation
import Domain
import TestSupport
@testable import Geometry
import Joins
import ShapefileIO
@testable import Project

/// The boundary review with the coverage proof (`CoverageProof`) and without it must find the
/// same things, word for word: on hand-made coverages whose proof verdict is worked out by hand
/// (`CoverageProofTests`), on the Kasaï sample (with its levels) and on every polygon shapefile
/// of the peer corpus.
final class BoundaryReviewFastPathTests: XCTestCase {
    /// The same hand-made squares as `CoverageProofTests`.
    typealias Shapes = HandShapes

    func units(_ polygons: [[Polygon]], parents: [String?]? = nil) throws -> UnitSet {
        try UnitSet(ids: polygons.indices.map { UnitID(String(format: "U%04d", $0)) }, names: polygons.map { _ in "" },
                    parents: (parents ?? polygons.map { _ in nil }).map { $0.map(UnitID.init) }, polygons: polygons,
                    population: polygons.map { _ in nil })
    }

    /// Runs the review both ways; asserts equal reports and diagnostics and the proof's verdict.
    @discardableResult
    func bothWays(_ units: UnitSet, levels: [LoadedLevel] = [], proven: Bool?, _ label: String,
                  file: StaticString = #filePath, line: UInt = #line) -> BoundaryReport {
        if let proven {
            XCTAssertEqual(CoverageProof.check(units.polygons).isProven, proven, "\(label): verdict", file: file, line: line)
        }
        let fast = BoundaryReview.run(units: units, levels: levels, layers: [], unitsFile: "units.shp", parentField: "P")
        let full = BoundaryReview.run(units: units, levels: levels, layers: [], unitsFile: "units.shp", parentField: "P",
                                      proveCoverage: false)
        XCTAssertEqual(fast.0, full.0, "\(label): report", file: file, line: line)
        XCTAssertEqual(fast.1.map(\.description), full.1.map(\.description), "\(label): diagnostics", file: file, line: line)
        return fast.0
    }

    func testHandMadeCoverages() throws {
        let grid = Shapes.grid()
        XCTAssertTrue(bothWays(try units(grid), proven: true, "clean grid").isClean)

        let duplicate = bothWays(try units([Shapes.unit(0, 0, 0.1, 0.1), Shapes.unit(0, 0, 0.1, 0.1)]), proven: false, "duplicate")
        XCTAssertEqual(duplicate.overlaps.map { [$0.first, $0.second] }, [["U0000", "U0001"]])

        let island = bothWays(try units([Shapes.unit(0, 0, 0.3, 0.3), Shapes.unit(0.1, 0.1, 0.2, 0.2)]), proven: false, "island")
        XCTAssertEqual(island.overlaps.count, 1)
        let inHole = bothWays(try units([Shapes.unit(0, 0, 0.3, 0.3, holes: [Shapes.square(0.1, 0.1, 0.2, 0.2)]),
                                         Shapes.unit(0.1, 0.1, 0.2, 0.2)]), proven: true, "island in its hole")
        XCTAssertTrue(inHole.isClean)

        // A 0.001° × 0.1° sliver (about 1.2 km²) is reported; one of 10⁻⁶° is float noise.
        let sliver = bothWays(try units([Shapes.unit(0, 0, 0.1, 0.1), Shapes.unit(0.099, 0, 0.2, 0.1)]), proven: false, "sliver")
        XCTAssertEqual(sliver.overlaps.count, 1)
        XCTAssertTrue(bothWays(try units([Shapes.unit(0, 0, 0.1, 0.1), Shapes.unit(0.099999, 0, 0.2, 0.1)]),
                               proven: false, "noise sliver").isClean)

        let tJunction = [Shapes.unit(0, 0, 0.2, 0.1), Shapes.unit(0, 0.1, 0.1, 0.2), Shapes.unit(0.1, 0.1, 0.2, 0.2)]
        XCTAssertTrue(bothWays(try units(tJunction), proven: false, "T-junction").isClean)

        let holed = bothWays(try units(Shapes.grid(middle: false)), proven: false, "hole in the union")
        XCTAssertEqual(holed.gaps.map(\.outline), ["union of its units"])

        // The middle square coded to another parent: the ring's union has a hole, which it fills.
        let parents: [String?] = (0 ..< 9).map { $0 == 4 ? "Q" : "P" }
        let filled = bothWays(try units(grid, parents: parents), proven: true, "hole filled by another parent's unit")
        XCTAssertTrue(filled.isClean)

        XCTAssertTrue(bothWays(try units([Shapes.unit(0, 0, 0.1, 0.1), Shapes.unit(0.1, 0.1, 0.2, 0.2)]),
                               proven: false, "touching at a vertex").isClean)
    }

    /// With levels, the gaps inside a parent's outline and the units outside their parent are
    /// still computed with GEOS on a proven coverage.
    func testProvenCoverageWithParentOutlines() throws {
        // P's outline is the grid's left two columns plus a 0.05° strip no unit covers; Q's is the
        // right column; R's (no unit names it) is elsewhere. The middle square is coded to Q but lies in P.
        let parents: [String?] = (0 ..< 9).map { $0 % 3 == 2 ? "Q" : ($0 == 4 ? "Q" : "P") }
        let level = try units([Shapes.unit(-0.05, 0, 0.2, 0.3), Shapes.unit(0.2, 0, 0.3, 0.3), Shapes.unit(1, 1, 2, 2)])
        let outlines = try UnitSet(ids: ["P", "Q", "R"].map { UnitID($0) }, names: ["Parent P", "", ""], parents: [nil, nil, nil],
                                   polygons: level.polygons, population: [nil, nil, nil])
        let report = bothWays(try units(Shapes.grid(), parents: parents), levels: [LoadedLevel(name: "territoire", units: outlines)],
                              proven: true, "levels")
        XCTAssertEqual(report.gaps.map(\.parent), ["P"])
        XCTAssertEqual(report.gaps.map(\.pieces), [1])
        XCTAssertEqual(report.outsideParent.map(\.unit), ["U0004"])
        XCTAssertEqual(report.overlaps, [])
    }

    /// The sample tiles its groupements inside their territoires; the proof holds and the review
    /// finds nothing either way.
    func testKasaiSampleBothWays() throws {
        let p = try ProjectLoader.load(manifestPath: BoundaryReviewTests.root.appendingPathComponent("Shapefiles/kasai/targeting.toml").path)
        let levels = p.levels
        XCTAssertTrue(bothWays(p.units, levels: levels, proven: true, "Kasaï sample").isClean)
    }

    /// Every polygon shapefile of the peer corpus as units, the same findings both ways. Not
    /// shapelib's anno.shp and polygon.shp: projected coordinates without a .prj, which the reader
    /// refuses. merge.shp
    /// (blockgroups ten times over) is cut to its first 700 records, so that 37 pairs overlap.
    func testPeerCorpusBothWays() throws {
        let files = ["pyshp/current/tests/shapefiles/blockgroups.shp", "pyshp/current/tests/shapefiles/edit.shp",
                     "pyshp/current/tests/shapefiles/latin1.shp", "pyshp/current/tests/shapefiles/merge.shp",
                     "pyshp/hist/shapefiles/test/MyPolyZ.shp", "pyshp/hist/shapefiles/test/polygon.shp",
                     "shapelib/tests/shape_eg_data/CoHI_GCS12.shp",
                     "shapelib/tests/shape_eg_data/mexico/lakes.shp", "shapelib/tests/shape_eg_data/mexico/states.shp"]
        for rel in files {
            let path = BoundaryReviewTests.corpus.appendingPathComponent(rel).path
            guard FileManager.default.fileExists(atPath: path) else {
                throw XCTSkip("the peer corpus is not beside the repository (\(BoundaryReviewTests.corpus.path))")
            }
            var features = try ShapefileReader().read(path: path).layer.features
            if rel.hasSuffix("merge.shp") { features = Features(Array(features.prefix(700))) }
            let units = try self.units(features.map { if case .polygons(let ps)? = $0.shape { return ps } else { return [] } })
            let verdict = CoverageProof.check(units.polygons)
            // On one core and cut into slices (blockgroups' 66,000 points and more are cut
            // by default): the same verdict for the same reason.
            for slices in [1, 2, 5] {
                XCTAssertEqual(CoverageProof.check(units.polygons, hashBits: 32, slices: slices), verdict, "\(rel), \(slices) slices")
            }
            let report = bothWays(units, proven: nil, rel)
            print("\(rel): \(units.count) units, proof: \(verdict), clean: \(report.isClean)")
            if verdict.isProven { XCTAssertEqual(report.overlaps, [], rel) }
        }
    }
}
