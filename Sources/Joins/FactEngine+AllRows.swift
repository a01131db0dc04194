import Domain

/// `count`, `per10k` and `sum` over every row of a layer placed in units (no filter, no window):
/// the commonest facts, over the largest layers. Computed a unit at a time over the layer's rows
/// grouped by unit (`RowsByUnit`, once per layer), units on every core, instead of one pass over
/// the rows collecting a (unit, row, value) triple per row then sorting them by unit.
///
/// Each unit's total adds its rows in file order, as the pass over the file does, and its rows
/// are bounded by the same `FactRows.keepInPlace`: the values and rows are the same bits. A sum
/// with any row whose value is not a finite number in place (a row to report) takes the general
/// path, which reports it where it meets it.
extension FactEngine {
    /// Whether `spec` is computed here: an additive fact over every row of a layer whose rows
    /// each go to one unit (points, or a table joined by key without rejected rows for a sum).
    func readsAllRowsByUnit(_ spec: FactSpec) -> Bool {
        guard spec.filters.isEmpty, spec.window == nil, let name = spec.layer, let bound = try? layer(name) else { return false }
        switch bound.roles.placement {
        case .apportioned: return false
        case .byLocation: break
        case .byKey: if case .sum = spec.aggregate, !bound.layer.rejectedFeatures.isEmpty { return false }
        }
        switch spec.aggregate {
        case .count, .per10k, .sum: return true
        default: return false
        }
    }

    /// The layer's placed rows grouped by unit, computed once (then cached); nil when they cannot be.
    func rowsByUnit(_ name: String, _ placement: LayerPlacement) -> RowsByUnit? {
        if let g = rowsByUnitCache[name] { return g }
        guard let g = RowsByUnit(unitOf: placement.unitOfFeature, unitCount: units.count) else { return nil }
        rowsByUnitCache[name] = g
        return g
    }

    /// The fact when `readsAllRowsByUnit(spec)`, else nil (and nil for a sum with a value to report).
    func additiveOverAllRows(_ spec: FactSpec, _ bound: BoundLayer, _ placement: LayerPlacement) throws -> FactResult? {
        guard readsAllRowsByUnit(spec), let groups = rowsByUnit(bound.name, placement) else { return nil }
        let n = units.count
        var values: [Double]? = nil
        if case .sum(let field) = spec.aggregate {
            let fi = try fieldIndex(bound, field, spec, role: "value")
            let features = bound.layer.features
            // A finite number read in place (every row of a clean layer); anything else is left to
            // the general path, which reports it in file order.
            guard let read = groups.values(unitOf: placement.unitOfFeature, { r in
                if case .number(let d) = features.value(r, fi), d.isFinite { return d }
                return nil
            }) else { return nil }
            values = read
        }
        let rowBound = self.rowBound
        let perUnit = Parallel.flatMap(n, minimum: 500) { chunk -> [(total: Double, listed: [FactRows.Row], rest: Double)] in
            var scratch: [FactRows.Row] = []
            return chunk.map { u in
                let first = groups.start[u], end = groups.start[u + 1]
                guard let values else {
                    // A count: each row adds 1 (for per10k, 1 per 10,000 people of the unit).
                    let total = Double(end - first)
                    guard let rowBound else { return (total, [], 0) }
                    let v = scaled(1, unit: u, spec)
                    let kept = min(end - first, rowBound)
                    let listed = (first ..< first + kept).map { FactRows.Row(feature: Int(groups.features[$0]), value: v) }
                    var rest = 0.0
                    if !v.isNaN { for _ in first + kept ..< end { rest += v } }
                    return (total, listed, rest)
                }
                var total = 0.0
                for k in first ..< end { total += values[k] }
                guard let rowBound else { return (total, [], 0) }
                scratch.removeAll(keepingCapacity: true)
                for k in first ..< end { scratch.append(FactRows.Row(feature: Int(groups.features[k]), value: values[k])) }
                let kept = scratch.withUnsafeMutableBufferPointer { FactRows.keepInPlace($0, bound: rowBound, order: .largestFirst) }
                return (total, kept.listed, kept.restSum)
            }
        }
        var result: [Double?] = perUnit.map(\.total)
        blankUnitsWithoutPolygon(&result, bound)
        if case .per10k = spec.aggregate { result = perTenThousand(result) }
        var fact = FactResult(values: result, diagnostics: [], rowsUsed: groups.placed)
        if let rowBound {
            fact.rows = FactRows(layer: bound.name, bound: rowBound, listed: perUnit.map(\.listed),
                                 total: (0 ..< n).map { groups.start[$0 + 1] - groups.start[$0] }, restSum: perUnit.map(\.rest))
        }
        return fact
    }
}
