import Domain

/// How a layer's features find their unit.
public struct LayerRoles: Sendable, Hashable {
    public enum Placement: Sendable, Hashable {
        /// Point features, placed by the polygon that covers them.
        case byLocation
        /// Table rows, joined by p-code then by name within parent (`TableJoin`).
        case byKey(TableKeyFields)
        /// Zone polygons (health zones, or table rows that took their zone's shape), whose
        /// values are shared among the units they overlap (`ZoneShares`).
        case apportioned(ZoneApportioning)
    }
    public var placement: Placement
    /// The field holding each row's date; needed by windows and `latestSum`.
    public var dateField: String?
    public init(placement: Placement = .byLocation, dateField: String? = nil) {
        self.placement = placement; self.dateField = dateField
    }
}

/// A layer as the manifest names it, with its roles.
public struct BoundLayer: Sendable {
    public var name: String
    public var layer: Layer
    public var roles: LayerRoles
    public init(name: String, layer: Layer, roles: LayerRoles) { self.name = name; self.layer = layer; self.roles = roles }
}

/// Where every feature of a layer went: computed once per layer and cached by `FactEngine`.
public struct LayerPlacement: Sendable {
    /// The unit index of each feature, or -1 (outside every unit, no usable point, not joined).
    public var unitOfFeature: [Int32]
    /// Each feature's point when it has a usable one (point layers only), for distance facts.
    public var points: [Coordinate?] { unitOfFeature.indices.map(point) }
    /// Each feature's usable point, NaN where it has none (16 bytes a feature, not an optional's
    /// 24); empty for layers that are not points.
    let featurePoints: [Coordinate]
    /// Features outside every unit, without a point, with a bad coordinate, multi-point
    /// features with several points, and (for tables) rows that joined no unit.
    public var diagnostics: [Diagnostic]
    public var placedCount: Int
    /// Point features with a usable point that no unit covers.
    public var outsideCount: Int
    /// Feature `i`'s usable point, or nil.
    func point(_ i: Int) -> Coordinate? {
        i < featurePoints.count && !featurePoints[i].x.isNaN ? featurePoints[i] : nil
    }
    /// For table layers, the full join report.
    public var joinReport: JoinReport?
    /// For zone layers, the crosswalk weights (features are then not placed in one unit:
    /// `unitOfFeature` is all -1, and `placedCount` counts features whose zone overlaps a unit).
    public var zoneShares: ZoneShares? = nil

    /// Places a point layer. A multi-point feature is placed by its first point and reported when it
    /// has more than one (shapefiles often store single points as one-point multi-points).
    static func byLocation(_ layer: Layer, index: PolygonSetIndex, units: UnitSet, name: String) throws -> LayerPlacement {
        byLocation(layer, read: try readPoints(layer, name: name), grid: nil, index: index)
    }

    /// A point layer's usable points (NaN where none) and the notes on the features without one.
    struct PointsRead { var points: [Coordinate]; var diagnostics: [Diagnostic] }

    /// Reads a point layer's usable points; throws when the file holds no points at all.
    static func readPoints(_ layer: Layer, name: String) throws -> PointsRead {
        // A polygon or line file declared as points would leave every feature out and every
        // count at 0 for every unit: a wrong manifest, not a few bad rows.
        if !layer.features.isEmpty, layer.features.allSatisfy({ f in
            switch f.shape { case .lines?, .polygons?: return true; default: return false }
        }) {
            let what = layer.features.contains { if case .polygons? = $0.shape { return true } else { return false } } ? "polygons" : "lines"
            throw TargetingError("layer \(name) is declared as points, but its file \(layer.path) holds \(what) (all \(layer.features.count) features), so no feature could be placed",
                                 hint: what == "polygons" ? "give [layers.\(name)] the file of points you meant, or declare it kind = \"polygons\"" : "give [layers.\(name)] a file of points")
        }
        // Features are read in chunks on every core, each chunk writing its own part of `points`
        // (every slot: written where it is first touched, not cleared first on one core) and
        // keeping its notes in file order.
        let features = layer.features
        let read = Parallel.ranges(features.count, minimum: 50_000)
        var chunks: [[Diagnostic]] = []
        let points = [Coordinate](unsafeUninitializedCapacity: features.count) { buffer, initialized in
            if let base = buffer.baseAddress {
                let out = DisjointBuffer(base: base)
                chunks = Parallel.map(read.count) { k in usablePoints(features, read[k], into: out) }
            }
            initialized = features.count
        }
        var diagnostics: [Diagnostic] = []
        for c in chunks { diagnostics += c }
        return PointsRead(points: points, diagnostics: diagnostics)
    }

