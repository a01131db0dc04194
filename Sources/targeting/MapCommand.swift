import ArgumentParser
import Foundation
import Outputs
import Reports

struct Map: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw the maps of a ranking (score, each criterion, classes) as SVG, and PNG when rsvg-convert is installed.",
        discussion: "Ranks the project as `rank` does and writes only the maps: map_score, map_classes and map_criterion_<name> for the first \(RunRecord.maxCriterionMaps) criteria (names folded to ASCII, at most 40 characters). `--label-top N` numbers the N highest-priority units.")

    @OptionGroup var common: ProjectOptions

    @Option(name: .long, help: "Folder for the maps.")
    var out: String = "out"

    @Option(name: .customLong("label-top"), help: "Number of top units labelled on the maps.")
    var labelTop: Int = 10

    func validate() throws {
        if labelTop < 0 { throw ValidationError("--label-top cannot be negative") }
    }

    func run() throws {
        let progress = Progress(quiet: common.quiet, verbose: common.verbose)
        let computed = try CommandErrors.report { try Pipeline.run(common.settings, progress: progress) }
        let run = try DataHealthGate.check(computed, acceptPoorData: common.acceptPoorData, quiet: common.quiet, out: out, progress: progress)
        progress.step("drawing maps")
        var written: [String] = []
        try CommandErrors.report {
            for m in run.maps(labelTop: labelTop) {
                let svg = (out as NSString).appendingPathComponent("\(m.name).svg")
                try AtomicFile.write(m.svg, to: svg)
                written.append(svg)
                let png = String(svg.dropLast(4)) + ".png"
                if try RunRecord.renderPNG(svgPath: svg, pngPath: png) { written.append(png) }
            }
        }
        progress.done()
        if !common.quiet, let note = run.mapsNotDrawnNote(listing: 5) {
            FileHandle.standardError.write(Data("warning: \(note)\n".utf8))
        }
        if !common.quiet { written.forEach { print($0) } }
    }
}
