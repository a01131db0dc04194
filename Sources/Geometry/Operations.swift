import CGEOS
import Domain

/// The GEOS operations the toolkit needs, each checked: a NULL or exception code from GEOS
/// becomes a thrown error carrying GEOS's own message.
extension GEOSGeometryRef {
    public func intersection(_ other: GEOSGeometryRef) throws -> GEOSGeometryRef {
        try context.own(GEOSIntersection_r(handle, pointer, other.pointer), "intersection")
    }
    public func unaryUnion() throws -> GEOSGeometryRef {
        try context.own(GEOSUnaryUnion_r(handle, pointer), "unary union")
    }
    public func centroid() throws -> GEOSGeometryRef {
        try context.own(GEOSGetCentroid_r(handle, pointer), "centroid")
    }
    public func pointOnSurface() throws -> GEOSGeometryRef {
        try context.own(GEOSPointOnSurface_r(handle, pointer), "point on surface")
    }

    /// Planar area in the coordinates' own units (degrees² for WGS 84: use `Geodesy` for km²).
    func planarArea() throws -> Double {
        var a = 0.0
        guard GEOSArea_r(handle, pointer, &a) == 1 else { throw context.failure("area") }
        return a
    }

    public func covers(_ other: GEOSGeometryRef) throws -> Bool {
        try context.predicate(GEOSCovers_r(handle, pointer, other.pointer), "covers")
    }
    func overlapsInterior(_ other: GEOSGeometryRef) throws -> Bool {
        // True when the interiors meet: a shared edge alone does not count.
        guard let m = GEOSRelate_r(handle, pointer, other.pointer) else { throw context.failure("relate") }
        defer { GEOSFree_r(handle, m) }
        return String(cString: m).first.map { $0 != "F" } ?? false
    }
}

/// What validity checking found for one polygonal shape.
public enum ValidityCheck: Sendable {
    case valid
    /// GEOS's reason (e.g. "Self-intersection"), where it happened, and the repaired polygons
    /// (polygonal parts only: GEOSMakeValid can return lines and points, which we drop).
    case repaired(reason: String, at: Coordinate?, polygons: [Polygon])
}

extension GEOSContext {
    /// Checks polygons with GEOSisValidDetail and repairs invalid ones with GEOSMakeValid.
    public func validate(_ polygons: [Polygon]) throws -> ValidityCheck {
        let g = try multiPolygon(polygons)
        var reason: UnsafeMutablePointer<CChar>? = nil
        var location: OpaquePointer? = nil
        let r = GEOSisValidDetail_r(handle, g.pointer, 0, &reason, &location)
        if r == 1 { return .valid }
        guard r == 0 else { throw failure("validity check") }
        let why = reason.map { String(cString: $0) } ?? "invalid geometry"
        if let reason { GEOSFree_r(handle, reason) }
        var at: Coordinate? = nil
        if let location {
            let loc = GEOSGeometryRef(owning: location, context: self)
            at = try? loc.coordinate()
        }
        let fixed = try own(GEOSMakeValid_r(handle, g.pointer), "make valid")
        return .repaired(reason: why, at: at, polygons: try fixed.polygons())
    }

    /// The unit's reference point (Scripts/METHOD.md, where distances are measured from): its centroid when the centroid lies inside, else a
    /// point on its surface.
    public func referencePoint(_ polygons: [Polygon]) throws -> Coordinate {
        let g = try multiPolygon(polygons)
        let c = try g.centroid()
        if try g.covers(c) { return try c.coordinate() }
        return try g.pointOnSurface().coordinate()
    }
}
