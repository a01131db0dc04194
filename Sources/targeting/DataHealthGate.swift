import ArgumentParser
import Foundation
import Reports

/// Between computing a run and writing it: prints the data health on the console (unless
/// --quiet) and stops with exit status 3, before anything is written, when the input crossed a
/// `[quality]` limit of the manifest, unless --accept-poor-data was given; then the run is
/// marked so that its outputs say so.
enum DataHealthGate {
    static let exitStatus: Int32 = 3

    /// `out` is nil for `check`, which writes nothing.
    static func check(_ run: RunRecord, acceptPoorData: Bool, quiet: Bool, out: String?, progress: Progress) throws -> RunRecord {
        let health = DataHealth(run)
        progress.done()
        if !quiet { printError(health.summary) }
        guard !health.breaches.isEmpty else { return run }
        guard acceptPoorData else {
            let state = out.map { FileManager.default.fileExists(atPath: $0) ? "the outputs in \($0)/ are as they were" : "nothing was written to \($0)/" }
                ?? "check writes nothing; rank stops here too"
            printError("error: " + health.stopMessage(outputs: state) + "\n")
            throw ExitCode(exitStatus)
        }
        var marked = run
        marked.poorDataAccepted = health.breaches.map(\.summary)
        if !quiet {
            printError("warning: --accept-poor-data: writing the outputs although the input crossed \(health.breaches.count) data-quality limit\(health.breaches.count == 1 ? "" : "s") (report.html, data_quality.txt and run_manifest.json say so):\n"
                       + marked.poorDataAccepted.map { "  \($0)\n" }.joined())
        }
        return marked
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
