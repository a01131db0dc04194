import Domain
import Geometry

/// The crosswalk weights for zones that do not nest in the units (health zones → groupements),
/// computed once per zone layer by `ZoneShares.compute`; `FactEngine` then shares each zone's
/// value by them (`FactEngine+Zones.swift`).
///
/// Area-weighted: a zone's share in a unit is the geodesic area of their intersection over the
/// zone's area. Population-weighted: the population of the points (villages, settlements) of the
/// zone that fall in the unit over the zone's. The part of a zone outside every unit is
/// reported, since that share of its value is lost.
enum Crosswalk {
    /// For each zone, (unit, share of the zone's population points that the unit covers); a zone
    /// holding no population falls back to area shares, and says so.
    /// `unitIndex` is the units' `PolygonSetIndex` (the engine's, built once).
    static func populationWeights(_ zonePolys: [[Polygon]], locations: [SourceLocation], points: Layer, populationField: String,
                                  units: UnitSet, unitIndex: PolygonSetIndex, diagnostics diags: inout [Diagnostic]) throws -> [[(Int, Double)]] {
        guard let pi = points.fieldIndex(populationField) else {
            throw TargetingError("\(points.path): no population field \(populationField)",
                                 hint: "fields are: \(points.fields.map(\.name).joined(separator: ", "))")
        }
        var coords: [Coordinate] = [], pops: [Double] = []
        for f in points.features {
            guard case .point(let c)? = f.shape, c.x.isFinite, c.y.isFinite else {
                diags.append(Diagnostic(.warning, f.location, code: .noPoint, "the population point has no usable point: left out"))
                continue
            }
            switch NumberRead(pi < f.values.count ? f.values[pi] : .null) {
            case .number(let p) where p >= 0: coords.append(c); pops.append(p)
            default:
                diags.append(Diagnostic(.warning, f.location, code: .badPopulation, "\(populationField) is empty or not a non-negative number: the point is left out"))
            }
        }
        // Zones claim points in file order; units by id order (the §5 tie-break).
        let zoneOf = PolygonSetIndex(zonePolys).assign(coords)
        let unitOf = unitIndex.assign(coords)
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
                    diags.append(Diagnostic(.warning, locations[z], code: .zoneOutsideUnits,
                        "\(Int(((1 - kept) * 100).rounded()))% of the zone's population lies outside every unit: that share of its value is not apportioned"))
                }
            } else if !zonePolys[z].isEmpty {
                emptyZones.append(z)
                diags.append(Diagnostic(.warning, locations[z], code: .zoneWithoutPopulation,
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
        let unitBoxes = units.polygons.map(box)
        var unitGeoms: [GEOSGeometryRef?] = Array(repeating: nil, count: units.count)
        var out: [[(Int, Double)]] = []
        for (z, ps) in zones.enumerated() {
            let zoneArea = geodesy.areaKm2(ps)
            guard !ps.isEmpty, zoneArea > 0 else {
                diagnostics.append(Diagnostic(.warning, locations[z], code: .zoneWithoutArea,
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
                diagnostics.append(Diagnostic(.warning, locations[z], code: .zoneOutsideUnits,
                    "\(Int(((1 - kept) * 100).rounded()))% of the zone's area lies outside every unit: that share of its value is not apportioned"))
            }
            out.append(shares)
        }
        return out
    }

    /// The box of the polygons' outer rings (empty for no polygon).
    static func box(_ ps: [Polygon]) -> BoundingBox { Shape.polygons(ps).boundingBox ?? .empty }
}
