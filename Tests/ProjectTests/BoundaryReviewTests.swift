import XCTest
import Foundation
import Domain
import Joins
import ShapefileIO
@testable import Project

/// The boundary checks as a load runs them: on the hand-made fixture (`Tests/Fixtures/boundary`,
/// whose answers `make_boundary.py` documents, areas from pyproj), on the bundled Kasaï sample,
/// and on real boundaries of the peer corpus (answers from shapely + pyproj, see each test).
final class BoundaryReviewTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let corpus = root.deletingLastPathComponent().appendingPathComponent("shared/corpus")

    func testHandMadeFixtureThroughTheLoader() throws {
        let p = try ProjectLoader.load(manifestPath: Self.root.appendingPathComponent("Tests/Fixtures/boundary/targeting.toml").path)
        let b = p.boundaries
        XCTAssertEqual(b.overlaps.map { [$0.first, $0.second] }, [["A", "B"]])
        XCTAssertEqual(b.overlaps[0].areaKm2, 24.618132246, accuracy: 1e-6)
        XCTAssertEqual(b.overlapAreaKm2, 24.618132246, accuracy: 1e-6)
        // I and J overlap by about 1 m² (1.231e-6 km², pyproj): float noise, not reported.

        XCTAssertEqual(b.gaps.map(\.parent), ["Q", "P"])  // largest first
        XCTAssertEqual(b.gaps.map(\.outline), ["union of its units", "levels.territoire"])
        XCTAssertEqual(b.gaps.map(\.pieces), [1, 1])
        XCTAssertEqual(b.gaps[0].areaKm2, 123.090326515, accuracy: 1e-5)
        XCTAssertEqual(b.gaps[1].areaKm2, 24.618132246, accuracy: 1e-6)
        XCTAssertEqual(b.gaps[1].units, 5)

        XCTAssertEqual(b.outsideParent.map(\.unit), ["D", "F"])
        XCTAssertEqual(b.outsideParent[0].shareOutside, 1)
        XCTAssertEqual(b.outsideParent[1].shareOutside, 73.854402779 / 123.090691431, accuracy: 1e-6)  // see BoundaryCheckerTests

        // p1 and p2 are inside A∩B; p3 is on A's border (B's interior only); p4 in A only.
        XCTAssertEqual(b.pointsInOverlaps, [.init(layer: "sites", first: "A", second: "B", points: 2, placedIn: "A")])
        XCTAssertEqual(b.failures, 0)

        let codes = p.diagnostics.map(\.code).filter { [.boundaryOverlap, .boundaryGap, .outsideParent, .pointInOverlap].contains($0) }
        XCTAssertEqual(codes, [.boundaryGap, .boundaryGap, .boundaryOverlap, .outsideParent, .outsideParent, .pointInOverlap])
        let overlap = try XCTUnwrap(p.diagnostics.first { $0.code == .boundaryOverlap })
        XCTAssertEqual(overlap.description,
            "Tests/Fixtures/boundary/units.shp: record 1: warning: units A (Alpha) and B (Beta) overlap by 24.62 km² around (0.0900, 0.0500): a point there is counted once, in A (the id that sorts first) (fix their shared border in units.shp (B is record 2))")
        let outside = try XCTUnwrap(p.diagnostics.last { $0.code == .outsideParent })
        XCTAssertEqual(outside.message, "unit F (Phi) lies 60% outside its parent P (Parent P) of levels.territoire: 73.85 of its 123.1 km²")
        let gap = try XCTUnwrap(p.diagnostics.first { $0.code == .boundaryGap })
        XCTAssertEqual(gap.description,
            "Tests/Fixtures/boundary/parents.shp: record 1: warning: parent P (Parent P): 1 gap inside its outline (levels.territoire) that none of its 5 units cover, 24.62 km² in all, the largest 24.62 km² around (0.1900, 0.0500) (points there are outside every unit; extend the neighbouring units in units.shp, or check their parent codes)")
        let points = try XCTUnwrap(p.diagnostics.first { $0.code == .pointInOverlap })
        XCTAssertEqual(points.message, "2 points of layer sites lie in the overlap of units A and B: placed in A, the covering unit whose id sorts first")

        // The placement agrees: every point A covers (p1, p2 in the overlap, p3 on A's border inside
        // B, p4) went to A, whose id sorts first; none to B; p5 lies in the gap, outside every unit.
        let engine = try FactEngine(units: p.units, layers: p.layers)
        let counts = try engine.compute(FactSpec(name: "n", layer: "sites", aggregate: .count))
        XCTAssertEqual(counts[p.units.index(of: UnitID("A"))!], 4)
        XCTAssertEqual(counts[p.units.index(of: UnitID("B"))!], 0)
        XCTAssertEqual(try engine.placement(ofLayer: "sites").outsideCount, 1)
    }

    /// The synthetic sample tiles its groupements exactly inside their territoires: nothing to report.
    func testKasaiSampleIsClean() throws {
        let p = try ProjectLoader.load(manifestPath: Self.root.appendingPathComponent("Shapefiles/kasai/targeting.toml").path)
        XCTAssertEqual(p.units.count, 922)
        XCTAssertTrue(p.boundaries.isClean, p.boundaries.lines().joined(separator: "\n"))
    }

    /// Units straight from a corpus shapefile, with the record number as id (some corpus files
    /// repeat their ids).
    func corpusUnits(_ rel: String, records: [Int]? = nil) throws -> UnitSet {
        let path = Self.corpus.appendingPathComponent(rel).path
        guard FileManager.default.fileExists(atPath: path) else {
            throw XCTSkip("the peer corpus is not beside the repository (\(Self.corpus.path))")
        }
        let layer = try ShapefileReader().read(path: path).layer
        let chosen = records ?? Array(layer.features.indices)
        let features = chosen.map { layer.features[$0] }
        let polygons: [[Polygon]] = features.map { if case .polygons(let ps)? = $0.shape { return ps } else { return [] } }
        return try UnitSet(ids: chosen.map { UnitID(String(format: "R%05d", $0 + 1)) }, names: features.map { _ in "" },
                           parents: features.map { _ in nil }, polygons: polygons, population: features.map { _ in nil })
    }

    /// San Francisco block groups (663) and Mexico's 32 states: shapely 2.2 finds no pair whose
    /// interiors meet and no hole in the union (relate `T********`, pyproj areas).
    func testRealBoundariesOfThePeerCorpusAreClean() throws {
        for rel in ["pyshp/current/tests/shapefiles/blockgroups.shp", "shapelib/tests/shape_eg_data/mexico/states.shp"] {
            let units = try corpusUnits(rel)
            let (report, diagnostics) = BoundaryReview.run(units: units, levels: [], layers: [], unitsFile: rel, parentField: nil)
            XCTAssertTrue(report.isClean, "\(rel): \(diagnostics)")
        }
    }

    /// pyshp's merge.shp is blockgroups.shp ten times over (record k repeats record k mod 663,
    /// checked with pyshp). Records 1–200 and their copies 664–863 overlap pairwise by each block
    /// group's whole area: 200 pairs, 34.71070539 km² in all, the largest 6.07056059 km² (pyproj),
    /// though 2 of these block groups are under 0.01 km² (reported by share).
    func testDuplicatedBlockGroupsOverlapByTheirWholeArea() throws {
        let units = try corpusUnits("pyshp/current/tests/shapefiles/merge.shp", records: Array(0 ..< 200) + Array(663 ..< 863))
        let (report, diagnostics) = BoundaryReview.run(units: units, levels: [], layers: [], unitsFile: "merge.shp", parentField: nil)
        XCTAssertEqual(report.overlaps.count, 200)
        XCTAssertEqual(report.overlapAreaKm2, 34.71070539116034, accuracy: 1e-7)
        XCTAssertEqual(report.overlaps[0].areaKm2, 6.070560587592398, accuracy: 1e-8)
        XCTAssertTrue(report.overlaps.allSatisfy { Int($0.second.dropFirst())! - Int($0.first.dropFirst())! == 663 })
        XCTAssertEqual(diagnostics.filter { $0.code == .boundaryOverlap }.count, 200)
        XCTAssertEqual(report.gaps, [])
    }
}
