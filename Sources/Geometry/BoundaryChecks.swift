import CGEOS
import Domain

/// The thresholds of the boundary checks. Areas are geodesic km² on WGS 84 (`Geodesy`).
///
/// Why these numbers: two units digitised from the same line but written with different float
/// rounding overlap by slivers about a millimetre to a centimetre wide, i.e. 10⁻⁶–10⁻³ km² along
/// a 100 km border; an overlap or a gap of a hectare (0.01 km², a 100 m square) is a real
/// digitising error that can move points and people between units. Shares are of the unit's own
/// geodesic area.
public struct BoundaryTolerances: Sendable, Equatable {
    /// Overlaps of two units smaller than this are float noise on a shared border: not reported.
    public var overlapKm2: Double
    /// Pieces of a gap smaller than this are not reported (nor counted in the gap's area).
    public var gapKm2: Double
    /// A unit is "mostly outside" its parent when more than this share of its area lies outside
    /// the polygon of the parent its code names.
    public var outsideShare: Double

    public init(overlapKm2: Double = 0.01, gapKm2: Double = 0.01, outsideShare: Double = 0.5) {
        self.overlapKm2 = overlapKm2; self.gapKm2 = gapKm2; self.outsideShare = outsideShare
    }
    public static let standard = BoundaryTolerances()
}

/// Two units whose interiors overlap by at least `BoundaryTolerances.overlapKm2`.
public struct AreaOverlap: Sendable, Equatable {
    /// Positions of the two units (first < second) in the arrays given to `BoundaryChecker`.
    public var first: Int
    public var second: Int
    public var areaKm2: Double
    /// A point inside the overlap (GEOS point on surface), to find it on a map.
    public var at: Coordinate
    /// The overlap's envelope, to find the points that fall in it.
    public var box: BoundingBox
}

/// Area of a parent's outline that none of its units cover.
public struct AreaGap: Sendable, Equatable {
    /// Separate pieces of at least `BoundaryTolerances.gapKm2`.
    public var pieces: Int
    /// The pieces' total area.
    public var areaKm2: Double
    public var largestKm2: Double
    /// A point inside the largest piece.
    public var at: Coordinate
}

/// Boundary checks over one set of units, each given as GEOS geometry once
/// (`BoundaryChecker.init`). A GEOS failure on one pair or one unit is thrown as a Swift error
/// naming the operation; callers decide whether it stops the run.
public final class BoundaryChecker {
    public let context: GEOSContext
    public let tolerances: BoundaryTolerances
    /// One geometry per unit, nil for a unit without polygons.
    public let geometries: [GEOSGeometryRef?]
    /// Geodesic area of each unit in km² (0 without polygons).
    public let areasKm2: [Double]
    private let geodesy = Geodesy()

    public init(_ polygons: [[Polygon]], tolerances: BoundaryTolerances = .standard, context: GEOSContext) throws {
        self.context = context
        self.tolerances = tolerances
        geometries = try polygons.map { $0.isEmpty ? nil : try context.multiPolygon($0) }
        let geodesy = self.geodesy
        areasKm2 = polygons.map { geodesy.areaKm2($0) }
    }

    // MARK: Overlaps

    /// Every pair of units whose overlap reaches the tolerance, found by an STRtree of the units'
    /// envelopes (each pair whose envelopes meet is tested once: interiors first, which rules out
    /// neighbours that only share a border, then the intersection's geodesic area). In pair order
    /// (first, then second). `failed` receives the pairs GEOS could not compute, with its message.
    public func overlaps(failed: (Int, Int, TargetingError) -> Void = { _, _, _ in }) throws -> [AreaOverlap] {
        let tree = try EnvelopeTree(geometries, context: context)
        var found: [AreaOverlap] = []
        for (i, gi) in geometries.enumerated() {
            guard let gi else { continue }
            for j in try tree.candidates(meeting: gi) where j > i {
                guard let gj = geometries[j] else { continue }
                do {
                    if let o = try overlap(gi, gj), o.areaKm2 >= tolerances.overlapKm2 {
                        found.append(AreaOverlap(first: i, second: j, areaKm2: o.areaKm2, at: o.at, box: o.box))
                    }
                } catch let e as TargetingError {
                    failed(i, j, e)
                }
            }
        }
        return found
    }

    /// The overlap of two geometries, nil when their interiors do not meet.
    func overlap(_ a: GEOSGeometryRef, _ b: GEOSGeometryRef) throws -> (areaKm2: Double, at: Coordinate, box: BoundingBox)? {
        guard try a.interiorsIntersect(b) else { return nil }
        let common = try a.intersection(b)
        let parts = try common.polygons()
        guard !parts.isEmpty, let box = try common.boundingBox() else { return nil }
        let area = geodesy.areaKm2(parts)
        let at = try context.multiPolygon(parts).pointOnSurface().coordinate()
        return (area, at, box)
    }

    // MARK: Gaps

    /// The part of `outline` that the `members` (positions of units) do not cover, when it reaches
    /// the tolerance. Without an outline (no polygon for the parent), only the holes inside the
    /// members' union count: the outer edge of the union is then the only outline known.
    public func gap(members: [Int], outline: [Polygon]?) throws -> AreaGap? {
        let shapes = members.compactMap { geometries[$0] }
        var pieces: [Polygon] = []
        if let outline, !outline.isEmpty {
            let parent = try context.multiPolygon(outline)
            if shapes.isEmpty {
                pieces = outline
            } else {
                let covered = try union(shapes)
                pieces = try parent.difference(covered).polygons()
            }
        } else {
            guard !shapes.isEmpty else { return nil }
            pieces = try union(shapes).polygons().flatMap { $0.holes.map { Polygon(exterior: $0) } }
        }
        var total = 0.0, largest = 0.0, largestPiece: Polygon? = nil, count = 0
        for p in pieces {
            let a = geodesy.areaKm2([p])
            guard a >= tolerances.gapKm2 else { continue }
            count += 1
            total += a
            if a > largest { largest = a; largestPiece = p }
        }
        guard let largestPiece else { return nil }
        let at = try context.polygon(largestPiece).pointOnSurface().coordinate()
        return AreaGap(pieces: count, areaKm2: total, largestKm2: largest, at: at)
    }

    /// The union of several geometries (GEOS cascaded union of a collection of clones).
    func union(_ shapes: [GEOSGeometryRef]) throws -> GEOSGeometryRef {
        try context.collection(Int(GEOS_GEOMETRYCOLLECTION.rawValue), shapes, "collection").unaryUnion()
    }

    // MARK: Outside the parent

    /// The share (0…1) of unit `i`'s geodesic area that lies outside `parent`; nil for a unit
    /// without polygon or without area.
    public func shareOutside(_ i: Int, parent: PreparedArea) throws -> Double? {
        guard let g = geometries[i], areasKm2[i] > 0 else { return nil }
        // The prepared predicates settle the usual cases (inside, or far away) without an overlay.
        if try parent.covers(g) { return 0 }
        if try !parent.intersects(g) { return 1 }
        let inside = geodesy.areaKm2(try g.intersection(parent.geometry).polygons())
        return min(1, max(0, 1 - inside / areasKm2[i]))
    }
}
