import Foundation
import Domain

/// How the maps turn longitude and latitude into km, chosen from the data's extent:
/// - **Lambert azimuthal equal-area**, centred on the data, for extents up to
///   `worldThresholdDegrees` of longitude and of latitude (a country, a province): areas are
///   true, so a choropleth does not exaggerate big units, and the scale is nearly true across
///   the map, so the scale bar holds. (Raw degrees would stretch east–west by 1/cos(latitude).)
/// - **Equal Earth** (Šavrič, Patterson & Jenny 2018), on the data's central meridian, for wider
///   extents (a continent, the world): still equal-area, but the azimuthal projection would crush
///   shapes far from its centre. Its scale varies across the map, so such maps carry no scale bar.
/// Both on a sphere of the authalic radius, x/y in km.
public struct MapProjection: Sendable {
    public enum Kind: Sendable, Equatable { case lambertAzimuthal, equalEarth }
    public let kind: Kind
    public let lon0: Double, lat0: Double
    static let radiusKm = 6371.0072
    /// An extent wider than this in longitude or in latitude is drawn in Equal Earth.
    public static let worldThresholdDegrees = 45.0

    public init(centre: Coordinate, kind: Kind = .lambertAzimuthal) {
        self.kind = kind
        lon0 = centre.x * .pi / 180; lat0 = centre.y * .pi / 180
    }

    /// Centred on the data: the middle of the latitudes, and the middle of the smallest span of
    /// longitudes that holds them all, found as the complement of the widest empty gap around the
    /// circle, so that data crossing the 180° meridian (Fiji, Chukotka) is centred on it and not
    /// on longitude 0. For Equal Earth the map's edge (the central meridian + 180°) then falls in
    /// the middle of that gap, where no shape is cut.
    public init<S: Sequence>(fitting coordinates: S) where S.Element == Coordinate {
        let e = MapProjection.extent(of: coordinates)
        let wide = max(e.longitudeSpan, e.latitudeSpan) > MapProjection.worldThresholdDegrees
        self.init(centre: e.centre, kind: wide ? .equalEarth : .lambertAzimuthal)
    }

    /// As `init(fitting:)`, from the rings that will be drawn: for Equal Earth the central
    /// meridian is then moved, if need be, so that the map's edge cuts as few rings as possible
    /// (a ring cut by the edge would be drawn across the whole map). A world layer whose shapes
    /// are split at ±180° (Natural Earth, GADM) gets the edge there; data around the Pacific gets
    /// it through the Atlantic.
    public init(fittingRings rings: [[Coordinate]]) {
        let e = MapProjection.extent(of: rings.lazy.joined())
        guard max(e.longitudeSpan, e.latitudeSpan) > MapProjection.worldThresholdDegrees else {
            self.init(centre: e.centre, kind: .lambertAzimuthal)
            return
        }
        let edge = MapProjection.leastCutEdge(rings, preferred: MapProjection.normalised(e.centre.x + 180))
        self.init(centre: Coordinate(MapProjection.normalised(edge + 180), e.centre.y), kind: .equalEarth)
    }

    /// The meridian (whole degrees, or `preferred`) that the fewest rings straddle; ties go to the
    /// one nearest `preferred`. A ring straddles it when the meridian lies strictly inside the
    /// ring's span of longitudes (taken across 180° when a step between two vertices is longer
    /// than 180°, i.e. the ring crosses that meridian itself).
    static func leastCutEdge(_ rings: [[Coordinate]], preferred: Double) -> Double {
        var spans: [(lo: Double, hi: Double)] = []
        spans.reserveCapacity(rings.count)
        // A vertex on ±180° (within a micro-degree: Natural Earth writes −179.99999999999994)
        // touches the edge of the world; whether written −180° or 180°, it is on the side of the
        // ring's other vertices (as `project(ring:)` draws it), and makes no crossing.
        func onEdge(_ lon: Double) -> Bool { abs(lon) >= 180 - 1e-6 }
        for ring in rings {
            var lo = Double.infinity, hi = -Double.infinity, crosses = false, touches = false
            var east = 0, west = 0
            var last: Double?
            for c in ring where c.x.isFinite {
                let lon = normalised(c.x)
                if let l = last, abs(lon - l) > 180, !onEdge(l), !onEdge(lon) { crosses = true }
                last = lon
                if onEdge(lon) { touches = true; continue }
                lo = min(lo, lon); hi = max(hi, lon)
                if lon > 0 { east += 1 } else { west += 1 }
            }
            if lo > hi {
                // Only vertices on the edge (a strip along it, or a ring around a pole).
                if touches { spans.append((-180, 180)) }
                continue
            }
            if crosses {
                // Unwrapped to [0, 360): the span runs east from the positive longitudes.
                lo = Double.infinity; hi = -Double.infinity
                for c in ring where c.x.isFinite && !onEdge(normalised(c.x)) {
                    let u = normalised(c.x) < 0 ? normalised(c.x) + 360 : normalised(c.x)
                    lo = min(lo, u); hi = max(hi, u)
                }
            } else if touches {
                if east >= west { hi = 180 } else { lo = -180 }
            }
            spans.append((lo, hi))
        }
        func cuts(_ edge: Double) -> Int {
            spans.reduce(0) { n, s in (s.lo < edge && edge < s.hi) || (s.lo < edge + 360 && edge + 360 < s.hi) ? n + 1 : n }
        }
        func distance(_ a: Double) -> Double { abs(normalised(a - preferred)) }
        var best = preferred, bestCuts = cuts(preferred)
        if bestCuts == 0 { return preferred }
        for k in 0..<360 {
            let edge = Double(k - 180)
            let n = cuts(edge)
            if n < bestCuts || (n == bestCuts && distance(edge) < distance(best)) { best = edge; bestCuts = n }
        }
        return best
    }

