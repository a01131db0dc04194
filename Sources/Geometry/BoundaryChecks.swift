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
    /// Overlaps of two units smaller than this, and smaller than `overlapShare` of the smaller
    /// unit, are float noise on a shared border: not reported. (The share catches overlaps among
    /// small units, such as city blocks, whose whole area is under a hectare.)
    public var overlapKm2: Double
    public var overlapShare: Double
    /// Pieces of a gap smaller than this are not reported (nor counted in the gap's area).
    public var gapKm2: Double
    /// A unit is "mostly outside" its parent when more than this share of its area lies outside
    /// the polygon of the parent its code names.
    public var outsideShare: Double

    public init(overlapKm2: Double = 0.01, overlapShare: Double = 0.01, gapKm2: Double = 0.01, outsideShare: Double = 0.5) {
        self.overlapKm2 = overlapKm2; self.overlapShare = overlapShare; self.gapKm2 = gapKm2; self.outsideShare = outsideShare
    }
    public static let standard = BoundaryTolerances()
}

/// Two units whose interiors overlap by at least `BoundaryTolerances.overlapKm2` (or `overlapShare`).
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

/// Units checked together (a parent's units) and their union, when one of them has a polygon.
public struct UnitGroup {
    public var members: [Int]
    public var union: GEOSGeometryRef?
    public init(members: [Int], union: GEOSGeometryRef?) { self.members = members; self.union = union }
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

/// Boundary checks over one set of units, each turned into GEOS geometry once, when a check
/// first needs it (`geometry(_:)`). A GEOS failure on one pair or one unit is thrown as a Swift
/// error naming the operation; callers decide whether it stops the run.
public final class BoundaryChecker {
    public let context: GEOSContext
    public let tolerances: BoundaryTolerances
    /// One geometry per unit once built (nil until then, and for ever for a unit without
    /// polygons): a checker on one core of several builds the units its share of the checks meets,
    /// and all of them once it needs the envelope tree.
    private var geometryCache: [GEOSGeometryRef?]
    private let polygons: [[Polygon]]
    /// Geodesic areas, computed when first asked for: Karney's algorithm costs about a microsecond
    /// per vertex, and clean boundaries need only a few units' areas.
    private var areaCache: [Double?]
    private let geodesy = Geodesy()
    /// The most km² a square degree holds on WGS 84 (at the equator: 12,392); used to turn an
    /// area in km² into a planar area in degrees² that is certainly no larger.
    static let maxKm2PerSquareDegree = 12_400.0

    public init(_ polygons: [[Polygon]], tolerances: BoundaryTolerances = .standard, context: GEOSContext) throws {
        self.context = context
        self.tolerances = tolerances
        geometryCache = Array(repeating: nil, count: polygons.count)
        self.polygons = polygons
        areaCache = Array(repeating: nil, count: polygons.count)
    }

    /// Unit `i` as GEOS geometry (nil without polygons), built on first use.
    public func geometry(_ i: Int) throws -> GEOSGeometryRef? {
        if let g = geometryCache[i] { return g }
        guard !polygons[i].isEmpty else { return nil }
        let g = try context.multiPolygon(polygons[i])
        geometryCache[i] = g
        return g
    }

    /// Every unit as GEOS geometry, by position.
    public func geometries() throws -> [GEOSGeometryRef?] {
        try polygons.indices.map { try geometry($0) }
    }

    private var envelopeTreeCache: EnvelopeTree?
    /// The STRtree of every unit, built on first use (after which nothing is inserted).
    func envelopeTree() throws -> EnvelopeTree {
        if let t = envelopeTreeCache { return t }
        let t = try EnvelopeTree(geometries(), context: context)
        envelopeTreeCache = t
        return t
    }

    /// Geodesic area of unit `i` in km² (0 without polygons).
    public func areaKm2(_ i: Int) -> Double {
        if let a = areaCache[i] { return a }
        let a = geodesy.areaKm2(polygons[i])
        areaCache[i] = a
        return a
    }