    /// Places a point layer's points read by `readPoints`, gridded in `grid` when already done.
    static func byLocation(_ layer: Layer, read: PointsRead, grid: PointGrid?, index: PolygonSetIndex) -> LayerPlacement {
        let features = layer.features, points = read.points
        var diagnostics = read.diagnostics
        // Features without a usable point (NaN) get -1 here; the others their covering unit, or -1.
        let unitOf = grid.map { index.assign(grid: $0, count: points.count) } ?? index.assign(points)
        // The notes on points outside every unit (23,000 of a million points at 6,000 units) are
        // spelled on every core, by ranges of points, and kept in file order.
        let parts = Parallel.ranges(points.count, minimum: 100_000, perCore: 1)
        let counted = Parallel.map(parts.count) { k -> (usable: Int, notes: [Diagnostic]) in
            var usable = 0, notes: [Diagnostic] = []
            for i in parts[k] where !points[i].x.isNaN {
                usable += 1
                guard unitOf[i] < 0 else { continue }
                let c = points[i]
                notes.append(Diagnostic(.warning, features.location(i), code: .outsideUnits,
                    "point (\(c.x), \(c.y)) lies outside every unit: counted for distances only",
                    hint: "check its coordinates, or whether the boundary file covers the whole area"))
            }
            return (usable, notes)
        }
        let usable = counted.reduce(0) { $0 + $1.usable }
        let outside = counted.reduce(0) { $0 + $1.notes.count }
        diagnostics.reserveCapacity(diagnostics.count + outside)
        for part in counted { diagnostics += part.notes }
        return LayerPlacement(unitOfFeature: unitOf, featurePoints: points, diagnostics: diagnostics,
                              placedCount: usable - outside, outsideCount: outside, joinReport: nil)
    }

    /// The usable point of each feature of `range` (NaN when it has none), and the notes on those
    /// without one, in file order. A multi-point feature is placed by its first point.
    private static func usablePoints(_ features: Features, _ range: Range<Int>,
                                     into points: DisjointBuffer<Coordinate>) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for i in range {
            points.write(i, Coordinate(.nan, .nan))
            let c: Coordinate?
            switch features.shape(i) {
            case .point(let p)?: c = p
            case .multiPoint(let ps)?:
                c = ps.first
                if ps.count > 1 {
                    diagnostics.append(Diagnostic(.warning, features.location(i), code: .multiPoint,
                        "a feature with \(ps.count) points is placed by its first point",
                        hint: "split multi-point features if each point is a separate site"))
                }
            case nil:
                c = nil
                diagnostics.append(Diagnostic(.warning, features.location(i), code: .noPoint, "the feature has no point: it is left out",
                                              hint: "give it coordinates or remove it"))
            case .lines?, .polygons?:
                c = nil
                diagnostics.append(Diagnostic(.warning, features.location(i), code: .notAPoint, "the feature is a line or polygon in a point layer: it is left out"))
            }
            guard let c else { continue }
            guard c.x.isFinite, c.y.isFinite, abs(c.x) <= 180, abs(c.y) <= 90 else {
                diagnostics.append(Diagnostic(.warning, features.location(i), code: .badCoordinate,
                    "coordinate (\(c.x), \(c.y)) is not a longitude/latitude: the feature is left out",
                    hint: "check that the layer is in WGS 84 degrees and that x is longitude"))
                continue
            }
            points.write(i, c)
        }
        return diagnostics
    }

    static func byKey(_ layer: Layer, keys: TableKeyFields, units: UnitSet) throws -> LayerPlacement {
        let r = try TableJoin.join(layer, keys: keys, to: units)
        var diagnostics: [Diagnostic] = []
        for (i, u) in r.unitOfRow.enumerated() where u < 0 {
            diagnostics.append(Diagnostic(.warning, layer.features.location(i), code: .notJoined,
                "the row joins no unit (see the join report): it is left out",
                hint: "fix its p-code or name in the table, or map it to a unit in the layer's alias file (aliases = \"…\" in the manifest); the join report lists the nearest unit names and the alias lines to add"))
        }
        let placed = r.unitOfRow.filter { $0 >= 0 }.count
        return LayerPlacement(unitOfFeature: r.unitOfRow, featurePoints: [],
                              diagnostics: diagnostics, placedCount: placed, outsideCount: 0, joinReport: r.report)
    }

    static func byZones(_ layer: Layer, name: String, apportioning: ZoneApportioning, units: UnitSet,
                        population: (points: Layer, unitIndex: PolygonSetIndex)?) throws -> LayerPlacement {
        let (shares, diagnostics) = try ZoneShares.compute(layer, layerName: name, apportioning: apportioning,
                                                           units: units, population: population)
        let placed = shares.zoneOfFeature.filter { $0 >= 0 && !shares.shares[$0].isEmpty }.count
        return LayerPlacement(unitOfFeature: Array(repeating: -1, count: layer.features.count),
                              featurePoints: [], diagnostics: diagnostics,
                              placedCount: placed, outsideCount: layer.features.count - placed, joinReport: nil,
                              zoneShares: shares)
    }
}
