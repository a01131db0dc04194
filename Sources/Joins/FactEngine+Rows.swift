import Domain

/// Distance facts with their rows: the nearest feature is the one row behind `nearestKm` (it
/// contributes its km); every feature within the distance is a row of `countWithin` (1 each).
extension FactEngine {
    func distanceFactWithRows(_ spec: FactSpec, index: GeodesicPointIndex, name: String, bound: Int,
                              diagnostics: [Diagnostic]) throws -> FactResult {
        let points = try referencePoints()
        // Each unit's query reads the index only: units in chunks on every core.
        let perUnit = Parallel.flatMap(units.count, minimum: 500) { chunk in
            chunk.map { u -> (value: Double?, listed: [FactRows.Row], total: Int, rest: Double) in
                guard let c = points[u] else { return (nil, [], 0, 0) }
                if case .countWithin(let km) = spec.aggregate {
                    let ids = index.ids(within: km, of: c)
                    let kept = FactRows.keep(ids.map { FactRows.Row(feature: $0, value: 1) }, bound: bound, order: .largestFirst)
                    return (Double(ids.count), kept.listed, ids.count, kept.restSum)
                } else if let n = index.nearest(to: c) {
                    return (n.km, [FactRows.Row(feature: n.id, value: n.km)], 1, 0)
                }
                return (nil, [], 0, 0)
            }
        }
        let values = perUnit.map(\.value), listed = perUnit.map(\.listed)
        let total = perUnit.map(\.total), rest = perUnit.map(\.rest)
        var result = FactResult(values: values, diagnostics: diagnostics, rowsUsed: index.count)
        result.rows = FactRows(layer: name, bound: bound, listed: listed, total: total, restSum: rest)
        return result
    }
}