    // MARK: Overlaps

    /// Every pair of units whose overlap reaches the tolerance, in pair order (first, then second).
    /// `failed` receives the pairs GEOS could not compute, with its message.
    ///
    /// First a proof that there is none, by area: the sum of some units' areas minus the area of
    /// their union is at least the largest overlap among them. The units come in `groups` (a
    /// parent's units, with the union `gap` needed; by default one group of all). A group whose
    /// union falls short of its units' sum by less than half the smallest reportable overlap has
    /// no overlap inside it to test; likewise the groups' unions against the union of all for
    /// pairs across groups. Clean boundaries end here. Only the pairs not proven clean are tested:
    /// those whose envelopes meet (an STRtree); interiors first (ruling out neighbours that only
    /// share a border), then the intersection's geodesic area.
    ///
    /// The proof uses planar areas in degrees² (GEOS, linear time), with the km² tolerance turned
    /// into degrees² at the densest latitude, so that it errs towards testing the pairs.
    public func overlaps(groups given: [UnitGroup]? = nil,
                         failed: (Int, Int, TargetingError) -> Void = { _, _, _ in }) throws -> [AreaOverlap] {
        let shapes = try geometries()
        let everyUnit = Array(shapes.indices)
        let groups = try given ?? [UnitGroup(members: everyUnit, union: union(of: everyUnit))]
        let planar = try shapes.map { try $0?.planarArea() ?? 0 }
        let smallest = planar.filter { $0 > 0 }.min() ?? 0
        let bound = min(tolerances.overlapKm2 / Self.maxKm2PerSquareDegree, tolerances.overlapShare * smallest) / 2
        var groupOf = [Int](repeating: -1, count: shapes.count)
        var dirty: [Bool] = []
        var unions: [GEOSGeometryRef] = []
        for (g, group) in groups.enumerated() {
            for i in group.members { groupOf[i] = g }
            guard let u = group.union else { dirty.append(false); continue }
            unions.append(u)
            dirty.append(group.members.reduce(0) { $0 + planar[$1] } - (try u.planarArea()) >= bound)
        }
        var across = false
        if unions.count > 1 {
            let sum = try unions.reduce(0) { $0 + (try $1.planarArea()) }
            across = sum - (try union(unions).planarArea()) >= bound
        }
        guard across || dirty.contains(true) else { return [] }

        let tree = try envelopeTree()
        var found: [AreaOverlap] = []
        for (i, gi) in shapes.enumerated() {
            guard let gi else { continue }
            for j in try tree.candidates(meeting: gi) where j > i {
                guard let gj = shapes[j] else { continue }
                let (a, b) = (groupOf[i], groupOf[j])
                if a >= 0 && b >= 0 && (a == b ? !dirty[a] : !across) { continue }
                do {
                    if let o = try overlap(gi, gj), reportable(o.areaKm2, i, j) {
                        found.append(AreaOverlap(first: i, second: j, areaKm2: o.areaKm2, at: o.at, box: o.box))
                    }
                } catch let e as TargetingError {
                    failed(i, j, e)
                }
            }
        }
        return found
    }

    func reportable(_ km2: Double, _ i: Int, _ j: Int) -> Bool {
        km2 >= tolerances.overlapKm2 || km2 >= tolerances.overlapShare * min(areaKm2(i), areaKm2(j))
    }

    /// The overlap of two geometries, nil when their interiors do not meet. (Clipping both to the
    /// common part of their envelopes first would be faster, but GEOS 3.11's rectangle clip
    /// returns the whole rectangle when it lies in a hole of the polygon: an island unit inside
    /// another unit's hole then looked like an overlap, on pyshp's San Francisco block groups.)
    func overlap(_ a: GEOSGeometryRef, _ b: GEOSGeometryRef) throws -> (areaKm2: Double, at: Coordinate, box: BoundingBox)? {
        guard try a.overlapsInterior(b) else { return nil }
        let common = try a.intersection(b)
        let parts = try common.polygons()
        guard !parts.isEmpty, let box = try common.boundingBox() else { return nil }
        let area = geodesy.areaKm2(parts)
        let at = try context.multiPolygon(parts).pointOnSurface().coordinate()
        return (area, at, box)
    }

