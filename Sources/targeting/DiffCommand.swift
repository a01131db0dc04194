import ArgumentParser
import Foundation
import Domain
import Outputs
import Reports

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two rule scripts (or two projects): which units entered, left or moved in the priority list, and why.",
        discussion: """
        For programme designers: `targeting diff Scripts/criteria.lua my_rules.lua` ranks the project with \
        each script and compares the top of the two lists (--top, default 20). For each unit that entered, \
        left or moved it shows the criteria whose values changed most. Give --project-b to compare two \
        projects with one script. Writes diff.csv to --out when given.
        """)

    @Argument(help: "The first (reference) rules script.")
    var rulesA: String

    @Argument(help: "The second rules script (default: the same as the first, with --project-b).")
    var rulesB: String?

    @Option(name: .long, help: "The project manifest.")
    var project: String = "Shapefiles/kasai/targeting.toml"

    @Option(name: .customLong("project-b"), help: "A second project manifest, ranked with the second script.")
    var projectB: String?

    @Option(name: .customLong("as-of"), help: "The reference date, YYYY-MM-DD (both runs).")
    var asOf: String?

    @Option(name: .long, help: "Size of the priority list compared.")
    var top: Int = 20

    @Option(name: .long, help: "Folder to write diff.csv into.")
    var out: String?

    @Flag(name: .long, help: "Print nothing but errors and the comparison.")
    var quiet = false

    func validate() throws {
        if top < 1 { throw ValidationError("--top must be at least 1") }
        if rulesB == nil && projectB == nil { throw ValidationError("give a second rules script, or --project-b to compare projects") }
        if let a = asOf, ISODate(iso: a) == nil { throw ValidationError("--as-of \(a) is not a date: write it as YYYY-MM-DD") }
        if let out { try OutFolder.validate(out) }
    }

    func run() throws {
        let progress = Progress(quiet: true, verbose: false)
        let a = try CommandErrors.report { try Pipeline.run(.init(project: project, rules: rulesA, asOf: asOf), progress: progress) }
        let b = try CommandErrors.report {
            try Pipeline.run(.init(project: projectB ?? project, rules: rulesB ?? rulesA, asOf: asOf), progress: progress)
        }
        let comparison = RankComparison(a: a, b: b, top: top)
        print(comparison.text(labelA: rulesA + (projectB == nil ? "" : " on \(project)"),
                              labelB: (rulesB ?? rulesA) + (projectB.map { " on \($0)" } ?? "")))
        if let out { try CommandErrors.report { try AtomicFile.write(comparison.csv(), to: (out as NSString).appendingPathComponent("diff.csv")) } }
    }
}

/// Two rankings of the same units compared: entered, left and moved within the top N, with the
/// criteria that changed most for each unit.
struct RankComparison {
    struct Change {
        var id: UnitID
        var name: String
        var rankA: Int?
        var rankB: Int?
        var kind: String
        var criteria: [(name: String, a: Double?, b: Double?)]
    }
    var changes: [Change] = []

    init(a: RunRecord, b: RunRecord, top: Int) {
        let ua = Dictionary(uniqueKeysWithValues: a.result.units.map { ($0.id, $0) })
        let ub = Dictionary(uniqueKeysWithValues: b.result.units.map { ($0.id, $0) })
        let topA = Set(a.result.units.filter { ($0.rank ?? .max) <= top }.map(\.id))
        let topB = Set(b.result.units.filter { ($0.rank ?? .max) <= top }.map(\.id))
        let names = Set(a.criteria.map(\.name)).union(b.criteria.map(\.name)).sorted()
        for id in topA.union(topB).sorted() {
            let x = ua[id], y = ub[id]
            let kind: String
            switch (topA.contains(id), topB.contains(id)) {
            case (false, true): kind = "entered"
            case (true, false): kind = "left"
            default: kind = x?.rank == y?.rank ? "same" : "moved"
            }
            let crit = names.map { n in
                (n, x?.criteria.first { $0.name == n && $0.criterionPath.isEmpty }?.value,
                 y?.criteria.first { $0.name == n && $0.criterionPath.isEmpty }?.value)
            }.sorted { abs(($0.2 ?? 0) - ($0.1 ?? 0)) > abs(($1.2 ?? 0) - ($1.1 ?? 0)) }
            changes.append(Change(id: id, name: y?.name ?? x?.name ?? id.rawValue, rankA: x?.rank, rankB: y?.rank,
                                  kind: kind, criteria: crit))
        }
        let order = ["entered": 0, "left": 1, "moved": 2, "same": 3]
        changes.sort { (order[$0.kind]!, $0.rankB ?? .max, $0.id) < (order[$1.kind]!, $1.rankB ?? .max, $1.id) }
    }

    func why(_ c: Change) -> String {
        let moved = c.criteria.filter { ($0.b ?? 0) != ($0.a ?? 0) }.prefix(2)
        if moved.isEmpty { return "criteria unchanged: other units moved around it" }
        return moved.map { "\($0.name) \(f($0.a)) → \(f($0.b))" }.joined(separator: ", ")
    }

    func f(_ d: Double?) -> String { d.map { String(format: "%.2f", $0) } ?? "–" }

    func text(labelA: String, labelB: String) -> String {
        var s = "A: \(labelA)\nB: \(labelB)\n"
        for kind in ["entered", "left", "moved"] {
            let group = changes.filter { $0.kind == kind }
            s += "\n\(kind) (\(group.count))\n"
            for c in group {
                let ra = c.rankA.map(String.init) ?? "–", rb = c.rankB.map(String.init) ?? "–"
                s += "  \(pad(c.id.rawValue, 11)) \(pad(c.name, 26)) rank \(pad(ra, 4, right: true)) → \(pad(rb, 4)) \(why(c))\n"
            }
        }
        s += "\nunchanged in the top list: \(changes.filter { $0.kind == "same" }.count)\n"
        return s
    }

    func csv() -> String {
        var w = CSVWriter(header: ["unit_id", "unit_name", "change", "rank_a", "rank_b", "why"])
        for c in changes { w.appendRow([c.id.rawValue, c.name, c.kind, c.rankA.map(String.init) ?? "", c.rankB.map(String.init) ?? "", why(c)]) }
        return w.text
    }
}
