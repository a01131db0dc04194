import ArgumentParser
import Foundation
import Domain
import TargetingKit

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
            for report in FileInspection.reports(path: path, layer: layer, delimiter: delimiter.flatMap(DelimiterSpelling.byte),
                                                 decimal: decimal.flatMap(DecimalMark.init(rawValue:))) {
                failed = failed || report.error != nil
                switch format {
                case .json: print(FileInspection.compactJSON(report))
                case .text: print(report.text)
                }
            }
        }
        if let project {
            failed = !inspectProject(InstalledFiles.resolve(project)) || failed
        }
        if failed { throw ExitCode(1) }
    }

    /// Loads the whole project as `rank` would; prints what each file gave and every warning.
    func inspectProject(_ path: String) -> Bool {
        do {
            let inspection = try ProjectInspection(manifest: path)
            switch format {
            case .json: print(inspection.json)
            case .text: print(inspection.text, terminator: "")
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
