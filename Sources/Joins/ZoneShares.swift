import Foundation
import Domain

/// How a zone layer's features (health zones, or rows of a table keyed by zone) are shared among
/// the units: the rule the manifest chose and the field that says which zone a feature is.
public struct ZoneApportioning: Sendable, Hashable {
    public enum Method: Sendable, Hashable {
        /// By the share of the zone's geodesic area inside each unit.
        case area
        /// By the share of the zone's population (points of `pointsLayer`, people in `field`)
        /// inside each unit.
        case population(pointsLayer: String, field: String)
    }
    public var method: Method
    /// Features with the same code here (trimmed, upper-cased) are one zone: the rounds of a DTM
    /// table by zone. nil: every feature is a zone of its own.
    public var zoneField: String?
    public init(method: Method = .area, zoneField: String? = nil) { self.method = method; self.zoneField = zoneField }
}

/// One unit's share of one zone.
public struct UnitShare: Sendable, Equatable {
    public var unit: Int
    /// The fraction of the zone's value that goes to the unit (0…1).
    public var weight: Double
    public init(unit: Int, weight: Double) { self.unit = unit; self.weight = weight }
}

/// The crosswalk weights of one zone layer, computed once per layer (they depend on geometry
/// only, not on the fact): each feature's zone, each zone's unit shares, and the units no zone
/// covers (whose apportioned facts are nil, not 0: nothing is known there).
public struct ZoneShares: Sendable {
    public var method: ZoneApportioning.Method
    /// The zone of each feature, or -1 when the feature has no polygon or no zone code.
    public var zoneOfFeature: [Int]
    /// Each zone's code (or `record N` when there is no zone field), in order of first feature.
    public var zoneCodes: [String]
    /// Per zone, its units' shares sorted by unit index. Empty: the zone lies outside every unit.
    public var shares: [[UnitShare]]
    /// Units (with a polygon) that no zone overlaps, sorted by unit id.
    public var uncoveredUnits: [Int]

    /// Groups the features into zones and computes the weights. `population` is, for
    /// `.population`, the points layer (the caller resolves it by name) and the units' index.
    static func compute(_ layer: Layer, layerName: String, apportioning: ZoneApportioning, units: UnitSet,
                        population: (points: Layer, unitIndex: PolygonSetIndex)?) throws -> (shares: ZoneShares, diagnostics: [Diagnostic]) {
        var diags: [Diagnostic] = []
        let zoneFieldIndex: Int?
        if let zf = apportioning.zoneField {
            guard let i = layer.fieldIndex(zf) else {
                throw TargetingError("layer \(layerName) (\(layer.path)) has no zone field \(zf)",
                                     hint: "fields are: \(layer.fields.map(\.name).joined(separator: ", "))")
            }
            zoneFieldIndex = i
        } else { zoneFieldIndex = nil }

        var zoneOfFeature = [Int](repeating: -1, count: layer.features.count)
        var zoneByCode: [String: Int] = [:]
        var codes: [String] = [], polygons: [[Polygon]] = [], locations: [SourceLocation] = []
        for (k, f) in layer.features.enumerated() {
            guard case .polygons(let ps)? = f.shape, !ps.isEmpty else {
                diags.append(Diagnostic(.warning, f.location, code: .noPolygon,
                    "the feature has no zone polygon: layer \(layerName) cannot apportion it to units",
                    hint: "check its zone code, or repair the zone's boundary"))
                continue
            }
            let code: String
            if let i = zoneFieldIndex {
                guard let text = (i < f.values.count ? f.values[i].text : nil)?.trimmingCharacters(in: .whitespaces).uppercased(),
                      !text.isEmpty else {
                    diags.append(Diagnostic(.warning, f.location, code: .noZoneCode,
                        "the feature has no zone code in \(apportioning.zoneField ?? ""): it is left out of layer \(layerName)'s facts"))
                    continue
                }
                code = text
            } else {
                code = "record \(k + 1)"
            }
            if let z = zoneByCode[code] { zoneOfFeature[k] = z; continue }
            zoneByCode[code] = codes.count
            zoneOfFeature[k] = codes.count
            codes.append(code); polygons.append(ps); locations.append(f.location)
        }

        let raw: [[(Int, Double)]]
        switch apportioning.method {
        case .area:
            raw = try Crosswalk.areaWeights(polygons, units: units, locations: locations, diagnostics: &diags)
        case .population(let pointsLayer, let field):
            guard let population else {
                throw TargetingError("layer \(layerName) is apportioned by population, but the points layer \(pointsLayer) is not loaded",
                                     hint: "name a points layer of the manifest in population_points")
            }
            raw = try Crosswalk.populationWeights(polygons, locations: locations, points: population.points, populationField: field,
                                                  units: units, unitIndex: population.unitIndex, diagnostics: &diags)
        }
        let shares = raw.map { $0.map { UnitShare(unit: $0.0, weight: $0.1) } }
        var covered = [Bool](repeating: false, count: units.count)
        for s in shares { for share in s { covered[share.unit] = true } }
        let uncovered = units.idOrder.filter { !covered[$0] && !units.polygons[$0].isEmpty }
        for u in uncovered {
            diags.append(Diagnostic(.warning, units.locations[u], code: .unitWithoutZone,
                "unit \(units.ids[u]) (\(units.names[u])) lies in no zone of layer \(layerName): its facts over that layer are left empty, not 0",
                hint: "a zone table needs rows for every zone that covers the units"))
        }
        return (ZoneShares(method: apportioning.method, zoneOfFeature: zoneOfFeature, zoneCodes: codes, shares: shares,
                           uncoveredUnits: uncovered), diags)
    }
}
