import Foundation
import Domain
import Joins
import Manifest

/// One `[quality]` limit a run crossed: which layer, indicator or criterion, by how much, the
/// first offending lines and what to do.
public struct QualityBreach: Sendable, Hashable {
    /// The `[quality]` key, or "" for a condition no limit can allow (a layer the rules read is empty).
    public var key: String
    public var subject: String
    public var what: String
    /// `max_rejected_rows = 0.1 (default)`; "" with an empty key.
    public var limit: String
    public var examples: [String]
    public var fix: String

    public var summary: String { "\(subject): \(what)" + (limit.isEmpty ? "" : ", over \(limit)") }
}

/// The limits of the manifest checked against the data health, in the order of the summary.
extension DataHealth {
    /// `share > limit`, the one test every threshold uses (so 0 stops at the first, 1 never).
    static func crosses(_ count: Int, of total: Int, _ limit: Double) -> Bool {
        total > 0 && Double(count) / Double(total) > limit
    }

    func limit(_ key: String) -> String { thresholds.describe(key, manifest: manifestFile) }

    func findBreaches() -> [QualityBreach] {
        var out: [QualityBreach] = []
        let t = thresholds
        for l in layers {
            let file = (l.path as NSString).lastPathComponent
            // No share can measure an empty table, and every count from it is a silent 0.
            if l.usedByRules && l.read == 0 {
                out.append(QualityBreach(
                    key: "", subject: "layer \(l.name) (\(l.path))", what: "the file has no rows, so every count from it is 0",
                    limit: "", examples: [],
                    fix: "check that this is the intended export (a filter that kept nothing?), or remove the facts that read layer \(l.name) from the rules"))
            }
            // Rows a `where` filter left out are not rejected: the share is of the rows it kept.
            if Self.crosses(l.rejected, of: l.considered, t.maxRejectedRows) {
                let first = l.firstRejected.first
                out.append(QualityBreach(
                    key: "max_rejected_rows", subject: "layer \(l.name) (\(l.path))",
                    what: "\(grouped(l.rejected)) of \(grouped(l.considered)) rows rejected (\(Percent.text(l.rejected, of: l.considered)))"
                        + (l.reasons.isEmpty ? "" : ": " + l.reasons.prefix(3).map { "\(grouped($0.count)) \($0.code)" }.joined(separator: ", ")),
                    limit: limit("max_rejected_rows"),
                    examples: l.firstRejected.map { "\($0.location): \($0.message)" },
                    fix: (first?.hint.map { $0 + "; " } ?? "")
                        + "`targeting inspect --project \(manifestFile)` lists every rejected row"))
            }
            if let p = l.points, Self.crosses(p.outside, of: p.placed + p.outside, t.maxOutsidePoints) {
                out.append(QualityBreach(
                    key: "max_outside_points", subject: "layer \(l.name) (\(file))",
                    what: "\(grouped(p.outside)) of \(grouped(p.placed + p.outside)) points outside every unit (\(Percent.text(p.outside, of: p.placed + p.outside)))",
                    limit: limit("max_outside_points"),
                    examples: l.firstOutside.map { "\($0.location): \($0.message)" },
                    fix: "check the coordinates (longitude and latitude swapped? projected metres instead of degrees?) and that the units cover the area of the points; an export wider than the units needs a higher max_outside_points in [quality]"))
            }
            if let j = l.join {
                let notJoined = j.rowCount - j.matchedCount
                if Self.crosses(notJoined, of: j.rowCount, t.maxUnmatchedRows) {
                    out.append(QualityBreach(
                        key: "max_unmatched_rows", subject: "layer \(l.name) (\(file))",
                        what: "\(grouped(notJoined)) of \(grouped(j.rowCount)) rows joined to no unit (\(Percent.text(notJoined, of: j.rowCount))); \(grouped(j.matchedByCode.count)) joined by p-code, \(grouped(j.matchedByName.count)) by name",
                        limit: limit("max_unmatched_rows"),
                        examples: Self.notJoinedExamples(j),
                        fix: "check that the key column holds the units' p-codes (same admin level and boundary version) and the name column their names; the nearest unit names are listed for each row; names spelt differently from the units' can be mapped in an alias file (aliases = \"…\" in [layers.\(l.name)]; `targeting inspect --project \(manifestFile)` prints the lines to add)"))
                }
            }
        }
        // A window with no data (or a fact 0 everywhere), not a misspelling, is the likely cause of
        // an indicator missing for every unit when the run found one (e.g. at an earlier --as-of).
        let emptyWindow = warnings.first { $0.code == .constantFact }?.first
        for m in indicators where Self.crosses(m.missing, of: m.total, t.maxUnitsMissingIndicator) {
            let at = m.location.map { " at \($0)" } ?? ""
            out.append(QualityBreach(
                key: "max_units_missing_indicator", subject: "indicator \(m.name)",
                what: "missing for \(grouped(m.missing)) of \(grouped(m.total)) units (\(Percent.text(m.missing, of: m.total)))",
                limit: limit("max_units_missing_indicator"), examples: m.examples,
                fix: m.missing == m.total
                    ? (emptyWindow.map { "\($0.location): a fact is the same for every unit, most likely as no data falls in its window before this date, and the indicator\(at) is missing for every unit: choose a date the data covers or a longer window; if the data does cover it, check the indicator for an attribute or fact name the data does not have" }
                        ?? "check what the indicator reads\(at): an attribute or fact name that the data does not have (a misspelling) is missing for every unit")
                    : "check the data behind the indicator\(at) for these units (each unit's reason is shown)"))
        }
        for c in criteria where Self.crosses(c.missing, of: c.total, t.maxUnitsMissingCriterion) {
            out.append(QualityBreach(
                key: "max_units_missing_criterion", subject: "criterion \(c.name)",
                what: "every indicator missing for \(grouped(c.missing)) of \(grouped(c.total)) units (\(Percent.text(c.missing, of: c.total)))",
                limit: limit("max_units_missing_criterion"), examples: c.examples,
                fix: "these units cannot be compared on \(c.name): give its indicators values for them (see the indicators above)"))
        }
        return out
    }

    static func notJoinedExamples(_ j: JoinReport) -> [String] {
        var lines: [String] = []
        let codes = Dictionary(j.unknownCodes.prefix(1000).map { ($0.location, $0.code) }, uniquingKeysWith: { a, _ in a })
        for u in j.unmatched.prefix(examples) {
            let what = (codes[u.location].map { "code \($0), " } ?? "") + (u.name.map { "name \"\($0)\"" } ?? "no name")
            let near = u.candidates.map { "\($0.unit) \($0.name)" }.joined(separator: ", ")
            lines.append("\(u.location): \(what)" + (u.parent.map { " in \($0)" } ?? "") + (near.isEmpty ? "" : "; nearest \(u.candidatesScope): \(near)"))
        }
        for a in j.ambiguous.prefix(examples - lines.count) {
            lines.append("\(a.location): \"\(a.name)\" could be \(a.candidates.joined(separator: ", "))")
        }
        return lines
    }
}
