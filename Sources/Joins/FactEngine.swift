import Domain
import Foundation
import Geometry

/// One computed fact: a value per unit (unit order) and what was left out on the way.
public struct FactResult: Sendable {
    public var values: [Double?]
    /// Rows excluded from this fact (null or unreadable values, missing dates), one each.
    public var diagnostics: [Diagnostic]
    /// Rows of the layer that passed the filters and window and were used.
    public var rowsUsed: Int
    /// The rows behind each unit's value, when the engine was asked for them (`rowBound`).
    public var rows: FactRows? = nil
}

/// Computes facts (`FactSpec`) over the units, one value per unit in unit order.
///
/// Conventions (Scripts/METHOD.md, "Reference semantics"), applied to every aggregate:
/// - filters and the closed date window on the layer's date field select rows first; with a
///   window, a row without a readable date is excluded and reported;
/// - a point belongs to the covering unit whose id sorts first; points outside every unit count
///   only for distance facts (`nearestKm`, `countWithin`) and are reported once per layer;
/// - a null or unreadable number is never read as zero: the row is left out and reported;
/// - on a zone layer (polygons, or a table keyed by zone) `count`, `sum`, `latestSum` and
///   `per10k` are apportioned by the crosswalk weights (see `FactEngine+Zones.swift`);
/// - over zero rows, `count` and `sum` are 0, `mean`, `min` and `max` are nil, and `latestSum` is nil
///   (no assessment up to the window's end: unknown, not zero);
///   `per10k` is nil when the population is nil or 0; `nearestKm` is nil when no feature is left;
///   a unit without a polygon gets nil for `areaKm2`, `nearestKm` and `countWithin`, and for every
///   aggregate of a point layer (it can hold no point: unknown, not 0);
/// - a `sum` or `latestSum` whose rows all lack the value is nil; some lacking: the sum of the
///   others, reported as `partial-sum`; a `latestSum` whose latest round has a rejected row is nil
///   (`latest-round-unreadable`), never an older round;
///
/// Placements, reference points, areas and distance indexes are cached: calling `compute` many
/// times costs one pass over the layer's rows per call. Not thread-safe (its caches fill on first
/// use): `evaluate(all:)` fills the shared caches first, then computes the facts on every core at once.
public final class FactEngine {
    public let units: UnitSet
    private var layers: [String: BoundLayer] = [:]
    private let geodesy = Geodesy()
    private var polygonIndexCache: PolygonSetIndex?
    private var placements: [String: LayerPlacement] = [:]
    private var referencePointCache: [Coordinate?]?
    private var areaCache: [Double?]?
    private struct IndexKey: Hashable { var layer: String; var filters: [FactFilter]; var window: DateWindow? }
    private var distanceIndexes: [IndexKey: GeodesicPointIndex] = [:]
    /// Per layer, its placed rows grouped by unit (`FactEngine+AllRows.swift`).
    var rowsByUnitCache: [String: RowsByUnit] = [:]
    /// Guards `distanceIndexes`, the one cache facts computed at once (`evaluate(all:)`) may fill.
    private let distanceIndexLock = NSLock()
    /// Layers whose placement notes are in `diagnostics` already.
    private var placementRecorded: Set<String> = []
    private var seen: Set<Diagnostic> = []
    /// Everything reported while computing facts, in the order first seen, without repeats.
    public private(set) var diagnostics: [Diagnostic] = []
    /// When set, `evaluate` also records the rows behind every unit's value (`FactResult.rows`),
    /// at most this many per unit; nil (the default) records nothing and costs nothing.
    public var rowBound: Int? = nil

    /// `edgeIndexes`: the units' edge indexes built beforehand (see `UnitEdgeIndexes`); ignored
    /// unless built for units with these ids, in this order.
    public init(units: UnitSet, layers: [BoundLayer] = [], edgeIndexes: UnitEdgeIndexes? = nil) throws {
        self.units = units
        if let edgeIndexes, edgeIndexes.ids == units.ids { polygonIndexCache = edgeIndexes.index }
        for l in layers { try add(l) }
    }

    public func add(_ layer: BoundLayer) throws {
        guard layers[layer.name] == nil else {
            throw TargetingError("layer \(layer.name) is given twice", hint: "layer names in the manifest must be unique")
        }
        layers[layer.name] = layer
    }

