import Domain

/// Builds polygons with holes from a shapefile record's rings. The spec says outer rings are
/// clockwise and holes counter-clockwise, but files in the wild break the rule, so orientation
/// is checked against containment: a hole goes to the smallest outer ring that contains it, and
/// a counter-clockwise ring that no outer contains is read as an outer (with a warning).
struct PolygonAssembly {
    var polygons: [Polygon] = []
    var warnings: [String] = []

    init(rings input: [[Coordinate]]) {
        var rings: [[Coordinate]] = []
        for (k, r) in input.enumerated() {
            var ring = r
            if let f = ring.first, let l = ring.last, f != l {
                ring.append(f)
                warnings.append("ring \(k + 1) was not closed; closed it by repeating its first point")
            }
            guard ring.count >= 4 else {
                warnings.append("ring \(k + 1) has \(r.count) point(s), fewer than a ring needs (4 with the first repeated); it was left out")
                continue
            }
            rings.append(ring)
        }
        struct Outer { var ring: [Coordinate]; var area: Double; var box: BoundingBox; var holes: [[Coordinate]] = [] }
        var outers: [Outer] = []
        var holes: [[Coordinate]] = []
        for r in rings {
            let a = RingGeometry.signedDoubleArea(r)
            if a < 0 { outers.append(Outer(ring: r, area: -a, box: RingGeometry.bounds(r))) } else { holes.append(r) }
        }
        var orphanOuters: [Outer] = []
        for h in holes {
            let hb = RingGeometry.bounds(h)
            var best: Int? = nil
            for (i, o) in outers.enumerated() where o.box.contains(Coordinate(hb.minX, hb.minY)) && o.box.contains(Coordinate(hb.maxX, hb.maxY)) {
                guard RingGeometry.ring(h, isInside: o.ring) else { continue }
                if best.map({ o.area < outers[$0].area }) ?? true { best = i }
            }
            if let b = best {
                outers[b].holes.append(h)
            } else {
                orphanOuters.append(Outer(ring: h, area: RingGeometry.signedDoubleArea(h), box: hb))
            }
        }
        if !orphanOuters.isEmpty {
            warnings.append("\(orphanOuters.count) counter-clockwise ring(s) lie in no clockwise outer ring; read as outer rings (the file breaks the shapefile orientation rule)")
        }
        // Keep file order: clockwise outers first as they came, then the re-read ones.
        polygons = (outers + orphanOuters).map { Polygon(exterior: $0.ring, holes: $0.holes) }
    }
}
