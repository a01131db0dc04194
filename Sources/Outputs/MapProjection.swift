import Foundation
import Domain

/// Lambert azimuthal equal-area on a sphere of the authalic radius, centred on the data: areas are
/// true, so a choropleth does not exaggerate big units, and x/y come out in km, which makes the
/// scale bar exact at the centre. (Raw degrees would stretch east–west by 1/cos(latitude).)
public struct MapProjection: Sendable {
    public let lon0: Double, lat0: Double
    static let radiusKm = 6371.0072

    public init(centre: Coordinate) { lon0 = centre.x * .pi / 180; lat0 = centre.y * .pi / 180 }

    /// Centred on the data: the middle of the latitudes, and the middle of the smallest span of
    /// longitudes that holds them all, found as the complement of the widest empty gap around the
    /// circle, so that data crossing the 180° meridian (Fiji, Chukotka) is centred on it and not
    /// on longitude 0.
    public init<S: Sequence>(fitting coordinates: S) where S.Element == Coordinate {
        self.init(centre: MapProjection.centre(of: coordinates))
    }

    public static func centre<S: Sequence>(of coordinates: S) -> Coordinate where S.Element == Coordinate {
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
        guard minLat <= maxLat, let anyBin = occupied.firstIndex(of: true) else { return Coordinate(0, 0) }
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
        return Coordinate(normalised((lo + hi) / 2), (minLat + maxLat) / 2)
    }

    /// A longitude in [-180, 180).
    static func normalised(_ lon: Double) -> Double {
        var l = lon.truncatingRemainder(dividingBy: 360)
        if l < -180 { l += 360 }
        if l >= 180 { l -= 360 }
        return l
    }

    public func project(_ c: Coordinate) -> (x: Double, y: Double) {
        let lon = c.x * .pi / 180, lat = c.y * .pi / 180
        let cosc = sin(lat0) * sin(lat) + cos(lat0) * cos(lat) * cos(lon - lon0)
        let k = (2 / max(1e-12, 1 + cosc)).squareRoot()
        let x = MapProjection.radiusKm * k * cos(lat) * sin(lon - lon0)
        let y = MapProjection.radiusKm * k * (cos(lat0) * sin(lat) - sin(lat0) * cos(lat) * cos(lon - lon0))
        return (x, y)
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