    /// Builds the units' edge indexes now rather than at the first point placed (the join
    /// benchmark times this step on its own); the indexes themselves are internal.
    public func buildPolygonIndex() { _ = polygonIndex }

    var polygonIndex: PolygonSetIndex {
        if let p = polygonIndexCache { return p }
        let p = PolygonSetIndex(units: units)
        polygonIndexCache = p
        return p
    }

    /// Where each feature of a layer went (computed once, then cached), its notes recorded.
    public func placement(ofLayer name: String) throws -> LayerPlacement {
        let p = try cachedPlacement(name)
        recordPlacement(of: name, p)
        return p
    }

    func recordPlacement(of name: String, _ p: LayerPlacement) {
        if placementRecorded.insert(name).inserted { record(p.diagnostics) }
    }

    /// Places the point layers named (not placed yet), with the units' edge indexes (built now
    /// when not given to `init` nor built yet): their points are read first, then each layer's
    /// grid is built. Nothing recorded; errors as `cachedPlacement`'s.
    func placePointLayersWithIndex(_ names: [String]) throws {
        var seen: Set<String> = []
        let todo = try names.filter { name in
            guard placements[name] == nil, seen.insert(name).inserted else { return false }
            if case .byLocation = try layer(name).roles.placement { return true }
            return false
        }
        guard !todo.isEmpty else { return }
        let layers = try todo.map { try layer($0).layer }
        let reads = try zip(todo, layers).map { try LayerPlacement.readPoints($1, name: $0) }
        let grids = reads.map { PointGrid($0.points) }
        let index = polygonIndex
        for k in todo.indices {
            placements[todo[k]] = LayerPlacement.byLocation(layers[k], read: reads[k], grid: grids[k], index: index)
        }
    }

    /// Where each feature of a layer went, computed once then read from the cache; nothing recorded.
    func cachedPlacement(_ name: String) throws -> LayerPlacement {
        if let p = placements[name] { return p }
        let bound = try layer(name)
        let p: LayerPlacement
        switch bound.roles.placement {
        case .byLocation: p = try LayerPlacement.byLocation(bound.layer, index: polygonIndex, units: units, name: bound.name)
        case .byKey(let keys):
            var joined = try LayerPlacement.byKey(bound.layer, keys: keys, units: units)
            joined.joinReport?.layer = bound.name  // the report's alias hint names the layer's manifest entry
            p = joined
        case .apportioned(let a):
            var population: (points: Layer, unitIndex: PolygonSetIndex)? = nil
            if case .population(let pointsLayer, _) = a.method { population = (try layer(pointsLayer).layer, polygonIndex) }
            p = try LayerPlacement.byZones(bound.layer, name: name, apportioning: a, units: units, population: population)
        }
        placements[name] = p
        return p
    }

    /// Each unit's reference point: its centroid when inside, else a point on its surface.
    public func referencePoints() throws -> [Coordinate?] {
        if let r = referencePointCache { return r }
        // Same rule as `GEOSContext.referencePoint` (GEOS centroid, covered? else GEOS point on
        // surface), but the "covered?" test uses the unit's edge index, which equals GEOS covers
        // (tested) and skips building a relate graph per unit: 6,000 units in 0.2 s, not 0.85 s.
        // Units in chunks on every core, each chunk with its own GEOS context (a context is not
        // shared between threads); the first unit GEOS fails on, in unit order, is the one reported.
        let index = polygonIndex
        let chunks = Parallel.ranges(units.count, minimum: 500)
        let parts = Parallel.map(chunks.count) { k in Result { try referencePoints(of: chunks[k], index: index) } }
        var out: [Coordinate?] = []
        out.reserveCapacity(units.count)
        for part in parts { out += try part.get() }
        referencePointCache = out
        return out
    }

    private func referencePoints(of range: Range<Int>, index: PolygonSetIndex) throws -> [Coordinate?] {
        let context = try GEOSContext()
        var out: [Coordinate?] = []
        for i in range {
            let ps = units.polygons[i]
            if ps.isEmpty { out.append(nil); continue }
            // The centroid computed here as GEOS would (`AreaCentroid`); the GEOS geometry is built
            // only for a centroid outside the unit, or one GEOS computes differently (no area).
            if let c = AreaCentroid.of(ps), index.areas[i].covers(c.x, c.y) { out.append(c); continue }
            do {
                let g = try context.multiPolygon(ps)
                let c = try g.centroid().coordinate()
                out.append(index.areas[i].covers(c.x, c.y) ? c : try g.pointOnSurface().coordinate())
            } catch let e as TargetingError {
                throw TargetingError("unit \(units.ids[i]): \(e.message)", at: units.locations[i], hint: "validate and repair the boundary first")
            }
        }
        return out
    }

