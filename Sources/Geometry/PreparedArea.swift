import CGEOS
import Domain

/// Overlay operations and predicates that the boundary checks need, each checked like those of
/// `Operations.swift`.
extension GEOSGeometryRef {
    public func difference(_ other: GEOSGeometryRef) throws -> GEOSGeometryRef {
        try context.own(GEOSDifference_r(handle, pointer, other.pointer), "difference")
    }

    /// True when the two interiors share at least a point (DE-9IM `T********`): units that only
    /// touch along a border or at a vertex do not count.
    public func interiorsIntersect(_ other: GEOSGeometryRef) throws -> Bool {
        try context.predicate(GEOSRelatePattern_r(handle, pointer, other.pointer, "T********"), "relate pattern")
    }

    /// The geometry's envelope, or nil when it is empty.
    public func boundingBox() throws -> BoundingBox? {
        if isEmpty { return nil }
        var b = BoundingBox.empty
        guard GEOSGeom_getXMin_r(handle, pointer, &b.minX) == 1, GEOSGeom_getYMin_r(handle, pointer, &b.minY) == 1,
              GEOSGeom_getXMax_r(handle, pointer, &b.maxX) == 1, GEOSGeom_getYMax_r(handle, pointer, &b.maxY) == 1 else {
            throw context.failure("envelope")
        }
        return b
    }
}

/// A GEOS prepared geometry (indexed for repeated predicates against one large polygon, such as a
/// territoire tested against each of its groupements). It owns its GEOS prepared pointer, destroyed
/// in `deinit`, and keeps the geometry it was prepared from alive, since GEOS points into it.
public final class PreparedArea {
    public let geometry: GEOSGeometryRef
    private let prepared: OpaquePointer

    public init(_ geometry: GEOSGeometryRef) throws {
        guard let p = GEOSPrepare_r(geometry.handle, geometry.pointer) else { throw geometry.context.failure("prepare") }
        self.geometry = geometry
        prepared = p
    }

    deinit { GEOSPreparedGeom_destroy_r(geometry.handle, prepared) }

    public func covers(_ other: GEOSGeometryRef) throws -> Bool {
        try geometry.context.predicate(GEOSPreparedCovers_r(geometry.handle, prepared, other.pointer), "prepared covers")
    }

    public func intersects(_ other: GEOSGeometryRef) throws -> Bool {
        try geometry.context.predicate(GEOSPreparedIntersects_r(geometry.handle, prepared, other.pointer), "prepared intersects")
    }
}
