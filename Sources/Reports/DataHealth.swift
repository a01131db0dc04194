import Foundation
import Domain
import Joins
import Manifest
import Project

/// What a run lost on the way in and what its ranking lacked, measured against the manifest's
/// `[quality]` limits: per layer the rows rejected, the points outside every unit and the table
/// rows joined to no unit; per indicator and per criterion the units where it is missing. A
/// normal-looking list from half-read input is the worst outcome, so `rank` prints this on the
/// console and stops (exit 3) when a limit is crossed.
public struct DataHealth: Sendable {
    /// One layer of the manifest as read and placed.
    public struct LayerHealth: Sendable {
        public var name: String
        public var path: String
        public var isCSV: Bool
        public var read: Int
        public var kept: Int
        public var rejected: Int
        /// Rows a manifest `where` left out: neither kept nor rejected, and not in any share.
        public var filteredOut = 0
        /// The manifest's `where` as written, when the layer has one.
        public var filter: String? = nil
        /// The rows the reader was asked to read: those the `where` filter kept.
        public var considered: Int { read - filteredOut }
        /// Rejected rows per reason (diagnostic code), most frequent first.
        public var reasons: [(code: DiagnosticCode, count: Int)]
        /// The first rejected rows, in file order.
        public var firstRejected: [Diagnostic]
        /// The first rejected row of each reason, so that each reason is shown with a row of its own.
        public var firstOfReason: [DiagnosticCode: Diagnostic] = [:]
        /// Points: (placed, outside every unit); nil for other layers or layers the rules do not read.
        public var points: (placed: Int, outside: Int)?
        public var firstOutside: [Diagnostic]
        /// Tables joined by key.
        public var join: JoinReport?
        /// False when no fact of the rules reads the layer.
        public var usedByRules: Bool
    }

    /// An indicator or a top-level criterion, and the units where it has no value.
    public struct MissingHealth: Sendable {
        public var name: String
        public var location: SourceLocation?
        public var missing: Int
        public var total: Int
        /// `CD9102001 Name: reason` for the first units, by unit id.
        public var examples: [String]
    }

    public var layers: [LayerHealth]
    /// The units and parent levels cut by a `where` filter (records read, kept, left out).
    public var filteredBoundaries: [LoadedFile] = []
    public var indicators: [MissingHealth]
    public var criteria: [MissingHealth]
    /// Every diagnostic of the run by code: count and first occurrence, most frequent first.
    public var warnings: [(code: DiagnosticCode, count: Int, first: Diagnostic)]
    public var thresholds: QualityThresholds
    public var manifestFile: String
    /// The limits this run crossed, in the order of the summary.
    public var breaches: [QualityBreach] = []

    /// How many example lines a breach and the summary show.
    static let examples = 3

