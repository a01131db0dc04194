import Foundation
import Domain
import Reports

/// `rank --as-of d1,d2,…`: the whole pipeline once per date, earliest first (facts whose windows
/// follow `as_of` are recomputed for each), the run itself being the latest date's; the earlier
/// dates add their ranks and scores to `then_and_now.csv`. Their uncertainty analysis is not run:
/// it would describe lists the outputs do not show. Each earlier date's run passes `check` (the
/// data-quality limits, as the latest date's does) before the next is computed; what `check`
/// returns (the breaches accepted with `--accept-poor-data`) is carried into the run.
package enum ThenAndNowStep {
    package static func run(_ settings: Pipeline.Settings, dates: [String], progress: Progress,
                            check: (RunRecord, ISODate) throws -> RunRecord = { r, _ in r }) throws -> TargetingRun {
        let all = dates.compactMap { ISODate(iso: $0) }.sorted()
        guard all.count > 1, let latest = all.last else { return try Pipeline.run(settings, progress: progress) }
        var columns: [ThenAndNow.Column] = []
        var accepted: [String] = []
        var earlierWarnings: [(date: ISODate, diagnostics: [Diagnostic])] = []
        for date in all.dropLast() {
            progress.step("then and now: ranking at \(date)")
            var earlier = settings
            earlier.asOf = date.description
            earlier.uncertaintyRuns = 0
            let record: RunRecord
            do { record = try Pipeline.run(earlier, progress: Progress(quiet: true, verbose: false)).record }
            catch var e as TargetingError { e.message = "at --as-of \(date): " + e.message; throw e }
            accepted += try check(record, date).poorDataAccepted
            earlierWarnings.append((date, record.allDiagnostics))
            columns.append(ThenAndNow.Column(date: date, units: record.result.units))
        }
        var settings = settings
        settings.asOf = latest.description
        var run = try Pipeline.run(settings, progress: progress)
        columns.append(ThenAndNow.Column(date: latest, units: run.record.result.units))
        run.record.thenAndNow = ThenAndNow(columns: columns)
        run.record.poorDataAccepted = accepted + run.record.poorDataAccepted
        // An earlier date's warnings that the latest date's run does not have (a window outside
        // the data, a rule error in an excluded unit) go into the run's, said with their date.
        let latestWarnings = Set(run.record.allDiagnostics)
        for (date, diagnostics) in earlierWarnings {
            for var d in diagnostics where !latestWarnings.contains(d) {
                d.message = "at --as-of \(date): " + d.message
                run.record.runDiagnostics.append(d)
            }
        }
        return run
    }
}
