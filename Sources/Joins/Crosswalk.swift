import Domain
import Geometry

/// Apportioning a value given on zones that do not nest in the units (health zones → groupements).
///
/// Area-weighted: a zone's value is shared among the units in proportion to the geodesic area of
/// their intersection with the zone. Population-weighted: in proportion to the population of the
/// points (villages, settlements) of the zone that fall in each unit. A unit's value is the sum
/// of its shares; a unit no zone overlaps gets nil (nothing is known there), not 0. The part of a
/// zone outside every unit is reported, since that share of its value is lost.
public enum Crosswalk {
    public struct Share: Sendable, Equatable {
        public var zone: Int
        public var unit: Int
        /// The fraction of the zone's value that goes to the unit.
        public var weight: Double
    }
    public struct Result: Sendable {
        public var values: [Double?]
        /// Every non-zero share, sorted by zone then unit.
        public var shares: [Share]
        public var diagnostics: [Diagnostic]
    }

    /// The zones' polygons and values from a polygon layer (a null value is reported and skipped).
    static func zones(_ layer: Layer, field: String) throws -> (polygons: [[Polygon]], values: [Double?], diagnostics: [Diagnostic]) {
        guard let fi = layer.fieldIndex(field) else {
            throw TargetingError("\(layer.path): no field \(field) to apportion",
                                 hint: "fields are: \(layer.fields.map(\.name).joined(separator: ", "))")
        }
        var polys: [[Polygon]] = [], values: [Double?] = [], diags: [Diagnostic] = []
        for f in layer.features {
            if case .polygons(let ps)? = f.shape { polys.append(ps) } else {
                polys.append([])
                diags.append(Diagnostic(.warning, f.location, code: "no-polygon", "the zone has no polygon: its value is not apportioned"))
            }
            switch NumberRead(fi < f.values.count ? f.values[fi] : .null) {
            case .number(let d): values.append(d)
            case .null:
                values.append(nil)
                diags.append(Diagnostic(.warning, f.location, code: "null-value", "\(field) is empty: the zone adds nothing, not 0"))
            case .bad(let t):
                values.append(nil)
                diags.append(Diagnostic(.warning, f.location, code: "bad-number", "\(field) \"\(t)\" is not a number: the zone adds nothing"))
            }
        }
        return (polys, values, diags)
    }

    /// Area-weighted shares, by GEOS intersection and geodesic areas.
    public static func areaWeighted(_ layer: Layer, field: String, onto units: UnitSet) throws -> Result {
        let (zonePolys, values, diags0) = try zones(layer, field: field)
        var diags = diags0
        let weights = try areaWeights(zonePolys, units: units, locations: layer.features.map(\.location), diagnostics: &diags)
        return combine(values, weights, units: units, diagnostics: diags)
    }

    /// Population-weighted shares: `points` carry a population in `populationField`; each point
    /// adds its population to the (zone, unit) pair that covers it. A zone holding no population
    /// falls back to area weights, and says so.
    public static func populationWeighted(_ layer: Layer, field: String, points: Layer, populationField: String,
                                          onto units: UnitSet) throws -> Result {
        let (zonePolys, values, diags0) = try zones(layer, field: field)
        var diags = diags0
        let weights = try populationWeights(zonePolys, locations: layer.features.map(\.location), points: points,
                                            populationField: populationField, units: units, diagnostics: &diags)
        return combine(values, weights, units: units, diagnostics: diags)
    }

