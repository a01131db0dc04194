import Foundation
import Domain
import ShapefileIO
import VectorFormats

/// What `targeting inspect FILE…` reports, for a Swift program: one `InspectReport` per layer of
/// a file (records, fields, CRS, encoding, null, repaired and rejected shapes or rows, warnings,
/// sample values). Never throws: a file that cannot be read gives a report whose `error` says why.
public enum FileInspection {
    /// One report per layer: the one named, else every layer of a file that holds several
    /// (GeoPackage tables, shapefiles in a zip, workbook sheets), else the file's only one.
    /// `delimiter` and `decimal` apply to CSV files, as the manifest's keys of those names do.
    public static func reports(path: String, layer: String? = nil, delimiter: UInt8? = nil, decimal: DecimalMark? = nil) -> [InspectReport] {
        guard let format = InputFormat(extension: (path as NSString).pathExtension), format.hasLayers else {
            return [report(path: path, delimiter: delimiter, decimal: decimal)]
        }
        var names: [String?] = [layer]
        if layer == nil, let all = try? VectorInput.layerNames(path: path), all.count > 1 { names = all }
        return names.map { name in
            format == .workbook ? TableInspection.report(path: path, workbookSheet: .some(name)) : inspectLayer(path: path, layer: name)
        }
    }

    /// The report of a file with one layer (or the first layer of one with several).
    public static func report(path: String, delimiter: UInt8? = nil, decimal: DecimalMark? = nil) -> InspectReport {
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

    /// One line of JSON (keys sorted): `inspect --format json`.
    public static func compactJSON(_ r: InspectReport) -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? e.encode(r)).map { String(decoding: $0, as: UTF8.self) } ?? "{\"error\":\"internal: report not encodable\"}"
    }
}