    public init(_ run: RunRecord) {
        thresholds = run.project.manifest.quality
        manifestFile = run.project.manifest.file
        let usedLayers = Self.layersRead(by: run)
        filteredBoundaries = run.project.files.filter { !$0.entry.hasPrefix("layers.") && $0.filter != nil }
        layers = run.project.layers.map { bound in
            let file = run.project.files.first { $0.entry == "layers.\(bound.name)" }
            // The table reader marks every row it drops (bad number, date or coordinate, ragged row,
            // bad quote); its other warnings (duplicate column, bad HXL tag) keep rows. A later copy
            // of a row is dropped too and counted in the rejected total, so it is a reason as well:
            // without it, a layer's rejected count could exceed the sum of its reasons.
            let rejectedRows = bound.layer.diagnostics.filter { $0.rejectsRow || $0.code == .duplicateRow }
            var counts: [DiagnosticCode: Int] = [:]
            var firstOfReason: [DiagnosticCode: Diagnostic] = [:]
            for d in rejectedRows {
                counts[d.code, default: 0] += 1
                if firstOfReason[d.code] == nil { firstOfReason[d.code] = d }
            }
            var layer = LayerHealth(
                name: bound.name, path: file?.path ?? bound.layer.path, isCSV: run.project.manifest.layer(named: bound.name)?.isCSV ?? false,
                read: file?.records ?? bound.layer.features.count, kept: file?.kept ?? bound.layer.features.count,
                rejected: file?.rejected ?? 0,
                reasons: counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) },
                firstRejected: Array(rejectedRows.prefix(Self.examples)), points: nil, firstOutside: [], join: nil,
                usedByRules: usedLayers.contains(bound.name))
            layer.firstOfReason = firstOfReason
            layer.filteredOut = file?.filteredOut ?? 0
            layer.filter = file?.filter
            if let p = run.placements.first(where: { $0.layer == bound.name })?.placement {
                if let j = p.joinReport { layer.join = j }
                else if p.zoneShares == nil {
                    layer.points = (p.placedCount, p.outsideCount)
                    layer.firstOutside = Array(p.diagnostics.lazy.filter { $0.code == .outsideUnits }.prefix(Self.examples))
                }
            }
            return layer
        }

        let units = run.result.units
        func lacks(_ o: IndicatorOutcome?) -> Bool {
            guard let o else { return true }
            return o.missing != nil || o.raw == nil
        }
        func reason(_ u: UnitOutcome, _ name: String) -> String {
            u.indicator(named: name)?.missing ?? "no value"
        }
        // Units by id as positions (sorting the outcomes themselves copies each at every move),
        // and whether each indicator is missing for each unit, from the unit's indicators read
        // once (the first of a name, as `indicator(named:)` finds it), rather than once per
        // indicator and criterion asked: the step runs on one core between ranking and writing.
        let byID = run.resultPositionsByID()
        let scoreIndicators = run.result.method.score.indicators
        let column = Dictionary(scoreIndicators.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        let width = scoreIndicators.count
        var missingAt = [Bool](repeating: true, count: units.count * width)
        for (i, u) in units.enumerated() {
            var seen = [Bool](repeating: false, count: width)
            for o in u.indicators {
                guard let k = column[o.name], !seen[k] else { continue }
                seen[k] = true
                missingAt[i * width + k] = lacks(o)
            }
        }
        let missing = missingAt
        /// Whether indicator `name` is missing for unit `i` of `units`.
        func isMissing(_ name: String) -> (Int) -> Bool {
            guard let k = column[name] else { return { lacks(units[$0].indicator(named: name)) } }
            return { missing[$0 * width + k] }
        }
        indicators = scoreIndicators.map { ind in
            let lacking = byID.filter(isMissing(ind.name))
            return MissingHealth(name: ind.name, location: ind.location, missing: lacking.count, total: units.count,
                                 examples: lacking.prefix(Self.examples).map { "\(units[$0].id) \(units[$0].name): \(reason(units[$0], ind.name))" })
        }
        criteria = run.criteria.map { c in
            let names = c.indicators.map(\.name)
            let tests = names.map(isMissing)
            let lacking = names.isEmpty ? [] : byID.filter { i in tests.allSatisfy { $0(i) } }
            return MissingHealth(name: c.name, location: nil, missing: lacking.count, total: units.count,
                                 examples: lacking.prefix(Self.examples).map { i in
                                     "\(units[i].id) \(units[i].name): " + names.map { "\($0): \(reason(units[i], $0))" }.joined(separator: "; ")
                                 })
        }
        warnings = run.diagnosticGroups()
            .map { (code: $0.code, count: $0.items.count, first: $0.items[0]) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.code < $1.code }
        breaches = findBreaches()
    }

    /// The layers the rules' facts name, with the layers those read through: a table's zones and
    /// the points that apportion a zone layer by population.
    static func layersRead(by run: RunRecord) -> Set<String> {
        var used = Set(run.result.method.facts.compactMap(\.layer))
        var pending = Array(used)
        while let name = pending.popLast() {
            guard let spec = run.project.manifest.layer(named: name) else { continue }
            var through: [String] = []
            if let z = spec.zones { through.append(z.layer) }
            if case .population(let p)? = spec.apportion { through.append(p.layer) }
            for t in through where used.insert(t).inserted { pending.append(t) }
        }
        return used
    }
}

/// Shares for people: `100%`, `>99.5%`, `17%`, `0.2%`, `<0.1%` (never a rounded 100% or 0% that is not).
enum Percent {
    static func text(_ count: Int, of total: Int) -> String {
        guard total > 0 else { return "–" }
        let p = 100 * Double(count) / Double(total)
        if p == 0 || p == 100 { return "\(Int(p))%" }
        if p < 0.1 { return "<0.1%" }
        if p > 99.5 { return ">99.5%" }
        return p < 10 ? String(format: "%.1f%%", p) : String(format: "%.0f%%", p)
    }
}
