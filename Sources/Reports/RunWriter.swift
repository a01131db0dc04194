import Foundation
import Domain
import Outputs

/// Writes every output of a run into one folder, which must hold nothing else but hidden files
/// (the run manifest lists every visible file of it as an output). Each file is written
/// atomically (temporary file, then rename); `rank` writes into a staging folder and moves the
/// whole run into place at the end (see `OutputCommit`).
public enum RunWriter {
    public struct Written { public var files: [String]; public var pngRendered: Bool }

    /// `fileCounter`, when given, makes a live count of the files written (given their number).
    public static func write(_ run: RunRecord, to folder: String, maps: Bool = true,
                             fileCounter: ((_ total: Int) -> (Int) -> Void)? = nil,
                             progress: (String) -> Void = { _ in }) throws -> Written {
        var files: [String] = []
        func put(_ name: String, _ text: String) throws {
            let path = (folder as NSString).appendingPathComponent(name)
            try AtomicFile.write(text, to: path)
            files.append(path)
        }
        progress("writing the priority list, facts and indicators")
        // The tables, listings and unit layers depend only on the run, not on each other: they
        // are made and written on every core at once (the GeoJSON and the rows behind the facts
        // alone took two seconds one after the other), then listed in this fixed order.
        var jobs: [(name: String, make: () throws -> Data?)] = [
            ("priority_list.csv", { Data(run.priorityListCSV().utf8) }),
            ("facts.csv", { Data(run.factsCSV().utf8) }),
            ("indicators.csv", { Data(run.indicatorsCSV().utf8) }),
            ("fact_rows.csv", { run.factRowsCSVData() }),
            ("coherence.csv", { Data(run.coherenceCSV().utf8) }),
        ]
        if let sensitivity = run.sensitivityCSV() { jobs.append((RunRecord.sensitivityFile, { Data(sensitivity.utf8) })) }
        if let thenAndNow = run.thenAndNowCSV() { jobs.append((RunRecord.thenAndNowFile, { Data(thenAndNow.utf8) })) }
        if let fit = run.weightsFitCSV() { jobs.append((RunRecord.weightsFitFile, { Data(fit.utf8) })) }
        if !run.project.levels.isEmpty { jobs.append(("parents.csv", { Data(try run.parentSummaryCSV().utf8) })) }
        jobs += [
            ("explanations.md", { Data(run.explanationsMarkdown().utf8) }),
            ("data_quality.txt", { Data(run.dataQualityText().utf8) }),
            ("data_quality.json", { Data(try run.dataQualityJSON().utf8) }),
            ("diagnostics.csv", { Data(run.diagnosticsCSV().utf8) }),
            ("units.geojson", { Data(run.unitsGeoJSONBytes()) }),
            // nil: the job wrote its file itself (a shapefile is several files).
            ("units.shp", { try run.writeUnitsShapefile(path: (folder as NSString).appendingPathComponent("units.shp")); return nil }),
            ("units.gpkg", { try run.writeUnitsGeoPackage(path: (folder as NSString).appendingPathComponent("units.gpkg")); return nil }),
        ]
        let board = JobBoard(jobs: jobs, folder: folder, filesDone: fileCounter?(jobs.count) ?? { _ in })
        DispatchQueue.concurrentPerform(iterations: jobs.count) { k in board.run(k) }
        // The first failure in the fixed order, so that the message does not depend on timing.
        if let error = board.firstFailure() { throw error }
        files += jobs.map { (folder as NSString).appendingPathComponent($0.name) }
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

/// The writing jobs of a run, run from several threads: each job only reads the run (a value)
/// and writes its own file; the board keeps each job's error and counts the jobs finished.
private final class JobBoard: @unchecked Sendable {
    private let jobs: [(name: String, make: () throws -> Data?)]
    private let folder: String
    private let filesDone: (Int) -> Void
    private let lock = NSLock()
    private var errors: [Error?]
    private var done = 0

    init(jobs: [(name: String, make: () throws -> Data?)], folder: String, filesDone: @escaping (Int) -> Void) {
        self.jobs = jobs; self.folder = folder; self.filesDone = filesDone
        errors = Array(repeating: nil, count: jobs.count)
    }

    func run(_ k: Int) {
        var failure: Error?
        do {
            if let data = try jobs[k].make() { try AtomicFile.write(data, to: (folder as NSString).appendingPathComponent(jobs[k].name)) }
        } catch { failure = error }
        lock.lock()
        errors[k] = failure
        done += 1
        let count = done
        lock.unlock()
        filesDone(count)
    }

    func firstFailure() -> Error? { lock.lock(); defer { lock.unlock() }; return errors.lazy.compactMap { $0 }.first }
}
