import ArgumentParser
import Foundation
import Outputs
import Reports
import TargetingKit

struct Map: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw the maps of a ranking (score, each criterion, classes) as SVG, and PNG when rsvg-convert is installed.",
        discussion: "Ranks the project as `rank` does and writes only the maps: map_score, map_classes and map_criterion_<name> for the first \(RunRecord.maxCriterionMaps) criteria (names folded to ASCII, at most 40 characters). `--label-top N` numbers the N highest-priority units.")

    @OptionGroup var common: ProjectOptions

    @Option(name: .long, help: "Folder for the maps.")
    var out: String = "out"

    @Option(name: .customLong("label-top"), parsing: .unconditional, help: "Number of top units labelled on the maps.")
    var labelTop: Int = 10

    func validate() throws {
        if labelTop < 0 { throw ValidationError("--label-top cannot be negative") }
        try common.requireOneDate("map")
        try OutFolder.validate(out)
    }

    func run() throws {
        let progress = Progress(quiet: common.quiet, verbose: common.verbose)
        // Written as `rank` writes: folder locked, staged, moved into place all or nothing, never
        // over an input. Only the maps are replaced: the other files of the folder stay.
        let output = StagedOutput(folder: out)
        output.handleSignals()
        TestStopHook.install(on: progress, output: output)
        try CommandErrors.report { try output.lockIfPresent() }
        defer { output.releaseFolder() }
        let computed = try CommandErrors.report { try Pipeline.run(common.settings, progress: progress) }
        let run = try DataHealthGate.check(computed.record, acceptPoorData: common.acceptPoorData, quiet: common.quiet, out: out, marksOutputs: false, progress: progress)
        let written: [String] = try CommandErrors.report {
            try output.write(inputs: OutFolder.inputs(of: run), replacesPreviousRun: false, progress: { progress.step($0) }) { stage, step in
                var names: [String] = []
                for m in run.maps(labelTop: labelTop) {
                    step("drawing \(m.name)")
                    let svg = (stage as NSString).appendingPathComponent("\(m.name).svg")
                    try AtomicFile.write(m.svg, to: svg)
                    names.append("\(m.name).svg")
                    if try RunRecord.renderPNG(svgPath: svg, pngPath: String(svg.dropLast(4)) + ".png") { names.append("\(m.name).png") }
                }
                return names.map { (out as NSString).appendingPathComponent($0) }
            }
        }
        progress.done()
        if !common.quiet, let note = run.mapsNotDrawnNote(listing: 5) {
            FileHandle.standardError.write(Data("warning: \(note)\n".utf8))
        }
        if !common.quiet { written.forEach { print($0) } }
    }
}
