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
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        // The maps (drawn, written and rendered to PNG by rsvg-convert, each on its own core)
        // start first, beside the tables: they read only the run, and at 100,000 units they take
        // seconds to draw and to render. The units' topology is built once, for them and for
        // the report's map (`MapTopologyShare`).
        let share = MapTopologyShare()
        let drawn = MapsDrawn()
        let mapsBoard = JobBoard(jobs: maps ? [("maps", {
            let mapFiles = run.maps(share: share)
            let board = JobBoard(jobs: mapFiles.map { m in
                ("\(m.name).svg", {
                    let svgPath = path("\(m.name).svg")
                    let digest = try write(m.svg, to: svgPath)
                    return try RunRecord.renderPNG(svgPath: svgPath, pngPath: String(svgPath.dropLast(4)) + ".png")
                        ? .svgAndPNG(svgSHA256: digest) : .written(sha256: digest)
                })
            }, folder: folder, filesDone: { _ in })
            DispatchQueue.concurrentPerform(iterations: mapFiles.count) { k in board.run(k) }
            if let error = board.firstFailure() { throw error }
            drawn.set(names: mapFiles.map { "\($0.name).svg" }, hashes: board.hashes(), png: board.madePNG)
            return .files
        })] : [], folder: folder, filesDone: { _ in })
        let mapsDone = DispatchGroup()
        if maps {
            progress("drawing maps")
            DispatchQueue.global().async(group: mapsDone) { mapsBoard.run(0) }
        }
        progress("writing the priority list, facts and indicators")
        // The tables, listings and unit layers depend only on the run, not on each other: they
        // are made and written on every core at once (the GeoJSON and the rows behind the facts
        // alone took two seconds one after the other), then listed in this fixed order. Each
        // file written from memory is hashed as it is written, for the run manifest.
        // `fact_rows.csv`, the largest (843 MB at 100,000 units × 5 M events), is spelled in
        // parts on every core and written in order (`OrderedFile`).
        let layerRows = UnitLayerRows()
        let coherence = CoherenceShare()
        let factRowsPlan = run.factRowsPlan()
        let factRowsParts = run.factRowsParts(factRowsPlan)
        let factRowsFile = try OrderedFile(path: path("fact_rows.csv"), partCount: factRowsParts.count)
        var jobs: [(name: String, make: () throws -> Made)] = [
            ("priority_list.csv", { .text(run.priorityListCSV()) }),
            ("facts.csv", { .text(run.factsCSV()) }),
            ("indicators.csv", { .written(sha256: try run.writeIndicatorsCSV(to: path("indicators.csv"))) }),
        ]
        for (k, units) in factRowsParts.enumerated() {
            jobs.append(("fact_rows.csv", {
                try factRowsFile.deliver(k, run.factRowsCSVPart(factRowsPlan, units: units)).map { .written(sha256: $0) } ?? .part
            }))
        }
        jobs.append(("coherence.csv", { .text(run.coherenceCSV(rows: coherence.rows(for: run))) }))
        if let sensitivity = run.sensitivityCSV() { jobs.append((RunRecord.sensitivityFile, { .text(sensitivity) })) }
        if let thenAndNow = run.thenAndNowCSV() { jobs.append((RunRecord.thenAndNowFile, { .text(thenAndNow) })) }
        if let fit = run.weightsFitCSV() { jobs.append((RunRecord.weightsFitFile, { .text(fit) })) }
        if !run.project.levels.isEmpty { jobs.append(("parents.csv", { .text(try run.parentSummaryCSV()) })) }
        jobs += [
            ("explanations.md", { .text(run.explanationsMarkdown()) }),
            ("data_quality.txt", { .text(run.dataQualityText()) }),
            ("data_quality.json", { .text(try run.dataQualityJSON()) }),
            ("diagnostics.csv", { .text(run.diagnosticsCSV()) }),
            ("units.geojson", { .written(sha256: try run.writeUnitsGeoJSON(to: path("units.geojson"), share: layerRows)) }),
            // Files made by shapelib and GDAL, hashed in the job, beside the other jobs, rather
            // than at the end for the run manifest.
            ("units.shp", { .hashed(try run.writeUnitsShapefile(path: path("units.shp"), share: layerRows)) }),
            ("units.gpkg", { .hashed(try run.writeUnitsGeoPackage(path: path("units.gpkg"), share: layerRows)) }),
        ]
        // The report, when it draws no map, is one more job of the board (listed last: it was
        // written after the tables, whose errors come first), rather than a tenth of a second
        // on one core after them. With the maps it is made after the tables, beside the maps, as
        // its map waits for their topology (`MapTopologyShare`) and would hold a core idle.
        let report: (name: String, make: () throws -> Made) = ("report.html", { .text(try run.htmlReport(drawsMap: maps, share: share, coherence: coherence)) })
        if !maps { jobs.append(report) }
        let names = jobs.map(\.name).reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }
        let board = JobBoard(jobs: jobs, folder: folder, filesDone: fileCounter?(names.count) ?? { _ in })
        board.runAll(startOrder: startOrder(jobs.map(\.name)))
        // The first failure in the fixed order, so that the message does not depend on timing.
        if let error = board.firstFailure() { mapsDone.wait(); throw error }
        var files = names.map(path)
        var hashes = board.hashes()

        // With the maps, the report, while they are drawn (its map from their topology).
        // (The step is said either way: it is where a signal stops a run that is writing.)
        progress("writing the report")
        let reportBoard = JobBoard(jobs: maps ? [report] : [], folder: folder, filesDone: { _ in })
        if maps { reportBoard.run(0) }
        mapsDone.wait()
        if let error = mapsBoard.firstFailure() ?? reportBoard.firstFailure() { throw error }
        hashes.merge(reportBoard.hashes()) { a, _ in a }
        hashes.merge(drawn.hashes) { a, _ in a }
        files += (drawn.names + (maps ? ["report.html"] : [])).map(path)
        // Last, so that it can record every other file the run wrote, with its hash.
        progress("writing the run manifest")
        let manifest = try run.runManifestJSON(outputs: try RecordedOutput.list(in: folder, known: hashes))
        _ = try write(manifest, to: path("run_manifest.json"))
        files.append(path("run_manifest.json"))
        return Written(files: files, pngRendered: drawn.png)
    }

    /// The jobs that take longest, in the order they start (measured at 6,000 and 100,000 units:
    /// the unit layers and `indicators.csv` take seconds at 100,000 units, `fact_rows.csv`'s parts
    /// a few hundredths each); the other jobs, small, start after the parts. Longest first, the
    /// last jobs to start are short, and no core idles long at the end waiting for the other.
    /// The GeoPackage first: at 6,000 units it takes 0.14–0.33 s (SQLite, and GDAL zeroing its
    /// memory file), and started fourth it was often the last job, hashed alone at the end.
    static let longestFirst = ["units.gpkg", "indicators.csv", "units.shp", "units.geojson", "report.html", "explanations.md",
                               "priority_list.csv", "parents.csv", "facts.csv", "fact_rows.csv"]

    /// Positions in `names` in the order their jobs start: `longestFirst`, then the others as listed.
    static func startOrder(_ names: [String]) -> [Int] {
        func rank(_ name: String) -> Int { longestFirst.firstIndex(of: name) ?? longestFirst.count }
        return names.indices.sorted { (rank(names[$0]), $0) < (rank(names[$1]), $1) }
    }

    /// What a writing job made: text for the board to write (and hash), or files it
    /// wrote itself, with or without their hash.
    enum Made {
        case text(String)
        case written(sha256: String)
        /// An SVG written with its hash, and the PNG rendered from it (read back to be hashed).
        case svgAndPNG(svgSHA256: String)
        /// Several files (the maps' SVG and PNG files): read back to be hashed.
        case files
        /// Files the job wrote and hashed, by name.
        case hashed([String: String])
        /// One part of a file written by several jobs, not its last (`OrderedFile`).
        case part
    }

    /// Writes `text` atomically and returns its SHA-256, both from the string's own UTF-8 bytes.
    static func write(_ text: String, to path: String) throws -> String {
        var text = text
        return try text.withUTF8 { try write(bytes: UnsafeRawBufferPointer($0), to: path) }
    }

    /// Hashed a block at a time as it goes to the disk writer (`HashedFile`): hashed after the
    /// write, a 33 MB GeoPackage waited for the disk and then hashed alone, with the other
    /// core idle for a few hundredths of a second.
    static func write(bytes: UnsafeRawBufferPointer, to path: String) throws -> String {
        try HashedFile.write(to: path) { try $0.append(contentsOf: bytes) }
    }
}

