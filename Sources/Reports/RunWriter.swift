import Foundation
import Domain
import Outputs

/// Writes every output of a run into one folder, which must hold nothing else but hidden files
/// (the run manifest lists every visible file of it as an output). Each file is written
/// atomically (temporary file, then rename); `rank` writes into a staging folder and moves the
/// whole run into place at the end (see `OutputCommit`).
public enum RunWriter {
    public struct Written { public var files: [String]; public var pngRendered: Bool }

    public static func write(_ run: RunRecord, to folder: String, maps: Bool = true, progress: (String) -> Void = { _ in }) throws -> Written {
        var files: [String] = []
        func put(_ name: String, _ text: String) throws {
            let path = (folder as NSString).appendingPathComponent(name)
            try AtomicFile.write(text, to: path)
            files.append(path)
        }
        progress("writing the priority list, facts and indicators")
        try put("priority_list.csv", run.priorityListCSV())
        try put("facts.csv", run.factsCSV())
        try put("indicators.csv", run.indicatorsCSV())
        let factRows = (folder as NSString).appendingPathComponent("fact_rows.csv")
        try AtomicFile.write(run.factRowsCSVData(), to: factRows); files.append(factRows)
        try put("coherence.csv", run.coherenceCSV())
        if let sensitivity = run.sensitivityCSV() { try put(RunRecord.sensitivityFile, sensitivity) }
        if let thenAndNow = run.thenAndNowCSV() { try put(RunRecord.thenAndNowFile, thenAndNow) }
        if let fit = run.weightsFitCSV() { try put(RunRecord.weightsFitFile, fit) }
        if !run.project.levels.isEmpty { try put("parents.csv", try run.parentSummaryCSV()) }
        try put("explanations.md", run.explanationsMarkdown())
        try put("data_quality.txt", run.dataQualityText())
        try put("data_quality.json", try run.dataQualityJSON())
        try put("diagnostics.csv", run.diagnosticsCSV())
        try put("units.geojson", run.unitsGeoJSON())
        let shp = (folder as NSString).appendingPathComponent("units.shp")
        try run.writeUnitsShapefile(path: shp)
        files.append(shp)
        let gpkg = (folder as NSString).appendingPathComponent("units.gpkg")
        try run.writeUnitsGeoPackage(path: gpkg)
        files.append(gpkg)
        var png = false
        var mapFiles: [RunRecord.MapFile] = []
        if maps {
            progress("drawing maps")
            mapFiles = run.maps()
            for m in mapFiles {
                try put("\(m.name).svg", m.svg)
                let svgPath = (folder as NSString).appendingPathComponent("\(m.name).svg")
                png = try RunRecord.renderPNG(svgPath: svgPath, pngPath: String(svgPath.dropLast(4)) + ".png") || png
            }
        }
        progress("writing the report")
        try put("report.html", try run.htmlReport(maps: mapFiles))
        // Last, so that it can record every other file the run wrote, with its hash.
        progress("writing the run manifest")
        try put("run_manifest.json", try run.runManifestJSON(outputs: try RecordedOutput.list(in: folder)))
        return Written(files: files, pngRendered: png)
    }
}
