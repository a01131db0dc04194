import Domain

/// Facts over a zone layer (health zones, or a DTM table keyed by zone): the zone's value is
/// computed first from its rows, then shared among units by the crosswalk weights,
/// value_u = Σ_z w(z,u) · x_z. Only additive aggregates can be shared that way.
extension FactEngine {
    func apportionedFact(_ spec: FactSpec, _ bound: BoundLayer, _ zones: ZoneShares) throws -> FactResult {
        let needDates: Bool
        switch spec.aggregate {
        case .count, .per10k, .sum: needDates = false
        case .latestSum: needDates = true
        default:
            throw TargetingError("fact \(spec.name): \(spec.aggregate) is not defined on layer \(bound.name): it is a zone layer whose values are shared among units by \(Self.methodText(zones.method)), and only sums and counts can be shared",
                                 hint: "use count, sum, latest (latestSum) or per_10k on \(bound.name); for means, minima, maxima or distances use a layer joined to the units or a points layer")
        }
        let (rows, dates, selectDiags) = try selectRows(bound, spec, needDates: needDates)
        var diags = selectDiags
        let zoneCount = zones.zoneCodes.count
        var x = [Double](repeating: 0, count: zoneCount)
        var assessed = [Bool](repeating: true, count: zoneCount)
        var used = 0

        switch spec.aggregate {
        case .count, .per10k:
            for r in rows { let z = zones.zoneOfFeature[r]; if z >= 0 { x[z] += 1; used += 1 } }
        case .sum(let field):
            let fi = try fieldIndex(bound, field, spec, role: "value")
            for r in rows {
                let z = zones.zoneOfFeature[r]
                guard z >= 0, let v = number(bound, row: r, field: fi, name: field, spec: spec, into: &diags) else { continue }
                x[z] += v; used += 1
            }
        case .latestSum(let field):
            // Per zone, the rows of its latest date in the window (one DTM round), then shared.
            // A zone with no round in the window was not assessed: it shares nothing, and a unit
            // covered only by such zones stays unknown (nil), not zero.
            let fi = try fieldIndex(bound, field, spec, role: "value")
            var latest = [ISODate?](repeating: nil, count: zoneCount)
            for (k, r) in rows.enumerated() {
                let z = zones.zoneOfFeature[r]
                if z >= 0, let d = dates[k], latest[z].map({ $0 < d }) ?? true { latest[z] = d }
            }
            for (k, r) in rows.enumerated() {
                let z = zones.zoneOfFeature[r]
                guard z >= 0, dates[k] == latest[z],
                      let v = number(bound, row: r, field: fi, name: field, spec: spec, into: &diags) else { continue }
                x[z] += v; used += 1
            }
            assessed = latest.map { $0 != nil }
        default:
            break  // refused above
        }

        // A unit no zone covers gets nil (nothing is known there); a covered unit starts at 0.
        var values = [Double?](repeating: nil, count: units.count)
        for (z, shares) in zones.shares.enumerated() where assessed[z] {
            for s in shares { values[s.unit] = (values[s.unit] ?? 0) + s.weight * x[z] }
        }
        if case .per10k = spec.aggregate {
            values = values.indices.map { u in
                guard let c = values[u], let p = units.population[u], p > 0 else { return nil }
                return c / p * 10_000
            }
        }
        return FactResult(values: values, diagnostics: diags, rowsUsed: used)
    }

    static func methodText(_ m: ZoneApportioning.Method) -> String {
        switch m {
        case .area: return "area"
        case .population(let layer, let field): return "population (\(layer).\(field))"
        }
    }
}
