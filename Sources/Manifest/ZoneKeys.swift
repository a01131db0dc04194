import Domain

/// `zones = "health_zones"` on a table layer: its key is a code of that polygon layer's zones
/// (health zones, say), not of the units; the rows take the zone's shape and are apportioned.
public struct ZoneReference: Sendable, Equatable {
    /// The `[layers.NAME]` of the polygon layer.
    public var layer: String
    /// The manifest line of `zones = …`.
    public var line: Int
    public init(layer: String, line: Int) { self.layer = layer; self.line = line }
}

/// How a polygon (zone) layer's values are shared among the units it overlaps.
public enum ApportionSpec: Sendable, Equatable {
    /// In proportion to the geodesic area of the zone inside each unit (the default).
    case area
    /// In proportion to the population of the points (villages) of the zone inside each unit.
    case population(PopulationPoints)

    public var label: String {
        switch self {
        case .area: return "area"
        case .population: return "population"
        }
    }
}

/// `population_points = "villages"` and `population_field = "population"`, with their lines.
public struct PopulationPoints: Sendable, Equatable {
    /// The points layer's `[layers.NAME]`.
    public var layer: String
    public var layerLine: Int
    /// Its population column (matched case-insensitively, like every field reference).
    public var field: String
    public var fieldLine: Int
    public init(layer: String, layerLine: Int, field: String, fieldLine: Int) {
        self.layer = layer; self.layerLine = layerLine; self.field = field; self.fieldLine = fieldLine
    }
}