    public func areasKm2() -> [Double?] {
        if let a = areaCache { return a }
        let a = units.polygons.map { $0.isEmpty ? nil : geodesy.areaKm2($0) }
        areaCache = a
        return a
    }

    public func compute(_ spec: FactSpec) throws -> [Double?] { try evaluate(spec).values }

    public func evaluate(_ spec: FactSpec) throws -> FactResult {
        let result = try computeUnrecorded(spec)
        record(of: spec, result)
        return result
    }

    /// What `evaluate` notes of a fact once computed: its layer's placement notes the first time
    /// the layer is used, then the fact's own.
    func record(of spec: FactSpec, _ result: FactResult) {
        if let name = spec.layer, Self.readsLayer(spec), let p = placements[name] { recordPlacement(of: name, p) }
        record(result.diagnostics)
    }

    /// Whether the fact is computed over its layer's rows (not about the units themselves).
    static func readsLayer(_ spec: FactSpec) -> Bool {
        switch spec.aggregate { case .areaKm2, .attribute: return false; default: return true }
    }

    /// A fact computed from the caches (filling them when empty, so not thread-safe unless
    /// they are full); its notes are not recorded.
    func computeUnrecorded(_ spec: FactSpec) throws -> FactResult {
        var result: FactResult
        switch spec.aggregate {
        case .areaKm2: result = FactResult(values: areasKm2(), diagnostics: [], rowsUsed: 0)
        case .attribute(let field): result = try attribute(field, spec)
        default: result = try layerFact(spec)
        }
        // A fact about the unit itself comes from the unit's own boundary record.
        if let bound = rowBound, result.rows == nil, spec.layer == nil {
            result.rows = FactRows(layer: nil, bound: bound,
                                   listed: result.values.indices.map { [FactRows.Row(feature: $0, value: result.values[$0] ?? .nan)] },
                                   total: [Int](repeating: 1, count: units.count), restSum: [Double](repeating: 0, count: units.count))
        }
        return result
    }

    // MARK: - Facts about the units themselves

    private func attribute(_ field: String, _ spec: FactSpec) throws -> FactResult {
        guard let i = units.fields.firstIndex(where: { $0.name.lowercased() == field.lowercased() }) else {
            throw TargetingError("fact \(spec.name): the units have no field \(field)",
                                 hint: "unit fields are: \(units.fields.map(\.name).joined(separator: ", "))")
        }
        var values: [Double?] = [], diags: [Diagnostic] = []
        for u in 0 ..< units.count {
            guard i < units.attributes[u].count else { values.append(nil); continue }
            switch NumberRead(units.attributes[u][i]) {
            case .number(let d): values.append(d)
            case .null: values.append(nil)
            case .bad(let t):
                values.append(nil)
                diags.append(Diagnostic(.warning, units.locations[u], code: .badNumber,
                    "unit \(units.ids[u]): \(field) is not a number (\(t)): fact \(spec.name) is left empty"))
            }
        }
        return FactResult(values: values, diagnostics: diags, rowsUsed: 0)
    }

    // MARK: - Facts over a layer

    func layer(_ name: String) throws -> BoundLayer {
        guard let l = layers[name] else {
            throw TargetingError("no layer named \(name)", hint: "layers are: \(layers.keys.sorted().joined(separator: ", "))")
        }
        return l
    }

    func fieldIndex(_ bound: BoundLayer, _ field: String, _ spec: FactSpec, role: String) throws -> Int {
        let matches = bound.layer.fieldMatches(field)
        guard let i = matches.first else {
            throw TargetingError("fact \(spec.name): layer \(bound.name) (\(bound.layer.path)) has no \(role) field \(field)",
                                 hint: "fields are: \(bound.layer.fields.map(\.name).joined(separator: ", "))")
        }
        // Two columns with one tag (or one header): taking the first would be a silent guess.
        guard matches.count == 1 else {
            let listed = matches.map { "'\(bound.layer.fields[$0].name)' (column \($0 + 1))" }.joined(separator: " and ")
            throw TargetingError("fact \(spec.name): \(role) field \(field) names \(matches.count) columns of layer \(bound.name) (\(bound.layer.path)): \(listed)",
                                 hint: "name the column by its header instead of its tag, or remove the extra column")
        }
        return i
    }

