import Foundation
import Domain
import Outputs

/// Writes every output of a run into one folder. Each file is written atomically (temporary file,
/// then rename), so an interrupted run leaves the previous outputs as they were.
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
        try put("coherence.csv", run.coherenceCSV())
        if let sensitivity = run.sensitivityCSV() { try put(RunRecord.sensitivityFile, sensitivity) }
        if !run.project.levels.isEmpty { try put("parents.csv", try run.parentSummaryCSV()) }
        try put("explanations.md", run.explanationsMarkdown())
        try put("data_quality.txt", run.dataQualityText())
        try put("data_quality.json", try run.dataQualityJSON())
        try put("units.geojson", run.unitsGeoJSON())
        let shp = (folder as NSString).appendingPathComponent("units.shp")
        try run.writeUnitsShapefile(path: shp)
        files.append(shp)
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
        try put("run_manifest.json", try run.runManifestJSON())
        return Written(files: files, pngRendered: png)
    }
}