    /// For each zone, (unit, share of the zone's population points that the unit covers); a zone
    /// holding no population falls back to area shares, and says so.
    static func populationWeights(_ zonePolys: [[Polygon]], locations: [SourceLocation], points: Layer, populationField: String,
                                  units: UnitSet, diagnostics diags: inout [Diagnostic]) throws -> [[(Int, Double)]] {
        guard let pi = points.fieldIndex(populationField) else {
            throw TargetingError("\(points.path): no population field \(populationField)",
                                 hint: "fields are: \(points.fields.map(\.name).joined(separator: ", "))")
        }
        var coords: [Coordinate] = [], pops: [Double] = []
        for f in points.features {
            guard case .point(let c)? = f.shape, c.x.isFinite, c.y.isFinite else {
                diags.append(Diagnostic(.warning, f.location, code: "no-point", "the population point has no usable point: left out"))
                continue
            }
            switch NumberRead(pi < f.values.count ? f.values[pi] : .null) {
            case .number(let p) where p >= 0: coords.append(c); pops.append(p)
            default:
                diags.append(Diagnostic(.warning, f.location, code: "bad-population", "\(populationField) is empty or not a non-negative number: the point is left out"))
            }
        }
        // Zones claim points in file order; units by id order (the §5 tie-break).
        let zoneOf = PolygonSetIndex(zonePolys).assign(coords)
        let unitOf = PolygonSetIndex(units: units).assign(coords)
        var zoneTotal = [Double](repeating: 0, count: zonePolys.count)
        var pair: [Int: [Int: Double]] = [:]
        for k in coords.indices where zoneOf[k] >= 0 {
            let z = Int(zoneOf[k])
            zoneTotal[z] += pops[k]
            if unitOf[k] >= 0 { pair[z, default: [:]][Int(unitOf[k]), default: 0] += pops[k] }
        }
        var weights: [[(Int, Double)]] = Array(repeating: [], count: zonePolys.count)
        var emptyZones: [Int] = []
        for z in zonePolys.indices {
            if zoneTotal[z] > 0 {
                weights[z] = (pair[z] ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value / zoneTotal[z]) }
                let kept = weights[z].reduce(0) { $0 + $1.1 }
                if kept < 1 - 1e-9 {
                    diags.append(Diagnostic(.warning, locations[z], code: "zone-outside-units",
                        "\(Int(((1 - kept) * 100).rounded()))% of the zone's population lies outside every unit: that share of its value is not apportioned"))
                }
            } else if !zonePolys[z].isEmpty {
                emptyZones.append(z)
                diags.append(Diagnostic(.warning, locations[z], code: "zone-without-population",
                    "no population point falls in the zone: its value is apportioned by area instead"))
            }
        }
        if !emptyZones.isEmpty {
            let byArea = try areaWeights(emptyZones.map { zonePolys[$0] }, units: units,
                                         locations: emptyZones.map { locations[$0] }, diagnostics: &diags)
            for (k, z) in emptyZones.enumerated() { weights[z] = byArea[k] }
        }
        return weights
    }

    /// For each zone, (unit, share of the zone's geodesic area) for every unit it overlaps.
    static func areaWeights(_ zones: [[Polygon]], units: UnitSet, locations: [SourceLocation],
                            diagnostics: inout [Diagnostic]) throws -> [[(Int, Double)]] {
        let ctx = try GEOSContext()
        let geodesy = Geodesy()
        let unitBoxes = units.polygons.map(Crosswalk.box)
        var unitGeoms: [GEOSGeometryRef?] = Array(repeating: nil, count: units.count)
        var out: [[(Int, Double)]] = []
        for (z, ps) in zones.enumerated() {
            let zoneArea = geodesy.areaKm2(ps)
            guard !ps.isEmpty, zoneArea > 0 else {
                diagnostics.append(Diagnostic(.warning, locations[z], code: "zone-without-area",
                    "the zone's polygon has no area: its value is not apportioned", hint: "repair the zone's boundary"))
                out.append([])
                continue
            }
            let zg = try ctx.multiPolygon(ps)
            let zbox = box(ps)
            var shares: [(Int, Double)] = []
            for u in units.idOrder where !units.polygons[u].isEmpty && unitBoxes[u].intersects(zbox) {
                if unitGeoms[u] == nil { unitGeoms[u] = try ctx.multiPolygon(units.polygons[u]) }
                guard let ug = unitGeoms[u] else { continue }
                let part: [Polygon]
                do { part = try zg.intersection(ug).polygons() } catch let e as TargetingError {
                    throw TargetingError("intersecting the zone with unit \(units.ids[u]) failed: \(e.message)", at: locations[z],
                                         hint: "validate and repair both layers first")
                }
                let a = geodesy.areaKm2(part)
                if a > 0 { shares.append((u, a / zoneArea)) }
            }
            shares.sort { $0.0 < $1.0 }
            // Geodesic areas of pieces do not add up exactly to the whole (the cut lines are not
            // geodesics): shares of a zone wholly inside the units sum to 1 within about 1e-4.
            // Only a gap beyond 0.1% is a real part of the zone outside every unit.
            let kept = shares.reduce(0) { $0 + $1.1 }
            if kept < 1 - 1e-3 {
                diagnostics.append(Diagnostic(.warning, locations[z], code: "zone-outside-units",
                    "\(Int(((1 - kept) * 100).rounded()))% of the zone's area lies outside every unit: that share of its value is not apportioned"))
            }
            out.append(shares)
        }
        return out
    }

    static func box(_ ps: [Polygon]) -> BoundingBox {
        var b = BoundingBox.empty
        for p in ps { p.exterior.forEach { b.add($0) } }
        return b
    }

    static func combine(_ values: [Double?], _ weights: [[(Int, Double)]], units: UnitSet, diagnostics: [Diagnostic]) -> Result {
        var out = [Double?](repeating: nil, count: units.count)
        var shares: [Share] = []
        for (z, ws) in weights.enumerated() {
            for (u, w) in ws {
                shares.append(Share(zone: z, unit: u, weight: w))
                guard let v = values[z] else { continue }
                out[u] = (out[u] ?? 0) + v * w
            }
        }
        return Result(values: out, shares: shares, diagnostics: diagnostics)
    }
}
