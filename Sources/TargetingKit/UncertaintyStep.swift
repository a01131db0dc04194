import Foundation
import Domain
import Ranking

/// The pipeline's uncertainty step: the rules' `uncertainty { … }` with the run count of
/// `--uncertainty N` when given (0 switches it off).
package enum UncertaintyStep {
    /// `rankUnder`: the same rules ranked with these facts' windows replaced (alternative windows).
    package static func run(_ result: RankingResult, runs: Int?, rulesPath: String, progress: Progress,
                            rankUnder: ([(fact: String, window: DateWindow)]) throws -> RankingResult = { _ in
                                throw TargetingError("internal: alternative windows asked of a run that cannot rank under them") }) throws -> UncertaintyResult? {
        guard var settings = result.method.uncertainty else {
            if let n = runs, n > 0 {
                throw TargetingError("--uncertainty \(n) needs an uncertainty { … } declaration saying which weights vary, and \(rulesPath) has none",
                                     at: SourceLocation(file: rulesPath),
                                     hint: "add e.g. uncertainty { runs = 1000, seed = 1, weights = { all = 0.5 } } to the rules (see Scripts/README.md)")
            }
            return nil
        }
        if let n = runs { settings.runs = n }
        guard settings.runs > 0 else { return nil }
        try UncertaintyAnalysis.checkSize(runs: settings.runs, units: result.units.filter { $0.rank != nil }.count, at: settings.location)
        progress.step("uncertainty: \(settings.runs) runs over \(settings.weights.count) varying weights"
                      + (settings.windows.isEmpty ? "" : " and \(settings.windows.count) varying window\(settings.windows.count == 1 ? "" : "s")"))
        if !settings.fixedWeights.isEmpty {
            progress.detail("weights not varied (under a minimum or maximum, or alone in their criterion, they do not act): \(settings.fixedWeights.joined(separator: ", "))")
        }
        let start = Date(), cpuStart = clock()
        var rankings: [[Int?]: RankingResult] = [:]
        let keys = UncertaintyAnalysis.windowKeys(settings.windows)
        if !keys.isEmpty {
            progress.detail("windows drawn from: " + settings.windows.map { "\($0.fact) \($0.spreadText)" }.joined(separator: "; ")
                            + " (\(keys.count) window alternatives)")
        }
        for key in keys {
            // Alternatives that are the declared windows rank as the run did.
            if zip(settings.windows, key).allSatisfy({ w, j in j.map { w.isDeclared($0) } ?? true }) { rankings[key] = result; continue }
            let windows = zip(settings.windows, key).flatMap { w, j in j.map { w.windows($0) } ?? [] }
            do { rankings[key] = try rankUnder(windows) } catch var e as TargetingError {
                let label = zip(settings.windows, key).compactMap { w, j in j.map { "\(w.fact) over \(w.days[$0]) days" } }
                e.message = "uncertainty: with \(label.joined(separator: ", ")): " + e.message
                throw e
            }
        }
        let analysis = try UncertaintyAnalysis.analyse(result, settings: settings, windowRankings: rankings)
        progress.detail(String(format: "uncertainty analysis took %.2f s (%.2f s of CPU)", Date().timeIntervalSince(start),
                               Double(clock() - cpuStart) / Double(CLOCKS_PER_SEC)))
        return analysis
    }

    /// `--uncertainty N` as the run manifest records it: only when the rules declare an analysis
    /// (otherwise `--uncertainty 0` changes nothing, and the outputs equal those without it).
    package static func option(_ runs: Int?, _ result: RankingResult) -> [(String, String)] {
        guard let runs, result.method.uncertainty != nil else { return [] }
        return [("uncertainty", String(runs))]
    }
}
