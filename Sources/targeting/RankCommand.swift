import ArgumentParser
import Foundation
import Domain
import Reports
import TargetingKit

/// Options shared by every command that runs the rules on a project.
struct ProjectOptions: ParsableArguments {
    @Option(name: .long, help: "The project manifest (TOML) naming the boundaries and layers. Default: Shapefiles/kasai/targeting.toml in the current folder, else the sample installed with targeting (PREFIX/share/targeting).")
    var project: String?

    @Option(name: .long, help: "The rules script (Lua). Default: the manifest's `rules`, else Scripts/criteria.lua.")
    var rules: String?

    @Option(name: .customLong("as-of"), help: "The reference date, YYYY-MM-DD. Default: the manifest's `as_of`. `rank` takes several, comma-separated (then and now: the outputs are the latest date's, then_and_now.csv has every date).")
    var asOf: String?

    /// The dates of `--as-of`, as given (one, or a comma-separated list for `rank`).
    var asOfDates: [String] { asOf.map { $0.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) } } ?? [] }

    /// Commands that rank at one date only refuse a list.
    func requireOneDate(_ command: String) throws {
        if asOfDates.count > 1 {
            throw ValidationError("--as-of takes one date for \(command) (got \(asOfDates.count)); several dates are for `targeting rank` (then and now)")
        }
    }

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    @Flag(name: .long, help: "Print each step with timings and counts.")
    var verbose = false

    @Flag(name: .customLong("accept-poor-data"),
          help: "Write the outputs even when the input crosses a [quality] limit of the manifest (otherwise the run stops with exit status 3); the outputs then say so.")
    var acceptPoorData = false

    func validate() throws {
        for a in asOfDates where ISODate(iso: a) == nil {
            throw ValidationError("--as-of \(a) is not a date: write it as YYYY-MM-DD, e.g. --as-of 2020-12-31")
        }
        if let twice = asOfDates.first(where: { d in asOfDates.filter { $0 == d }.count > 1 }) {
            throw ValidationError("--as-of gives \(twice) twice: list each reference date once")
        }
    }

    var settings: Pipeline.Settings {
        let project = InstalledFiles.resolve(project ?? InstalledFiles.defaultProject, quiet: quiet)
        let rules = rules.map { InstalledFiles.resolve($0, quiet: quiet) }
        var options: [(String, String)] = [("project", project)]
        if let rules { options.append(("rules", rules)) }
        if let asOf { options.append(("as-of", asOf)) }
        if acceptPoorData { options.append(("accept-poor-data", "")) }
        // With several dates, the run itself is the latest one's (ThenAndNowStep adds the others).
        let latest = asOfDates.compactMap { ISODate(iso: $0) }.max()?.description
        return Pipeline.Settings(project: project, rules: rules, asOf: latest ?? asOf, options: options)
    }
}

