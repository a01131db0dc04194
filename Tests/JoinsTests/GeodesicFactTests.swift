import XCTest
import Domain
import TestSupport
@testable import Joins

/// Distances, counts within a radius and areas against shapely + pyproj, on the hand fixture
/// moved to Kasaï-Central (x' = 22 + x/10, y' = −6 + y/10). Reference numbers come from
/// Tests/Fixtures/joins/geodesic_reference.py (pyproj 3.7.2, shapely 2.2.0); the tests allow 0.1%.
final class GeodesicFactTests: XCTestCase {
    func placed() throws -> UnitSet {
        let u = try HandFixture.units()
        let moved = u.polygons.map { ps in ps.map { p in
            Polygon(exterior: p.exterior.map { Coordinate(22 + $0.x / 10, -6 + $0.y / 10) },
                    holes: p.holes.map { $0.map { Coordinate(22 + $0.x / 10, -6 + $0.y / 10) } })
        } }
        return try UnitSet(ids: u.ids, names: u.names, parents: u.parents, polygons: moved, population: u.population)
    }

    func facilities() -> Layer {
        let rows: [(Double, Double, String)] = [
            (22.05, -5.95, "hospital"), (22.35, -5.85, "clinic"), (22.62, -5.93, "hospital"),
            (22.30, -5.70, "clinic"), (21.80, -6.20, "hospital"), (22.41, -5.89, "clinic"),
        ]
        return Layer(path: "health.shp", fields: [FieldSchema(name: "amenity", type: .text)],
                     features: rows.enumerated().map { Feature(location: SourceLocation(file: "health.shp", record: $0.offset + 1),
                                                               shape: .point(Coordinate($0.element.0, $0.element.1)), values: [.text($0.element.2)]) })
    }

    // Unit order G3, G1, G2, G4, G5 (python output, in that order).
    let area = [367.36825723487186, 489.8242823356552, 612.398523128211, 122.45602510078335, 122.43403949889183]
    let nearest = [6.1835470372508, 7.825007559829916, 10.492748640814586, 7.824663604977019, 5.444220558334174]
    let nearestHospital = [6.1835470372508, 28.229005622439548, 30.109974260030747, 7.824663604977019, 20.672406603392183]
    let within15: [Double?] = [1, 2, 2, 1, 2]

    func testReferencePointsAreCentroidsOrPointsOnSurface() throws {
        let e = try FactEngine(units: placed())
        let refs = try e.referencePoints()
        // shapely: G3's centroid falls in its hole, so a point on its surface is used: (22.025, -5.9).
        let expected = [Coordinate(22.025, -5.9), Coordinate(22.3, -5.9), Coordinate(22.27, -5.79),
                        Coordinate(22.1, -5.9), Coordinate(22.433333333333334, -5.933333333333334)]
        XCTAssertEqual(refs.count, expected.count)
        for (r, x) in zip(refs, expected) {
            XCTAssertEqual(r!.x, x.x, accuracy: 1e-9); XCTAssertEqual(r!.y, x.y, accuracy: 1e-9)
        }
    }

