import ArgumentParser
import Foundation
import Domain
import Outputs
import Reports
import TargetingKit

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two rule scripts (or two projects): which units entered, left or moved in the priority list, and why.",
        discussion: """
        For programme designers: `targeting diff Scripts/criteria.lua my_rules.lua` ranks the project with \
        each script. It first names what differs between the two methods (weights, transforms, windows, \
        scales, gates, overrides, selection rules), then, for each unit that entered, left or moved in the \
        list, its score on both sides, the criteria whose share of the score changed (A → B) and the cause: \
        the method change, the gate or exclusion that stops it (name and reason), or the selection rule that \
        leaves it out (over budget, per parent full, locked out). The list is the selection when a side \
        selects (a `select` in the script, or --top/--per-parent/--budget, applied to both), else the first \
        20 ranks. Give --project-b to compare two projects with one script. Writes diff.csv to --out.
        """)

    @Argument(help: "The first (reference) rules script.")
    var rulesA: String

    @Argument(help: "The second rules script (default: the same as the first, with --project-b).")
    var rulesB: String?

    @Option(name: .long, help: "The project manifest. Default: Shapefiles/kasai/targeting.toml in the current folder, else the sample installed with targeting.")
    var project: String?

    @Option(name: .customLong("project-b"), help: "A second project manifest, ranked with the second script.")
    var projectB: String?

    @Option(name: .customLong("as-of"), help: "The reference date, YYYY-MM-DD (both runs).")
    var asOf: String?

    @Option(name: .long, help: "Select the first N ranked units on both sides (default: compare the first 20 ranks, or each side's own selection).")
    var top: Int?

    @Option(name: .customLong("per-parent"), help: "Select at most K units per parent on both sides.")
    var perParent: Int?

    @Option(name: .long, help: "Select units in rank order within this budget on both sides (cost from the rules).")
    var budget: Double?

    @Option(name: .long, help: "Folder to write diff.csv into.")
    var out: String?

    @Flag(name: .long, help: "Print nothing but errors and the comparison (no data-health summary).")
    var quiet = false

    @Flag(name: .customLong("accept-poor-data"),
          help: "Compare although an input crossed a [quality] limit of the manifest (default: stop with exit status 3, as rank does).")
    var acceptPoorData = false

    func validate() throws {
        if let t = top, t < 1 { throw ValidationError("--top must be at least 1 (got \(t))") }
        if let k = perParent, k < 1 { throw ValidationError("--per-parent must be at least 1 (got \(k))") }
        if let b = budget, !(b > 0) { throw ValidationError("--budget must be a positive amount (got \(b))") }
        if rulesB == nil && projectB == nil { throw ValidationError("give a second rules script, or --project-b to compare projects") }
        if let a = asOf, ISODate(iso: a) == nil { throw ValidationError("--as-of \(a) is not a date: write it as YYYY-MM-DD") }
        if let out { try OutFolder.validate(out) }
    }

    func run() throws {
        let progress = Progress(quiet: true, verbose: false)
        let output = out.map { StagedOutput(folder: $0) }
        output?.handleSignals()
        if let output { try CommandErrors.report { try output.lockIfPresent() } }
        defer { output?.releaseFolder() }
        var selection = SelectionSettings()
        selection.top = top; selection.perParentMax = perParent; selection.budget = budget
        func settings(_ project: String, _ rules: String) -> Pipeline.Settings {
            var s = Pipeline.Settings(project: project, rules: rules, asOf: asOf)
            s.selection = selection
            return s
        }
        let project = InstalledFiles.resolve(self.project ?? InstalledFiles.defaultProject, quiet: quiet)
        let rulesA = InstalledFiles.resolve(self.rulesA, quiet: quiet), rulesB = self.rulesB.map { InstalledFiles.resolve($0, quiet: quiet) }
        let projectB = self.projectB.map { InstalledFiles.resolve($0, quiet: quiet) }
        let a = try CommandErrors.report { try Pipeline.run(settings(project, rulesA), progress: progress) }
        let b = try CommandErrors.report { try Pipeline.run(settings(projectB ?? project, rulesB ?? rulesA), progress: progress) }
        // A comparison of lists read from half-read input is as wrong as either list: both runs
        // pass the data-health gate rank applies (the same summary is printed once).
        let nothingWritten = out == nil ? "diff compared nothing" : nil
        _ = try DataHealthGate.check(a.record, acceptPoorData: acceptPoorData, quiet: quiet, out: out, marksOutputs: false,
                                     nothingWritten: nothingWritten, progress: progress)
        _ = try DataHealthGate.check(b.record, acceptPoorData: acceptPoorData,
                                     quiet: quiet || b.record.health.summary == a.record.health.summary,
                                     out: out, marksOutputs: false, nothingWritten: nothingWritten, progress: progress)
        // The scripts' texts as each run read and hashed them, to tell whether a rule function changed.
        let code = RuleFunctionCode(scriptA: a.rules.text, scriptB: b.rules.text)
        let comparison = RankingDiff(a: a.record.result, b: b.record.result, top: top ?? 20, sameInputs: projectB == nil, code: code)
        print(comparison.text(labelA: rulesA + (projectB == nil ? "" : " on \(project)"),
                              labelB: (rulesB ?? rulesA) + (projectB.map { " on \($0)" } ?? "")), terminator: "")
        guard let output else { return }
        // Staged and moved into place as `rank` writes, never over a file either run read.
        let inputs = OutFolder.inputs(of: a.record).merging(OutFolder.inputs(of: b.record)) { x, _ in x }
        try CommandErrors.report {
            try output.write(inputs: inputs, replacesPreviousRun: false, progress: { _ in }) { stage, _ in
                try AtomicFile.write(comparison.csv(), to: (stage as NSString).appendingPathComponent("diff.csv"))
            }
        }
    }
}
