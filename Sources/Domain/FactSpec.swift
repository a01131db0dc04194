/// A fact is one number per unit that the engine computes in bulk over a layer, declared by the
/// rules (Lua) and computed by `Joins`. Lua never touches geometry; it only names what it needs.
public struct FactSpec: Hashable, Sendable, CustomStringConvertible {
    public enum Aggregate: Hashable, Sendable {
        /// Features of the layer that fall in the unit (points by polygon cover; table rows by key).
        case count
        case sum(field: String)
        case mean(field: String)
        case min(field: String)
        case max(field: String)
        /// Features within `km` (geodesic) of the unit's reference point.
        case countWithin(km: Double)
        /// Geodesic km from the unit's reference point to the nearest feature.
        case nearestKm
        /// For each unit, the rows with the latest date inside the window, and the sum of `field`
        /// over those rows (a DTM round: one assessment date per unit).
        case latestSum(field: String)
        /// Features per 10,000 people of the unit.
        case per10k
        /// The unit's own geodesic area, km².
        case areaKm2
        /// A numeric attribute of the unit itself (e.g. population).
        case attribute(field: String)
    }

    public var name: String
    /// The layer name in the manifest; nil for facts about the unit itself (area, attribute).
    public var layer: String?
    public var aggregate: Aggregate
    public var filters: [FactFilter]
    public var window: DateWindow?
    /// Where the rules script declares it (file and line), when it comes from one.
    public var location: SourceLocation?

    public init(name: String, layer: String?, aggregate: Aggregate, filters: [FactFilter] = [], window: DateWindow? = nil) {
        self.name = name; self.layer = layer; self.aggregate = aggregate; self.filters = filters; self.window = window
    }

    /// Two specs are the same fact whatever line declares them (`diff` compares methods).
    public static func == (a: FactSpec, b: FactSpec) -> Bool {
        a.name == b.name && a.layer == b.layer && a.aggregate == b.aggregate && a.filters == b.filters && a.window == b.window
    }
    public func hash(into h: inout Hasher) {
        h.combine(name); h.combine(layer); h.combine(aggregate); h.combine(filters); h.combine(window)
    }

    public var description: String {
        var s = "\(name) = \(aggregate)"
        if let l = layer { s += " of \(l)" }
        if !filters.isEmpty { s += " where " + filters.map(\.description).joined(separator: " and ") }
        if let w = window { s += " in \(w)" }
        return s
    }
}

/// `field op value(s)`, compared as numbers when both sides are numbers, else as text.
public struct FactFilter: Hashable, Sendable, CustomStringConvertible {
    public enum Op: String, Hashable, Sendable { case eq = "==", ne = "~=", lt = "<", le = "<=", gt = ">", ge = ">=", oneOf = "in" }
    public var field: String
    public var op: Op
    public var values: [Value]
    public init(field: String, op: Op, values: [Value]) { self.field = field; self.op = op; self.values = values }

    public func accepts(_ v: Value) -> Bool {
        switch op {
        case .oneOf: return values.contains { FactFilter.compare(v, $0) == 0 }
        case .eq: return values.first.map { FactFilter.compare(v, $0) == 0 } ?? false
        case .ne: return values.first.map { FactFilter.compare(v, $0) != 0 } ?? true
        case .lt: return values.first.flatMap { FactFilter.compare(v, $0) }.map { $0 < 0 } ?? false
        case .le: return values.first.flatMap { FactFilter.compare(v, $0) }.map { $0 <= 0 } ?? false
        case .gt: return values.first.flatMap { FactFilter.compare(v, $0) }.map { $0 > 0 } ?? false
        case .ge: return values.first.flatMap { FactFilter.compare(v, $0) }.map { $0 >= 0 } ?? false
        }
    }

    /// nil when either side is null: a null never passes an ordering test.
    static func compare(_ a: Value, _ b: Value) -> Int? {
        if a.isNull || b.isNull { return nil }
        if let x = a.number, let y = b.number { return x < y ? -1 : (x > y ? 1 : 0) }
        if case .date(let x) = a, case .date(let y) = b { return x < y ? -1 : (x > y ? 1 : 0) }
        if case .date(let x) = a, let s = b.text, let y = ISODate(parsing: s) { return x < y ? -1 : (x > y ? 1 : 0) }
        guard let s = a.text, let t = b.text else { return nil }
        return s == t ? 0 : (s < t ? -1 : 1)
    }

    public var description: String { "\(field) \(op.rawValue) \(values.map(\.description).joined(separator: ","))" }
}
