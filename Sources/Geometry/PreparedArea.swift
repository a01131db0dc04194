import CGEOS
import Domain

/// Overlay operations, predicates and prepared geometries that the boundary checks need, each checked like those of
/// `Operations.swift`.
extension GEOSGeometryRef {
    public func difference(_ other: GEOSGeometryRef) throws -> GEOSGeometryRef {
        try context.own(GEOSDifference_r(handle, pointer, other.pointer), "difference")
    }

    /// The union of a collection of polygons that form a coverage (neighbours share their border
    /// vertex for vertex, nothing overlaps): fast, since shared edges simply cancel. On anything
    /// else GEOS may fail or return an invalid geometry, so callers check `isValid` and fall back
    /// to `unaryUnion`.
    func coverageUnion() throws -> GEOSGeometryRef {
        try context.own(GEOSCoverageUnion_r(handle, pointer), "coverage union")
    }

    func isValid() throws -> Bool {
        try context.predicate(GEOSisValid_r(handle, pointer), "validity check")
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