    /// Rows passing the filters and the window, with their dates (one per row) when a date field is
    /// read (a window, or `needDates`); without one `dates` is empty, not a column of nils.
    func selectRows(_ bound: BoundLayer, _ spec: FactSpec, needDates: Bool)
        throws -> (rows: [Int], dates: [ISODate?], diagnostics: [Diagnostic]) {
        let filters = try spec.filters.map { (try fieldIndex(bound, $0.field, spec, role: "filter"), $0) }
        var dateI: Int? = nil
        if spec.window != nil || needDates {
            guard let df = bound.roles.dateField else {
                throw TargetingError("fact \(spec.name) needs dates, but layer \(bound.name) has no date field",
                                     hint: "name the layer's date field in the manifest")
            }
            dateI = try fieldIndex(bound, df, spec, role: "date")
        }
        let features = bound.layer.features
        // No filter and no date to read: every row, without a pass over the features.
        if filters.isEmpty && dateI == nil {
            return (Array(features.indices), [], [])
        }
        var rows: [Int] = [], dates: [ISODate?] = [], diags: [Diagnostic] = []
        // Rows by index, their cells read in place (a `Feature` copied per row costs three retains).
        rowLoop: for r in features.indices {
            for (i, filter) in filters where !filter.accepts(features.value(r, i)) { continue rowLoop }
            var date: ISODate? = nil
            if let di = dateI {
                switch DateRead(features.value(r, di)) {
                case .date(let d): date = d
                case .null:
                    diags.append(Diagnostic(.warning, features.location(r), code: .missingDate,
                        "no date in \(bound.roles.dateField ?? ""): the row is left out of \(spec.name)"))
                    continue rowLoop
                case .bad(let t):
                    diags.append(Diagnostic(.warning, features.location(r), code: .badDate,
                        "date \"\(t)\" in \(bound.roles.dateField ?? "") is not readable: the row is left out of \(spec.name)",
                        hint: "write dates as YYYY-MM-DD"))
                    continue rowLoop
                }
                if let w = spec.window, let d = date, !w.contains(d) { continue rowLoop }
            }
            rows.append(r)
            if dateI != nil { dates.append(date) }
        }
        return (rows, dates, diags)
    }

    /// A CSV column read by a rule as a number but not listed in its layer's `numbers` is text, read
    /// with a point whatever the layer's `decimal` says: listing it applies the layer's decimal mark
    /// and grouping (`1,5` with decimal = ","). A shapefile's DBF types its own numbers.
    static func undeclaredNumberHint(field: String, layer bound: BoundLayer) -> String {
        let plain = "write numbers with a dot and no thousands separator"
        let path = bound.layer.path.lowercased()
        guard [".csv", ".tsv", ".txt"].contains(where: { path.hasSuffix($0) }) else { return plain }
        return "list \"\(field)\" in numbers = [...] of [layers.\(bound.name)], so that its cells are read as numbers with the layer's decimal mark; or \(plain)"
    }

    /// The number in `field` of row `r`, or nil with the row reported.
    func number(_ bound: BoundLayer, row r: Int, field i: Int, name: String, spec: FactSpec,
                        into diags: inout [Diagnostic]) -> Double? {
        switch NumberRead(bound.layer.features.value(r, i)) {
        case .number(let d): return d
        case .null:
            diags.append(Diagnostic(.warning, bound.layer.features.location(r), code: .nullValue,
                "\(name) is empty: the row is left out of \(spec.name), not read as 0"))
        case .bad(let t):
            diags.append(Diagnostic(.warning, bound.layer.features.location(r), code: .badNumber,
                "\(name) \"\(t)\" is not a number: the row is left out of \(spec.name)",
                hint: Self.undeclaredNumberHint(field: name, layer: bound)))
        }
        return nil
    }

