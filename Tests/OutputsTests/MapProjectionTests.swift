import XCTest
import Foundation
import CProj
import Domain
@testable import Outputs

/// The maps' projections: Equal Earth against PROJ's own `+proj=eqearth` (an implementation apart
/// from ours), and which projection an extent gets.
final class MapProjectionTests: XCTestCase {
    /// PROJ's Equal Earth on the same sphere (authalic radius, metres), central meridian `lon0`.
    func projEqualEarth(lon0: Double, _ points: [Coordinate]) throws -> [(x: Double, y: Double)] {
        let ctx = proj_context_create()
        defer { proj_context_destroy(ctx) }
        let definition = "+proj=eqearth +R=6371007.2 +lon_0=\(lon0) +type=crs"
        let geographic = "+proj=longlat +R=6371007.2 +type=crs"
        let t = try XCTUnwrap(proj_create_crs_to_crs(ctx, geographic, definition, nil))
        defer { proj_destroy(t) }
        return points.map { c in
            let out = proj_trans(t, PJ_FWD, proj_coord(c.x, c.y, 0, 0))
            return (out.xy.x / 1000, out.xy.y / 1000)
        }
    }

    func testEqualEarthAgreesWithPROJ() throws {
        let points = [Coordinate(0, 0), Coordinate(30, 45), Coordinate(-150, -70), Coordinate(179.9, 89.9),
                      Coordinate(45.5, -12.25), Coordinate(-180, -90), Coordinate(180, 10), Coordinate(-73.9, 40.7)]
        for lon0 in [0.0, 32.5, -160] {
            let ours = MapProjection(centre: Coordinate(lon0, 0), kind: .equalEarth)
            let theirs = try projEqualEarth(lon0: lon0, points)
            for (c, expected) in zip(points, theirs) {
                // A point on the map's edge (180° from the centre) may sit on either side of it.
                if abs(abs(MapProjection.normalised(c.x - lon0)) - 180) < 1e-9 { continue }
                let q = ours.project(c)
                XCTAssertEqual(q.x, expected.x, accuracy: 1e-6, "x of \(c) centred on \(lon0)")
                XCTAssertEqual(q.y, expected.y, accuracy: 1e-6, "y of \(c) centred on \(lon0)")
            }
        }
        // Known figure: at 30° E, 45° N (centre 0) PROJ's `proj +proj=eqearth +R=6371007.2` gives
        // 2463147.121579 m, 5480538.439525 m.
        let q = MapProjection(centre: Coordinate(0, 0), kind: .equalEarth).project(Coordinate(30, 45))
        XCTAssertEqual(q.x, 2463.147121579, accuracy: 1e-6)
        XCTAssertEqual(q.y, 5480.538439525, accuracy: 1e-6)
    }

    /// A world layer's shapes end at −180° and at 180°: each keeps its own side of the map.
    func testEdgePointsKeepTheirSide() {
        let p = MapProjection(centre: Coordinate(0, 0), kind: .equalEarth)
        XCTAssertLessThan(p.project(Coordinate(-180, 0)).x, 0)
        XCTAssertGreaterThan(p.project(Coordinate(180, 0)).x, 0)
    }

    /// The rule: wider than 45° of longitude or of latitude → Equal Earth; else Lambert
    /// azimuthal, centred on the data.
    func testTheExtentChoosesTheProjection() {
        let kasai = [Coordinate(20, -8), Coordinate(26, -3)]
        XCTAssertEqual(MapProjection(fitting: kasai).kind, .lambertAzimuthal)
        let africa = [Coordinate(-17.6, -34.8), Coordinate(51.3, 37.3)]   // 69° × 72°
        XCTAssertEqual(MapProjection(fitting: africa).kind, .equalEarth)
        let chile = [Coordinate(-75, -56), Coordinate(-67, -17)]        // 8° × 39°
        XCTAssertEqual(MapProjection(fitting: chile).kind, .lambertAzimuthal)
        let tall = [Coordinate(-75, -56), Coordinate(-67, -9)]          // 8° × 47°
        XCTAssertEqual(MapProjection(fitting: tall).kind, .equalEarth)
        // Across the 180° meridian the span is the short way round: 170° E to 170° W is 20°.
        let pacific = [Coordinate(170, -20), Coordinate(-170, -10)]
        XCTAssertEqual(MapProjection(fitting: pacific).kind, .lambertAzimuthal)
        let e = MapProjection.extent(of: pacific)
        XCTAssertEqual(e.longitudeSpan, 20, accuracy: 1e-9)
        XCTAssertEqual(e.latitudeSpan, 10, accuracy: 1e-9)
    }
}

