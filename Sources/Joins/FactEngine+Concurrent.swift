import Domain

/// Facts are independent once the layers are placed: each reads the placements, reference points
/// and areas and writes only its own result. So the shared caches are filled first, one after the
/// other (placing points is itself spread over the cores), then the facts are computed on every
/// core (see `evaluate(all:)`), and their notes recorded in the facts' order, as one fact after
/// another would.
extension FactEngine {
    /// Each fact's result in the order given, up to and including the first that fails (the
    /// facts after it are not reported), with `diagnostics` exactly as calling `evaluate` on
    /// each in turn would leave them.
    public func evaluate(all specs: [FactSpec]) -> [Result<FactResult, any Error>] {
        do { try fillSharedCaches(for: specs) } catch {
            // Met one fact at a time, the failure says which fact it stopped (and its notes
            // stop there too): leave that to `evaluate`.
            return evaluateInTurn(specs)
        }
        // Facts over every row of a layer spread their units over every core themselves: one after
        // the other, each on all cores (work spread inside a fact computed at once with others
        // would run on that fact's core only). The others at once, one per core.
        var computed = [Result<FactResult, any Error>?](repeating: nil, count: specs.count)
        let spread = specs.indices.filter { readsAllRowsByUnit(specs[$0]) }
        for k in spread { computed[k] = Result { try computeUnrecorded(specs[k]) } }
        let others = specs.indices.filter { computed[$0] == nil }
        for (k, r) in zip(others, Parallel.map(others.count) { i in Result { try self.computeUnrecorded(specs[others[i]]) } }) {
            computed[k] = r
        }
        var results: [Result<FactResult, any Error>] = []
        for (spec, result) in zip(specs, computed.map { $0! }) {
            results.append(result)
            guard case .success(let r) = result else { break }
            record(of: spec, r)
        }
        return results
    }

    private func evaluateInTurn(_ specs: [FactSpec]) -> [Result<FactResult, any Error>] {
        var results: [Result<FactResult, any Error>] = []
        for spec in specs {
            results.append(Result { try evaluate(spec) })
            if case .failure = results.last! { break }
        }
        return results
    }

    /// Everything two facts may both read: placements of their layers, their rows grouped by
    /// unit, the units' areas and reference points. Afterwards computing a fact reads these caches only (distance indexes
    /// have their own lock).
    private func fillSharedCaches(for specs: [FactSpec]) throws {
        // Point layers first, with the edge indexes (their grids built while the indexes are).
        try placePointLayersWithIndex(specs.filter(Self.readsLayer).compactMap(\.layer))
        var placed: Set<String> = []
        for spec in specs where Self.readsLayer(spec) {
            guard let name = spec.layer, placed.insert(name).inserted else { continue }
            _ = try cachedPlacement(name)
        }
        for spec in specs where readsAllRowsByUnit(spec) {
            guard let name = spec.layer else { continue }
            _ = rowsByUnit(name, try cachedPlacement(name))
        }
        if specs.contains(where: { if case .areaKm2 = $0.aggregate { return true } else { return false } }) { _ = areasKm2() }
        if specs.contains(where: { s in
            switch s.aggregate { case .nearestKm, .countWithin: return true; default: return false }
        }) { _ = try referencePoints() }
    }
}
