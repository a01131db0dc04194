import Domain
import Geometry

/// What the boundary checks found on a project's units (see `BoundaryReview`): overlapping
/// pairs, gaps inside parents, units mostly outside their parent, and points that fell in an
/// overlap. Every list is sorted largest first (ties by id), so the first rows are the ones to fix
/// first; the diagnostics carry the same findings one by one.
public struct BoundaryReport: Sendable, Codable, Equatable {
    public struct Overlap: Sendable, Codable, Equatable {
        public var first: String
        public var second: String
        public var areaKm2: Double
        /// A point inside the overlap.
        public var lon: Double, lat: Double
    }
    public struct Gap: Sendable, Codable, Equatable {
        public var parent: String
        public var parentName: String
        /// Where the parent's outline came from: `levels.NAME`, or `union of its units` when no
        /// level has a polygon for it (then only holes inside the union count).
        public var outline: String
        public var units: Int
        public var pieces: Int
        public var areaKm2: Double
        public var largestKm2: Double
        /// A point inside the largest piece.
        public var lon: Double, lat: Double
    }
    public struct OutsideParent: Sendable, Codable, Equatable {
        public var unit: String
        public var parent: String
        public var level: String
        /// Share of the unit's area outside its parent's polygon, 0…1.
        public var shareOutside: Double
        public var areaKm2: Double
    }
    public struct PointsInOverlap: Sendable, Codable, Equatable {
        public var layer: String
        public var first: String
        public var second: String
        public var points: Int
        /// The unit the points were placed in (the covering unit whose id sorts first), or
        /// `ID (n), ID (n)` when a third unit covering some of them took those.
        public var placedIn: String
    }

    public var overlapToleranceKm2: Double
    public var overlapToleranceShare: Double
    public var gapToleranceKm2: Double
    public var outsideShare: Double
    public var overlaps: [Overlap] = []
    public var overlapAreaKm2 = 0.0
    public var gaps: [Gap] = []
    public var gapAreaKm2 = 0.0
    public var outsideParent: [OutsideParent] = []
    public var pointsInOverlaps: [PointsInOverlap] = []
    /// Pairs or units that GEOS could not check (each also a `boundary-check-failed` warning).
    public var failures = 0

    public init(tolerances: BoundaryTolerances = .standard) {
        overlapToleranceKm2 = tolerances.overlapKm2
        overlapToleranceShare = tolerances.overlapShare
        gapToleranceKm2 = tolerances.gapKm2
        outsideShare = tolerances.outsideShare
    }

    /// True when nothing was found and nothing failed.
    public var isClean: Bool {
        overlaps.isEmpty && gaps.isEmpty && outsideParent.isEmpty && pointsInOverlaps.isEmpty && failures == 0
    }

    /// Points in overlaps, all layers and pairs together.
    public var pointsInOverlapCount: Int { pointsInOverlaps.reduce(0) { $0 + $1.points } }

    /// The findings as indented lines for people (`inspect --project`, `data_quality.txt`): counts,
    /// total areas and the `largest` first rows of each list.
    public func lines(largest: Int = 10) -> [String] {
        let km2 = BoundaryText.km2, deg = BoundaryText.deg, percent = BoundaryText.percent
        var out: [String] = []
        out.append("overlapping units: \(BoundaryText.count(overlaps.count, "pair")), \(km2(overlapAreaKm2)) km² in all (overlaps under \(km2(overlapToleranceKm2)) km² and under \(percent(overlapToleranceShare)) of the smaller unit are not counted)")
        for o in overlaps.prefix(largest) {
            out.append("  \(o.first) / \(o.second): \(km2(o.areaKm2)) km² around (\(deg(o.lon)), \(deg(o.lat)))")
        }
        if overlaps.count > largest { out.append("  … \(overlaps.count - largest) more pairs") }
        out.append("gaps inside parents: \(BoundaryText.count(gaps.reduce(0) { $0 + $1.pieces }, "piece")) in \(BoundaryText.count(gaps.count, "parent")), \(km2(gapAreaKm2)) km² in all (pieces under \(km2(gapToleranceKm2)) km² are not counted)")
        for g in gaps.prefix(largest) {
            out.append("  \(g.parent)\(g.parentName.isEmpty ? "" : " " + g.parentName): \(BoundaryText.count(g.pieces, "piece")), \(km2(g.areaKm2)) km², largest \(km2(g.largestKm2)) km² around (\(deg(g.lon)), \(deg(g.lat))); outline from \(g.outline)")
        }
        if gaps.count > largest { out.append("  … \(gaps.count - largest) more parents") }
        out.append("units mostly outside their parent (more than \(Int((outsideShare * 100).rounded()))% of their area): \(outsideParent.count)")
        for u in outsideParent.prefix(largest) {
            out.append("  \(u.unit): \(percent(u.shareOutside)) of \(km2(u.areaKm2)) km² outside \(u.parent) (\(u.level))")
        }
        if outsideParent.count > largest { out.append("  … \(outsideParent.count - largest) more units") }
        out.append("points in an overlap (placed in the unit whose id sorts first): \(pointsInOverlapCount)")
        for p in pointsInOverlaps.prefix(largest) {
            out.append("  \(p.layer): \(p.points) in \(p.first) / \(p.second), placed in \(p.placedIn)")
        }
        if pointsInOverlaps.count > largest { out.append("  … \(pointsInOverlaps.count - largest) more") }
        if failures > 0 { out.append("not checked (GEOS failed, see boundary-check-failed): \(failures)") }
        return out
    }
}

/// Number text for the boundary messages: fixed decimals, whatever the locale.
enum BoundaryText {
    static func km2(_ x: Double) -> String { FixedDecimal.format(x, places: x >= 100 ? 1 : x >= 1 ? 2 : 4, trimZeros: x < 1) }
    static func deg(_ x: Double) -> String { FixedDecimal.format(x, places: 4) }
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
    static func percent(_ share: Double) -> String { FixedDecimal.format(share * 100, places: 1, trimZeros: true) + "%" }
}
