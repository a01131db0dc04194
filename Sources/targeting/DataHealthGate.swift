import ArgumentParser
import Foundation
import Reports
import TargetingKit

/// Between computing a run and writing it: prints the data health on the console (unless
/// --quiet) and stops with exit status 3, before anything is written, when the input crossed a
/// `[quality]` limit of the manifest, unless --accept-poor-data was given; then the run is
/// marked so that its outputs say so.
enum DataHealthGate {
    static let exitStatus: Int32 = 3

    /// `out` is nil for `check`, which writes nothing; `marksOutputs` is false for `map`, whose
    /// maps do not carry the mark (only report.html, data_quality.txt and run_manifest.json do).
    /// `nothingWritten` replaces the default state line of a command that writes nothing.
    /// `date`: an earlier reference date of `rank --as-of d1,d2,…`, whose run must pass the same
    /// limits; everything said of it starts "at --as-of d:", and the breaches accepted are kept
    /// (so named) among those the outputs say they were written with.
    static func check(_ run: RunRecord, acceptPoorData: Bool, quiet: Bool, out: String?, marksOutputs: Bool = true,
                      nothingWritten: String? = nil, date: String? = nil, progress: Progress) throws -> RunRecord {
        let health = run.health
        let at = date.map { "at --as-of \($0): " } ?? ""
        progress.done()
        // The method warnings were printed in full as the rules were read, unless --quiet.
        if !quiet { printError(at + health.summary(saidAbove: progress.level == .quiet ? [] : Pipeline.saidWhenFound)) }
        guard !health.breaches.isEmpty else { return run }
        guard acceptPoorData else {
            let state = out.map { FileManager.default.fileExists(atPath: $0) ? "the outputs in \($0)/ are as they were" : "nothing was written to \($0)/" }
                ?? nothingWritten ?? "check writes nothing; rank stops here too"
            printError("error: " + at + health.stopMessage(outputs: state) + "\n")
            throw ExitCode(exitStatus)
        }
        var marked = run
        // Appended: the earlier dates of a then-and-now run put theirs first.
        marked.poorDataAccepted += health.breaches.map { at + $0.summary }
        if !quiet {
            let going = out == nil || nothingWritten != nil ? "going on" : marksOutputs ? "writing the outputs" : "drawing the maps"
            let said = out == nil || nothingWritten != nil ? "" : marksOutputs ? " (report.html, data_quality.txt and run_manifest.json say so)" : " (the maps do not say so)"
            printError("warning: \(at)--accept-poor-data: \(going) although the input crossed \(health.breaches.count) data-quality limit\(health.breaches.count == 1 ? "" : "s")\(said):\n"
                       + health.breaches.map { "  \($0.summary)\n" }.joined())
        }
        return marked
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
