import Domain

/// How poor the input may be before a run refuses to write its priority list (exit status 3):
/// the `[quality]` table of the manifest. Each limit is a share between 0 and 1; a run stops when
/// a share is strictly above its limit, so 0 means "not one" and 1 means "never stop".
///
/// The defaults sit far above what careful data shows (the bundled sample: 0 rows rejected,
/// 0.2% of DTM rows unjoined, 0.2% of events outside, no indicator missing) and far below what a
/// format or rules mistake produces (a wrong decimal separator or date spelling rejects every
/// row; swapped or projected coordinates put every point outside; a misspelt attribute leaves an
/// indicator missing everywhere).
public struct QualityThresholds: Sendable, Equatable {
    /// Per layer file: rows rejected (bad number, date, coordinate; ragged rows) / rows read.
    /// A tenth lost is never a few typos: it is a format problem that rejects rows wholesale.
    public var maxRejectedRows = 0.1
    /// Per table joined by key: rows joined to no unit (unmatched or ambiguous) / rows.
    /// A tenth unjoined means codes of another admin level or vintage, not a few misspelt names.
    public var maxUnmatchedRows = 0.1
    /// Per point layer: points outside every unit / points with a usable coordinate. Exports are
    /// usually cut to the area ranked; a quarter outside means swapped or projected coordinates,
    /// or boundaries that miss part of the area. A country-wide export needs a higher limit.
    public var maxOutsidePoints = 0.25
    /// Per indicator: units where it is missing / all units. Above a quarter, units are scored on
    /// different things; at 100% the rules read something that does not exist (a misspelt attribute).
    public var maxUnitsMissingIndicator = 0.25
    /// Per top-level criterion: units where every indicator of it is missing / all units. Such a
    /// unit cannot be compared on that criterion at all, so the limit is tighter.
    public var maxUnitsMissingCriterion = 0.1
    /// The manifest line of each key that was set (absent: the default applies).
    public var lines: [String: Int] = [:]

    public init() {}

    /// The manifest keys, in the order the documentation lists them.
    public static let keys = ["max_rejected_rows", "max_unmatched_rows", "max_outside_points",
                              "max_units_missing_indicator", "max_units_missing_criterion"]

    public subscript(key: String) -> Double {
        get {
            switch key {
            case "max_rejected_rows": return maxRejectedRows
            case "max_unmatched_rows": return maxUnmatchedRows
            case "max_outside_points": return maxOutsidePoints
            case "max_units_missing_indicator": return maxUnitsMissingIndicator
            default: return maxUnitsMissingCriterion
            }
        }
        set {
            switch key {
            case "max_rejected_rows": maxRejectedRows = newValue
            case "max_unmatched_rows": maxUnmatchedRows = newValue
            case "max_outside_points": maxOutsidePoints = newValue
            case "max_units_missing_indicator": maxUnitsMissingIndicator = newValue
            default: maxUnitsMissingCriterion = newValue
            }
        }
    }

    /// `max_rejected_rows = 0.1 (default)` or `max_rejected_rows = 0.3 (targeting.toml:14)`, for messages.
    public func describe(_ key: String, manifest file: String) -> String {
        "\(key) = \(Value.format(self[key])) " + (lines[key].map { "(\(file):\($0))" } ?? "(default)")
    }
}

extension ManifestReader {
    /// Reads `[quality]`: only the documented keys, each a number from 0 to 1.
    func quality(_ entry: TOMLEntry?) throws -> QualityThresholds {
        var q = QualityThresholds()
        guard let entry else { return q }
        let t = try table(entry, label: "quality")
        try checkKeys(t, allowed: QualityThresholds.keys, context: "in [quality]")
        for (key, e) in t.orderedEntries {
            let share: Double
            switch e.value {
            case .float(let d): share = d
            case .integer(let n): share = Double(n)
            default:
                throw error("[quality] \(key): expected a share between 0 and 1, found \(describe(e.value))", line: e.line,
                            hint: "write a number without quotes, e.g. \(key) = 0.2 for 20%")
            }
            guard share.isFinite, share >= 0, share <= 1 else {
                throw error("[quality] \(key) = \(Value.format(share)) is not a share between 0 and 1", line: e.line,
                            hint: share > 1 && share <= 100 ? "write \(Value.format(share / 100)) for \(Value.format(share))%" : "0 stops at the first one, 1 never stops")
            }
            q[key] = share
            q.lines[key] = e.line
        }
        return q
    }
}