    private func layerFact(_ spec: FactSpec) throws -> FactResult {
        guard let name = spec.layer else {
            throw TargetingError("fact \(spec.name) (\(spec.aggregate)) needs a layer")
        }
        let bound = try layer(name)
        let placement = try cachedPlacement(name)
        if let shares = placement.zoneShares { return try apportionedFact(spec, bound, shares) }
        if let r = try additiveOverAllRows(spec, bound, placement) { return r }
        let needDates: Bool
        if case .latestSum = spec.aggregate { needDates = true } else { needDates = false }
        let (rows, dates, selectDiags) = try selectRows(bound, spec, needDates: needDates)
        var diags = selectDiags
        let n = units.count
        let unitOf = placement.unitOfFeature

        switch spec.aggregate {
        case .count, .per10k, .sum, .latestSum:
            var rejected: [RejectedRow] = []
            switch spec.aggregate {
            case .latestSum, .sum: rejected = try rejectedRows(bound, spec, into: &diags)
            default: break
            }
            let t = try additiveTotals(spec, bound, rows: rows, dates: dates, groupOf: unitOf, groupCount: n, into: &diags,
                                       keepRows: rowBound != nil, rejected: rejected,
                                       groupName: { "unit \(self.units.ids[$0]) \(self.units.names[$0])" })
            // latestSum: a unit with no dated row in the window was not assessed up to that date:
            // its value is unknown (nil), not zero displaced people. Same for a unit whose rows all
            // lack the value, or whose latest round is unreadable.
            var values: [Double?] = (0 ..< n).map { t.assessed[$0] ? t.totals[$0] : nil }
            blankUnitsWithoutPolygon(&values, bound)
            if case .per10k = spec.aggregate { values = perTenThousand(values) }
            var result = FactResult(values: values, diagnostics: diags, rowsUsed: t.used)
            if let rowBound {
                // The rows as they added in, each in its unit (per 10,000 people for per10k).
                var added = t.added
                let unitOfRow = added.map { unitOf[$0.feature] }
                if case .per10k = spec.aggregate {
                    for k in added.indices { added[k].value = scaled(added[k].value, unit: Int(unitOfRow[k]), spec) }
                }
                result.rows = FactRows.Builder(unitCount: n, rows: added, units: unitOfRow).finish(layer: name, bound: rowBound)
            }
            return result

        case .mean(let field), .min(let field), .max(let field):
            let fi = try fieldIndex(bound, field, spec, role: "value")
            var sum = [Double](repeating: 0, count: n), cnt = [Int](repeating: 0, count: n)
            var lo = [Double](repeating: .infinity, count: n), hi = [Double](repeating: -.infinity, count: n)
            var used = 0
            var traced = rowBound.map { _ in FactRows.Builder(unitCount: n) }
            for r in rows where unitOf[r] >= 0 {
                guard let v = number(bound, row: r, field: fi, name: field, spec: spec, into: &diags) else { continue }
                let u = Int(unitOf[r])
                sum[u] += v; cnt[u] += 1; lo[u] = Swift.min(lo[u], v); hi[u] = Swift.max(hi[u], v); used += 1
                traced?.add(unit: u, feature: r, value: v)
            }
            var values: [Double?]
            switch spec.aggregate {
            case .mean: values = (0 ..< n).map { cnt[$0] > 0 ? sum[$0] / Double(cnt[$0]) : nil }
            case .min: values = (0 ..< n).map { cnt[$0] > 0 ? lo[$0] : nil }
            default: values = (0 ..< n).map { cnt[$0] > 0 ? hi[$0] : nil }
            }
            blankUnitsWithoutPolygon(&values, bound)
            var result = FactResult(values: values, diagnostics: diags, rowsUsed: used)
            // Each row is listed with its own value; for a minimum the smallest comes first.
            if let rowBound, let traced {
                if case .min = spec.aggregate { result.rows = traced.finish(layer: name, bound: rowBound, order: .smallestFirst) }
                else { result.rows = traced.finish(layer: name, bound: rowBound) }
            }
            return result

        case .nearestKm, .countWithin:
            guard case .byLocation = bound.roles.placement else {
                throw TargetingError("fact \(spec.name): \(spec.aggregate) needs a point layer, and \(name) is a table joined by key",
                                     hint: "distances are measured to points: use a points layer")
            }
            if case .countWithin(let km) = spec.aggregate, !(km.isFinite && km >= 0) {
                throw TargetingError("fact \(spec.name): countWithin needs a distance of 0 km or more, not \(km)")
            }
            let index = distanceIndex(IndexKey(layer: name, filters: spec.filters, window: spec.window), rows: rows, placement: placement)
            if let rowBound { return try distanceFactWithRows(spec, index: index, name: name, bound: rowBound, diagnostics: diags) }
            let values: [Double?] = try referencePoints().map { c in
                guard let c else { return nil }
                if case .countWithin(let km) = spec.aggregate { return Double(index.count(within: km, of: c)) }
                return index.nearest(to: c)?.km
            }
            return FactResult(values: values, diagnostics: diags, rowsUsed: index.count)

        case .areaKm2, .attribute:
            preconditionFailure("handled by evaluate")  // not reachable: unit facts return earlier
        }
    }

