import CGDAL
import Domain

/// An OGR geometry turned into a Domain shape: 2-D coordinates (Z and M dropped), curves
/// linearised, polygon rings closed. The family (point, line, polygon) of the first shape of a
/// layer is the layer's; a shape of another family is rejected by the reader, as a shapefile
/// cannot mix them either.
enum OGRGeometryConversion {
    enum Family: String { case point, line, polygon }

    struct Converted {
        var shape: Shape?
        var family: Family?
        var warnings: [String] = []
        /// Set when the source had Z or M values.
        var droppedZM = false
        /// Set when curves were approximated by straight segments.
        var linearised = false
    }

    static func convert(_ geometry: OGRGeometryH) -> Converted {
        var out = Converted()
        var g = geometry
        var owned: OGRGeometryH? = nil
        defer { if let owned { OGR_G_DestroyGeometry(owned) } }
        if OGR_G_HasCurveGeometry(g, 1) != 0, let linear = OGR_G_GetLinearGeometry(g, 0, nil) {
            owned = linear
            g = linear
            out.linearised = true
        }
        let type = OGR_G_GetGeometryType(g)
        out.droppedZM = OGR_GT_HasZ(type) != 0 || OGR_GT_HasM(type) != 0
        if OGR_G_IsEmpty(g) != 0 { return out }
        switch OGR_GT_Flatten(type) {
        case wkbPoint:
            out.family = .point
            out.shape = .point(points(g)[0])
        case wkbMultiPoint:
            out.family = .point
            let cs = parts(g).flatMap(points)
            out.shape = cs.count == 1 ? .point(cs[0]) : .multiPoint(cs)
        case wkbLineString:
            out.family = .line
            out.shape = line(points(g), part: 1, warnings: &out.warnings).map { .lines([$0]) }
        case wkbMultiLineString:
            out.family = .line
            let ls = parts(g).enumerated().compactMap { line(points($1), part: $0 + 1, warnings: &out.warnings) }
            out.shape = ls.isEmpty ? nil : .lines(ls)
        case wkbPolygon:
            out.family = .polygon
            out.shape = polygon(g, part: 1, warnings: &out.warnings).map { .polygons([$0]) }
        case wkbMultiPolygon:
            out.family = .polygon
            let ps = parts(g).enumerated().compactMap { polygon($1, part: $0 + 1, warnings: &out.warnings) }
            out.shape = ps.isEmpty ? nil : .polygons(ps)
        default:
            let name = OGRGeometryTypeToName(type).map { String(cString: $0) } ?? "unknown"
            out.warnings.append("geometry type \(name) is not read (points, lines and polygons are)")
        }
        if let s = out.shape, !isFinite(s) {
            out.warnings.append("a coordinate is not a finite number")
            out.shape = nil
        }
        return out
    }

    static func parts(_ g: OGRGeometryH) -> [OGRGeometryH] {
        (0..<OGR_G_GetGeometryCount(g)).compactMap { OGR_G_GetGeometryRef(g, $0) }
    }

    static func points(_ g: OGRGeometryH) -> [Coordinate] {
        let n = Int(OGR_G_GetPointCount(g))
        return (0..<n).map { Coordinate(OGR_G_GetX(g, Int32($0)), OGR_G_GetY(g, Int32($0))) }
    }

    static func line(_ cs: [Coordinate], part: Int, warnings: inout [String]) -> [Coordinate]? {
        if cs.count >= 2 { return cs }
        warnings.append("line part \(part) has \(cs.count) point(s); it was left out")
        return nil
    }

    /// Exterior and holes; an unclosed ring is closed, a ring of fewer than 4 points is left out.
    static func polygon(_ g: OGRGeometryH, part: Int, warnings: inout [String]) -> Polygon? {
        var rings: [Ring] = []
        for (k, r) in parts(g).enumerated() {
            var cs = points(r)
            if let first = cs.first, first != cs.last {
                cs.append(first)
                warnings.append("ring \(k + 1) of polygon \(part) was not closed; it was closed")
            }
            guard cs.count >= 4 else {
                warnings.append("ring \(k + 1) of polygon \(part) has \(cs.count) point(s), fewer than a ring needs; " + (k == 0 ? "the polygon was left out" : "the hole was left out"))
                if k == 0 { return nil } else { continue }
            }
            rings.append(cs)
        }
        guard let exterior = rings.first else { return nil }
        return Polygon(exterior: exterior, holes: Array(rings.dropFirst()))
    }

    static func isFinite(_ s: Shape) -> Bool {
        func ok(_ cs: [Coordinate]) -> Bool { cs.allSatisfy { $0.x.isFinite && $0.y.isFinite } }
        switch s {
        case .point(let c): return ok([c])
        case .multiPoint(let cs): return ok(cs)
        case .lines(let ls): return ls.allSatisfy(ok)
        case .polygons(let ps): return ps.allSatisfy { ok($0.exterior) && $0.holes.allSatisfy(ok) }
        }
    }
}