/// The map files drawn by the maps' job, in drawing order, with their hashes.
private final class MapsDrawn: @unchecked Sendable {
    private let lock = NSLock()
    private var drawnNames: [String] = [], drawnHashes: [String: String] = [:], rendered = false
    func set(names: [String], hashes: [String: String], png: Bool) {
        lock.lock(); drawnNames = names; drawnHashes = hashes; rendered = png; lock.unlock()
    }
    var names: [String] { lock.lock(); defer { lock.unlock() }; return drawnNames }
    var hashes: [String: String] { lock.lock(); defer { lock.unlock() }; return drawnHashes }
    var png: Bool { lock.lock(); defer { lock.unlock() }; return rendered }
}

/// The writing jobs of a run, run from several threads: each job only reads the run (a value)
/// and writes its own file; the board keeps each job's error and hash and counts the jobs finished.
private final class JobBoard: @unchecked Sendable {
    private let jobs: [(name: String, make: () throws -> RunWriter.Made)]
    private let folder: String
    private let filesDone: (Int) -> Void
    private let lock = NSLock()
    private var errors: [Error?]
    private var digests: [String?]
    /// Hashes of files a job wrote besides its own name's (a shapefile's companions).
    private var others: [String: String] = [:]
    private var png = false
    private var done = 0