    /// Whether one scale bar is right across the map.
    public var hasTrueScale: Bool { kind == .lambertAzimuthal }

    /// The projection's name as the maps' captions give it.
    public var name: String {
        kind == .lambertAzimuthal ? "Lambert azimuthal equal-area projection" : "Equal Earth projection"
    }

    public static func centre<S: Sequence>(of coordinates: S) -> Coordinate where S.Element == Coordinate {
        extent(of: coordinates).centre
    }

    /// The centre, and the spans in degrees of longitude (the smallest arc holding every point)
    /// and of latitude.
    public static func extent<S: Sequence>(of coordinates: S) -> (centre: Coordinate, longitudeSpan: Double, latitudeSpan: Double)
        where S.Element == Coordinate {
        // Tenth-of-a-degree bins say where the widest gap is; exact extremes are then taken
        // with the longitudes unwrapped from the end of that gap.
        let bins = 3600
        var occupied = [Bool](repeating: false, count: bins)
        var minLat = Double.infinity, maxLat = -Double.infinity
        for c in coordinates where c.x.isFinite && c.y.isFinite {
            let lon = normalised(c.x)
            occupied[min(bins - 1, Int((lon + 180) * 10))] = true
            minLat = min(minLat, c.y); maxLat = max(maxLat, c.y)
        }
        guard minLat <= maxLat, let anyBin = occupied.firstIndex(of: true) else { return (Coordinate(0, 0), 0, 0) }
        // Widest run of empty bins, circularly, starting from an occupied bin.
        var bestStart = anyBin, bestLength = 0, runStart = -1, runLength = 0
        for step in 1...bins {
            let b = (anyBin + step) % bins
            if occupied[b] {
                if runLength > bestLength { bestLength = runLength; bestStart = runStart }
                runLength = 0
            } else {
                if runLength == 0 { runStart = b }
                runLength += 1
            }
        }
        // The data begins at the bin after the gap; longitudes are unwrapped from there.
        let from = Double((bestStart + bestLength) % bins) / 10 - 180
        var lo = Double.infinity, hi = -Double.infinity
        for c in coordinates where c.x.isFinite && c.y.isFinite {
            var lon = normalised(c.x)
            if lon < from { lon += 360 }
            lo = min(lo, lon); hi = max(hi, lon)
        }
        return (Coordinate(normalised((lo + hi) / 2), (minLat + maxLat) / 2), hi - lo, maxLat - minLat)
    }

    /// A longitude in [-180, 180).
    static func normalised(_ lon: Double) -> Double {
        var l = lon.truncatingRemainder(dividingBy: 360)
        if l < -180 { l += 360 }
        if l >= 180 { l -= 360 }
        return l
    }

    public func project(_ c: Coordinate) -> (x: Double, y: Double) {
        switch kind {
        case .lambertAzimuthal: return lambertAzimuthal(c)
        case .equalEarth: return equalEarth(c)
        }
    }

