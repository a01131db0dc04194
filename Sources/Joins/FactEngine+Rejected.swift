import Domain

/// Rows the table reader rejected still say that a round took place: a `latestSum` must see them,
/// or a unit whose latest round has an unreadable value would quietly get an older round's value.
extension FactEngine {
    /// One rejected row that passed the fact's filters and window: its group (unit) and date.
    struct RejectedRow {
        var group: Int
        var date: ISODate?
        var location: SourceLocation
    }

    /// The rejected rows of a layer joined to units by key, placed like its kept rows, that pass
    /// the fact's filters and window. For `latestSum`, rejected rows without a readable date are
    /// reported (the unit's latest round may be wrong) and not returned; with a window, they are
    /// not returned (they cannot be placed in it).
    /// Point and zone layers return none (their rejected rows have no place to go).
    func rejectedRows(_ bound: BoundLayer, _ spec: FactSpec, into diags: inout [Diagnostic]) throws -> [RejectedRow] {
        guard case .byKey(let keys) = bound.roles.placement, !bound.layer.rejectedFeatures.isEmpty else { return [] }
        var isLatest = false
        if case .latestSum = spec.aggregate { isLatest = true }
        var di: Int? = nil
        if isLatest || spec.window != nil {
            guard let df = bound.roles.dateField, let i = bound.layer.fieldIndex(df) else { return [] }
            di = i
        }
        let rejected = Layer(path: bound.layer.path, fields: bound.layer.fields, features: bound.layer.rejectedFeatures,
                             tags: bound.layer.tags)
        let unitOf = try TableJoin.join(rejected, keys: keys, to: units).unitOfRow
        let filters = try spec.filters.map { (try fieldIndex(bound, $0.field, spec, role: "filter"), $0) }
        var out: [RejectedRow] = []
        rowLoop: for (k, f) in rejected.features.enumerated() where unitOf[k] >= 0 {
            for (i, filter) in filters where !filter.accepts(i < f.values.count ? f.values[i] : .null) { continue rowLoop }
            guard let di else { out.append(RejectedRow(group: Int(unitOf[k]), date: nil, location: f.location)); continue }
            guard case .date(let d) = DateRead(di < f.values.count ? f.values[di] : .null) else {
                // Without a date it cannot be placed in a window or a round.
                guard isLatest else { continue }
                let u = Int(unitOf[k])
                diags.append(Diagnostic(.warning, f.location, code: .latestRoundUncertain,
                    "unit \(units.ids[u]) \(units.names[u]): this rejected row has no readable date: \(spec.name) takes the latest readable round, which may not be the unit's latest",
                    hint: "fix the row so that it is read"))
                continue
            }
            if let w = spec.window, !w.contains(d) { continue }
            out.append(RejectedRow(group: Int(unitOf[k]), date: d, location: f.location))
        }
        return out
    }
}