    /// Per group (a unit, or a zone of a zone layer), the total of an additive aggregate over the
    /// selected rows of that group: the row count for `count` and `per10k`, the field's sum for
    /// `sum`, and for `latestSum` the sum over the rows of the group's latest date. Rows of group
    /// -1 are skipped; a null or unreadable value is left out and reported. `assessed` is false
    /// (the value is unknown, not 0) for a group whose rows all lack the value, and for `latestSum`
    /// for a group with no dated row, or whose latest round (its latest date among kept rows and
    /// `rejected` rows) has a rejected row or no value at all: never an older round instead.
    /// A sum with some values missing (empty cells, and for a table joined by key its rejected
    /// rows) keeps the others and is reported (`partial-sum`).
    /// Over zero rows a count or a sum is 0. `used` counts the rows that added in; with
    /// `keepRows`, `added` lists every row that added in (to a known group) and what it added.
    func additiveTotals<G: BinaryInteger>(_ spec: FactSpec, _ bound: BoundLayer, rows: [Int], dates: [ISODate?],
                                          groupOf: [G], groupCount: Int, into diags: inout [Diagnostic],
                                          keepRows: Bool = false, rejected: [RejectedRow] = [],
                                          groupName: (Int) -> String = { "zone \($0)" })
        throws -> (totals: [Double], assessed: [Bool], used: Int, added: [FactRows.Row]) {
        var totals = [Double](repeating: 0, count: groupCount)
        var used = 0
        var added: [FactRows.Row] = []
        if keepRows { added.reserveCapacity(rows.count) }
        let features = bound.layer.features
        switch spec.aggregate {
        case .count, .per10k:
            for r in rows where groupOf[r] >= 0 {
                totals[Int(groupOf[r])] += 1; used += 1
                if keepRows { added.append(FactRows.Row(feature: r, value: 1)) }
            }
            return (totals, [Bool](repeating: true, count: groupCount), used, added)
        case .sum(let field), .latestSum(let field):
            let fi = try fieldIndex(bound, field, spec, role: "value")
            var latest = [ISODate?](repeating: nil, count: groupCount)
            let isLatest: Bool
            if case .latestSum = spec.aggregate { isLatest = true } else { isLatest = false }
            if isLatest {
                for (k, r) in rows.enumerated() where groupOf[r] >= 0 {
                    let g = Int(groupOf[r])
                    if let d = dates[k], latest[g].map({ $0 < d }) ?? true { latest[g] = d }
                }
                for x in rejected where x.group >= 0 && x.group < groupCount {
                    if let d = x.date, latest[x.group].map({ $0 < d }) ?? true { latest[x.group] = d }
                }
            }
            var present = [Int](repeating: 0, count: groupCount), missing = [Int](repeating: 0, count: groupCount)
            var firstMissing = [SourceLocation?](repeating: nil, count: groupCount)
            for (k, r) in rows.enumerated() where groupOf[r] >= 0 {
                let g = Int(groupOf[r])
                if isLatest && dates[k] != latest[g] { continue }
                // A finite number read in place (most rows); anything else through `number`, which reports it.
                let v: Double
                if case .number(let d) = features.value(r, fi), d.isFinite { v = d }
                else if let d = number(bound, row: r, field: fi, name: field, spec: spec, into: &diags) { v = d }
                else {
                    missing[g] += 1
                    if firstMissing[g] == nil { firstMissing[g] = features.location(r) }
                    continue
                }
                totals[g] += v; present[g] += 1; used += 1
                if keepRows { added.append(FactRows.Row(feature: r, value: v)) }
            }
            var assessed = isLatest ? latest.map { $0 != nil } : [Bool](repeating: true, count: groupCount)
            // A sum's rejected rows (a table joined by key) lack their value like an empty cell.
            if !isLatest {
                for x in rejected where x.group >= 0 && x.group < groupCount {
                    missing[x.group] += 1
                    if firstMissing[x.group] == nil { firstMissing[x.group] = x.location }
                }
            }
            var rejectedAtLatest = [SourceLocation?](repeating: nil, count: groupCount)
            var rejectedCount = [Int](repeating: 0, count: groupCount)
            for x in rejected where x.group >= 0 && x.group < groupCount && x.date != nil && x.date == latest[x.group] {
                rejectedCount[x.group] += 1
                if rejectedAtLatest[x.group] == nil { rejectedAtLatest[x.group] = x.location }
            }
            for g in 0 ..< groupCount {
                let round = latest[g].map { " (\($0))" } ?? ""
                if let at = rejectedAtLatest[g] {
                    assessed[g] = false
                    diags.append(Diagnostic(.warning, at, code: .latestRoundUnreadable,
                        "\(groupName(g)): the latest round\(round) has \(rejectedCount[g]) rejected row(s), this one first: \(spec.name) is left empty, not taken from an older round",
                        hint: "fix the rejected row (its warning says what is wrong) so that the latest round is read"))
                } else if missing[g] > 0 && present[g] == 0 {
                    assessed[g] = false
                    if isLatest {
                        diags.append(Diagnostic(.warning, firstMissing[g]!, code: .latestRoundUnreadable,
                            "\(groupName(g)): no row of the latest round\(round) has a value in \(field): \(spec.name) is left empty, not read as 0 nor taken from an older round",
                            hint: "fill the value if it is known"))
                    } else {
                        diags.append(Diagnostic(.warning, firstMissing[g]!, code: .sumWithoutValues,
                            "\(groupName(g)): none of its \(missing[g]) row(s) has a value in \(field), this one first: \(spec.name) is left empty, not read as 0",
                            hint: "fill the values if they are known"))
                    }
                } else if missing[g] > 0 {
                    diags.append(Diagnostic(.warning, firstMissing[g]!, code: .partialSum,
                        "\(groupName(g)): \(missing[g]) of \(missing[g] + present[g]) \(isLatest ? "rows of the latest round\(round)" : "rows") have no value in \(field), this one first: \(spec.name) is the sum of the other \(present[g]) (a partial sum)",
                        hint: "fill the missing values if they are known"))
                }
            }
            if keepRows { added = added.filter { assessed[Int(groupOf[$0.feature])] } }
            return (totals, assessed, used, added)
        default:
            preconditionFailure("\(spec.aggregate) is not additive")  // callers pass only the four above
        }
    }