    // MARK: Gaps

    /// The union of the units at `members`, nil when none has a polygon.
    public func union(of members: [Int]) throws -> GEOSGeometryRef? {
        let shapes = try members.compactMap { try geometry($0) }
        return shapes.isEmpty ? nil : try union(shapes)
    }

    /// The part of `outline` that `covered` (the union of a parent's units `members`,
    /// `union(of:)`) leaves uncovered, when it reaches the tolerance. Without an outline (no
    /// polygon for the parent), only the holes inside the union count: its outer edge is then the
    /// only outline known. What units of other parents cover is not a gap (a city's communes
    /// inside a territoire, coded to the city): a gap is where no unit at all lies.
    public func gap(in covered: GEOSGeometryRef?, members: [Int], outline: [Polygon]?) throws -> AreaGap? {
        var pieces: [Polygon] = []
        if let outline, !outline.isEmpty {
            if let covered {
                pieces = try context.multiPolygon(outline).difference(covered).polygons()
            } else {
                pieces = outline
            }
        } else {
            guard let covered else { return nil }
            pieces = try covered.polygons().flatMap { $0.holes.map { Polygon(exterior: $0) } }
        }
        let group = Set(members)
        var total = 0.0, largest = 0.0, largestPiece: Polygon? = nil, count = 0
        for p in try pieces.filter({ geodesy.areaKm2([$0]) >= tolerances.gapKm2 }).flatMap({ try uncovered($0, besides: group) }) {
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

    /// The gap of `members` in `outline` (`union(of:)` then `gap(in:members:outline:)`).
    public func gap(members: [Int], outline: [Polygon]?) throws -> AreaGap? {
        try gap(in: union(of: members), members: members, outline: outline)
    }

    /// The parts of `piece` that no unit outside `group` covers.
    func uncovered(_ piece: Polygon, besides group: Set<Int>) throws -> [Polygon] {
        let g = try context.polygon(piece)
        let others = try envelopeTree().candidates(meeting: g).filter { !group.contains($0) }.compactMap { try geometry($0) }
        guard !others.isEmpty else { return [piece] }
        return try g.difference(union(others)).polygons()
    }

    /// The union of several geometries: GEOS's coverage union when they form a clean coverage
    /// (its result is then valid), else GEOS's cascaded union, slower but exact on any input.
    func union(_ shapes: [GEOSGeometryRef]) throws -> GEOSGeometryRef {
        let all = try collection(shapes)
        if let fast = try? all.coverageUnion(), (try? fast.isValid()) == true { return fast }
        return try all.unaryUnion()
    }

    func collection(_ shapes: [GEOSGeometryRef]) throws -> GEOSGeometryRef {
        try context.collection(Int(GEOS_GEOMETRYCOLLECTION.rawValue), shapes, "collection")
    }

    // MARK: Outside the parent

    /// The share (0…1) of unit `i`'s geodesic area that lies outside `parent`; nil for a unit
    /// without polygon or without area.
    public func shareOutside(_ i: Int, parent: PreparedArea) throws -> Double? {
        guard let g = try geometry(i), areaKm2(i) > 0 else { return nil }
        // The prepared predicates settle the usual cases (inside, or far away) without an overlay.
        if try parent.covers(g) { return 0 }
        if try !parent.intersects(g) { return 1 }
        let inside = geodesy.areaKm2(try g.intersection(parent.geometry).polygons())
        return min(1, max(0, 1 - inside / areaKm2(i)))
    }
}