    func testNearestWithinAndAreaMatchPyproj() throws {
        let e = try FactEngine(units: placed(), layers: [BoundLayer(name: "health", layer: facilities(), roles: LayerRoles())])
        let a = try e.compute(FactSpec(name: "area", layer: nil, aggregate: .areaKm2))
        let n = try e.compute(FactSpec(name: "near", layer: "health", aggregate: .nearestKm))
        let nh = try e.compute(FactSpec(name: "near_h", layer: "health", aggregate: .nearestKm,
                                        filters: [FactFilter(field: "amenity", op: .eq, values: [.text("hospital")])]))
        for u in 0 ..< 5 {
            XCTAssertEqual(a[u]!, area[u], accuracy: area[u] * 1e-3)
            XCTAssertEqual(n[u]!, nearest[u], accuracy: nearest[u] * 1e-3)
            XCTAssertEqual(nh[u]!, nearestHospital[u], accuracy: nearestHospital[u] * 1e-3)
        }
        XCTAssertEqual(try e.compute(FactSpec(name: "w", layer: "health", aggregate: .countWithin(km: 15))), within15)
        // A filter that keeps nothing: no nearest feature, and nothing within any radius.
        let none = [FactFilter(field: "amenity", op: .eq, values: [.text("courthouse")])]
        XCTAssertEqual(try e.compute(FactSpec(name: "c", layer: "health", aggregate: .nearestKm, filters: none)), [nil, nil, nil, nil, nil])
        XCTAssertEqual(try e.compute(FactSpec(name: "c", layer: "health", aggregate: .countWithin(km: 1000), filters: none)), [0, 0, 0, 0, 0])
        // A negative or non-finite radius is refused, also when no unit has a polygon to measure from.
        let shapeless = try FactEngine(units: UnitSet(ids: [UnitID("X")], names: ["x"], parents: [nil], polygons: [[]], population: [nil]),
                                       layers: [BoundLayer(name: "health", layer: facilities(), roles: LayerRoles())])
        for engine in [e, shapeless] {
            for km in [-1, Double.nan, .infinity] {
                XCTAssertThrowsError(try engine.compute(FactSpec(name: "w", layer: "health", aggregate: .countWithin(km: km)))) {
                    XCTAssertTrue("\($0)".contains("0 km or more"), "\($0)")
                }
            }
        }
    }

    /// The k-d index against brute force over exact geodesics, for 3,000 random sites and 500
    /// queries across the whole DRC and beyond (latitudes −60..60): same nearest distance, same
    /// counts within radii that fall right on some sites' distances.
    func testIndexEqualsBruteForce() {
        var rng = SplitMix64(seed: 99)
        let sites = (0 ..< 3000).map { _ in Coordinate(-20 + rng.unit() * 80, -60 + rng.unit() * 120) }
        let index = GeodesicPointIndex(points: sites, ids: Array(sites.indices))
        let geo = Geometry.Geodesy()
        for _ in 0 ..< 500 {
            let q = Coordinate(-20 + rng.unit() * 80, -60 + rng.unit() * 120)
            let d = sites.map { geo.distanceKm(q, $0) }
            let best = d.enumerated().min { ($0.element, $0.offset) < ($1.element, $1.offset) }!
            let got = index.nearest(to: q)!
            XCTAssertEqual(got.km, best.element)
            XCTAssertEqual(got.id, best.offset)
            let radius = d.sorted()[Int(rng.next() % 200)]   // exactly some site's distance: closed bound
            XCTAssertEqual(index.count(within: radius, of: q), d.filter { $0 <= radius }.count)
        }
    }

    /// Radii at the ends of the range against brute force: 0 (only the site at the query
    /// itself), a hair, and past half the globe (antipodal sites included: every one counts).
    func testWithinAtZeroAndAcrossTheGlobeEqualsBruteForce() {
        var rng = SplitMix64(seed: 3)
        var sites = (0 ..< 2000).map { _ in Coordinate(-180 + rng.unit() * 360, -89 + rng.unit() * 178) }
        let q = Coordinate(23.5, -4.25)
        sites += [q, Coordinate(q.x - 180, -q.y), Coordinate(q.x + 1e-9, q.y)]
        let index = GeodesicPointIndex(points: sites, ids: Array(sites.indices))
        let geo = Geometry.Geodesy()
        let d = sites.map { geo.distanceKm(q, $0) }
        for radius in [0, 1e-10, 1e-6, 10, 19_000, 20_003.9, 20_100, 40_000] {
            XCTAssertEqual(index.count(within: radius, of: q), d.filter { $0 <= radius }.count, "\(radius) km")
        }
        XCTAssertEqual(index.count(within: 40_000, of: q), sites.count)
        XCTAssertEqual(index.count(within: 0, of: q), 1)
    }
}

import Geometry