    /// A ring projected point by point, except that in Equal Earth a point on the map's edge
    /// (180° from the centre) is put on the side of the ring's other points: a shape ending at
    /// the antimeridian may write its vertices there as −180° or 180° alike (a reader or PROJ
    /// may turn one into the other), and either way it is one shape on one side of the map.
    public func project(ring: [Coordinate]) -> [(x: Double, y: Double)] {
        guard kind == .equalEarth else { return ring.map(project) }
        let centre = lon0 * 180 / .pi
        func offset(_ c: Coordinate) -> Double { MapProjection.normalised(c.x - centre) }
        let onEdge = { (c: Coordinate) in abs(abs(offset(c)) - 180) < 1e-6 }
        guard ring.contains(where: onEdge) else { return ring.map(project) }
        // The side of the ring: that of most of its points off the edge (east when none is).
        var east = 0, west = 0
        for c in ring where !onEdge(c) { if offset(c) > 0 { east += 1 } else { west += 1 } }
        let edge = centre + (east >= west ? 180 : -180)
        return ring.map { onEdge($0) ? equalEarth(Coordinate(edge, $0.y)) : equalEarth($0) }
    }

    func lambertAzimuthal(_ c: Coordinate) -> (x: Double, y: Double) {
        let lon = c.x * .pi / 180, lat = c.y * .pi / 180
        let cosc = sin(lat0) * sin(lat) + cos(lat0) * cos(lat) * cos(lon - lon0)
        let k = (2 / max(1e-12, 1 + cosc)).squareRoot()
        let x = MapProjection.radiusKm * k * cos(lat) * sin(lon - lon0)
        let y = MapProjection.radiusKm * k * (cos(lat0) * sin(lat) - sin(lat0) * cos(lat) * cos(lon - lon0))
        return (x, y)
    }

    /// Equal Earth, spherical form (Šavrič, Patterson & Jenny 2018, eq. 2): with the parametric
    /// latitude θ = asin(√3/2 · sin φ),
    /// x = 2√3 λ cos θ / (3 (9A₄θ⁸ + 7A₃θ⁶ + 3A₂θ² + A₁)), y = A₄θ⁹ + A₃θ⁷ + A₂θ³ + A₁θ.
    /// λ is taken from the central meridian into [−π, π], so the map's edge is its antimeridian;
    /// a point exactly on the edge stays on the side it was given on (a world layer's shapes end
    /// at −180° and at 180°, and each must keep its own side).
    func equalEarth(_ c: Coordinate) -> (x: Double, y: Double) {
        let a1 = 1.340264, a2 = -0.081106, a3 = 0.000893, a4 = 0.003796
        let d = c.x - lon0 * 180 / .pi
        let lambda = (abs(d) <= 180 ? d : MapProjection.normalised(d)) * .pi / 180
        let phi = max(-90, min(90, c.y)) * .pi / 180
        let theta = asin(3.0.squareRoot() / 2 * sin(phi))
        let t2 = theta * theta, t6 = t2 * t2 * t2
        let x = 2 * 3.0.squareRoot() * lambda * cos(theta) / (3 * (9 * a4 * t6 * t2 + 7 * a3 * t6 + 3 * a2 * t2 + a1))
        let y = theta * (a1 + a2 * t2 + t6 * (a3 + a4 * t2))
        return (MapProjection.radiusKm * x, MapProjection.radiusKm * y)
    }
}

/// Colour ramps that read in grey and for colour-blind viewers: viridis sampled at n steps,
/// from dark (low priority) to yellow (high).
public enum ColourRamp {
    static let viridis: [(Double, Double, Double)] = [
        (0.267, 0.005, 0.329), (0.283, 0.141, 0.458), (0.254, 0.265, 0.530), (0.207, 0.372, 0.553),
        (0.164, 0.471, 0.558), (0.128, 0.567, 0.551), (0.135, 0.659, 0.518), (0.267, 0.749, 0.441),
        (0.478, 0.821, 0.318), (0.741, 0.873, 0.150), (0.993, 0.906, 0.144)]

    public static func viridis(steps n: Int) -> [String] {
        guard n > 1 else { return [hex(viridis[viridis.count - 1])] }
        return (0..<n).map { i in
            let t = Double(i) / Double(n - 1) * Double(viridis.count - 1)
            let lo = Int(t.rounded(.down)), hi = min(viridis.count - 1, lo + 1), f = t - Double(lo)
            let a = viridis[lo], b = viridis[hi]
            return hex((a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f, a.2 + (b.2 - a.2) * f))
        }
    }

    static func hex(_ c: (Double, Double, Double)) -> String {
        String(format: "#%02x%02x%02x", Int((c.0 * 255).rounded()), Int((c.1 * 255).rounded()), Int((c.2 * 255).rounded()))
    }
}
