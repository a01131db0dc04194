import Domain

/// One shape flattened the way shapelib takes it (part starts, x and y arrays), checked against
/// the file's kind, with polygon rings closed and oriented as the shapefile spec wants: outer
/// rings clockwise, holes counter-clockwise.
struct ShapeRecord {
    var isNull = false
    var partStarts: [Int32] = []
    var xs: [Double] = []
    var ys: [Double] = []

    init(shape: Shape?, kind: ShapefileKind, location: SourceLocation) throws {
        guard let shape else { isNull = true; return }
        func wrong(_ what: String) -> TargetingError {
            TargetingError("a \(what) shape cannot go in a \(kind.rawValue) shapefile", at: location)
        }
        switch (kind, shape) {
        case (.point, .point(let c)):
            add(c)
        case (.multiPoint, .multiPoint(let cs)):
            guard !cs.isEmpty else { throw TargetingError("multipoint with no points", at: location, hint: "use nil for a null shape") }
            for c in cs { add(c) }
        case (.polyline, .lines(let ls)):
            guard !ls.isEmpty else { throw TargetingError("polyline with no parts", at: location, hint: "use nil for a null shape") }
            for l in ls {
                guard l.count >= 2 else { throw TargetingError("a polyline part has \(l.count) point(s); at least 2 are needed", at: location) }
                startPart(); for c in l { add(c) }
            }
        case (.polygon, .polygons(let ps)):
            guard !ps.isEmpty else { throw TargetingError("polygon with no parts", at: location, hint: "use nil for a null shape") }
            // Room for every vertex (and a closing one per ring) made once: at 6,000 units the arrays
            // grown by doubling cost thousands of heap extensions.
            let rings = ps.reduce(0) { $0 + 1 + $1.holes.count }
            let vertices = ps.reduce(0) { $0 + $1.exterior.count + $1.holes.reduce(0) { $0 + $1.count } } + rings
            xs.reserveCapacity(vertices); ys.reserveCapacity(vertices); partStarts.reserveCapacity(rings)
            for p in ps {
                try addRing(p.exterior, clockwise: true, location)
                for h in p.holes { try addRing(h, clockwise: false, location) }
            }
        case (_, .point): throw wrong("point")
        case (_, .multiPoint): throw wrong("multipoint")
        case (_, .lines): throw wrong("polyline")
        case (_, .polygons): throw wrong("polygon")
        }
        for i in 0..<xs.count where !xs[i].isFinite || !ys[i].isFinite {
            throw TargetingError("coordinate \(i + 1) is not a finite number", at: location)
        }
    }

    /// The bytes of this shape's record in a `.shp` of `kind`: its 8-byte header and content. The
    /// reference `recordBytes(of:_:)` (which the writer uses, without flattening) is tested against.
    func recordBytes(_ kind: ShapefileKind) -> Int {
        if isNull { return 8 + 4 }
        switch kind {
        case .point: return 8 + 20
        case .multiPoint: return 8 + 40 + 16 * xs.count
        case .polyline, .polygon: return 8 + 44 + 4 * partStarts.count + 16 * xs.count
        }
    }

    /// What `ShapeRecord(shape:kind:location:).recordBytes(kind)` gives for a shape that suits
    /// `kind`, without flattening it (rings closed as `addRing` closes them). For a shape that
    /// does not suit, a number that the flattening, which refuses it, never uses.
    static func recordBytes(of shape: Shape?, _ kind: ShapefileKind) -> Int {
        switch (kind, shape) {
        case (_, nil): return 8 + 4
        case (.point, _): return 8 + 20
        case (.multiPoint, .multiPoint(let cs)?): return 8 + 40 + 16 * cs.count
        case (.polyline, .lines(let ls)?): return 8 + 44 + ls.reduce(0) { $0 + 4 + 16 * $1.count }
        case (.polygon, .polygons(let ps)?):
            func ring(_ r: Ring) -> Int { 4 + 16 * (r.count + (r.first != nil && r.first != r.last ? 1 : 0)) }
            return 8 + 44 + ps.reduce(0) { $0 + ring($1.exterior) + $1.holes.reduce(0) { $0 + ring($1) } }
        default: return 8 + 44
        }
    }

    private mutating func add(_ c: Coordinate) { xs.append(c.x); ys.append(c.y) }
    private mutating func startPart() { partStarts.append(Int32(xs.count)) }

    private mutating func addRing(_ ring: Ring, clockwise: Bool, _ location: SourceLocation) throws {
        let r = RingGeometry.closed(ring)
        guard r.count >= 4 else {
            throw TargetingError("a polygon ring has \(ring.count) point(s); a ring needs 3 distinct points and the first repeated last",
                                 at: location)
        }
        startPart()
        // The ring read forwards or backwards where it lies (not copied reversed first).
        let forwards = RingGeometry.isClockwise(r) == clockwise
        r.withUnsafeBufferPointer { ring in
            if forwards { for c in ring { xs.append(c.x); ys.append(c.y) } }
            else { for c in ring.reversed() { xs.append(c.x); ys.append(c.y) } }
        }
    }
}