/// Where a world map's edge goes: through no shape when it can.
final class MapEdgeTests: XCTestCase {
    func box(_ w: Double, _ s: Double, _ e: Double, _ n: Double) -> [Coordinate] {
        [Coordinate(w, s), Coordinate(e, s), Coordinate(e, n), Coordinate(w, n), Coordinate(w, s)]
    }

    /// A world layer split at ±180° (as Natural Earth is), with a ring spanning every longitude
    /// (Antarctica): only ±180° cuts nothing, so the map is centred on 0°.
    func testAWorldLayerSplitAt180IsCentredOnGreenwich() {
        let rings = [box(-180, -90, 180, -60), box(-10, 35, 40, 70), box(-170, 50, -60, 70), box(100, -40, 155, -10),
                     box(170, -20, 180, -15), box(-180, -20, -178, -15)]
        let p = MapProjection(fittingRings: rings)
        XCTAssertEqual(p.kind, .equalEarth)
        XCTAssertEqual(p.lon0, 0, accuracy: 1e-12)
        // The Fiji halves stay on their own sides of the map.
        XCTAssertGreaterThan(p.project(Coordinate(180, -17)).x, 0)
        XCTAssertLessThan(p.project(Coordinate(-180, -17)).x, 0)
    }

    /// Data around the Pacific, one ring crossing 180° itself (175° E to 175° W): the edge goes
    /// through the empty Atlantic, and the centre stays in the Pacific.
    func testPacificDataKeepsItsCentreAndTheEdgeMissesEveryRing() {
        let rings = [box(110, -45, 155, -10), [Coordinate(175, -20), Coordinate(-175, -20), Coordinate(-175, -15), Coordinate(175, -15), Coordinate(175, -20)],
                     box(-125, 30, -115, 50), box(-80, -50, -70, 10)]
        let p = MapProjection(fittingRings: rings)
        XCTAssertEqual(p.kind, .equalEarth)
        let edge = MapProjection.normalised(p.lon0 * 180 / .pi + 180)
        XCTAssertTrue(edge > -70 && edge < 110, "edge at \(edge)")
        XCTAssertEqual(MapProjection.leastCutEdge(rings, preferred: edge), edge)
        // Both sides of the crossing ring are drawn next to each other, not across the map.
        let a = p.project(Coordinate(175, -17)).x, b = p.project(Coordinate(-175, -17)).x
        XCTAssertLessThan(abs(a - b), 1500)
    }

    /// Wrangel Island's western half as a reader may hand it over: its vertices on the
    /// antimeridian written as 180° while the others are west of it. Drawn whole on the west
    /// side, not as a sliver across the map; and the edge stays at ±180°.
    func testARingTouchingTheEdgeStaysOnItsSide() {
        let west = [Coordinate(-178.69, 70.89), Coordinate(180, 70.83), Coordinate(180, 71.52), Coordinate(-179.87, 71.56),
                    Coordinate(-177.58, 71.27), Coordinate(-178.69, 70.89)]
        let east = [Coordinate(178.73, 70.78), Coordinate(180, 70.8), Coordinate(180, 71.5), Coordinate(178.8, 71.52), Coordinate(178.73, 70.78)]
        let rings = [west, east, box(-180, -90, 180, -60), box(-10, 35, 40, 70)]
        let p = MapProjection(fittingRings: rings)
        XCTAssertEqual(p.lon0, 0, accuracy: 1e-12)
        let xs = p.project(ring: west).map(\.x), xe = p.project(ring: east).map(\.x)
        XCTAssertTrue(xs.allSatisfy { $0 < 0 }, "\(xs)")
        XCTAssertTrue(xe.allSatisfy { $0 > 0 }, "\(xe)")
        XCTAssertLessThan(xs.max()! - xs.min()!, 1000)  // 2.4° at 71° N: about 210 km here; a sliver would be 12,000
    }
}
