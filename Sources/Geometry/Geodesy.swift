import CProj
import Domain

/// Geodesic measures on the WGS 84 ellipsoid (Karney's algorithms, PROJ's geodesic.h): distances
/// in km and areas in km², as the reference semantics require (Scripts/METHOD.md). Never planar
/// degrees.
public struct Geodesy: Sendable {
    private var geod = geod_geodesic()

    public init() {
        geod_init(&geod, 6378137.0, 1.0 / 298.257223563)
    }

    /// Geodesic distance in km between two lon/lat points.
    public func distanceKm(_ a: Coordinate, _ b: Coordinate) -> Double {
        var s12 = 0.0
        var g = geod
        geod_inverse(&g, a.y, a.x, b.y, b.x, &s12, nil, nil)
        return s12 / 1000.0
    }

    /// Geodesic area in km² of a ring, whatever its orientation.
    func ringAreaKm2(_ ring: Ring) -> Double {
        var g = geod
        var lats = ring.map(\.y), lons = ring.map(\.x)
        var n = Int32(ring.count)
        if n > 1, ring.first == ring.last { n -= 1 }  // geod_polygonarea closes the ring itself
        guard n >= 3 else { return 0 }
        var area = 0.0, perimeter = 0.0
        geod_polygonarea(&g, &lats, &lons, n, &area, &perimeter)
        return abs(area) / 1e6
    }

    /// Geodesic area in km² of polygons with holes.
    public func areaKm2(_ polygons: [Polygon]) -> Double {
        polygons.reduce(0) { sum, p in
            sum + ringAreaKm2(p.exterior) - p.holes.reduce(0) { $0 + ringAreaKm2($1) }
        }
    }
}
