import Foundation
import Domain

/// The data health in words: the few-line summary `rank` prints on the console (and puts at the
/// top of data_quality.txt), and the message of a run stopped by a limit.
extension DataHealth {
    /// Warning kinds shown one per line; the rest are counted.
    static let warningKindsShown = 8
    /// A first occurrence is cut to this many characters on the console.
    static let lineWidth = 120

    /// One line per layer, one per indicator or criterion with missing values, then the warnings
    /// grouped by code with their count and first occurrence.
    public var summary: String { summary(saidAbove: []) }

    /// The summary for a console that has already printed, in full, every warning of the codes
    /// `saidAbove` (the method warnings, as the rules were read): their line gives the count only,
    /// so no warning is printed twice.
    public func summary(saidAbove: Set<DiagnosticCode>) -> String {
        var s = "data health (limits from [quality] in \(manifestFile), or the defaults):\n"
        let over = Dictionary(breaches.map { ($0.subject, $0) }, uniquingKeysWith: { a, _ in a })
        for b in filteredBoundaries {
            s += "  \(b.entry) (\((b.path as NSString).lastPathComponent)): \(grouped(b.records)) records, "
                + "\(grouped(b.filteredOut ?? 0)) left out by where (\(b.filter ?? "")), \(grouped(b.kept)) kept\n"
        }
        for l in layers {
            let file = (l.path as NSString).lastPathComponent
            var line = "  \(l.name) (\(file)): "
            let leftOut = l.filter.map { "\(grouped(l.filteredOut)) left out by where (\($0)), " } ?? ""
            if l.isCSV {
                line += "\(grouped(l.read)) rows read, \(leftOut)\(grouped(l.kept)) kept, \(grouped(l.rejected)) rejected"
                if l.rejected > 0 { line += " (\(Percent.text(l.rejected, of: l.considered)))" }
            } else {
                line += "\(grouped(l.read)) records" + (l.filter == nil ? "" : ", \(leftOut)\(grouped(l.kept)) kept")
            }
            if let p = l.points {
                line += "; \(grouped(p.placed)) placed, \(grouped(p.outside)) outside every unit"
                if p.outside > 0 { line += " (\(Percent.text(p.outside, of: p.placed + p.outside)))" }
            } else if let j = l.join {
                let notJoined = j.rowCount - j.matchedCount
                line += "; \(grouped(j.matchedCount)) joined (\(grouped(j.matchedByCode.count)) by p-code, \(j.matchedByAlias.isEmpty ? "" : "\(grouped(j.matchedByAlias.count)) by alias, ")\(grouped(j.matchedByName.count)) by name), \(grouped(notJoined)) not joined"
                if notJoined > 0 { line += " (\(Percent.text(notJoined, of: j.rowCount)))" }
            }
            if !l.usedByRules { line += "; not read by the rules" }
            s += line + "\n"
            for b in breaches where b.subject.hasPrefix("layer \(l.name) (") {
                s += b.limit.isEmpty ? "      STOP: \(b.what)\n" : "      OVER \(b.limit)\n"
            }
            for r in l.reasons.prefix(Self.examples) {
                let first = l.firstOfReason[r.code]
                s += "      " + cut("\(grouped(r.count)) \(r.code)" + (first.map { ", first \($0.location): \($0.message)" } ?? "")) + "\n"
            }
        }
        let lacking = indicators.filter { $0.missing > 0 }
        if lacking.isEmpty {
            if !indicators.isEmpty {
                let which = indicators.count == 1 ? "the one indicator has" : "each of the \(indicators.count) indicators has"
                s += "  indicators: \(which) a value for all \(grouped(indicators[0].total)) units\n"
            }
        } else {
            for m in lacking {
                s += "  indicator \(m.name): missing for \(grouped(m.missing)) of \(grouped(m.total)) units (\(Percent.text(m.missing, of: m.total)))"
                s += over["indicator \(m.name)"].map { " — OVER \($0.limit)" } ?? ""
                s += "\n      " + cut("first: " + (m.examples.first ?? "")) + "\n"
            }
            for c in criteria where c.missing > 0 {
                s += "  criterion \(c.name): no indicator has a value for \(grouped(c.missing)) of \(grouped(c.total)) units (\(Percent.text(c.missing, of: c.total)))"
                s += over["criterion \(c.name)"].map { " — OVER \($0.limit)" } ?? ""
                s += "\n"
            }
        }
        let total = warnings.reduce(0) { $0 + $1.count }
        if total == 0 {
            s += "  warnings: none\n"
        } else {
            s += "  warnings: \(grouped(total)) in \(warnings.count) kind\(warnings.count == 1 ? "" : "s") (listed in data_quality.txt and diagnostics.csv):\n"
            let width = warnings.prefix(Self.warningKindsShown).map { grouped($0.count).count + 1 + $0.code.rawValue.count }.max() ?? 0
            for w in warnings.prefix(Self.warningKindsShown) {
                let head = "\(grouped(w.count)) \(w.code)"
                let first = saidAbove.contains(w.code) ? "(printed above)" : "\(w.first.location): \(w.first.message)"
                s += "    " + cut(head + String(repeating: " ", count: max(0, width - head.count)) + "  " + first) + "\n"
            }
            if warnings.count > Self.warningKindsShown {
                let rest = warnings.dropFirst(Self.warningKindsShown)
                s += "    … and \(grouped(rest.reduce(0) { $0 + $1.count })) more in \(rest.count) other kinds\n"
            }
        }
        return s
    }

    /// Why the run stopped: each limit crossed with its first lines and fix, then the ways on.
    /// `outputs` says what became of the output folder (e.g. "the outputs in out/ are as they were").
    public func stopMessage(outputs: String) -> String {
        var s = "the input crossed \(breaches.count) data-quality limit\(breaches.count == 1 ? "" : "s"), so no output was written (\(outputs)):\n"
        for b in breaches {
            s += "  \(b.summary)\n"
            for e in b.examples { s += "    \(e)\n" }
            s += "    fix: \(b.fix)\n"
        }
        s += "  hint: fix the input (or the rules); "
        if breaches.contains(where: { !$0.key.isEmpty }) { s += "or, if this is expected, raise the limit in [quality] of \(manifestFile); " }
        s += "or pass --accept-poor-data to write the outputs anyway, marked as written from poor data"
        return s
    }

    func grouped(_ n: Int) -> String { NumberText.grouped(Double(n)) }

    func cut(_ line: String) -> String {
        line.count <= Self.lineWidth ? line : String(line.prefix(Self.lineWidth - 1)) + "…"
    }
}
