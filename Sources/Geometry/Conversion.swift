import CGEOS
import Domain

/// Converting Domain shapes to GEOS geometries and back. Rings must be closed; the readers
/// guarantee it, and we check again here because GEOS would otherwise raise.
extension GEOSContext {
    public func geometry(_ shape: Shape) throws -> GEOSGeometryRef {
        switch shape {
        case .point(let c): return try point(c)
        case .multiPoint(let cs):
            return try collection(Int(GEOS_MULTIPOINT.rawValue), cs.map { try point($0) }, "multipoint")
        case .lines(let ls):
            return try collection(Int(GEOS_MULTILINESTRING.rawValue), ls.map { try lineString($0) }, "multilinestring")
        case .polygons(let ps):
            return try multiPolygon(ps)
        }
    }

    public func point(_ c: Coordinate) throws -> GEOSGeometryRef {
        try own(GEOSGeom_createPointFromXY_r(handle, c.x, c.y), "point")
    }

    public func multiPolygon(_ polygons: [Polygon]) throws -> GEOSGeometryRef {
        try collection(Int(GEOS_MULTIPOLYGON.rawValue), polygons.map { try polygon($0) }, "multipolygon")
    }

    public func polygon(_ p: Polygon) throws -> GEOSGeometryRef {
        let shell = try linearRing(p.exterior)
        var holes: [OpaquePointer?] = []
        for h in p.holes { holes.append(try linearRing(h)) }
        let made = holes.withUnsafeMutableBufferPointer { buf in
            GEOSGeom_createPolygon_r(handle, shell, buf.baseAddress, UInt32(buf.count))
        }
        guard let made else {
            // Ownership of shell and holes passes to GEOS only on success.
            GEOSGeom_destroy_r(handle, shell)
            holes.forEach { GEOSGeom_destroy_r(handle, $0) }
            throw failure("polygon")
        }
        return GEOSGeometryRef(owning: made, context: self)
    }

    private func sequence(_ cs: [Coordinate]) throws -> OpaquePointer {
        var flat: [Double] = []
        flat.reserveCapacity(cs.count * 2)
        for c in cs { flat.append(c.x); flat.append(c.y) }
        guard let seq = GEOSCoordSeq_copyFromBuffer_r(handle, flat, UInt32(cs.count), 0, 0) else {
            throw failure("coordinate sequence")
        }
        return seq
    }

    /// An unowned ring pointer, to be handed to a polygon constructor.
    private func linearRing(_ ring: Ring) throws -> OpaquePointer {
        guard ring.count >= 4, ring.first == ring.last else {
            throw TargetingError("a polygon ring has \(ring.count) points or is not closed; a ring needs at least 4 points with the first repeated last")
        }
        let seq = try sequence(ring)
        guard let r = GEOSGeom_createLinearRing_r(handle, seq) else { throw failure("linear ring") }
        return r
    }

    private func lineString(_ cs: [Coordinate]) throws -> GEOSGeometryRef {
        let seq = try sequence(cs)
        return try own(GEOSGeom_createLineString_r(handle, seq), "linestring")
    }

    func collection(_ type: Int, _ parts: [GEOSGeometryRef], _ name: String) throws -> GEOSGeometryRef {
        // The collection takes ownership of the parts' pointers: hand over clones so our wrappers
        // stay the sole owners of what they wrap.
        var raw: [OpaquePointer?] = []
        for p in parts {
            guard let c = GEOSGeom_clone_r(handle, p.pointer) else {
                raw.forEach { GEOSGeom_destroy_r(handle, $0) }
                throw failure("clone")
            }
            raw.append(c)
        }
        let made = raw.withUnsafeMutableBufferPointer { buf in
            GEOSGeom_createCollection_r(handle, Int32(type), buf.baseAddress, UInt32(buf.count))
        }
        guard let made else {
            raw.forEach { GEOSGeom_destroy_r(handle, $0) }
            throw failure(name)
        }
        return GEOSGeometryRef(owning: made, context: self)
    }
}

extension GEOSGeometryRef {
    var handle: GEOSContextHandle_t { context.handle }

    var typeID: Int { Int(GEOSGeomTypeId_r(handle, pointer)) }
    public var isEmpty: Bool { GEOSisEmpty_r(handle, pointer) == 1 }

    /// The polygonal parts of this geometry (Polygon, MultiPolygon, or the polygons inside a
    /// GeometryCollection); lines and points are left out, which is what repair wants.
    public func polygons() throws -> [Polygon] {
        switch Int32(typeID) {
        case Int32(GEOS_POLYGON.rawValue):
            return [try polygonValue(pointer)]
        case Int32(GEOS_MULTIPOLYGON.rawValue), Int32(GEOS_GEOMETRYCOLLECTION.rawValue):
            var out: [Polygon] = []
            let n = GEOSGetNumGeometries_r(handle, pointer)
            guard n >= 0 else { throw context.failure("count parts") }
            for i in 0..<n {
                guard let part = GEOSGetGeometryN_r(handle, pointer, i) else { throw context.failure("get part") }
                let t = GEOSGeomTypeId_r(handle, part)
                if t == Int32(GEOS_POLYGON.rawValue) {
                    if GEOSisEmpty_r(handle, part) == 1 { continue }
                    out.append(try polygonValue(part))
                } else if t == Int32(GEOS_MULTIPOLYGON.rawValue) || t == Int32(GEOS_GEOMETRYCOLLECTION.rawValue) {
                    let sub = try context.own(GEOSGeom_clone_r(handle, part), "clone part")
                    out.append(contentsOf: try sub.polygons())
                }
            }
            return out
        default:
            return []
        }
    }

    /// The coordinate of a point geometry.
    public func coordinate() throws -> Coordinate {
        var x = 0.0, y = 0.0
        guard GEOSGeomGetX_r(handle, pointer, &x) == 1, GEOSGeomGetY_r(handle, pointer, &y) == 1 else {
            throw context.failure("read point")
        }
        return Coordinate(x, y)
    }

    private func polygonValue(_ p: OpaquePointer) throws -> Polygon {
        guard let shell = GEOSGetExteriorRing_r(handle, p) else { throw context.failure("exterior ring") }
        let exterior = try ringValue(shell)
        let n = GEOSGetNumInteriorRings_r(handle, p)
        guard n >= 0 else { throw context.failure("interior rings") }
        var holes: [Ring] = []
        for i in 0..<n {
            guard let h = GEOSGetInteriorRingN_r(handle, p, i) else { throw context.failure("interior ring") }
            holes.append(try ringValue(h))
        }
        return Polygon(exterior: exterior, holes: holes)
    }

    private func ringValue(_ ring: OpaquePointer) throws -> Ring {
        guard let seq = GEOSGeom_getCoordSeq_r(handle, ring) else { throw context.failure("ring coordinates") }
        var size: UInt32 = 0
        guard GEOSCoordSeq_getSize_r(handle, seq, &size) == 1 else { throw context.failure("ring size") }
        var flat = [Double](repeating: 0, count: Int(size) * 2)
        guard GEOSCoordSeq_copyToBuffer_r(handle, seq, &flat, 0, 0) == 1 else { throw context.failure("copy ring") }
        return (0..<Int(size)).map { Coordinate(flat[2 * $0], flat[2 * $0 + 1]) }
    }
}