    /// A unit without a usable polygon can hold no point: what a point layer counts, sums or
    /// averages there is unknown (nil), not 0. Tables joined by key still reach it.
    func blankUnitsWithoutPolygon(_ values: inout [Double?], _ bound: BoundLayer) {
        guard case .byLocation = bound.roles.placement else { return }
        for u in values.indices where units.polygons[u].isEmpty { values[u] = nil }
    }

    /// A row's contribution as the fact counts it: per 10,000 people of unit `u` for `per10k`
    /// (NaN when the unit has no population: the fact is nil there), else as is.
    func scaled(_ v: Double, unit u: Int, _ spec: FactSpec) -> Double {
        guard case .per10k = spec.aggregate else { return v }
        guard let p = units.population[u], p > 0 else { return .nan }
        return v / p * 10_000
    }

    /// Values per 10,000 people: nil where the value or the population is nil, or the population is 0.
    func perTenThousand(_ values: [Double?]) -> [Double?] {
        values.indices.map { u in
            guard let v = values[u], let p = units.population[u], p > 0 else { return nil }
            return v / p * 10_000
        }
    }

    private func distanceIndex(_ key: IndexKey, rows: [Int], placement: LayerPlacement) -> GeodesicPointIndex {
        if let i = distanceIndexLock.withLock({ distanceIndexes[key] }) { return i }
        let withPoints = rows.filter { placement.point($0) != nil }
        let index = GeodesicPointIndex(points: withPoints.compactMap { placement.point($0) }, ids: withPoints)
        // Two facts at once may both build it: equal indexes, the first one kept.
        return distanceIndexLock.withLock {
            if let i = distanceIndexes[key] { return i }
            distanceIndexes[key] = index
            return index
        }
    }

    private func record(_ ds: [Diagnostic]) {
        for d in ds where seen.insert(d).inserted { diagnostics.append(d) }
    }
}
