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
        // Per zone, its rows' total (for latestSum, the rows of its latest round in the window).
        // A zone with no round in the window was not assessed: it shares nothing, and a unit
        // covered only by such zones stays unknown (nil), not zero.
        let x = try additiveTotals(spec, bound, rows: rows, dates: dates, groupOf: zones.zoneOfFeature,
                                   groupCount: zones.zoneCodes.count, into: &diags, keepRows: rowBound != nil,
                                   groupName: { "zone \(zones.zoneCodes[$0])" })

        // A unit no zone covers gets nil (nothing is known there); a covered unit starts at 0.
        var values = [Double?](repeating: nil, count: units.count)
        for (z, shares) in zones.shares.enumerated() where x.assessed[z] {
            for s in shares { values[s.unit] = (values[s.unit] ?? 0) + s.weight * x.totals[z] }
        }
        if case .per10k = spec.aggregate { values = perTenThousand(values) }
        var result = FactResult(values: values, diagnostics: diags, rowsUsed: x.used)
        // A zone's row adds its value times the unit's share of the zone to every unit the zone overlaps.
        if let rowBound {
            var b = FactRows.Builder(unitCount: units.count)
            for a in x.added {
                for s in zones.shares[zones.zoneOfFeature[a.feature]] {
                    b.add(unit: s.unit, feature: a.feature, value: scaled(s.weight * a.value, unit: s.unit, spec))
                }
            }
            result.rows = b.finish(layer: bound.name, bound: rowBound)
        }
        return result
    }

    static func methodText(_ m: ZoneApportioning.Method) -> String {
        switch m {
        case .area: return "area"
        case .population(let layer, let field): return "population (\(layer).\(field))"
        }
    }
}
