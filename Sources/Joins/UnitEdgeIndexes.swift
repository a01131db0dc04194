import Domain

/// The units' edge indexes (every point-in-unit test reads them), built before a `FactEngine`
/// exists when a core would otherwise idle: the loader builds them while the boundaries' review
/// finishes alone on the other core (0 to 91 ms of waiting on the 6,000-unit benchmark), and the
/// engine it is handed to (`FactEngine.init(units:layers:edgeIndexes:)`) does not build them again.
/// The same indexes as the engine would build: a place computed with them is the same.
public struct UnitEdgeIndexes: Sendable {
    let index: PolygonSetIndex
    /// The ids of the units indexed, in index order: an engine takes the indexes only for these units.
    let ids: [UnitID]

    public init(units: UnitSet) {
        index = PolygonSetIndex(units: units)
        ids = units.ids
    }
}
