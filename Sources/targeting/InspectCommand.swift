import ArgumentParser
import Foundation
import Domain
import Joins
import Project
import ShapefileIO
import Tables
import TargetingKit
import VectorFormats

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what was read from each file: geometry type, records, fields, CRS, encoding, null and repaired shapes, rejected rows.",
        discussion: """
        For GIS officers, before ranking: `targeting inspect Shapefiles/kasai/*.shp Shapefiles/kasai/*.csv`, \
        or `targeting inspect --project Shapefiles/kasai/targeting.toml` to check a whole manifest (every \
        file it names, every field it references, every name-only row of a table). \
        The exit status is non-zero when any file could not be read.
        """)

    @Argument(help: "Files to inspect: shapefiles (.shp), GeoPackages (.gpkg), GeoJSON (.geojson, .json), zipped shapefiles (.zip), tables (.csv), Excel workbooks (.xlsx) and .dbf files without a .shp.")
    var paths: [String] = []

    @Option(name: .long, help: "The layer (GeoPackage table, shapefile in a zip, workbook sheet) to inspect; default: every layer of the file.")
    var layer: String?

    @Option(name: .long, help: "Check every file and field a project manifest names.")
    var project: String?

    @Option(name: .long, help: "text (for people) or json (one JSON object per line and file).")
    var format: OutputFormat = .text

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    // What a manifest's [layers.NAME] states with `delimiter` and `decimal`, for the .csv files
    // inspected on their own (the hints of those reports name these options).
    @Option(name: .long, help: "The column separator of the .csv files given: \",\" (the default), \";\", \"|\" or \"\\t\" (tab).")
    var delimiter: String?

    @Option(name: .long, help: "The decimal mark of the .csv files given: \".\" or \",\" (default: decided from the cells).")
    var decimal: String?

    func validate() throws {
        if paths.isEmpty && project == nil {
            throw ValidationError("give one or more files (.shp, .gpkg, .geojson, .zip, .csv, .xlsx), or --project FILE")
        }
        if let d = delimiter, DelimiterSpelling.byte(d) == nil {
            throw ValidationError("--delimiter '\(d)' is not a CSV separator: use \",\", \";\", \"|\" or \"\\t\" (tab)")
        }
        if let d = decimal, DecimalMark(rawValue: d) == nil {
            throw ValidationError("--decimal '\(d)' is not a decimal mark: use \".\" (12.5) or \",\" (12,5)")
        }
        if project != nil, paths.isEmpty, delimiter != nil || decimal != nil {
            throw ValidationError("--delimiter and --decimal apply to the .csv files given on the command line; with --project, set delimiter and decimal in the layer's [layers.NAME] of the manifest")
        }
    }

    func run() throws {
        var failed = false
        for path in paths.map({ InstalledFiles.resolve($0) }) {
            for report in Inspect.reports(path: path, layer: layer, delimiter: delimiter.flatMap(DelimiterSpelling.byte),
                                          decimal: decimal.flatMap(DecimalMark.init(rawValue:))) {
                failed = failed || report.error != nil
                switch format {
                case .json: print(Inspect.compactJSON(report))
                case .text: print(report.text)
                }
            }
        }
        if let project {
            failed = !inspectProject(InstalledFiles.resolve(project)) || failed
        }
        if failed { throw ExitCode(1) }
    }

    /// One report per layer: the one named, else every layer of a file that holds several
    /// (GeoPackage tables, shapefiles in a zip, workbook sheets), else the file's only one.
    static func reports(path: String, layer: String?, delimiter: UInt8? = nil, decimal: DecimalMark? = nil) -> [InspectReport] {
        guard let format = InputFormat(extension: (path as NSString).pathExtension), format.hasLayers else {
            return [inspect(path: path, delimiter: delimiter, decimal: decimal)]
        }
        var names: [String?] = [layer]
        if layer == nil, let all = try? VectorInput.layerNames(path: path), all.count > 1 { names = all }
        return names.map { name in
            format == .workbook ? TableInspection.report(path: path, workbookSheet: .some(name)) : inspectLayer(path: path, layer: name)
        }
    }

    static func inspect(path: String, delimiter: UInt8? = nil, decimal: DecimalMark? = nil) -> InspectReport {
        let lower = path.lowercased()
        // A .dbf without a .shp beside it is a table of its own (attributes exported alone).
        if lower.hasSuffix(".dbf"), !FileManager.default.fileExists(atPath: String(path.dropLast(4)) + ".shp"),
           !FileManager.default.fileExists(atPath: String(path.dropLast(4)) + ".SHP") {
            return inspectDBFTable(path: path)
        }
        if lower.hasSuffix(".shp") || lower.hasSuffix(".dbf") || lower.hasSuffix(".shx") {
            return inspectShapefile(path: lower.hasSuffix(".shp") ? path : String(path.dropLast(4)) + ".shp")
        }
        if lower.hasSuffix(".csv") || lower.hasSuffix(".txt") || lower.hasSuffix(".tsv") {
            return TableInspection.report(path: path, delimiter: delimiter, decimal: decimal)
        }
        switch InputFormat(extension: (path as NSString).pathExtension) {
        case .geoPackage?, .geoJSON?, .zippedShapefile?: return inspectLayer(path: path)
        case .workbook?: return TableInspection.report(path: path, workbookSheet: .some(nil))
        default: break
        }
        var r = InspectReport(path: path)
        r.error = "\(path): not a format targeting reads\n  hint: \(InputFormat.unsupportedHint(geometry: nil))"
        // A folder or a missing path is named as such (with the files a folder holds).
        do { try InputFile.checkRegular(path: path, role: "input file") } catch let e as TargetingError { r.error = e.description } catch {}
        return r
    }

    static func compactJSON(_ r: InspectReport) -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? e.encode(r)).map { String(decoding: $0, as: UTF8.self) } ?? "{\"error\":\"internal: report not encodable\"}"
    }

    /// Loads the whole project as `rank` would; prints what each file gave and every warning.
    func inspectProject(_ path: String) -> Bool {
        do {
            let p = try ProjectLoader.load(manifestPath: path)
            // Place every layer on the units, as a run would: points outside every unit and table
            // rows joined by name (or not at all) are part of what a GIS officer must see.
            let engine = try FactEngine(units: p.units, layers: p.layers)
            var placements: [(String, LayerPlacement)] = []
            for layer in p.layers {
                placements.append((layer.name, try engine.placement(ofLayer: layer.name)))
            }
            switch format {
            case .json:
                struct Placed: Encodable { var layer: String; var placed: Int; var outside: Int; var problems: [String]; var join: JoinReport? }
                struct Summary: Encodable { var project: String; var units: Int; var files: [LoadedFile]; var warnings: [String]; var placements: [Placed]; var boundaries: BoundaryReport }
                let s = Summary(project: path, units: p.units.count, files: p.files, warnings: p.diagnostics.map(\.description),
                                placements: placements.map { Placed(layer: $0.0, placed: $0.1.placedCount, outside: $0.1.outsideCount,
                                                                    problems: $0.1.diagnostics.map(\.description), join: $0.1.joinReport) },
                                boundaries: p.boundaries)
                let e = JSONEncoder(); e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: (try? e.encode(s)) ?? Data(), as: UTF8.self))
            case .text:
                print("Project \(path): \(p.manifest.name), \(p.units.count) units, \(p.levels.count) parent levels, \(p.layers.count) layers")
                for f in p.files {
                    print("  \(f.entry): \(f.path) — \(f.records) records, \(f.kept) kept, \(f.rejected) rejected\(f.encoding.map { ", \($0)" } ?? "")\(f.crs.map { ", \($0)" } ?? "")")
                }
                var byCode: [DiagnosticCode: Int] = [:]
                for d in p.diagnostics { byCode[d.code, default: 0] += 1 }
                print(p.diagnostics.isEmpty ? "  no warnings" : "  warnings: " + byCode.keys.sorted().map { "\($0) \(byCode[$0]!)" }.joined(separator: ", "))
                for d in p.diagnostics { print("    \(d)") }
                print("  boundaries (overlaps, gaps, units outside their parent; README, GIS officers):")
                for line in p.boundaries.lines() { print("    " + line) }
                for (name, placement) in placements {
                    if let report = placement.joinReport {
                        print("  layer \(name): table joined to units")
                        print(report.text.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
                    } else {
                        let what = placement.zoneShares != nil ? "zone rows apportioned to units" : "features placed in units"
                        print("  layer \(name): \(placement.placedCount) \(what), \(placement.outsideCount) outside every unit")
                        for d in placement.diagnostics.prefix(20) { print("    \(d)") }
                        if placement.diagnostics.count > 20 { print("    … \(placement.diagnostics.count - 20) more") }
                    }
                }
            }
            return true
        } catch let e as TargetingError {
            FileHandle.standardError.write(Data(("error: " + e.description + "\n").utf8))
            return false
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return false
        }
    }
}