struct Rank: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rank the units of a project and write the priority list, maps and report.",
        discussion: """
        With no options it ranks the bundled synthetic Kasaï sample with Scripts/criteria.lua (the three \
        targeting criteria of IOM's Kasaï strategy) and writes to out/: priority_list.csv, facts.csv, \
        indicators.csv, fact_rows.csv (the input rows behind every fact), explanations.md, units.geojson, units.shp (+ units_fields.csv), maps (SVG, and \
        PNG when rsvg-convert is installed), report.html, data_quality.txt/.json, diagnostics.csv and \
        run_manifest.json. The outputs replace the previous run's all together (exit 5, with the folder's \
        state, if that fails; exit 4 if another run is writing there); the same inputs give the same bytes. \
        Before writing, it prints the data health (rows rejected, points outside, rows not joined, \
        indicators missing, warnings by code) and stops with exit status 3, writing nothing, when a \
        [quality] limit of the manifest is crossed (see --accept-poor-data).
        """)

    @OptionGroup var common: ProjectOptions

    @Option(name: .long, help: "Folder for the outputs, created if missing. They replace the previous run's there (never an input file); one run at a time.")
    var out: String = "out"

    // .unconditional: `--top -3` is read as a value and refused by validate(), not taken for an option.
    @Option(name: .long, parsing: .unconditional, help: "Select the N highest-priority units.")
    var top: Int?

    @Option(name: .customLong("per-parent"), parsing: .unconditional, help: "Select at most K units per parent (territoire).")
    var perParent: Int?

    @Option(name: .customLong("per"), help: "Select at most N units per area of a level the manifest declares, as LEVEL=N (e.g. --per province=3); repeat for several levels.")
    var per: [String] = []

    @Option(name: .long, parsing: .unconditional, help: "Select units in rank order until their total cost reaches this budget (cost from the rules).")
    var budget: Double?

    @Option(name: .long, help: "Runs of the rules' uncertainty { … } analysis (overrides its run count; 0: off).")
    var uncertainty: Int?

    @Flag(name: .customLong("no-maps"), help: "Skip the maps (faster).")
    var noMaps = false

    func validate() throws {
        if let t = top, t < 1 { throw ValidationError("--top must be at least 1 (got \(t))") }
        if let k = perParent, k < 1 { throw ValidationError("--per-parent must be at least 1 (got \(k))") }
        if let b = budget, !b.isFinite { throw ValidationError("--budget must be a finite amount (got \(b)): write the budget in the units of the rules' cost, e.g. --budget 250000") }
        if let b = budget, !(b > 0) { throw ValidationError("--budget must be a positive amount (got \(b))") }
        try OutFolder.validate(out)
        _ = try LevelQuotaOption.parse(per)
        if let n = uncertainty, !(0...100_000).contains(n) { throw ValidationError("--uncertainty must be a number of runs from 0 to 100000 (got \(n))") }
    }

    func run() throws {
        let progress = Progress(quiet: common.quiet, verbose: common.verbose)
        var settings = common.settings
        settings.selection.top = top
        settings.selection.perParentMax = perParent
        settings.selection.budget = budget
        settings.selection.levelQuotas = try LevelQuotaOption.parse(per)
        try LevelQuotaOption.checkLevels(settings.selection.levelQuotas, manifest: settings.project)
        for q in settings.selection.levelQuotas { settings.options.append(("per", "\(q.level)=\(q.max)")) }
        if let top { settings.options.append(("top", String(top))) }
        if let perParent { settings.options.append(("per-parent", String(perParent))) }
        if let budget { settings.options.append(("budget", String(budget))) }
        // The repeat command of the run manifest must write where this run did, as this run did.
        settings.options.append(("out", out))
        if noMaps { settings.options.append(("no-maps", "")) }
        settings.uncertaintyRuns = uncertainty
        settings.writesOutputs = true
        let output = StagedOutput(folder: out)
        output.handleSignals()
        TestStopHook.install(on: progress, output: output)
        try CommandErrors.report { try output.lockIfPresent() }
        defer { output.releaseFolder() }
        // Every date of a then-and-now run passes the same data-quality limits, said with its date.
        let computed = try CommandErrors.report {
            try ThenAndNowStep.run(settings, dates: common.asOfDates, progress: progress) { record, date in
                try DataHealthGate.check(record, acceptPoorData: common.acceptPoorData, quiet: common.quiet, out: out,
                                         date: date.description, progress: progress)
            }
        }
        let run = try DataHealthGate.check(computed.record, acceptPoorData: common.acceptPoorData, quiet: common.quiet, out: out, progress: progress)
        let written = try CommandErrors.report {
            try output.write(run, maps: !noMaps, fileCounter: { progress.counter("writing outputs", unit: "files", total: $0) }) { progress.step($0) }
        }
        progress.done()
        if !noMaps && !common.quiet, let note = run.mapsNotDrawnNote(listing: 5) {
            FileHandle.standardError.write(Data("warning: \(note)\n".utf8))
        }
        if !common.quiet {
            for name in output.keptFromPreviousRun {
                FileHandle.standardError.write(Data("warning: \((out as NSString).appendingPathComponent(name)) is not from this run: the previous run wrote it and it has changed since, so it was left in place\n".utf8))
            }
            let ranked = run.result.units.filter { $0.rank != nil }
            print("ranked \(ranked.count) of \(run.result.units.count) units; wrote \(written.files.count) files to \(out)/")
            for u in ranked.prefix(10) {
                let rank = String(u.rank ?? 0), score = String(format: "%.2f", u.score ?? 0)
                print(pad(rank, 4, right: true) + "  " + pad(u.id.rawValue, 11) + " " + pad(u.name, 28) + " " + pad(score, 6, right: true) + (run.parentLabel(u.parent).map { "  " + $0 } ?? ""))
            }
            for line in run.thenAndNowLines() { print(line) }
            for line in run.weightsFitLines() { print(line) }
        }
        // Every output is written, synchronised and in place, and the folder unlocked: end here
        // rather than free the run's structures one by one on the way out (a million features
        // and their values at 6,000 units: a quarter of a second), which ending the process does at once.
        // (`withExtendedLifetime`: the compiler would otherwise free them after their last use.)
        output.releaseFolder()
        fflush(nil)
        withExtendedLifetime((computed, run)) { Pipeline.settleGDAL(); Foundation.exit(0) }
    }
}

/// Pads to a column width by characters (names carry accents), for the terminal summary.
func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - s.count))
    return right ? fill + s : s + fill
}
