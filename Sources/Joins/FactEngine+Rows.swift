import Domain

/// Distance facts with their rows: the nearest feature is the one row behind `nearestKm` (it
/// contributes its km); every feature within the distance is a row of `countWithin` (1 each).
extension FactEngine {
    func distanceFactWithRows(_ spec: FactSpec, index: GeodesicPointIndex, name: String, bound: Int,
                              diagnostics: [Diagnostic]) throws -> FactResult {
        let points = try referencePoints()
        var values = [Double?](repeating: nil, count: units.count)
        var listed = [[FactRows.Row]](repeating: [], count: units.count)
        var total = [Int](repeating: 0, count: units.count), rest = [Double](repeating: 0, count: units.count)
        for (u, c) in points.enumerated() {
            guard let c else { continue }
            if case .countWithin(let km) = spec.aggregate {
                let ids = index.ids(within: km, of: c)
                values[u] = Double(ids.count)
                let kept = FactRows.keep(ids.map { FactRows.Row(feature: $0, value: 1) }, bound: bound, order: .largestFirst)
                listed[u] = kept.listed; total[u] = ids.count; rest[u] = kept.restSum
            } else if let n = index.nearest(to: c) {
                values[u] = n.km
                listed[u] = [FactRows.Row(feature: n.id, value: n.km)]; total[u] = 1
            }
        }
        var result = FactResult(values: values, diagnostics: diagnostics, rowsUsed: index.count)
        result.rows = FactRows(layer: name, bound: bound, listed: listed, total: total, restSum: rest)
        return result
    }
}
