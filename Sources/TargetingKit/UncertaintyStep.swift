import Foundation
import Domain
import Ranking

/// The pipeline's uncertainty step: the rules' `uncertainty { … }` with the run count of
/// `--uncertainty N` when given (0 switches it off).
package enum UncertaintyStep {
    package static func run(_ result: RankingResult, runs: Int?, rulesPath: String, progress: Progress) throws -> UncertaintyResult? {
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
        progress.step("uncertainty: \(settings.runs) runs over \(settings.weights.count) varying weights")
        if !settings.fixedWeights.isEmpty {
            progress.detail("weights not varied (under a minimum or maximum, they do not act): \(settings.fixedWeights.joined(separator: ", "))")
        }
        let start = Date(), cpuStart = clock()
        let analysis = try UncertaintyAnalysis.analyse(result, settings: settings)
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