    init(jobs: [(name: String, make: () throws -> RunWriter.Made)], folder: String, filesDone: @escaping (Int) -> Void) {
        self.jobs = jobs; self.folder = folder; self.filesDone = filesDone
        errors = Array(repeating: nil, count: jobs.count)
        digests = Array(repeating: nil, count: jobs.count)
    }

    /// Runs every job on every core, each thread taking the next job in `startOrder` as soon as
    /// it is free (rather than a fixed share of the jobs each).
    func runAll(startOrder: [Int]) {
        let next = JobCursor(startOrder)
        DispatchQueue.concurrentPerform(iterations: min(jobs.count, ProcessInfo.processInfo.activeProcessorCount)) { _ in
            while let k = next.take() { run(k) }
        }
    }

    func run(_ k: Int) {
        var failure: Error?
        var part = false
        var hashed: [String: String] = [:]
        var digest: String?
        var rendered = false
        do {
            let path = (folder as NSString).appendingPathComponent(jobs[k].name)
            switch try jobs[k].make() {
            case .text(let text): digest = try RunWriter.write(text, to: path)
            case .written(let sha256): digest = sha256
            case .svgAndPNG(let sha256): digest = sha256; rendered = true
            case .files: break
            case .hashed(let files): hashed = files
            case .part: part = true
            }
        } catch { failure = error }
        lock.lock()
        errors[k] = failure
        digests[k] = digest
        png = png || rendered
        others.merge(hashed) { a, _ in a }
        if !part { done += 1 }
        let count = done
        lock.unlock()
        filesDone(count)
    }

    func firstFailure() -> Error? { lock.lock(); defer { lock.unlock() }; return errors.lazy.compactMap { $0 }.first }

    /// The SHA-256 of each file written from memory, by file name.
    func hashes() -> [String: String] {
        lock.lock(); defer { lock.unlock() }
        var out = others
        for (job, digest) in zip(jobs, digests) { if let digest { out[job.name] = digest } }
        return out
    }

    var madePNG: Bool { lock.lock(); defer { lock.unlock() }; return png }
}

/// The next job to start, for the threads of `JobBoard.runAll`.
private final class JobCursor: @unchecked Sendable {
    private let lock = NSLock()
    private let order: [Int]
    private var position = 0
    init(_ order: [Int]) { self.order = order }
    func take() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard position < order.count else { return nil }
        position += 1
        return order[position - 1]
    }
}
